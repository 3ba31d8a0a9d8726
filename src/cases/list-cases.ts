import { sql } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../core/validate.js';
import type { StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { caseSummary } from './case-view.js';
import { scopeToActor } from './scope.js';
import { mineCondition, queueSummary } from './queue.js';
import { clockStatus, warningInstants } from '../calendar/warnings.js';
import { applySearch, highlightCase } from '../intel/search.js';
import { CHANNELS, KINDS, STATUSES } from './states.js';

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)));

export const listInput = z.object({
  status: csv(STATUSES).optional(),
  kind: z.enum(KINDS).optional(),
  channel: z.enum(CHANNELS).optional(),
  categoryId: z.string().regex(/^\d+$/).optional(),
  leadUnitId: z.string().regex(/^\d+$/).optional(),
  /** 待我处理: the cases the actor can act on now, per role (src/cases/queue.ts, docs/lifecycle.md) */
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  dueBefore: z.coerce.date().optional(),
  /** search-box syntax: words, "phrases", -exclusions, key:value filters (docs/search.md) */
  q: z.string().trim().max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  sort: z.enum(['relevance', 'received_at', 'due_at', 'reg_no']).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export type ListFilters = z.infer<typeof listInput>;

export const COUNT_CAP = 10_000;

/** The filtered, scoped query shared by the list, the counters and the export (src/interop/export-cases.ts), so all agree. */
export function filteredCases(deps: Deps, actor: StaffActor, f: ListFilters) {
  const nextDue = sql<Date | null>`(SELECT min(k.due_at) FROM case_clocks k WHERE k.case_id = cases.id AND k.status = 'running' AND k.purpose = 'deadline')`;
  // start of that same clock, so the list can say whether it is at a warning point
  const nextStart = sql<Date | null>`(SELECT k.started_at FROM case_clocks k WHERE k.case_id = cases.id AND k.status = 'running' AND k.purpose = 'deadline' ORDER BY k.due_at LIMIT 1)`;
  let q = scopeToActor(deps.db.selectFrom('cases'), actor);
  if (f.status?.length) q = q.where('cases.status', 'in', f.status);
  if (f.kind) q = q.where('cases.kind', '=', f.kind);
  if (f.channel) q = q.where('cases.channel', '=', f.channel);
  if (f.categoryId) q = q.where('cases.category_id', '=', f.categoryId);
  if (f.leadUnitId) q = q.where('cases.lead_unit_id', '=', f.leadUnitId);
  if (f.from) q = q.where('cases.received_at', '>=', f.from);
  if (f.to) q = q.where('cases.received_at', '<', f.to);
  let terms: string[] = [];
  let warnings: string[] = [];
  let rank = sql<number>`0::float4`; // a bare 0 in ORDER BY would mean "column 0"
  if (f.q) {
    const s = applySearch(q, f.q);
    q = s.qb;
    terms = s.terms;
    rank = s.rank;
    warnings = s.errors;
  }
  if (f.mine) q = q.where(mineCondition(actor));
  if (f.overdue !== undefined) q = q.where(sql<boolean>`(coalesce(${nextDue} < ${deps.now()}, false)) = ${f.overdue}`);
  if (f.dueBefore) q = q.where(sql<boolean>`${nextDue} < ${f.dueBefore}`);
  return { q, nextDue, nextStart, rank, terms, warnings };
}

export async function listCases(deps: Deps, args: UseCaseArgs & { actor: StaffActor; query: unknown }) {
  const f = parseInput(listInput, args.query ?? {}, args.lang);
  const { q, nextDue, nextStart, rank, terms, warnings } = filteredCases(deps, args.actor, f);
  // Counting every match of a broad search is the slowest query at scale (9 s for one word at 10 M cases,
  // bench/README.md), so the count stops at COUNT_CAP and the answer says so.
  const counted = await deps.db
    .selectFrom(q.select(sql.lit(1).as('one')).limit(COUNT_CAP + 1).as('m'))
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  const total = Math.min(Number(counted.n), COUNT_CAP);
  // Newest first by default, also for searches: ranking all matches of a common word takes seconds at 10 M cases;
  // sort=relevance ranks them when the operator asks (fast when the query is selective).
  const sort = f.sort ?? 'received_at';
  const sortExpr = sort === 'due_at' ? sql`${nextDue}` : sort === 'relevance' ? rank : sql.ref(`cases.${sort}`);
  const rows = await q
    .selectAll('cases')
    .select(nextDue.as('next_due_at'))
    .select(nextStart.as('next_started_at'))
    .select(rank.as('rank'))
    .orderBy(sql`${sortExpr} ${sql.raw(f.order)} NULLS LAST`)
    .orderBy('cases.id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  const now = deps.now().getTime();
  const w = deps.clocks.warnings;
  const level = (start: Date | null, due: Date | null) =>
    start && due
      ? clockStatus(deps.now(), new Date(start), new Date(due), warningInstants({ start: new Date(start), due: new Date(due), fractions: w.fractions, before: w.beforeHours.map((hours) => ({ hours })) })).status
      : null;
  return {
    total,
    totalCapped: Number(counted.n) > COUNT_CAP,
    page: f.page,
    pageSize: f.pageSize,
    ...(warnings.length ? { warnings } : {}),
    items: rows.map((r) => ({
      ...caseSummary(r, args.lang),
      nextDueAt: r.next_due_at,
      /** ok / warning / overdue at the configured warning points (default 80% of the time, 24 h before) */
      nextDueLevel: level(r.next_started_at, r.next_due_at),
      overdue: r.next_due_at ? new Date(r.next_due_at).getTime() < now : false,
      ...(f.q ? { rank: Number(r.rank), highlight: highlightCase(r.title, r.content, terms) } : {}),
    })),
  };
}

/** Counters for a queue: cases by status, overdue, and due within 24 hours, under the same filters as the list; with mine, what the queue waits for. */
export async function caseStats(deps: Deps, args: UseCaseArgs & { actor: StaffActor; query: unknown }) {
  const f = parseInput(listInput, args.query ?? {}, args.lang);
  const { q, nextDue } = filteredCases(deps, args.actor, f);
  const now = deps.now();
  const soon = new Date(now.getTime() + 24 * 3600_000);
  const rows = await q
    .select([
      'cases.status',
      sql<string>`count(*)`.as('n'),
      sql<string>`count(*) FILTER (WHERE ${nextDue} < ${now})`.as('overdue'),
      sql<string>`count(*) FILTER (WHERE ${nextDue} >= ${now} AND ${nextDue} < ${soon})`.as('due_soon'),
    ])
    .groupBy('cases.status')
    .execute();
  const byStatus: Record<string, number> = {};
  let total = 0;
  let overdue = 0;
  let dueSoon = 0;
  for (const r of rows) {
    byStatus[r.status] = Number(r.n);
    total += Number(r.n);
    overdue += Number(r.overdue);
    dueSoon += Number(r.due_soon);
  }
  // 待我处理 says what it holds for this user's roles (the actions it waits for), so the list explains itself
  return { total, overdue, dueSoon, byStatus, ...(f.mine ? { queue: queueSummary(args.actor.roles) } : {}) };
}
