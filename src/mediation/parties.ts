/**
 * The parties to a dispute: their personal data lives in the petitioners table (as for a petition) and is read the
 * same way as a case's parties (cases/petitioner-access.ts): masked for everyone, unmasked only on an explicit
 * reveal by a role whose work needs it (PERSONAL_DATA_ROLES: the mediator must call the parties), and that read is
 * audited. Parties are reached only through their dispute: there is no list of people.
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/types.js';
import { writeAudit } from '../audit/audit.js';
import { assertMayReveal, personView, withActor, type PersonView } from '../cases/petitioner-access.js';
import { personInput } from '../cases/register-case.js';
import type { Actor, RequestMeta } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { PARTY_ROLES, type PartyRole } from './tables.js';

export const partyInput = personInput.extend({
  role: z.enum(PARTY_ROLES).describe('applicant (申请人), respondent (被申请人) or other (其他当事人)'),
});
export type PartyInput = z.infer<typeof partyInput>;

export interface DisputePartyView extends PersonView {
  role: PartyRole;
}

/** Stores new parties (petitioners rows) and links existing petitioners rows (a petition's petitioner) to a dispute. */
export async function addParties(
  tx: Transaction<DB>,
  disputeId: string,
  people: PartyInput[],
  existing: Array<{ petitionerId: string; role: PartyRole }> = [],
): Promise<void> {
  let seq = 0;
  for (const e of existing) await tx.insertInto('dispute_parties').values({ dispute_id: disputeId, petitioner_id: e.petitionerId, role: e.role, seq: ++seq }).execute();
  for (const p of people) {
    const person = await tx
      .insertInto('petitioners')
      .values({ name: p.name, id_number: p.idNumber ?? null, phone: p.phone ?? null, address: p.address ?? null, email: p.email ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('dispute_parties').values({ dispute_id: disputeId, petitioner_id: person.id, role: p.role, seq: ++seq }).execute();
  }
}

/** Counts by role, for events and audit rows (never names). */
export const partyCounts = (roles: PartyRole[]) => Object.fromEntries(PARTY_ROLES.map((r) => [r, roles.filter((x) => x === r).length]));

/**
 * The parties of a dispute the caller has already loaded through the register's scope. Masked unless `reveal`,
 * which needs a PERSONAL_DATA_ROLES role and writes an audit row.
 */
export async function readDisputeParties(deps: Deps, actor: Actor, meta: RequestMeta, disputeId: string, opts: { reveal?: boolean } = {}): Promise<DisputePartyView[]> {
  const reveal = opts.reveal === true;
  if (reveal) assertMayReveal(actor);
  // in a transaction that names the actor (petitioners is shielded, 0015_rls.sql), with the reveal's audit row
  const rows = await withActor(deps.db, actor, async (tx) => {
    const found = await tx
      .selectFrom('dispute_parties')
      .innerJoin('petitioners', 'petitioners.id', 'dispute_parties.petitioner_id')
      .select(['dispute_parties.role', 'petitioners.name', 'petitioners.id_number', 'petitioners.phone', 'petitioners.address', 'petitioners.email'])
      .where('dispute_parties.dispute_id', '=', disputeId)
      .orderBy('dispute_parties.seq')
      .execute();
    if (reveal) await writeAudit(tx, actor, meta, { action: 'petitioner.read', entityType: 'dispute', entityId: disputeId, data: { parties: found.length } });
    return found;
  });
  return rows.map((r) => ({ role: r.role, ...personView(r, reveal) }));
}
