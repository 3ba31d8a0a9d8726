/**
 * Unit paths for pickers: each unit's chain of names from the top of the user's list (江城市 › 东湖区 ›
 * 住房和城乡建设局), the text a search matches (names, codes, the areas above), and the area a case's place names.
 * Pure functions over the flat GET /api/units list (ordered by tree path).
 */
import type { Unit } from './refdata';

export interface UnitPath {
  unit: Unit;
  /** names from the top of the list down to the unit, each without its parent's name in front */
  segments: string[];
  /** ids of the unit's ancestors inside the list, top first */
  ancestors: string[];
  /** lower-cased: every full and short name on the path, the codes, the joined path */
  search: string;
}

export const PATH_SEP = ' › ';
const AREA_TYPES = new Set(['district', 'street', 'community', 'grid']);

/** '东湖区住房和城乡建设局' under '东湖区' reads '住房和城乡建设局'; a name that is only its parent's is kept. */
function shortName(name: string, parentShort: string | undefined, parentFull: string | undefined): string {
  for (const p of [parentFull, parentShort]) if (p && name.startsWith(p) && name.length > p.length) return name.slice(p.length);
  return name;
}

export function unitPaths(units: Unit[]): Map<string, UnitPath> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out = new Map<string, UnitPath>();
  const build = (u: Unit, seen: Set<string>): UnitPath => {
    const done = out.get(u.id);
    if (done) return done;
    const parent = u.parentId && !seen.has(u.parentId) ? byId.get(u.parentId) : undefined;
    const up = parent ? build(parent, new Set(seen).add(u.id)) : undefined;
    const segments = [...(up?.segments ?? []), shortName(u.name, up?.segments.at(-1), parent?.name)];
    const ancestors = up ? [...up.ancestors, up.unit.id] : [];
    const names = [...ancestors.map((id) => byId.get(id)!), u].flatMap((x) => [x.name, x.code]);
    const p: UnitPath = { unit: u, segments, ancestors, search: [...names, segments.join(PATH_SEP)].join('\n').toLowerCase() };
    out.set(u.id, p);
    return p;
  };
  for (const u of units) build(u, new Set());
  return out;
}

/** Every word typed (split by spaces) occurs in the unit's names, codes or path. */
export function matchesUnit(p: UnitPath, typed: string): boolean {
  const words = typed.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((w) => p.search.includes(w));
}

/**
 * The area a case's place names: the deepest district / street / community / grid whose name (full, or without
 * its parent's name) occurs in the location text, widened to the level just under the top of the user's list —
 * a district for a city office, a street for a district office — so that area's departments come with it.
 */
export function areaOfLocation(paths: Map<string, UnitPath>, location: string | null | undefined): Unit | undefined {
  const text = (location ?? '').trim();
  if (!text) return undefined;
  let best: UnitPath | undefined;
  for (const p of paths.values()) {
    if (!AREA_TYPES.has(p.unit.type) || p.ancestors.length === 0) continue;
    const names = [p.unit.name, p.segments.at(-1)!].filter((n) => n.length >= 2);
    if (!names.some((n) => text.includes(n))) continue;
    if (!best || p.ancestors.length > best.ancestors.length) best = p;
  }
  if (!best) return undefined;
  const areaId = best.ancestors.length >= 2 ? best.ancestors[1]! : best.unit.id;
  return paths.get(areaId)?.unit;
}

/** In an area: the unit itself or below it. */
export const inArea = (p: UnitPath, area: Unit) => p.unit.id === area.id || p.ancestors.includes(area.id);
