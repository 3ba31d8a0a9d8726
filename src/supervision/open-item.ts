/**
 * Opening a supervision item from anywhere: an overdue case step, repeated returns, an unsatisfied result, a return
 * visit, an overdue or major hazard, an unperformed mediation agreement, or a supervisor by hand. It runs in the
 * caller's transaction, so the item commits together with what caused it, and it is idempotent: while an item with
 * the same dedup key is open (open / notified / responded), no second one is opened (a partial unique index holds
 * this even when two nodes race).
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import type { Actor, RequestMeta } from '../org/actor.js';
import { writeAudit } from '../audit/audit.js';
import { appendEvent } from '../cases/events.js';
import type { Deps } from '../workflow/deps.js';
import { appendRegisterEvent } from '../workflow/register-store.js';
import { isOpenSupervision, type SupervisionLevel, type SupervisionSource } from './tables.js';

export type { SupervisionSource } from './tables.js';

export interface OpenItemInput {
  source: SupervisionSource;
  /** the petition, if any */
  caseId?: string | null;
  /** the register record it is about, if any */
  subject?: { entity: 'return_visit' | 'dispute' | 'hazard'; id: string } | null;
  /** the supervised (responsible) unit */
  unitId: string;
  /** the unit keeping the supervision register */
  officeUnitId: string;
  /** shown as the item's headline */
  reason: string;
  /** while an item with this key is open, no second one is opened */
  dedupKey: string;
  level?: SupervisionLevel;
}

const OPEN = isOpenSupervision();

export async function openSupervisionItem(
  tx: Transaction<DB>,
  _deps: Deps,
  actor: Actor,
  input: OpenItemInput,
  at: Date,
  meta: RequestMeta = {},
): Promise<{ id: string; created: boolean }> {
  const existing = await sql<{ id: string }>`SELECT id FROM supervision_items WHERE dedup_key = ${input.dedupKey} AND ${OPEN}`.execute(tx);
  if (existing.rows[0]) return { id: existing.rows[0].id, created: false };
  const inserted = await sql<{ id: string }>`INSERT INTO supervision_items
      (status, office_unit_id, unit_id, case_id, subject_entity, subject_id, source, reason, dedup_key, level, created_by, created_at, updated_at)
    VALUES ('open', ${input.officeUnitId}, ${input.unitId}, ${input.caseId ?? null}, ${input.subject?.entity ?? null}, ${input.subject?.id ?? null},
      ${input.source}, ${input.reason}, ${input.dedupKey}, ${input.level ?? 'routine'}, ${actor.kind === 'staff' ? actor.userId : null}, ${at}, ${at})
    ON CONFLICT (dedup_key) WHERE status IN ('open', 'notified', 'responded') DO NOTHING
    RETURNING id`.execute(tx);
  const id = inserted.rows[0]?.id;
  if (!id) {
    // another transaction opened it between our check and our insert
    const again = await sql<{ id: string }>`SELECT id FROM supervision_items WHERE dedup_key = ${input.dedupKey} AND ${OPEN}`.execute(tx);
    return { id: again.rows[0]!.id, created: false };
  }
  const data = { source: input.source, reason: input.reason, unitId: input.unitId, caseId: input.caseId ?? null, subject: input.subject ?? null };
  await appendRegisterEvent(tx, actor, { entity: 'supervision', entityId: id, type: 'open', from: null, to: 'open', data, at });
  await writeAudit(tx, actor, meta, { action: 'supervision.open', entityType: 'supervision', entityId: id, data });
  if (input.caseId) {
    await appendEvent(tx, actor, { caseId: input.caseId, type: 'supervision_opened', public: false, data: { supervisionId: id, source: input.source, reason: input.reason }, at });
  }
  return { id, created: true };
}
