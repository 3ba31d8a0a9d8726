import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { AppError } from '../core/errors.js';
import type { DB } from '../db/types.js';
import type { Actor, StaffActor } from '../org/actor.js';
import { hiddenAccusation } from '../workflow/register-query.js';

/**
 * The one scoping rule for reading cases. A staff actor sees a case when a unit that has a part in it lies in the
 * actor's scope, EXCEPT an accusation (检举控告) is invisible to the accused unit's subtree and to accused staff:
 * 信访工作条例 第三十条 — accusation materials must never reach the accused.
 */
export function scopeToActor<O>(qb: SelectQueryBuilder<DB, 'cases', O>, actor: StaffActor): SelectQueryBuilder<DB, 'cases', O> {
  return qb
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('case_units')
          .innerJoin('units', 'units.id', 'case_units.unit_id')
          .select(sql.lit(1).as('one'))
          .whereRef('case_units.case_id', '=', 'cases.id')
          .where('units.path', 'like', `${actor.scopePath}%`),
      ),
    )
    .where(accusedCannotSee(actor));
}

export function accusedCannotSee(actor: StaffActor) {
  return sql<boolean>`NOT ${hiddenAccusation(actor, 'cases')}`;
}

export type CaseRow = Awaited<ReturnType<typeof selectCase>>;

function selectCase(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('cases')
    .innerJoin('units as intake', 'intake.id', 'cases.intake_unit_id')
    .selectAll('cases')
    .select(['intake.path as intake_path', 'intake.name as intake_name'])
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Loads a case the actor may see, or answers CASE_NOT_FOUND (never "forbidden": existence is not disclosed). */
export async function loadCaseFor(db: Kysely<DB>, actor: Actor, caseId: string): Promise<CaseRow> {
  if (!UUID.test(caseId)) throw new AppError('CASE_NOT_FOUND');
  if (actor.kind === 'citizen' && actor.caseId !== caseId) throw new AppError('CASE_NOT_FOUND');
  let qb = db
    .selectFrom('cases')
    .innerJoin('units as intake', 'intake.id', 'cases.intake_unit_id')
    .selectAll('cases')
    .select(['intake.path as intake_path', 'intake.name as intake_name'])
    .where('cases.id', '=', caseId);
  if (actor.kind === 'staff') qb = scopeToActor(qb, actor);
  const row = await qb.executeTakeFirst();
  if (!row) throw new AppError('CASE_NOT_FOUND');
  return row;
}
