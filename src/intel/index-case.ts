import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { dupKeyNumbers, fingerprint, type DupFingerprint } from '../text/duplicates.js';
import { decodeSignature, encodeSignature } from '../text/minhash.js';
import { searchDocument } from '../text/tokenize.js';

export interface IndexableCase {
  id: string;
  title: string;
  content: string;
  location: string | null;
  received_at: Date;
}

export const encodeFingerprint = (fp: DupFingerprint) => ({ body: encodeSignature(fp.body), title: fp.title ? encodeSignature(fp.title) : null });
export const decodeFingerprint = (j: { body: string; title: string | null }): DupFingerprint => ({
  body: decodeSignature(j.body),
  title: j.title ? decodeSignature(j.title) : null,
});

/**
 * Indexes a case for search (jieba tokens → tsvector 'simple', identical on PGlite and a server) and for
 * near-duplicate lookup (MinHash LSH band keys in case_dup_keys). Called in the registering transaction.
 */
export async function indexCase(db: Kysely<DB> | Transaction<DB>, c: IndexableCase): Promise<void> {
  const doc = searchDocument([c.title, c.content, c.location ?? ''].join(' '));
  const fp = fingerprint({ title: c.title, content: c.content });
  await db
    .updateTable('cases')
    .set({
      search_vector: sql`to_tsvector('simple', ${doc})`,
      dup_fingerprint: JSON.stringify(encodeFingerprint(fp)),
    })
    .where('id', '=', c.id)
    .execute();
  await db.deleteFrom('case_dup_keys').where('case_id', '=', c.id).execute();
  const keys = [...new Set(dupKeyNumbers(fp))];
  if (keys.length > 0)
    await db
      .insertInto('case_dup_keys')
      .values(keys.map((k) => ({ band_key: String(k), case_id: c.id, received_at: c.received_at })))
      .execute();
}
