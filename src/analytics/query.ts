/**
 * What every metric is computed for: a unit subtree inside the actor's scope, a period of whole China Standard Time
 * days, optionally a category subtree — resolved once, checked once, and handed to each computation with the SQL
 * pieces that apply it. The computations read the base tables directly (no rollups): this is the reference that
 * rollups must later match number for number.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { endOfDayCst, startOfDayCst, type IsoDate } from '../calendar/dates.js';
import type { MetricSettings } from '../core/config.js';
import { AppError } from '../core/errors.js';
import type { DB } from '../db/types.js';
import type { StaffActor } from '../org/actor.js';

export interface MetricQuery {
  actor: StaffActor;
  /** the unit whose subtree (units.path prefix) is measured; always inside actor.scopePath */
  unit: { id: string; name: string; path: string };
  from: IsoDate;
  to: IsoDate;
  /** 00:00 CST of `from` */
  start: Date;
  /** 24:00 CST of `to` (exclusive) */
  end: Date;
  /** the earlier of `end` and now: deadlines after it have not fallen due, states are read as they stood then */
  asOf: Date;
  now: Date;
  /** the category and every category under it; null: all matters, with or without a category */
  category: { id: string; name: string; ids: string[] } | null;
  settings: MetricSettings;
}

export interface MetricValue {
  numerator: number;
  denominator: number;
  /** the raw counts behind a weighted numerator, so that a rollup can store counts and apply the weights on reading */
  parts?: Record<string, number>;
}

/** Builds the query; the caller has resolved the unit and category (report.ts). Refuses a unit outside the scope. */
export function metricQuery(args: {
  actor: StaffActor;
  unit: MetricQuery['unit'];
  from: IsoDate;
  to: IsoDate;
  now: Date;
  category: MetricQuery['category'];
  settings: MetricSettings;
}): MetricQuery {
  if (!args.unit.path.startsWith(args.actor.scopePath)) throw new AppError('NOT_FOUND');
  const start = startOfDayCst(args.from);
  const end = endOfDayCst(args.to);
  const asOf = new Date(Math.min(end.getTime(), args.now.getTime()));
  return { ...args, start, end, asOf };
}

/**
 * The unit subtree, applied to one unit column: `JOIN units su ON su.id = <expr>` restricted to the path prefix.
 * Checks the scope again, so no computation can be run for a unit the actor may not see.
 */
export function inUnit(q: MetricQuery, unitExpr: RawBuilder<unknown>): RawBuilder<unknown> {
  if (!q.unit.path.startsWith(q.actor.scopePath)) throw new AppError('NOT_FOUND');
  return sql`JOIN units su ON su.id = ${unitExpr} AND su.path LIKE ${`${q.unit.path}%`}`;
}

/** The category subtree on a category column; TRUE when no category was asked for. */
export function inCategory(q: MetricQuery, categoryExpr: RawBuilder<unknown>): RawBuilder<boolean> {
  if (!q.category) return sql<boolean>`TRUE`;
  return sql<boolean>`${categoryExpr} IN (${sql.join(q.category.ids)})`;
}

/**
 * For registers without a category of their own (disputes, hazards): only records that came from a case of the
 * category count when a category is asked for; all records otherwise.
 */
export function caseInCategory(q: MetricQuery, caseIdExpr: RawBuilder<unknown>): RawBuilder<boolean> {
  if (!q.category) return sql<boolean>`TRUE`;
  return sql<boolean>`EXISTS (SELECT 1 FROM cases cc WHERE cc.id = ${caseIdExpr} AND cc.category_id IN (${sql.join(q.category.ids)}))`;
}

/** An instant of an act (a reply, a visit, a dispatch) inside the period: [start, end). */
export const during = (q: MetricQuery, instant: RawBuilder<unknown>) => sql<boolean>`(${instant} >= ${q.start} AND ${instant} < ${q.end})`;

/**
 * A deadline that fell due in the period: its due instant (24:00 of its last day, or the hour for hourly rules) lies
 * in (start, end] — a period ending at 24:00 on the period's last day is in the period — and has been reached.
 */
export const fellDue = (q: MetricQuery, dueAt: RawBuilder<unknown>) => sql<boolean>`(${dueAt} > ${q.start} AND ${dueAt} <= ${q.asOf})`;

export async function ratio(db: Kysely<DB>, query: RawBuilder<{ num: number | string; den: number | string }>): Promise<MetricValue> {
  const r = (await query.execute(db)).rows[0];
  return { numerator: Number(r?.num ?? 0), denominator: Number(r?.den ?? 0) };
}

/** A category and all its descendants (categories.parent_id), or null when unknown. */
export async function categorySubtree(db: Kysely<DB>, categoryId: string): Promise<MetricQuery['category']> {
  const rows = await sql<{ id: string; name: string; depth: number }>`
    WITH RECURSIVE sub AS (
      SELECT id, name, 0 AS depth FROM categories WHERE id = ${categoryId}
      UNION ALL
      SELECT c.id, c.name, sub.depth + 1 FROM categories c JOIN sub ON c.parent_id = sub.id WHERE sub.depth < 20
    )
    SELECT id::text AS id, name, depth FROM sub ORDER BY depth, id`.execute(db);
  const root = rows.rows[0];
  if (!root) return null;
  return { id: root.id, name: root.name, ids: [...new Set(rows.rows.map((r) => r.id))] };
}
