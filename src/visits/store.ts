import type { Selectable } from 'kysely';
import type { Deps } from '../workflow/deps.js';
import { registerScope } from '../workflow/register-query.js';
import { registerPaths, registerStore } from '../workflow/register-store.js';
import type { ReturnVisitsTable } from './tables.js';
import type { VisitContext } from './workflow.js';

export type VisitRow = Selectable<ReturnVisitsTable>;

export async function visitContext(deps: Deps, row: VisitRow): Promise<VisitContext> {
  const { officePath } = await registerPaths(deps.db, { office_unit_id: row.office_unit_id, unit_id: null });
  return { status: row.status, attempts: row.attempts, maxAttempts: row.max_attempts, officePath };
}

export const VISIT_SPEC = {
  entity: 'return_visit',
  table: 'return_visits',
  notFound: 'RECORD_NOT_FOUND' as const,
  // the office keeping the task or the unit whose handling is visited; never an accusation hidden from the actor
  scope: registerScope,
  context: (deps: Deps, row: VisitRow) => visitContext(deps, row),
};

export const VISIT_STORE = registerStore<VisitRow, VisitContext, Record<string, unknown>>(VISIT_SPEC);
