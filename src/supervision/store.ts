import type { Selectable } from 'kysely';
import { registerPaths, registerStore } from '../workflow/register-store.js';
import { registerScope } from '../workflow/register-query.js';
import type { Deps } from '../workflow/deps.js';
import type { SupervisionItemsTable } from './tables.js';
import type { SupervisionContext } from './workflow.js';

export type SupervisionRow = Selectable<SupervisionItemsTable>;

export async function supervisionContext(deps: Deps, row: SupervisionRow): Promise<SupervisionContext> {
  const { officePath, unitPath } = await registerPaths(deps.db, row);
  return { status: row.status, level: row.level, officePath, unitPath: unitPath ?? '/none/' };
}

export const SUPERVISION_SPEC = {
  entity: 'supervision',
  table: 'supervision_items',
  notFound: 'RECORD_NOT_FOUND' as const,
  scope: registerScope,
  context: (deps: Deps, row: SupervisionRow) => supervisionContext(deps, row),
};

export const SUPERVISION_STORE = registerStore<SupervisionRow, SupervisionContext, Record<string, unknown>>(SUPERVISION_SPEC);
