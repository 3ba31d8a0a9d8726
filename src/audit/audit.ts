import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import type { Actor, RequestMeta } from '../org/actor.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

/** Append-only audit trail: who (user, unit, kind), when, from where, what. */
export async function writeAudit(db: Kysely<DB> | Transaction<DB>, actor: Actor, meta: RequestMeta, entry: AuditEntry) {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: actor.kind === 'staff' ? actor.userId : null,
      actor_unit_id: actor.kind === 'staff' ? actor.unitId : null,
      actor_kind: actor.kind,
      ip: meta.ip ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      data: JSON.stringify(entry.data ?? {}),
    })
    .execute();
}
