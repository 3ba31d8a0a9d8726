/**
 * The dashboards (docs/dashboards.md): the overview of a unit subtree × period with 环比, 同比 and a 12-month trend;
 * the breakdown by child unit or child category; and the counts per area for the map. Every rate comes from
 * measureRates / measureRatesForUnits (report.ts, backed by the rollups), never from a query of its own; the counts
 * beside them (intake, overdue, hazards) are attributed to one unit column each, like the rates, so children add up
 * to their parent. Staff of METRIC_ROLES only, for units in their scope (404 outside); only numbers and the names of
 * units and categories are answered — never a case, a person or an identifier of either.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { addCalendarDays, daysBetween, isIsoDate, type IsoDate } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import { isoDateInput, periodRules, withRules } from '../core/input-rules.js';
import { parseInput } from '../core/validate.js';
import type { DB } from '../db/types.js';
import { requireRole, type StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { backlogCounts, intakeCounts, intakeForUnits, overdueCounts, perSubtree } from './counts.js';
import type { MetricKey } from './metrics.js';
import { categorySubtree, metricQuery, type MetricQuery, type MetricValue } from './query.js';
import { measureRates, measureRatesForPeriods, measureRatesForUnits, METRIC_ROLES, rateSet, refId, resolveCategory, resolveUnit, type RateSet } from './report.js';

const MAX_DAYS = 366;
type Unit = MetricQuery['unit'];
type Base = Omit<MetricQuery, 'unit'>;

// ------------------------------------------------------------------------------------------------ periods

/** 环比: the period of the same length that ends the day before `from`. */
export function previousPeriod(from: IsoDate, to: IsoDate): { from: IsoDate; to: IsoDate } {
  const days = daysBetween(from, to) + 1;
  return { from: addCalendarDays(from, -days), to: addCalendarDays(from, -1) };
}

/** The same calendar date one year earlier; 29 February becomes 28 February. */
export function yearEarlier(date: IsoDate): IsoDate {
  const y = Number(date.slice(0, 4)) - 1;
  const md = date.slice(4) === '-02-29' ? '-02-28' : date.slice(4);
  return `${String(y).padStart(4, '0')}${md}`;
}

/** 同比: the same dates one year earlier. */
export const lastYearPeriod = (from: IsoDate, to: IsoDate) => ({ from: yearEarlier(from), to: yearEarlier(to) });

/** The first and last day of a calendar month 'YYYY-MM'. */
export function monthDays(month: string): { from: IsoDate; to: IsoDate } {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const from = `${month}-01`;
  const next = m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}-01`;
  return { from, to: addCalendarDays(next, -1) };
}

/** The `n` calendar months ending with the month of `to`, oldest first; the last one cut at `to`. */
export function monthsEnding(to: IsoDate, n = 12): Array<{ month: string; from: IsoDate; to: IsoDate }> {
  let [y, m] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  const out: Array<{ month: string; from: IsoDate; to: IsoDate }> = [];
  for (let i = 0; i < n; i++) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    const days = monthDays(month);
    out.unshift({ month, from: days.from, to: i === 0 ? to : days.to });
    if (--m === 0) [y, m] = [y - 1, 12];
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ inputs

const periodFields = {
  from: isoDateInput('first day of the period, China Standard Time, inclusive (YYYY-MM-DD)'),
  to: isoDateInput(`last day of the period, inclusive (YYYY-MM-DD); at most ${MAX_DAYS} days after from`),
  unitId: refId.optional().describe('a unit in your scope: its subtree is measured; default the whole of your scope'),
};
const PERIOD = periodRules(MAX_DAYS);
const checkPeriod = <S extends z.ZodObject<typeof periodFields>>(s: S) => withRules(s, ...PERIOD);

export const overviewQuery = checkPeriod(
  z.object({ ...periodFields, categoryId: refId.optional().describe('a category: it and the categories under it; default all matters') }),
);

export const breakdownQuery = checkPeriod(
  z.object({
    ...periodFields,
    categoryId: refId.optional().describe('by=unit: only matters of this category subtree; by=category: the category whose children are the rows (default the top-level categories)'),
    by: z.enum(['unit', 'category']).optional().describe('unit (default): one row per child unit, plus the unit’s own row; category: one row per child category'),
  }),
);

export const mapQuery = checkPeriod(
  z.object({
    ...periodFields,
    level: z.enum(['district', 'street']).optional().describe('the areas: districts or streets inside the unit; default street for a district or below, else district'),
  }),
);

// ------------------------------------------------------------------------------------------------ counts

function inScope(base: Base, units: ReadonlyArray<Unit>) {
  for (const u of units) if (!u.path.startsWith(base.actor.scopePath)) throw new AppError('NOT_FOUND');
}

/**
 * Hazards (风险隐患) registered in the period (hazards.created_at), not dismissed, per area subtree. A hazard's area
 * is where its responsible unit sits — hazards.unit_id, or the registering office (office_unit_id) until it is
 * assigned — the attribution of the hazard board (src/hazards/board.ts), so the map and the board agree. A hazard
 * assigned to a city department lies in no district.
 */
export async function hazardsForUnits(db: Kysely<DB>, base: Base, units: ReadonlyArray<Unit>): Promise<Map<string, { hazards: number; major: number }>> {
  inScope(base, units);
  if (units.length === 0) return new Map();
  const r = await sql<{ path: string; n: number; major: number }>`
    SELECT u.path, count(*)::int AS n, count(*) FILTER (WHERE t.grade = 'major')::int AS major
    FROM hazards t JOIN units u ON u.id = COALESCE(t.unit_id, t.office_unit_id)
    WHERE t.created_at >= ${base.start} AND t.created_at < ${base.end} AND t.status <> 'dismissed'
      AND (${sql.join(units.map((x) => sql`u.path LIKE ${`${x.path}%`}`), sql` OR `)})
    GROUP BY u.path`.execute(db);
  const all = perSubtree(r.rows, units, (x) => x.n);
  const major = perSubtree(r.rows, units, (x) => x.major);
  return new Map(units.map((u) => [u.id, { hazards: all.get(u.id)!, major: major.get(u.id)! }]));
}

// ------------------------------------------------------------------------------------------------ helpers

function start(deps: Deps, args: UseCaseArgs): StaffActor {
  requireRole(args.actor, ...METRIC_ROLES);
  return args.actor as StaffActor;
}

async function unitType(deps: Deps, id: string): Promise<string> {
  const u = await deps.db.selectFrom('units').select('type').where('id', '=', id).executeTakeFirstOrThrow();
  return u.type;
}

const byName = (a: string, b: string) => a.localeCompare(b, 'zh');

/** The figures a unit has of its own: its subtree minus its children's subtrees (numerators and denominators add up). */
function ownRates(parent: RateSet, children: RateSet[], settings: Base['settings']): RateSet {
  const round = (x: number) => Math.round(x * 1e9) / 1e9;
  const values = new Map<MetricKey, MetricValue>();
  for (const m of parent.metrics) {
    const others = children.map((c) => c.metrics.find((x) => x.key === m.key)!);
    const v: MetricValue = {
      numerator: round(m.numerator - others.reduce((a, x) => a + x.numerator, 0)),
      denominator: round(m.denominator - others.reduce((a, x) => a + x.denominator, 0)),
    };
    if (m.parts) v.parts = Object.fromEntries(Object.entries(m.parts).map(([k, n]) => [k, round(n - others.reduce((a, x) => a + (x.parts?.[k] ?? 0), 0))]));
    values.set(m.key, v);
  }
  return rateSet(values, settings, parent.intake - children.reduce((a, c) => a + c.intake, 0));
}

const hasFigures = (r: RateSet) => r.intake !== 0 || r.metrics.some((m) => m.denominator !== 0 || m.numerator !== 0);

// ------------------------------------------------------------------------------------------------ use cases

/** GET /api/dashboard/overview: the period, 环比, 同比 and the 12 months ending with the month of `to`. */
export async function dashboardOverview(deps: Deps, args: UseCaseArgs & { query: unknown }) {
  const actor = start(deps, args);
  const input = parseInput(overviewQuery, args.query ?? {}, args.lang);
  const unit = await resolveUnit(deps, actor, input.unitId);
  const category = await resolveCategory(deps, input.categoryId);
  const settings = deps.config.metrics;
  const now = deps.now();
  const query = (from: IsoDate, to: IsoDate) => metricQuery({ actor, unit, from, to, now, category, settings });
  const q = query(input.from, input.to);
  const prev = previousPeriod(input.from, input.to);
  const last = lastYearPeriod(input.from, input.to);
  const months = monthsEnding(input.to);
  // the fifteen periods in one rollup read (measureRatesForPeriods): one wait for a connection, not fifteen
  const periods = [{ from: input.from, to: input.to }, prev, last, ...months];
  const rates = await measureRatesForPeriods(deps, periods.map((p) => query(p.from, p.to)));
  const [current, previous, lastYear, ...trendRates] = periods.map((p, i) => ({ from: p.from, to: p.to, ...rates[i]! }));
  const trend = months.map((m, i) => ({ month: m.month, ...trendRates[i]! }));
  const intake = await intakeCounts(deps.db, q);
  const { backlog, ageing } = await backlogCounts(deps.db, q);
  const overdue = await overdueCounts(deps.db, q);
  return {
    unit: { id: unit.id, name: unit.name, type: await unitType(deps, unit.id) },
    category: category ? { id: category.id, name: category.name } : null,
    from: input.from,
    to: input.to,
    asOf: q.asOf.toISOString(),
    current,
    previous,
    lastYear,
    trend,
    counts: { intake, backlog, overdue, ageing },
  };
}

/** GET /api/dashboard/breakdown: one row per child unit (plus the unit's own row), or per child category. */
export async function dashboardBreakdown(deps: Deps, args: UseCaseArgs & { query: unknown }) {
  const actor = start(deps, args);
  const input = parseInput(breakdownQuery, args.query ?? {}, args.lang);
  const unit = await resolveUnit(deps, actor, input.unitId);
  const settings = deps.config.metrics;
  const now = deps.now();
  const db = deps.db;

  if (input.by === 'category') {
    const parent = await resolveCategory(deps, input.categoryId);
    const children = await sql<{ id: string; name: string; has_children: boolean }>`
      SELECT c.id::text AS id, c.name, EXISTS (SELECT 1 FROM categories k WHERE k.parent_id = c.id AND k.active) AS has_children
      FROM categories c WHERE c.active AND ${parent ? sql`c.parent_id = ${parent.id}` : sql`c.parent_id IS NULL`}`.execute(db);
    const rows = [];
    for (const c of children.rows) {
      const category = (await categorySubtree(db, c.id))!;
      const q = metricQuery({ actor, unit, from: input.from, to: input.to, now, category, settings });
      rows.push({ category: { id: c.id, name: c.name, hasChildren: Boolean(c.has_children) }, ...(await measureRates(deps, q)) });
    }
    rows.sort((a, b) => b.intake - a.intake || byName(a.category.name, b.category.name));
    return { by: 'category' as const, unit: { id: unit.id, name: unit.name }, category: parent ? { id: parent.id, name: parent.name } : null, from: input.from, to: input.to, rows };
  }

  const category = await resolveCategory(deps, input.categoryId);
  const base = metricQuery({ actor, unit, from: input.from, to: input.to, now, category, settings });
  const children = await sql<{ id: string; name: string; type: string; path: string; active: boolean; has_children: boolean }>`
    SELECT u.id::text AS id, u.name, u.type, u.path, u.active,
      EXISTS (SELECT 1 FROM units k WHERE k.parent_id = u.id AND k.active) AS has_children
    FROM units u WHERE u.parent_id = ${unit.id}`.execute(db);
  const kids = children.rows.map((u) => ({ id: u.id, name: u.name, path: u.path }));
  const rates = await measureRatesForUnits(deps, base, [unit, ...kids]);
  const rows: Array<{ unit: { id: string; name: string; type: string; hasChildren: boolean }; own: boolean } & RateSet> = [];
  for (const u of children.rows) {
    const r = rates.get(u.id)!;
    // a unit no longer active still shows what it did in the period, so the rows add up to the parent
    if (u.active || hasFigures(r)) rows.push({ unit: { id: u.id, name: u.name, type: u.type, hasChildren: Boolean(u.has_children) }, own: false, ...r });
  }
  const own = ownRates(rates.get(unit.id)!, kids.map((k) => rates.get(k.id)!), settings);
  if (hasFigures(own)) rows.push({ unit: { id: unit.id, name: unit.name, type: await unitType(deps, unit.id), hasChildren: children.rows.length > 0 }, own: true, ...own });
  rows.sort((a, b) => b.intake - a.intake || byName(a.unit.name, b.unit.name) || Number(a.own) - Number(b.own));
  return { by: 'unit' as const, unit: { id: unit.id, name: unit.name }, category: category ? { id: category.id, name: category.name } : null, from: input.from, to: input.to, rows };
}

/** Street areas for a district or below, district areas for anything wider. */
async function defaultLevel(deps: Deps, unit: Unit): Promise<'district' | 'street'> {
  const ids = unit.path.split('/').filter(Boolean);
  const r = await deps.db.selectFrom('units').select('type').where('id', 'in', ids).where('type', 'in', ['district', 'street']).executeTakeFirst();
  return r ? 'street' : 'district';
}

/** GET /api/dashboard/map: intake, overdue clocks at the period end and hazards per district or street. */
export async function dashboardMap(deps: Deps, args: UseCaseArgs & { query: unknown }) {
  const actor = start(deps, args);
  const input = parseInput(mapQuery, args.query ?? {}, args.lang);
  const unit = await resolveUnit(deps, actor, input.unitId);
  const level = input.level ?? (await defaultLevel(deps, unit));
  const base = metricQuery({ actor, unit, from: input.from, to: input.to, now: deps.now(), category: null, settings: deps.config.metrics });
  const areas = await deps.db
    .selectFrom('units')
    .select(['id', 'name', 'code', 'path'])
    .where('type', '=', level)
    .where('active', '=', true)
    .where('path', 'like', `${unit.path}%`)
    .orderBy('code')
    .execute();
  const units = areas.map((a) => ({ id: String(a.id), name: a.name, path: a.path }));
  const cases = await intakeForUnits(deps.db, base, units);
  const hazards = await hazardsForUnits(deps.db, base, units);
  const out = [];
  for (const a of areas) {
    const id = String(a.id);
    const overdue = await overdueCounts(deps.db, { ...base, unit: { id, name: a.name, path: a.path } });
    out.push({ unit: { id, name: a.name, code: a.code }, cases: cases.get(id)!, overdue: overdue.total, hazards: hazards.get(id)!.hazards, majorHazards: hazards.get(id)!.major });
  }
  return { level, unit: { id: unit.id, name: unit.name }, from: input.from, to: input.to, asOf: base.asOf.toISOString(), areas: out, boundaries: '/api/geo/boundaries' };
}
