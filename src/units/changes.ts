/**
 * Editing the unit tree: rename, re-code, move under another parent, deactivate and reactivate (issue 11, "what the
 * lifecycle still lacks"). A unit is deactivated only once nothing is left on it: its open cases re-routed (the
 * `reroute` case action), its open register records handed on, its sub-units deactivated and its staff moved or
 * deactivated — so no matter is ever left with a unit nobody works in. The refusal names what is left, and
 * `openWorkOf` lists it.
 */
import { sql, type Kysely } from 'kysely';
import { AppError } from '../core/errors.js';
import type { DB } from '../db/types.js';
import type { StaffActor } from '../org/actor.js';
import { getUnitInScope, type UnitRow } from '../org/units.js';
import type { UnitType } from '../org/roles.js';
import { OPEN_STATUSES as OPEN_DISPUTES } from '../mediation/tables.js';
import { OPEN_HAZARD_STATUSES } from '../hazards/tables.js';
import { OPEN_STATUSES as OPEN_VISITS } from '../visits/tables.js';
import { isOpenSupervision } from '../supervision/tables.js';
import { OPEN_COORDINATION_STATUSES } from '../coordination/tables.js';
import { OPEN_ITEM_STATUSES as OPEN_CAMPAIGN_ITEMS } from '../campaigns/tables.js';

/** The statuses in which a unit still has work on a case, by its part in it. */
const CASE_WORK = {
  lead: ['dispatched', 'signed', 'objected', 'accepted', 'reply_pending'],
  assist: ['dispatched', 'signed', 'objected', 'accepted', 'reply_pending'],
  review: ['review', 'rereview'],
} as const;

export interface OpenWork {
  cases: { id: string; regNo: string; status: string; role: string }[];
  records: { register: 'return_visits' | 'supervision' | 'disputes' | 'hazards' | 'coordination' | 'campaign_items'; id: string; regNo: string | null; status: string }[];
  units: { id: string; code: string; name: string }[];
  users: { id: string; username: string }[];
}

const lits = (xs: readonly string[]) => sql.join(xs.map((x) => sql.lit(x)));

/** What keeps a unit from being deactivated. Case rows carry the registration number and status only: no person. */
export async function openWorkOf(db: Kysely<DB>, unitId: string): Promise<OpenWork> {
  const cases = await sql<{ id: string; reg_no: string; status: string; role: string }>`
    SELECT c.id, c.reg_no, c.status, cu.role FROM case_units cu JOIN cases c ON c.id = cu.case_id
    WHERE cu.unit_id = ${unitId} AND cu.active AND (
      (cu.role = 'lead' AND c.status IN (${lits(CASE_WORK.lead)})) OR
      (cu.role = 'assist' AND c.status IN (${lits(CASE_WORK.assist)})) OR
      (cu.role = 'review' AND c.status IN (${lits(CASE_WORK.review)})))
    UNION
    SELECT c.id, c.reg_no, c.status, 'intake' FROM cases c WHERE c.intake_unit_id = ${unitId} AND c.status = 'registered'
    ORDER BY reg_no LIMIT 1000`.execute(db);
  const records = await sql<{ register: OpenWork['records'][number]['register']; id: string; reg_no: string | null; status: string }>`
    SELECT 'return_visits' AS register, id::text, NULL AS reg_no, status FROM return_visits WHERE unit_id = ${unitId} AND status IN (${lits(OPEN_VISITS)})
    UNION ALL SELECT 'supervision', id::text, notice_no, status FROM supervision_items WHERE unit_id = ${unitId} AND ${isOpenSupervision()}
    UNION ALL SELECT 'disputes', id::text, reg_no, status FROM disputes WHERE unit_id = ${unitId} AND status IN (${lits(OPEN_DISPUTES)})
    UNION ALL SELECT 'hazards', id::text, reg_no, status FROM hazards WHERE unit_id = ${unitId} AND status IN (${lits(OPEN_HAZARD_STATUSES)})
    UNION ALL SELECT 'coordination', ci.id::text, ci.reg_no, ci.status FROM coordination_items ci
      WHERE ci.status IN (${lits(OPEN_COORDINATION_STATUSES)})
        AND (ci.office_unit_id = ${unitId} OR EXISTS (SELECT 1 FROM coordination_tasks ct WHERE ct.item_id = ci.id AND ct.unit_id = ${unitId} AND ct.status = 'open'))
    UNION ALL SELECT 'campaign_items', ki.id::text, kc.reg_no, ki.status FROM campaign_items ki JOIN cases kc ON kc.id = ki.case_id
      WHERE ki.unit_id = ${unitId} AND ki.status IN (${lits(OPEN_CAMPAIGN_ITEMS)})
    LIMIT 1000`.execute(db);
  const units = await db.selectFrom('units').select(['id', 'code', 'name']).where('parent_id', '=', unitId).where('active', '=', true).orderBy('code').execute();
  const users = await db.selectFrom('users').select(['id', 'username']).where('unit_id', '=', unitId).where('active', '=', true).orderBy('username').execute();
  return {
    cases: cases.rows.map((r) => ({ id: r.id, regNo: r.reg_no, status: r.status, role: r.role })),
    records: records.rows.map((r) => ({ register: r.register, id: r.id, regNo: r.reg_no, status: r.status })),
    units,
    users,
  };
}

export interface UnitPatch {
  code?: string;
  name?: string;
  nameEn?: string | null;
  type?: UnitType;
  parentId?: string;
  active?: boolean;
}

/** The unit, if the administrator may change it: inside their scope, and not their own scope's root. */
export async function unitToChange(db: Kysely<DB>, actor: StaffActor, id: string): Promise<UnitRow> {
  const unit = await getUnitInScope(db, actor, id);
  if (!unit) throw new AppError('NOT_FOUND');
  return unit;
}

/**
 * Applies a patch in one transaction. A move rewrites the materialised path and depth of the whole subtree (one
 * UPDATE on the path prefix), so scopes, subtree metrics and the rollups (kept per unit id) follow at once.
 */
export async function changeUnit(db: Kysely<DB>, actor: StaffActor, unit: UnitRow, patch: UnitPatch): Promise<{ unit: UnitRow; moved: number }> {
  const isRoot = unit.path === actor.scopePath;
  if (isRoot && (patch.parentId !== undefined || patch.active === false))
    throw new AppError('INVALID_TARGET_UNIT', { reason: 'your own scope’s root unit cannot be moved or deactivated here' });
  if (patch.code !== undefined && patch.code !== unit.code) {
    const taken = await db.selectFrom('units').select('id').where('code', '=', patch.code).executeTakeFirst();
    if (taken) throw new AppError('ALREADY_EXISTS', { field: 'code' }, { issues: [{ field: 'code', message: patch.code }] });
  }
  let parent: UnitRow | undefined;
  if (patch.parentId !== undefined && patch.parentId !== unit.parent_id) {
    parent = await getUnitInScope(db, actor, patch.parentId);
    if (!parent) throw new AppError('INVALID_TARGET_UNIT', { reason: 'parent not in your scope' });
    if (parent.path.startsWith(unit.path)) throw new AppError('INVALID_TARGET_UNIT', { reason: 'a unit cannot be moved under itself or its own sub-unit' });
    if (!parent.active)
      throw new AppError('UNIT_INACTIVE', { unit: parent.name });
  }
  if (patch.active === false) {
    const w = await openWorkOf(db, unit.id);
    if (w.cases.length + w.records.length + w.units.length + w.users.length > 0)
      throw new AppError(
        'UNIT_HAS_OPEN_WORK',
        { cases: w.cases.length, records: w.records.length, units: w.units.length, users: w.users.length },
        { openWork: w },
      );
  }
  if (patch.active === true && unit.parent_id) {
    const up = await db.selectFrom('units').select(['active', 'name']).where('id', '=', unit.parent_id).executeTakeFirstOrThrow();
    if (!up.active) throw new AppError('UNIT_INACTIVE', { unit: up.name });
  }
  return db.transaction().execute(async (tx) => {
    let moved = 0;
    if (parent) {
      const newPath = `${parent.path}${unit.id}/`;
      const shift = parent.depth + 1 - unit.depth;
      const r = await sql`UPDATE units SET path = ${newPath} || substr(path, ${unit.path.length + 1}), depth = depth + ${shift}
        WHERE path LIKE ${`${unit.path}%`}`.execute(tx);
      moved = Number(r.numAffectedRows ?? 0);
    }
    const row = await tx
      .updateTable('units')
      .set({
        ...(patch.code !== undefined ? { code: patch.code } : {}),
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.nameEn !== undefined ? { name_en: patch.nameEn } : {}),
        ...(patch.type !== undefined ? { type: patch.type } : {}),
        ...(parent ? { parent_id: parent.id } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
      })
      .where('id', '=', unit.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { unit: row, moved };
  });
}
