import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import type { Actor } from '../org/actor.js';
import { transitionFor } from './lifecycle.js';

/** Event types beyond the transitions themselves (each transition's action is also an event type). */
export const SYSTEM_EVENTS = [
  'clock_warning',
  'clock_overdue',
  'attachment_added',
  'duplicate_merged_in', // another submission about this matter joined this case's timeline
  'linked_in', // a repeat submission above was linked to this case (第十九条第三款)
  'auto_not_accepted', // refused automatically: same request after re-review (第三十六条)
  'imported', // registered from a spreadsheet import; data keeps the source record's status, result and dates (src/interop/import-run.ts)
  'open311_update', // a note pushed by an Open311 client (servicerequestupdates); never changes the state (src/open311/updates.ts)
  'document_generated', // a statutory document was issued (a new version and 文号 each time; src/documents/generate.ts)
  'take_charge', // a unit head took personal charge of the case (包案; src/reception/charge.ts); never changes the state
  'release_charge', // …and gave it up
  'publication_proposed', // the office proposed the matter for the public reply board (src/replyboard/propose.ts)
  'publication_published', // …a second person approved it: published anonymised
  'publication_ended', // …unpublished, rejected, or withdrawn with the citizen's consent
  'publication_consent_withdrawn', // the citizen withdrew consent to publication on the portal
] as const;

export interface EventInput {
  caseId: string;
  type: string;
  from?: string | null;
  to?: string | null;
  public?: boolean;
  data?: Record<string, unknown>;
  at?: Date;
}

export async function appendEvent(db: Kysely<DB> | Transaction<DB>, actor: Actor, e: EventInput): Promise<void> {
  await db
    .insertInto('case_events')
    .values({
      case_id: e.caseId,
      type: e.type,
      from_status: e.from ?? null,
      to_status: e.to ?? null,
      actor_user_id: actor.kind === 'staff' ? actor.userId : null,
      actor_unit_id: actor.kind === 'staff' ? actor.unitId : null,
      public: e.public ?? transitionFor(e.type)?.public ?? false,
      data: JSON.stringify(e.data ?? {}),
      ...(e.at ? { at: e.at } : {}),
    })
    .execute();
}
