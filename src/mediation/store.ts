import type { Selectable } from 'kysely';
import type { Deps } from '../workflow/deps.js';
import { registerScope } from '../workflow/register-query.js';
import { registerPaths, registerStore } from '../workflow/register-store.js';
import type { DisputesTable } from './tables.js';
import type { DisputeContext } from './workflow.js';

export type DisputeRow = Selectable<DisputesTable>;

/** What the table's relations and guards read: the office's and committee's paths, the 第三十三条 window. */
export async function disputeContext(deps: Deps, row: DisputeRow, now: Date): Promise<DisputeContext> {
  const [paths, window] = await Promise.all([
    registerPaths(deps.db, row),
    deps.db
      .selectFrom('register_clocks')
      .select(['due_at'])
      .where('entity', '=', 'dispute')
      .where('entity_id', '=', row.id)
      .where('rule_key', '=', 'judicial_confirmation')
      .orderBy('started_at', 'desc')
      .executeTakeFirst(),
  ]);
  return {
    status: row.status,
    officePath: paths.officePath,
    committeePath: paths.unitPath,
    hasCase: row.case_id !== null,
    now,
    confirmationDue: window?.due_at ?? null,
    confirmationApplied: row.confirmation_applied_at !== null,
    confirmationDecided: row.confirmation_decided_at !== null,
  };
}

export const DISPUTE_SPEC = {
  entity: 'dispute',
  table: 'disputes',
  notFound: 'RECORD_NOT_FOUND' as const,
  scope: (actor: Parameters<typeof registerScope>[0]) => registerScope(actor),
  context: (deps: Deps, row: DisputeRow, _actor: unknown, now: Date) => disputeContext(deps, row, now),
};

export const DISPUTE_STORE = registerStore<DisputeRow, DisputeContext, Record<string, unknown>>(DISPUTE_SPEC);
