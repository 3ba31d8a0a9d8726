import type { Selectable } from 'kysely';
import type { Actor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { registerScope } from '../workflow/register-query.js';
import { registerPaths, registerStore } from '../workflow/register-store.js';
import type { HazardsTable } from './tables.js';
import type { HazardContext } from './workflow.js';

export type HazardRow = Selectable<HazardsTable>;

export const ENTITY = 'hazard';
export const TABLE = 'hazards';

/**
 * What the relations and guards read: the office's and responsible unit's paths, the rectified-site photos, and for
 * the on-site check whether this actor recorded the rectification or works in the responsible unit (a user moved
 * out of the unit since is still not "another person" for their own work).
 */
export async function hazardContext(deps: Deps, row: HazardRow, actor: Actor): Promise<HazardContext> {
  const [{ officePath, unitPath }, photos] = await Promise.all([
    registerPaths(deps.db, row),
    deps.db
      .selectFrom('hazard_photos')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('hazard_id', '=', row.id)
      .where('stage', '=', 'rectified')
      .where('round', '=', row.verify_failures)
      .executeTakeFirst(),
  ]);
  const staff = actor.kind === 'staff' ? actor : null;
  return {
    status: row.status,
    grade: row.grade,
    officePath,
    unitPath,
    rectifiedPhotos: Number(photos?.n ?? 0),
    actorRecordedRectification: staff !== null && row.rectified_by !== null && row.rectified_by === staff.userId,
    actorInUnit: staff !== null && unitPath !== null && staff.unitPath.startsWith(unitPath),
  };
}

export const HAZARD_SPEC = {
  entity: ENTITY,
  table: TABLE,
  notFound: 'RECORD_NOT_FOUND' as const,
  scope: (actor: Parameters<typeof registerScope>[0]) => registerScope(actor),
  context: (deps: Deps, row: HazardRow, actor: Actor) => hazardContext(deps, row, actor),
};

export const HAZARD_STORE = registerStore<HazardRow, HazardContext, Record<string, unknown>>(HAZARD_SPEC);
