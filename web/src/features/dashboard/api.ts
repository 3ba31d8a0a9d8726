/** The dashboard API (docs/dashboards.md): overview, breakdown, rankings, map and the area boundaries. */
import { get } from '../../lib/api';

export type Text = { zh: string; en: string };

export interface MetricResult {
  key: string;
  label: Text;
  numerator: number;
  denominator: number;
  rate: number | null;
  parts?: Record<string, number>;
}

export interface RateSet {
  metrics: MetricResult[];
  composite: { label: Text; weights: Record<string, number>; score: number | null };
}

export interface PeriodRates extends RateSet {
  from: string;
  to: string;
  intake: number;
}

export interface Counts {
  intake?: { total?: number; [k: string]: unknown };
  backlog?: { total?: number; [k: string]: unknown };
  overdue?: { total?: number; [k: string]: unknown };
  [k: string]: unknown;
}

export interface Overview {
  unit: { id: string; name: string; type: string };
  category: { id: string; name: string } | null;
  from: string;
  to: string;
  asOf: string;
  current: PeriodRates;
  previous: PeriodRates;
  lastYear: PeriodRates;
  trend: Array<PeriodRates & { month: string }>;
  counts: Counts;
}

export interface UnitRow extends RateSet {
  unit: { id: string; name: string; type: string; hasChildren: boolean };
  own: boolean;
  intake: number;
}
export interface CategoryRow extends RateSet {
  category: { id: string; name: string; hasChildren: boolean };
  intake: number;
}
export type Breakdown = { by: 'unit'; unit: { id: string; name: string }; rows: UnitRow[] } | { by: 'category'; rows: CategoryRow[] };

export type Among = 'children' | 'district' | 'street' | 'department';
export interface Rankings {
  month: string;
  from: string;
  to: string;
  metric: string;
  metricLabel: Text;
  minCount: number;
  among: Among;
  ranked: Array<RateSet & { rank: number; unit: { id: string; name: string; type: string }; value: number; denominator: number; numerator: number | null }>;
  unranked: Array<{ unit: { id: string; name: string; type: string }; reason: 'below_min_count' | 'no_data'; denominator: number; value: number | null }>;
}

export type MapLevel = 'district' | 'street';
export interface MapArea {
  unit: { id: string; name: string; code: string };
  cases: number;
  overdue: number;
  hazards: number;
  majorHazards: number;
}
export interface MapData {
  level: MapLevel;
  areas: MapArea[];
  boundaries: string;
}

export interface GeoFeature {
  type: 'Feature';
  properties: { code: string; name: string; level?: string; [k: string]: unknown };
  geometry: unknown;
}
export interface GeoCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
}

export interface PeriodQuery {
  from: string;
  to: string;
  unitId?: string;
  categoryId?: string;
}

export const fetchOverview = (q: PeriodQuery) => get<Overview>('/api/dashboard/overview', { ...q });
export const fetchBreakdown = (q: PeriodQuery & { by: 'unit' | 'category' }) => get<Breakdown>('/api/dashboard/breakdown', { ...q });
export const fetchRankings = (q: { month: string; unitId?: string; among: Among; metric: string; minCount?: number }) => get<Rankings>('/api/dashboard/rankings', { ...q });
export const fetchMap = (q: PeriodQuery & { level: MapLevel }) => get<MapData>('/api/dashboard/map', { ...q });

let boundaries: Promise<GeoCollection> | null = null;
/** The office's GeoJSON, fetched once per page load (it changes only when an administrator replaces it). */
export function fetchBoundaries(path = '/api/geo/boundaries'): Promise<GeoCollection> {
  if (!boundaries) {
    boundaries = fetch(path, { credentials: 'same-origin', headers: { accept: 'application/geo+json, application/json' } }).then(async (r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return (await r.json()) as GeoCollection;
    });
    boundaries.catch(() => {
      boundaries = null;
    });
  }
  return boundaries;
}
