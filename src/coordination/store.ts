import { sql, type Selectable } from 'kysely';
import type { Actor, StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { hiddenAccusation } from '../workflow/register-query.js';
import { registerPaths, registerStore } from '../workflow/register-store.js';
import type { CoordinationItemsTable } from './tables.js';
import type { CoordinationContext } from './workflow.js';

export type CoordinationRow = Selectable<CoordinationItemsTable>;

export const ENTITY = 'coordination';
export const TABLE = 'coordination_items';
export const DECISION_CLOCK = 'coordination_decision';

/**
 * Who sees an item: the convening office, the designated unit or any unit involved lies in the actor's subtree — and
 * never when the case is an accusation hidden from the actor (信访工作条例 第三十条), even if the accused unit is involved.
 * The same rule as registerScope, with the involved units (an array column) added.
 */
export const coordinationScope = (actor: StaffActor) =>
  sql<boolean>`(EXISTS (SELECT 1 FROM units su WHERE (su.id IN (t.office_unit_id, t.unit_id) OR su.id = ANY (t.unit_ids)) AND su.path LIKE ${`${actor.scopePath}%`})
    AND NOT EXISTS (SELECT 1 FROM cases sc WHERE sc.id = t.case_id AND ${hiddenAccusation(actor, 'sc')}))`;

export async function coordinationContext(deps: Deps, row: CoordinationRow, actor: Actor): Promise<CoordinationContext> {
  const [{ officePath }, tasks] = await Promise.all([
    registerPaths(deps.db, row),
    deps.db
      .selectFrom('coordination_tasks')
      .innerJoin('units', 'units.id', 'coordination_tasks.unit_id')
      .select(['coordination_tasks.status', 'units.path'])
      .where('coordination_tasks.item_id', '=', row.id)
      .execute(),
  ]);
  const mine = actor.kind === 'staff' ? tasks.filter((k) => actor.unitPath.startsWith(k.path)) : [];
  return {
    status: row.status,
    officePath,
    tasks: tasks.length,
    openTasks: tasks.filter((k) => k.status === 'open').length,
    actorTasks: mine.length,
    actorOpenTasks: mine.filter((k) => k.status === 'open').length,
  };
}

export const COORDINATION_SPEC = {
  entity: ENTITY,
  table: TABLE,
  notFound: 'RECORD_NOT_FOUND' as const,
  scope: coordinationScope,
  context: (deps: Deps, row: CoordinationRow, actor: Actor) => coordinationContext(deps, row, actor),
};

export const COORDINATION_STORE = registerStore<CoordinationRow, CoordinationContext, Record<string, unknown>>(COORDINATION_SPEC);
