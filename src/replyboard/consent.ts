/**
 * The citizen's consent to publish the matter and its reply anonymised (问政回复). Given at intake — the portal form
 * or the staff registration form, default no — and stored with the case: yes or no, when, on which channel. The
 * citizen withdraws it with the tracking code and query code (perform.ts: withdrawal unpublishes at once).
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.js';

export interface ConsentView {
  consent: boolean;
  givenAt: Date | null;
  channel: string | null;
  withdrawnAt: Date | null;
}

/** Records the answer given at intake, in the registering transaction. No answer: no row, which reads as no. */
export async function recordIntakeConsent(tx: Transaction<DB>, e: { caseId: string; consent: boolean | undefined; channel: string; at: Date }): Promise<void> {
  if (e.consent === undefined) return;
  await tx.insertInto('case_publication_consents').values({ case_id: e.caseId, consent: e.consent, given_at: e.at, channel: e.channel }).execute();
}

export async function consentOf(db: Kysely<DB> | Transaction<DB>, caseId: string): Promise<ConsentView> {
  const r = await db.selectFrom('case_publication_consents').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (!r) return { consent: false, givenAt: null, channel: null, withdrawnAt: null };
  return { consent: r.consent && r.withdrawn_at === null, givenAt: r.given_at, channel: r.channel, withdrawnAt: r.withdrawn_at };
}
