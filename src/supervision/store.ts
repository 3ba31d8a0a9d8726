import type { Selectable } from 'kysely';
import { registerStore } from '../workflow/register-store.js';
import { registerScope } from '../workflow/register-query.js';
import type { Deps } from '../workflow/deps.js';
import type { SupervisionItemsTable } from './tables.js';
import type { SupervisionContext } from './workflow.js';

export type SupervisionRow = Selectable<SupervisionItemsTable>;

export async function supervisionContext(deps: Deps, row: SupervisionRow): Promise<SupervisionContext> {
  const units = await deps.db.selectFrom('units').select(['id', 'path']).where('id', 'in', [row.office_unit_id, row.unit_id]).execute();
  const pathOf = (id: string) => units.find((u) => String(u.id) === String(id))?.path ?? '/none/';
  return { status: row.status, level: row.level, officePath: pathOf(row.office_unit_id), unitPath: pathOf(row.unit_id) };
}

export const SUPERVISION_SPEC = {
  entity: 'supervision',
  table: 'supervision_items',
  notFound: 'RECORD_NOT_FOUND' as const,
  scope: registerScope,
  context: (deps: Deps, row: SupervisionRow) => supervisionContext(deps, row),
};

export const SUPERVISION_STORE = registerStore<SupervisionRow, SupervisionContext, Record<string, unknown>>(SUPERVISION_SPEC);
