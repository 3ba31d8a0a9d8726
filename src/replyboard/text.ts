/** The public text of a publication: the staff-edited source redacted against the parties known to the case. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Actor } from '../org/actor.js';
import { withActor } from '../cases/petitioner-access.js';
import { personalDataLeft, redact, type Leftover, type PartyData } from './redact.js';
import type { PublicationRedaction, PublicationSource } from './tables.js';

const FIELDS = ['title', 'summary', 'reply'] as const;

/** The case's parties (petitioner, representatives): their names are redacted and the guard looks for their data. */
export async function partiesOf(db: Kysely<DB>, actor: Actor, caseId: string): Promise<PartyData[]> {
  const rows = await withActor(db, actor, (tx) =>
    tx
      .selectFrom('case_parties')
      .innerJoin('petitioners', 'petitioners.id', 'case_parties.petitioner_id')
      .select(['petitioners.name', 'petitioners.phone', 'petitioners.id_number'])
      .where('case_parties.case_id', '=', caseId)
      .execute(),
  );
  return rows.map((r) => ({ name: r.name, phone: r.phone, idNumber: r.id_number }));
}

export interface PublicText {
  title: string;
  summary: string;
  reply: string;
  redactions: PublicationRedaction[];
  /** what of the parties' data the public text still holds (the approval guard refuses while any is left) */
  leftover: Leftover[];
}

export function publicText(source: PublicationSource, parties: readonly PartyData[], keep: readonly string[]): PublicText {
  const names = parties.map((p) => p.name).filter((n): n is string => !!n);
  const out = { title: '', summary: '', reply: '' };
  const redactions: PublicationRedaction[] = [];
  for (const f of FIELDS) {
    const r = redact(source[f], { names, keep });
    out[f] = r.text;
    redactions.push(...r.redactions.map((x) => ({ field: f, ...x })));
  }
  return { ...out, redactions, leftover: personalDataLeft(out, parties) };
}

/** A text[] value for an insert or update (the terms kept). */
export const textArray = (items: readonly string[]) => sql`${`{${items.map((k) => `"${k.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[]`;

/** The columns a proposal or revision writes: the source, the terms kept, the public text and what was redacted. */
export const textColumns = (source: PublicationSource, keep: readonly string[], shown: PublicText) => ({
  source: JSON.stringify(source),
  keep_terms: textArray(keep),
  public_title: shown.title,
  public_summary: shown.summary,
  public_reply: shown.reply,
  redactions: JSON.stringify(shown.redactions),
});
