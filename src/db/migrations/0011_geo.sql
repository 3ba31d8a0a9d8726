-- The area boundaries an office draws its maps with (docs/dashboards.md): one GeoJSON FeatureCollection of Polygon /
-- MultiPolygon features per unit (the city, usually), each feature naming the area unit it outlines by units.code.
-- Kept as the validated text it was stored as, served as is (GET /api/geo/boundaries), replaced by an administrator
-- (PUT /api/admin/geo/boundaries). No personal data: outlines, unit codes and names only.
CREATE TABLE geo_boundaries (
  unit_id     bigint PRIMARY KEY REFERENCES units(id),
  data        text NOT NULL,
  features    int NOT NULL,
  bytes       int NOT NULL,
  updated_by  uuid REFERENCES users(id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
