/**
 * The metrics of one unit subtree × period (× category): every rate of the registry with its numerator and
 * denominator, the composite score, and the counts. Staff of the roles below only, for units in their scope; only
 * numbers and the names of units and categories are answered — never a case, a person or an identifier of either.
 */
import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import { isoDateInput, KNOWN_CATEGORY, periodRules, withRules } from '../core/input-rules.js';
import { parseInput } from '../core/validate.js';
import { requireRole, type StaffActor } from '../org/actor.js';
import type { Role } from '../org/roles.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { backlogCounts, intakeCounts, intakeForUnits, overdueCounts } from './counts.js';
import type { MetricSettings } from '../core/config.js';
import { COMPOSITE, compositeScore, METRICS, rateOf, type MetricKey, type Text } from './metrics.js';
import { intakeFromSums, rollupSums, rollupSumsForPeriods, rollupsUsable, valuesFromSums } from './rollups.js';
import { categorySubtree, metricQuery, type MetricQuery, type MetricValue } from './query.js';

/**
 * Who reads the metrics: analysts and leaders, supervisors (督查督办 works from them), dispatchers (the petition
 * office's own figures) and unit heads (their unit's). Handlers, intake, return-visit staff and mediators do the
 * work measured; administrators configure the system. A user holding several roles needs only one of these.
 */
export const METRIC_ROLES: readonly Role[] = ['analyst', 'supervisor', 'dispatcher', 'unit_head'];

const MAX_DAYS = 366;
export const refId = z.string().regex(/^\d{1,18}$/, 'a unit or category id (digits)');

export const metricsQuery = withRules(
  z.object({
    from: isoDateInput('first day of the period, China Standard Time, inclusive (YYYY-MM-DD)'),
    to: isoDateInput('last day of the period, inclusive (YYYY-MM-DD); at most 366 days after from'),
    unitId: refId.optional().describe('a unit in your scope: its subtree is measured; default the whole of your scope'),
    categoryId: refId.optional().describe('a category: it and the categories under it; default all matters'),
  }),
  ...periodRules(MAX_DAYS),
);

/** The unit measured: one in the actor's scope (else NOT_FOUND: a unit outside is not disclosed), or the scope itself. */
export async function resolveUnit(deps: Deps, actor: StaffActor, unitId: string | undefined): Promise<MetricQuery['unit']> {
  const q = deps.db.selectFrom('units').select(['id', 'name', 'path']);
  const unit = await (unitId ? q.where('id', '=', unitId) : q.where('path', '=', actor.scopePath)).executeTakeFirst();
  if (!unit || !unit.path.startsWith(actor.scopePath)) throw new AppError('NOT_FOUND');
  return { id: String(unit.id), name: unit.name, path: unit.path };
}

/** A category subtree, or VALIDATION_FAILED naming the field when the id is unknown; null when none was asked for. */
export async function resolveCategory(deps: Deps, categoryId: string | undefined): Promise<MetricQuery['category']> {
  if (!categoryId) return null;
  const category = await categorySubtree(deps.db, categoryId);
  if (!category) throw KNOWN_CATEGORY.error();
  return category;
}

export interface MetricResult {
  key: MetricKey;
  label: Text;
  numerator: number;
  denominator: number;
  rate: number | null;
  parts?: Record<string, number>;
}

/** The twelve rates, the composite score and the intake (受理登记量) of one unit subtree × period × category. */
export interface RateSet {
  metrics: MetricResult[];
  composite: { label: Text; weights: MetricSettings['composite']; score: number | null };
  /** cases received in the period, attributed as counts.intake is (so it equals GET /api/metrics counts.intake.total) */
  intake: number;
}

export function rateSet(values: ReadonlyMap<MetricKey, MetricValue>, settings: MetricSettings, intake: number): RateSet {
  const metrics: MetricResult[] = METRICS.map((m) => {
    const v = values.get(m.key) ?? { numerator: 0, denominator: 0 };
    return { key: m.key, label: m.name, numerator: v.numerator, denominator: v.denominator, rate: rateOf(v), ...(v.parts ? { parts: v.parts } : {}) };
  });
  const rate = (k: MetricKey) => metrics.find((x) => x.key === k)!.rate;
  return {
    metrics,
    composite: {
      label: COMPOSITE.name,
      weights: settings.composite,
      score: compositeScore({ response: rate('response'), resolution: rate('resolution'), satisfaction: rate('satisfaction') }, settings.composite),
    },
    intake,
  };
}

/** Every rate computed straight from the base tables (the reference definitions of metrics.ts). */
export async function measureRatesNaive(deps: Deps, q: MetricQuery): Promise<RateSet> {
  // one after another: PGlite has a single connection, and on a server this stays one request's worth of load
  const values = new Map<MetricKey, MetricValue>();
  for (const m of METRICS) values.set(m.key, await m.compute(deps.db, q));
  const intake = (await intakeForUnits(deps.db, q, [q.unit])).get(q.unit.id)!;
  return rateSet(values, q.settings, intake);
}

/**
 * The rates of one unit subtree × period × category: what every dashboard, ranking and report reads. From the
 * rollups (rollups.ts) when they can answer — built with the same fact-shaping settings and not folded past the
 * query's now — else from the reference computations; both give the same numbers (test/http/rollups.test.ts).
 */
export async function measureRates(deps: Deps, q: MetricQuery): Promise<RateSet> {
  return (await measureRatesForUnits(deps, q, [q.unit])).get(q.unit.id)!;
}

/**
 * The rates of several unit subtrees over the same period and category (drill-down, rankings): one RateSet per unit
 * id. Every unit must lie in the actor's scope (NOT_FOUND otherwise).
 */
export async function measureRatesForUnits(deps: Deps, base: Omit<MetricQuery, 'unit'>, units: ReadonlyArray<MetricQuery['unit']>): Promise<Map<string, RateSet>> {
  const out = new Map<string, RateSet>();
  for (const unit of units) if (!unit.path.startsWith(base.actor.scopePath)) throw new AppError('NOT_FOUND');
  if (await rollupsUsable(deps.db, base)) {
    const sums = await rollupSums(deps.db, base, units);
    for (const unit of units) {
      const cells = sums.get(unit.id)!;
      out.set(unit.id, rateSet(valuesFromSums(cells, base.settings), base.settings, intakeFromSums(cells).total));
    }
    return out;
  }
  for (const unit of units) out.set(unit.id, await measureRatesNaive(deps, { ...base, unit }));
  return out;
}

/**
 * The rates of one unit subtree for several periods (the overview's current, 环比, 同比 and trend months), in one
 * rollup statement when the rollups can answer; the same numbers as measureRates for each period.
 */
export async function measureRatesForPeriods(deps: Deps, queries: ReadonlyArray<MetricQuery>): Promise<RateSet[]> {
  if (queries.length === 0) return [];
  const first = queries[0]!;
  for (const q of queries) if (!q.unit.path.startsWith(q.actor.scopePath)) throw new AppError('NOT_FOUND');
  const sameBase = queries.every((q) => q.unit.id === first.unit.id && q.now.getTime() === first.now.getTime() && q.category === first.category);
  if (sameBase && (await rollupsUsable(deps.db, first))) {
    const sums = await rollupSumsForPeriods(deps.db, first, queries, [first.unit]);
    return sums.map((m) => {
      const cells = m.get(first.unit.id)!;
      return rateSet(valuesFromSums(cells, first.settings), first.settings, intakeFromSums(cells).total);
    });
  }
  const out: RateSet[] = [];
  for (const q of queries) out.push(await measureRates(deps, q));
  return out;
}

export async function metricsReport(deps: Deps, args: UseCaseArgs & { query: unknown }) {
  requireRole(args.actor, ...METRIC_ROLES);
  const actor = args.actor as StaffActor;
  const input = parseInput(metricsQuery, args.query ?? {}, args.lang);
  const unit = await resolveUnit(deps, actor, input.unitId);
  const category = await resolveCategory(deps, input.categoryId);
  const settings = deps.config.metrics;
  const q = metricQuery({ actor, unit, from: input.from as IsoDate, to: input.to as IsoDate, now: deps.now(), category, settings });
  const { metrics, composite } = await measureRates(deps, q);
  const intake = await intakeCounts(deps.db, q);
  const { backlog, ageing } = await backlogCounts(deps.db, q);
  const overdue = await overdueCounts(deps.db, q);
  return {
    unit: { id: unit.id, name: unit.name },
    category: category ? { id: category.id, name: category.name } : null,
    from: q.from,
    to: q.to,
    asOf: q.asOf.toISOString(),
    metrics,
    composite,
    counts: { intake, backlog, overdue, ageing },
  };
}
