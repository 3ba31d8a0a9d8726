/**
 * The RecordStore of every register (return visits, supervision, mediation, hazards): a register's own table with
 * the common columns (id, status, version, updated_at), events in register_events, audit through the engine. Each
 * register supplies its table name, its scope predicate and what its guards need.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { AppError, type ErrorCode } from '../core/errors.js';
import type { DB } from '../db/types.js';
import type { Actor, StaffActor } from '../org/actor.js';
import type { Deps } from './deps.js';
import { recordCreated, type RecordStore, type Versioned } from './engine.js';
import type { StatusContext } from './table.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

export interface RegisterStoreSpec<Row extends Versioned, C extends StatusContext> {
  entity: string;
  /** the register's own table; it has id uuid, status text, version int, updated_at timestamptz */
  table: string;
  notFound: ErrorCode;
  /** true when the actor may see the row `t` (the table is aliased t in the query) */
  scope: (actor: StaffActor) => RawBuilder<boolean>;
  context: (deps: Deps, row: Row, actor: Actor, now: Date) => Promise<C>;
}

/** Loads one row the actor may see, or answers the register's not-found code (existence is never disclosed). */
export async function loadRegisterRow<Row>(db: Kysely<DB> | Transaction<DB>, spec: { table: string; notFound: ErrorCode; scope: (a: StaffActor) => RawBuilder<boolean> }, actor: Actor, id: string): Promise<Row> {
  // a system job (the clock sweep, a configured rule) acts on any record; a citizen on none of the registers
  if (actor.kind === 'citizen' || !isUuid(id)) throw new AppError(spec.notFound);
  const scope = actor.kind === 'staff' ? spec.scope(actor) : sql<boolean>`true`;
  const r = await sql<Row>`SELECT t.* FROM ${sql.table(spec.table)} t WHERE t.id = ${id} AND ${scope}`.execute(db);
  const row = r.rows[0];
  if (!row) throw new AppError(spec.notFound);
  return row;
}

export function registerStore<Row extends Versioned, C extends StatusContext, Patch extends Record<string, unknown>>(
  spec: RegisterStoreSpec<Row, C>,
): RecordStore<Row, C, Patch> {
  return {
    notFound: spec.notFound,
    conflict: 'STATE_CONFLICT',
    load: (deps, actor, id) => loadRegisterRow<Row>(deps.db, spec, actor, id),
    context: spec.context,
    async claim(tx, row, to, now) {
      const r = await sql`UPDATE ${sql.table(spec.table)} SET status = ${to}, version = version + 1, updated_at = ${now}
        WHERE id = ${row.id} AND version = ${row.version} RETURNING id`.execute(tx);
      return r.rows.length === 1;
    },
    async patch(tx, row, patch) {
      const sets = Object.entries(patch).map(([k, v]) => sql`${sql.ref(k)} = ${v === undefined ? null : v}`);
      if (sets.length === 0) return;
      await sql`UPDATE ${sql.table(spec.table)} SET ${sql.join(sets)} WHERE id = ${row.id}`.execute(tx);
    },
    appendEvent: (tx, actor, e) =>
      appendRegisterEvent(tx, actor, { entity: spec.entity, entityId: e.id, type: e.type, from: e.from, to: e.to, public: e.public, data: e.data, at: e.at }),
  };
}

export interface RegisterEventInput {
  entity: string;
  entityId: string;
  type: string;
  from?: string | null;
  to?: string | null;
  public?: boolean;
  data?: Record<string, unknown>;
  at?: Date;
}

export async function appendRegisterEvent(db: Kysely<DB> | Transaction<DB>, actor: Actor, e: RegisterEventInput): Promise<void> {
  await db
    .insertInto('register_events')
    .values({
      entity: e.entity,
      entity_id: e.entityId,
      type: e.type,
      from_status: e.from ?? null,
      to_status: e.to ?? null,
      actor_user_id: actor.kind === 'staff' ? actor.userId : null,
      actor_unit_id: actor.kind === 'staff' ? actor.unitId : null,
      public: e.public ?? false,
      data: JSON.stringify(e.data ?? {}),
      ...(e.at ? { at: e.at } : {}),
    })
    .execute();
}

/** A register record's timeline, oldest first, with who acted in words. */
export async function registerEvents(db: Kysely<DB>, entity: string, entityId: string) {
  const rows = await db
    .selectFrom('register_events')
    .leftJoin('users', 'users.id', 'register_events.actor_user_id')
    .leftJoin('units', 'units.id', 'register_events.actor_unit_id')
    .select([
      'register_events.id',
      'register_events.type',
      'register_events.from_status',
      'register_events.to_status',
      'register_events.data',
      'register_events.at',
      'users.display_name as actor_name',
      'units.name as unit_name',
    ])
    .where('register_events.entity', '=', entity)
    .where('register_events.entity_id', '=', entityId)
    .orderBy('register_events.id')
    .execute();
  return rows.map((e) => ({ id: e.id, type: e.type, from: e.from_status, to: e.to_status, at: e.at, actor: e.actor_name, unit: e.unit_name, data: e.data }));
}

/** Creates a register row and its first event in the caller's transaction (the creating action of the table). */
export async function createRegisterRow(
  tx: Transaction<DB>,
  actor: Actor,
  spec: { entity: string; table: string; action: string; status: string },
  values: Record<string, unknown>,
  at: Date,
  eventData: Record<string, unknown> = {},
): Promise<string> {
  const cols = Object.keys(values);
  const r = await sql<{ id: string }>`INSERT INTO ${sql.table(spec.table)} (${sql.join(cols.map((c) => sql.ref(c)))}, status, version, updated_at)
    VALUES (${sql.join(cols.map((c) => values[c] ?? null))}, ${spec.status}, 1, ${at}) RETURNING id`.execute(tx);
  const id = r.rows[0]!.id;
  await appendRegisterEvent(tx, actor, { entity: spec.entity, entityId: id, type: spec.action, from: null, to: spec.status, data: eventData, at });
  await recordCreated({ tx, entity: spec.entity, id, action: spec.action, at });
  return id;
}

/**
 * The two paths every register's relations read: the unit keeping the register (officePath; '/none/' if it is gone,
 * which no scope matches) and the unit responsible now (unitPath, null until assigned). One query.
 */
export async function registerPaths(db: Kysely<DB> | Transaction<DB>, row: { office_unit_id: string; unit_id: string | null }) {
  const ids = [row.office_unit_id, ...(row.unit_id ? [row.unit_id] : [])];
  const units = await db.selectFrom('units').select(['id', 'path']).where('id', 'in', ids).execute();
  const pathOf = (id: string | null) => (id === null ? null : (units.find((u) => String(u.id) === String(id))?.path ?? null));
  return { officePath: pathOf(row.office_unit_id) ?? '/none/', unitPath: pathOf(row.unit_id) };
}

/** The register's office lies in the actor's scope (the relation 'office' of every register). */
export const officeInScope = (actor: StaffActor, officePath: string) => officePath.startsWith(actor.scopePath);

/** The actor works in the unit (or a unit under it): the responsible unit, a committee, a supervised unit. */
export const actorWithin = (actor: StaffActor, unitPath: string | null) => unitPath !== null && actor.unitPath.startsWith(unitPath);

/**
 * relationHolds of a register whose relations are the office keeping it ('office') and the unit responsible now
 * ('unit'): supervision, backlog campaigns.
 */
export const officeOrUnitHolds = (actor: StaffActor, relation: 'office' | 'unit', c: { officePath: string; unitPath: string | null }) =>
  relation === 'office' ? officeInScope(actor, c.officePath) : actorWithin(actor, c.unitPath);
