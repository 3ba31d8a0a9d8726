import type { Kysely } from 'kysely';
import { AppError } from '../core/errors.js';
import type { DB } from '../db/types.js';
import type { StaffActor } from './actor.js';
import type { UnitType } from './roles.js';

export interface UnitInput {
  code: string;
  name: string;
  nameEn?: string;
  type: UnitType;
  parentId?: string | null;
}

export interface UnitRow {
  id: string;
  parent_id: string | null;
  code: string;
  name: string;
  name_en: string | null;
  type: string;
  path: string;
  depth: number;
  active: boolean;
}

export async function createUnit(db: Kysely<DB>, input: UnitInput): Promise<UnitRow> {
  const exists = await db.selectFrom('units').select('id').where('code', '=', input.code).executeTakeFirst();
  if (exists) throw new AppError('ALREADY_EXISTS', { field: 'code' }, { issues: [{ field: 'code', message: input.code }] });
  const parent = input.parentId
    ? await db.selectFrom('units').select(['id', 'path', 'depth']).where('id', '=', input.parentId).executeTakeFirst()
    : null;
  if (input.parentId && !parent) throw new AppError('INVALID_TARGET_UNIT', { reason: `parentId ${input.parentId}` });
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('units')
      .values({
        parent_id: parent?.id ?? null,
        code: input.code,
        name: input.name,
        name_en: input.nameEn ?? null,
        type: input.type,
        path: 'pending',
        depth: parent ? parent.depth + 1 : 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `${parent?.path ?? '/'}${row.id}/`;
    return tx.updateTable('units').set({ path }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
  });
}

export async function getUnit(db: Kysely<DB>, id: string): Promise<UnitRow | undefined> {
  if (!/^\d+$/.test(id)) return undefined;
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A unit the actor may name: in their scope (their scope's root or below). A unit outside it answers exactly as one
 * that does not exist (undefined), so an id tried from outside discloses nothing.
 */
export async function getUnitInScope(db: Kysely<DB>, actor: StaffActor, id: string): Promise<UnitRow | undefined> {
  const unit = await getUnit(db, id);
  return unit && unit.path.startsWith(actor.scopePath) ? unit : undefined;
}

/** The units an actor may see: its own unit and everything below it. */
export async function listUnitsInScope(db: Kysely<DB>, actor: StaffActor): Promise<UnitRow[]> {
  return db.selectFrom('units').selectAll().where('path', 'like', `${actor.scopePath}%`).orderBy('path').execute();
}

