/**
 * Reading registers: the one scope rule every register uses, the list query and the record view (facts, the
 * actions this actor may take now, clocks, timeline). A register supplies its table, workflow and context; the
 * shapes the API answers (and the web app's generic register pages read) are the same for all four registers.
 */
import { sql, type RawBuilder } from 'kysely';
import { AppError, type ErrorCode } from '../core/errors.js';
import type { Actor, StaffActor } from '../org/actor.js';
import { registerClocks } from '../clocks/register-clocks.js';
import type { Deps } from './deps.js';
import type { Versioned } from './engine.js';
import { loadRegisterRow, registerEvents } from './register-store.js';
import { allowedActions, type StatusContext, type Workflow } from './table.js';

/**
 * True when the case row aliased `alias` is an accusation (检举控告) this actor must not see: the actor sits in the
 * accused unit's subtree or is an accused person (信访工作条例 第三十条). The case scope and every register use it.
 */
export function hiddenAccusation(actor: StaffActor, alias: string): RawBuilder<boolean> {
  const c = sql.table(alias);
  return sql<boolean>`(${c}.kind = 'accusation' AND (
      ${actor.userId}::uuid = ANY(${c}.accused_user_ids)
      OR EXISTS (SELECT 1 FROM units au WHERE au.id = ${c}.accused_unit_id AND ${actor.unitPath} LIKE au.path || '%')))`;
}

/**
 * The scope of a register row `t`: the unit keeping the register (office_unit_id) or the unit responsible now
 * (unit_id) lies in the actor's subtree, and the petition it came from (case_id) is not an accusation hidden from
 * the actor. `extraUnitColumns` adds further unit columns of the register (e.g. a dispute's mediation committee).
 */
export function registerScope(actor: StaffActor, extraUnitColumns: string[] = []): RawBuilder<boolean> {
  const cols = ['office_unit_id', 'unit_id', ...extraUnitColumns].map((c) => sql.ref(`t.${c}`));
  return sql<boolean>`(EXISTS (SELECT 1 FROM units su WHERE su.id IN (${sql.join(cols)}) AND su.path LIKE ${`${actor.scopePath}%`})
    AND NOT EXISTS (SELECT 1 FROM cases sc WHERE sc.id = t.case_id AND ${hiddenAccusation(actor, 'sc')}))`;
}

const camel = (k: string) => k.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());

/** snake_case columns to the camelCase the API answers; dates stay Date (serialised as ISO by the HTTP layer). */
export function camelRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[camel(k)] = v;
  return out;
}

export interface RegisterReadSpec<Row extends Versioned, C extends StatusContext> {
  table: string;
  notFound: ErrorCode;
  scope: (actor: StaffActor) => RawBuilder<boolean>;
  context: (deps: Deps, row: Row, actor: Actor, now: Date) => Promise<C>;
}

export interface ListOptions {
  /** further conditions on `t` (status, unit, dates …), ANDed */
  where?: RawBuilder<boolean>[];
  orderBy?: RawBuilder<unknown>;
  limit?: number;
  offset?: number;
}

/**
 * One page of a register the actor may see, with the names of the office and of the responsible unit, and the
 * total for the pager. Rows come back camelCased; allowedActions is not computed per row (open the record).
 */
export async function listRegister(deps: Deps, spec: { table: string; scope: (a: StaffActor) => RawBuilder<boolean> }, actor: Actor, opts: ListOptions = {}) {
  if (actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  const conds = [spec.scope(actor), ...(opts.where ?? [])];
  const where = sql.join(conds, sql` AND `);
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  const offset = Math.max(opts.offset ?? 0, 0);
  const [rows, total] = await Promise.all([
    sql<Record<string, unknown>>`SELECT t.*, ou.name AS office_unit_name, ru.name AS unit_name
      FROM ${sql.table(spec.table)} t
      LEFT JOIN units ou ON ou.id = t.office_unit_id
      LEFT JOIN units ru ON ru.id = t.unit_id
      WHERE ${where}
      ORDER BY ${opts.orderBy ?? sql`t.created_at DESC`}, t.id
      LIMIT ${limit} OFFSET ${offset}`.execute(deps.db),
    sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(spec.table)} t WHERE ${where}`.execute(deps.db),
  ]);
  return { items: rows.rows.map(camelRow), total: Number(total.rows[0]?.n ?? 0), limit, offset };
}

/**
 * A register record as the API answers it: every column camelCased, the unit names, the actions this actor may
 * take now (from the table, the same check that refuses them), the clocks with time left, and the timeline.
 * `extra` adds what the register shows besides its own columns (a case's title, a dispute's sessions …).
 */
export async function registerRecordView<S extends string, C extends StatusContext<S>, R extends string, Row extends Versioned>(
  deps: Deps,
  w: Workflow<S, C, R>,
  spec: RegisterReadSpec<Row, C>,
  actor: Actor,
  id: string,
  extra?: (row: Row, ctx: C) => Promise<Record<string, unknown>>,
) {
  const row = await loadRegisterRow<Row>(deps.db, spec, actor, id);
  const now = deps.now();
  const ctx = await spec.context(deps, row, actor, now);
  const r = row as unknown as Record<string, unknown>;
  const names = await deps.db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('id', 'in', [r.office_unit_id, r.unit_id].filter((x): x is string => typeof x === 'string' || typeof x === 'number').map(String).concat(['0']))
    .execute();
  const nameOf = (v: unknown) => names.find((u) => String(u.id) === String(v))?.name ?? null;
  const [events, clocks, more] = await Promise.all([
    registerEvents(deps.db, w.entity, row.id),
    registerClocks(deps.db, deps.clocks, w.entity, row.id, now),
    extra ? extra(row, ctx) : Promise.resolve({}),
  ]);
  return {
    ...camelRow(r),
    officeUnitName: nameOf(r.office_unit_id),
    unitName: nameOf(r.unit_id),
    ...more,
    allowedActions: allowedActions(w, actor, ctx),
    clocks,
    events,
  };
}
