/**
 * The area boundaries the maps are drawn with: one GeoJSON FeatureCollection (RFC 7946) per unit — the city, usually —
 * whose Polygon / MultiPolygon features each outline one area unit, named by `properties.code` = units.code. The map
 * (dashboard.ts) answers numbers per area unit; the browser joins them to the outlines by code. An office provides
 * its own file (its real, simplified boundaries); the demo ships a drawn one for 江城市 (src/seed/geo/).
 *
 * Reading: staff of the metric roles and administrators; the file of the nearest unit at or above the actor's scope.
 * Someone whose scope lies below that unit (a district) gets only the features of units inside the scope. Storing:
 * administrators, for their scope unit (or a unit inside it), after validation. Outlines, codes and names only — no
 * personal data ever.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../audit/audit.js';
import { AppError, type FieldIssue } from '../core/errors.js';
import { inputRule, rulesFailed } from '../core/input-rules.js';
import { parseInput } from '../core/validate.js';
import type { DB } from '../db/types.js';
import { requireRole, type StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { METRIC_ROLES, refId } from './report.js';

/** The largest file stored (serialised): simplify real boundaries (e.g. mapshaper) to stay below it. */
export const GEO_MAX_BYTES = 1_572_864;
export const GEO_MAX_FEATURES = 5000;
/** the unit types a feature may outline; the dashboards' map uses district and street */
export const GEO_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;
export type GeoLevel = (typeof GEO_LEVELS)[number];

export interface GeoFeature {
  type: 'Feature';
  properties: { code: string; name: string; level?: GeoLevel; [k: string]: unknown };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}
export interface GeoCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
  [k: string]: unknown;
}

const MAX_ISSUES = 20;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A linear ring: ≥ 4 positions [lng, lat(, alt)], closed (first = last). Returns the first problem, or null. */
function ringProblem(ring: unknown): string | null {
  if (!Array.isArray(ring) || ring.length < 4) return 'a ring is an array of at least 4 positions';
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((x) => typeof x === 'number' && Number.isFinite(x)))
      return 'a position is [longitude, latitude] in numbers';
    if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) return 'longitude must be within ±180 and latitude within ±90 (WGS-84, [lng, lat])';
  }
  const [a, b] = [ring[0] as number[], ring[ring.length - 1] as number[]];
  if (a[0] !== b[0] || a[1] !== b[1]) return 'a ring must be closed: its last position equals its first';
  return null;
}

function polygonProblem(poly: unknown): string | null {
  if (!Array.isArray(poly) || poly.length === 0) return 'a polygon is an array of rings (the outline, then any holes)';
  for (const ring of poly) {
    const p = ringProblem(ring);
    if (p) return p;
  }
  return null;
}

/**
 * Checks a FeatureCollection of Polygon / MultiPolygon features, each with a unique non-empty properties.code, and
 * fills a missing name and level from the unit of that code. Issues name the field (features[3].properties.code).
 */
export function validateBoundaries(input: unknown, units: ReadonlyMap<string, { name: string; type: string }>): { collection: GeoCollection; issues: FieldIssue[]; unknownCodes: string[] } {
  const issues: FieldIssue[] = [];
  const issue = (field: string, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ field, message });
  };
  const empty = { type: 'FeatureCollection' as const, features: [] };
  if (!isObject(input)) return { collection: empty, issues: [{ field: '(body)', message: 'a GeoJSON FeatureCollection object' }], unknownCodes: [] };
  if (input.type !== 'FeatureCollection') issue('type', 'must be "FeatureCollection"');
  const list = input.features;
  if (!Array.isArray(list) || list.length === 0) {
    issue('features', 'a non-empty array of features');
    return { collection: empty, issues, unknownCodes: [] };
  }
  if (list.length > GEO_MAX_FEATURES) issue('features', `at most ${GEO_MAX_FEATURES} features`);
  const seen = new Map<string, number>();
  const unknownCodes: string[] = [];
  const features: GeoFeature[] = [];
  list.slice(0, GEO_MAX_FEATURES).forEach((f, i) => {
    const at = `features[${i}]`;
    if (!isObject(f) || f.type !== 'Feature') return issue(`${at}.type`, 'must be "Feature"');
    const g = f.geometry;
    if (!isObject(g) || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) issue(`${at}.geometry.type`, 'must be "Polygon" or "MultiPolygon"');
    else {
      const problem =
        g.type === 'Polygon'
          ? polygonProblem(g.coordinates)
          : !Array.isArray(g.coordinates) || g.coordinates.length === 0
            ? 'a MultiPolygon is a non-empty array of polygons'
            : (g.coordinates.map(polygonProblem).find((p) => p !== null) ?? null);
      if (problem) issue(`${at}.geometry.coordinates`, problem);
    }
    const p = f.properties;
    if (!isObject(p)) return issue(`${at}.properties`, 'an object with code (the unit code of the area)');
    const code = p.code;
    if (typeof code !== 'string' || code.trim() === '' || code.length > 100) return issue(`${at}.properties.code`, 'the unit code of the area (units.code), a non-empty string');
    if (seen.has(code)) issue(`${at}.properties.code`, `"${code}" is used twice (also features[${seen.get(code)}])`);
    seen.set(code, i);
    if (p.name !== undefined && (typeof p.name !== 'string' || p.name.length > 200)) issue(`${at}.properties.name`, 'a string of at most 200 characters');
    if (p.level !== undefined && !GEO_LEVELS.includes(p.level as GeoLevel)) issue(`${at}.properties.level`, `one of ${GEO_LEVELS.join(', ')}`);
    const unit = units.get(code);
    if (!unit) unknownCodes.push(code);
    const level = (p.level as GeoLevel | undefined) ?? (GEO_LEVELS.includes(unit?.type as GeoLevel) ? (unit!.type as GeoLevel) : undefined);
    features.push({
      type: 'Feature',
      properties: { ...p, code, name: typeof p.name === 'string' && p.name ? p.name : (unit?.name ?? code), ...(level ? { level } : {}) },
      geometry: g as GeoFeature['geometry'],
    });
  });
  const { features: _f, type: _t, ...foreign } = input;
  return { collection: { ...foreign, type: 'FeatureCollection', features }, issues, unknownCodes };
}

async function unitsByCode(db: Kysely<DB>, codes: string[]) {
  if (codes.length === 0) return new Map<string, { name: string; type: string }>();
  const rows = await db.selectFrom('units').select(['code', 'name', 'type']).where('code', 'in', codes).execute();
  return new Map(rows.map((u) => [u.code, { name: u.name, type: u.type }]));
}

const codesIn = (input: unknown): string[] =>
  isObject(input) && Array.isArray(input.features)
    ? input.features.flatMap((f) => (isObject(f) && isObject(f.properties) && typeof f.properties.code === 'string' ? [f.properties.code] : [])).slice(0, GEO_MAX_FEATURES)
    : [];

export const BOUNDARIES = inputRule({
  field: 'features',
  message: 'invalid boundaries',
  doc: 'a GeoJSON FeatureCollection of Polygon/MultiPolygon features, each with properties.code naming a unit (docs/dashboards.md)',
});

/** Validates and stores (replaces) the boundaries of one unit. Used by the admin route and the demo seed. */
export async function storeBoundaries(db: Kysely<DB>, unitId: string, input: unknown, userId: string | null) {
  const units = await unitsByCode(db, [...new Set(codesIn(input))]);
  const { collection, issues, unknownCodes } = validateBoundaries(input, units);
  if (issues.length) throw rulesFailed(BOUNDARIES, issues);
  const data = JSON.stringify(collection);
  const bytes = Buffer.byteLength(data, 'utf8');
  if (bytes > GEO_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', { limit: GEO_MAX_BYTES }, { bytes, limit: GEO_MAX_BYTES });
  const row = { data, features: collection.features.length, bytes, updated_by: userId, updated_at: new Date() };
  await db
    .insertInto('geo_boundaries')
    .values({ unit_id: unitId, ...row })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(row))
    .execute();
  return { features: collection.features.length, bytes, unknownCodes };
}

export const putBoundariesQuery = z.object({
  unitId: refId.optional().describe('the unit the file covers (in your scope); default your scope unit, e.g. the city'),
});

async function scopeUnit(deps: Deps, actor: StaffActor, unitId: string | undefined) {
  const q = deps.db.selectFrom('units').select(['id', 'name', 'path']);
  const unit = await (unitId ? q.where('id', '=', unitId) : q.where('path', '=', actor.scopePath)).executeTakeFirst();
  if (!unit || !unit.path.startsWith(actor.scopePath)) throw new AppError('NOT_FOUND');
  return { id: String(unit.id), name: unit.name, path: unit.path };
}

export async function putBoundaries(deps: Deps, args: UseCaseArgs & { query: unknown; body: unknown }) {
  requireRole(args.actor, 'admin');
  const actor = args.actor as StaffActor;
  const { unitId } = parseInput(putBoundariesQuery, args.query ?? {}, args.lang);
  const unit = await scopeUnit(deps, actor, unitId);
  const r = await storeBoundaries(deps.db, unit.id, args.body, actor.userId);
  await writeAudit(deps.db, actor, args.meta, { action: 'geo_boundaries.set', entityType: 'geo_boundaries', entityId: unit.id, data: { features: r.features, bytes: r.bytes } });
  return { unit: { id: unit.id, name: unit.name }, ...r };
}

/**
 * The stored file that covers the actor: the one of the nearest unit at or above the actor's scope. Returned as the
 * stored text when the actor's scope is that unit or above it; otherwise only the features of units in the scope.
 * NOT_FOUND when there is none.
 */
export async function readBoundaries(deps: Deps, args: UseCaseArgs): Promise<string> {
  requireRole(args.actor, ...METRIC_ROLES, 'admin');
  const actor = args.actor as StaffActor;
  const ids = actor.scopePath.split('/').filter(Boolean);
  const row = await sql<{ data: string; path: string }>`
    SELECT g.data, u.path FROM geo_boundaries g JOIN units u ON u.id = g.unit_id
    WHERE g.unit_id IN (${sql.join(ids)}) ORDER BY u.depth DESC LIMIT 1`.execute(deps.db);
  const found = row.rows[0];
  if (!found) throw new AppError('NOT_FOUND');
  if (found.path.startsWith(actor.scopePath)) return found.data;
  const collection = JSON.parse(found.data) as GeoCollection;
  const codes = collection.features.map((f) => f.properties.code);
  const inScope = new Set(
    (await deps.db.selectFrom('units').select('code').where('code', 'in', codes.length ? codes : ['']).where('path', 'like', `${actor.scopePath}%`).execute()).map((u) => u.code),
  );
  return JSON.stringify({ ...collection, features: collection.features.filter((f) => inScope.has(f.properties.code)) });
}
