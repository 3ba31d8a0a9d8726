/**
 * Rankings (排名) of units — never of people — by one metric or the composite score, for one calendar month. Built on
 * measureRatesForUnits like every dashboard. A unit whose denominator is below the minimum count is listed apart
 * (below_min_count) instead of ranked: 100% of 2 cases says little, and must not outrank 98% of 2,000. For the
 * composite the count is the smallest denominator of its three parts (response, resolution, satisfaction): the score
 * is only as well founded as its thinnest part. See docs/dashboards.md.
 */
import { z } from 'zod';
import { cstDateOf, type IsoDate } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import { inputRule } from '../core/input-rules.js';
import { parseInput } from '../core/validate.js';
import { requireRole, type StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { monthDays } from './dashboard.js';
import { COMPOSITE, METRIC_KEYS, METRICS, type MetricKey, type Text } from './metrics.js';
import { metricQuery } from './query.js';
import { measureRatesForUnits, METRIC_ROLES, refId, resolveUnit, type RateSet } from './report.js';

/** Rates where less is better: a unit with fewer repeat petitions or fewer returned assignments ranks higher. */
export const LOWER_IS_BETTER: ReadonlySet<MetricKey> = new Set<MetricKey>(['repeat', 'return']);

export const AMONG = ['children', 'district', 'street', 'department'] as const;
export type Among = (typeof AMONG)[number];

export const rankingsQuery = z.object({
  month: z
    .string()
    .regex(/^[1-9]\d{3}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
    .describe('the calendar month ranked (YYYY-MM, China Standard Time); the current month is cut at today'),
  unitId: refId.optional().describe('a unit in your scope whose subtree holds the units ranked; default your scope'),
  among: z.enum(AMONG).optional().describe('children (default): the direct children of the unit; district / street / department: the units of that type in its subtree'),
  metric: z
    .enum(['composite', ...METRIC_KEYS])
    .optional()
    .describe('composite (default, 0–100) or a metric key of docs/metrics.md (a rate 0–1); repeat and return rank lowest first'),
  minCount: z
    .string()
    .regex(/^\d{1,6}$/, 'a whole number from 0 to 999999')
    .optional()
    .describe('units with a smaller denominator are listed as not ranked; default MINSHENG_METRIC_RANKING_MIN_COUNT (10)'),
});

interface Ranked extends RateSet {
  rank: number;
  unit: { id: string; name: string; type: string };
  value: number;
  denominator: number;
  numerator: number | null;
}
interface Unranked {
  unit: { id: string; name: string; type: string };
  reason: 'below_min_count' | 'no_data';
  denominator: number;
  value: number | null;
}

const EPS = 1e-9;

/** value, denominator and numerator of one unit for the metric ranked */
export function rankedFigure(r: RateSet, metric: MetricKey | 'composite'): { value: number | null; denominator: number; numerator: number | null } {
  if (metric === 'composite') {
    const denominator = Math.min(...COMPOSITE.parts.map((k) => r.metrics.find((m) => m.key === k)!.denominator));
    return { value: r.composite.score, denominator, numerator: null };
  }
  const m = r.metrics.find((x) => x.key === metric)!;
  return { value: m.rate, denominator: m.denominator, numerator: m.numerator };
}

/**
 * Orders and ranks: best value first (lowest for LOWER_IS_BETTER), ties broken by the larger denominator, then the
 * name. Units equal in both value and denominator share a rank (1, 2, 2, 4).
 */
export function rankUnits<T extends { unit: { name: string }; value: number; denominator: number }>(items: T[], lowerIsBetter: boolean): Array<T & { rank: number }> {
  const dir = lowerIsBetter ? 1 : -1;
  const sorted = [...items].sort((a, b) => {
    if (Math.abs(a.value - b.value) > EPS) return dir * (a.value - b.value);
    return b.denominator - a.denominator || a.unit.name.localeCompare(b.unit.name, 'zh');
  });
  return sorted.map((x, i, all) => {
    let rank = i + 1;
    for (let j = i - 1; j >= 0 && Math.abs(all[j]!.value - x.value) <= EPS && all[j]!.denominator === x.denominator; j--) rank = j + 1;
    return { ...x, rank };
  });
}

export const MONTH_BEGUN = inputRule({ field: 'month', message: 'a month that has begun', doc: 'a month that has begun (this month or earlier, China Standard Time)' });

export async function dashboardRankings(deps: Deps, args: UseCaseArgs & { query: unknown }) {
  requireRole(args.actor, ...METRIC_ROLES);
  const actor = args.actor as StaffActor;
  const input = parseInput(rankingsQuery, args.query ?? {}, args.lang);
  const now = deps.now();
  const today = cstDateOf(now);
  if (input.month > today.slice(0, 7)) throw MONTH_BEGUN.error(`a month that has begun (not after ${today.slice(0, 7)})`);
  const unit = await resolveUnit(deps, actor, input.unitId);
  const among: Among = input.among ?? 'children';
  const metric = (input.metric ?? 'composite') as MetricKey | 'composite';
  const minCount = input.minCount !== undefined ? Number(input.minCount) : deps.config.metrics.rankingMinCount;
  const days = monthDays(input.month);
  const to: IsoDate = days.to > today ? today : days.to;

  const q = deps.db.selectFrom('units').select(['id', 'name', 'type', 'path']).where('active', '=', true);
  const rows = await (among === 'children' ? q.where('parent_id', '=', unit.id) : q.where('type', '=', among).where('path', 'like', `${unit.path}%`)).orderBy('path').execute();
  const units = rows.map((u) => ({ id: String(u.id), name: u.name, type: u.type, path: u.path }));
  const base = metricQuery({ actor, unit, from: days.from, to, now, category: null, settings: deps.config.metrics });
  const { unit: _u, ...withoutUnit } = base;
  const rates = await measureRatesForUnits(deps, withoutUnit, units);

  const candidates: Array<Omit<Ranked, 'rank'>> = [];
  const unranked: Unranked[] = [];
  for (const u of units) {
    const r = rates.get(u.id)!;
    const f = rankedFigure(r, metric);
    const ref = { id: u.id, name: u.name, type: u.type };
    if (f.value === null || f.denominator === 0) unranked.push({ unit: ref, reason: 'no_data', denominator: f.denominator, value: null });
    else if (f.denominator < minCount) unranked.push({ unit: ref, reason: 'below_min_count', denominator: f.denominator, value: f.value });
    else candidates.push({ unit: ref, value: f.value, denominator: f.denominator, numerator: f.numerator, ...r });
  }
  const ranked = rankUnits(candidates, metric !== 'composite' && LOWER_IS_BETTER.has(metric));
  unranked.sort((a, b) => (a.reason === b.reason ? 0 : a.reason === 'below_min_count' ? -1 : 1) || b.denominator - a.denominator || a.unit.name.localeCompare(b.unit.name, 'zh'));
  const metricLabel: Text = metric === 'composite' ? COMPOSITE.name : METRICS.find((m) => m.key === metric)!.name;
  return {
    month: input.month,
    from: days.from,
    to,
    asOf: base.asOf.toISOString(),
    unit: { id: unit.id, name: unit.name },
    metric,
    metricLabel,
    better: metric !== 'composite' && LOWER_IS_BETTER.has(metric) ? ('lower' as const) : ('higher' as const),
    minCount,
    among,
    ranked: ranked.map(({ rank, unit: u, value, denominator, numerator, metrics, composite }) => ({ rank, unit: u, value, denominator, numerator, metrics, composite })),
    unranked,
  };
}
