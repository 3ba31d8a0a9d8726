/**
 * 挂图作战: open hazards counted by area × grade (the board), and as points for a map (GeoJSON). A hazard's area is
 * where its responsible unit sits (the office, until it is assigned): the district or street above it in the unit
 * tree (units.path, by type). A unit under no street (a district department) counts as 区直, under no district (a
 * city department) as 市直 — so every open hazard is in exactly one row.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import type { StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { overdueRectify, openList } from './read.js';
import { HAZARD_SPEC } from './store.js';
import { HAZARD_GRADE_LABELS, HAZARD_GRADES, HAZARD_TYPES } from './tables.js';

export const boardQuery = z.object({
  by: z.enum(['district', 'street']).optional().describe('rows by district or by street; default street for a district or below, else district'),
});

export const mapQuery = z.object({
  grade: z.enum(HAZARD_GRADES).optional(),
  type: z.enum(HAZARD_TYPES).optional(),
});

interface UnitLite {
  id: string;
  name: string;
  name_en: string | null;
  type: string;
}

const idsOf = (path: string) => path.split('/').filter(Boolean);

async function unitsOnPaths(deps: Deps, paths: string[]): Promise<Map<string, UnitLite>> {
  const ids = [...new Set(paths.flatMap(idsOf))];
  if (ids.length === 0) return new Map();
  const rows = await deps.db.selectFrom('units').select(['id', 'name', 'name_en', 'type']).where('id', 'in', ids).execute();
  return new Map(rows.map((u) => [String(u.id), { ...u, id: String(u.id) }]));
}

interface Area {
  key: string;
  label: { zh: string; en: string };
  /** 0: a district or street itself; 1: 区直 / 市直 and the like */
  rank: number;
}

/** The area of a unit: its nearest ancestor-or-self of the wanted type, else of a wider one (区直, 市直), else its root. */
function areaOf(path: string, by: 'district' | 'street', units: Map<string, UnitLite>): Area {
  const chain = idsOf(path)
    .map((id) => units.get(id))
    .filter((u): u is UnitLite => u !== undefined)
    .reverse();
  const nearest = (type: string) => chain.find((u) => u.type === type);
  const exact = nearest(by);
  if (exact) return { key: exact.id, label: { zh: exact.name, en: exact.name_en ?? exact.name }, rank: 0 };
  const wider = by === 'street' ? [['district', '区直', 'district level'], ['city', '市直', 'city level']] : [['city', '市直', 'city level']];
  for (const [type, zh, en] of wider) {
    const u = nearest(type!);
    if (u) return { key: `${u.id}:direct`, label: { zh: `${u.name}（${zh}）`, en: `${u.name_en ?? u.name} (${en})` }, rank: 1 };
  }
  const root = chain[chain.length - 1];
  return root ? { key: `${root.id}:direct`, label: { zh: root.name, en: root.name_en ?? root.name }, rank: 1 } : { key: 'none', label: { zh: '未知', en: 'Unknown' }, rank: 2 };
}

/** Street rows for someone whose scope is a district or below it; district rows for a city or wider. */
async function defaultBy(deps: Deps, actor: StaffActor): Promise<'district' | 'street'> {
  const units = await unitsOnPaths(deps, [actor.scopePath]);
  return [...units.values()].some((u) => u.type === 'district' || u.type === 'street') ? 'street' : 'district';
}

export async function hazardBoard(deps: Deps, actor: StaffActor, query: unknown, lang: Lang) {
  const q = parseInput(boardQuery, query ?? {}, lang);
  const by = q.by ?? (await defaultBy(deps, actor));
  const counted = await sql<{ path: string; grade: string; n: string }>`
    SELECT u.path, t.grade, count(*)::text AS n
    FROM hazards t JOIN units u ON u.id = coalesce(t.unit_id, t.office_unit_id)
    WHERE t.status IN (${openList}) AND ${HAZARD_SPEC.scope(actor)}
    GROUP BY u.path, t.grade`.execute(deps.db);
  const units = await unitsOnPaths(deps, counted.rows.map((r) => r.path));
  const areas = new Map<string, Area>();
  const cells = new Map<string, { row: string; col: string; count: number }>();
  for (const r of counted.rows) {
    const a = areaOf(r.path, by, units);
    areas.set(a.key, a);
    const key = `${a.key}|${r.grade}`;
    const cell = cells.get(key) ?? { row: a.key, col: r.grade, count: 0 };
    cell.count += Number(r.n);
    cells.set(key, cell);
  }
  const rows = [...areas.values()].sort((a, b) => a.rank - b.rank || a.label.zh.localeCompare(b.label.zh, 'zh'));
  return {
    rowLabel: by === 'street' ? { zh: '街道（乡镇）', en: 'Street' } : { zh: '区（县）', en: 'District' },
    colLabel: { zh: '隐患等级', en: 'Grade' },
    by,
    rows: rows.map((a) => ({ key: a.key, label: a.label })),
    cols: HAZARD_GRADES.map((g) => ({ key: g, label: HAZARD_GRADE_LABELS[g] })),
    cells: [...cells.values()],
  };
}

/**
 * Open hazards with a map point as a GeoJSON FeatureCollection (RFC 7946: coordinates [lng, lat], WGS-84 as
 * recorded). Properties are the matter's grade, type and status, and whether its deadline has passed — no place
 * text, no names, no reporter: the map may be shown on a screen in a public hall.
 */
export async function hazardMap(deps: Deps, actor: StaffActor, query: unknown, lang: Lang) {
  const q = parseInput(mapQuery, query ?? {}, lang);
  const rows = await sql<{ id: string; grade: string; type: string; status: string; lat: number; lng: number; overdue: boolean }>`
    SELECT t.id, t.grade, t.type, t.status, t.lat, t.lng, ${overdueRectify} AS overdue
    FROM hazards t
    WHERE t.status IN (${openList}) AND t.lat IS NOT NULL AND ${HAZARD_SPEC.scope(actor)}
      ${q.grade ? sql`AND t.grade = ${q.grade}` : sql``} ${q.type ? sql`AND t.type = ${q.type}` : sql``}
    ORDER BY t.created_at, t.id
    LIMIT 10000`.execute(deps.db);
  return {
    type: 'FeatureCollection' as const,
    features: rows.rows.map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      geometry: { type: 'Point' as const, coordinates: [Number(r.lng), Number(r.lat)] },
      properties: { id: r.id, grade: r.grade, type: r.type, status: r.status, overdue: r.overdue },
    })),
  };
}
