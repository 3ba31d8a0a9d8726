import { sql, type Kysely, type Transaction } from 'kysely';
import { cstDateOf } from '../calendar/dates.js';
import type { BigRef, DB } from '../db/types.js';

export interface DocNumberCountersTable {
  office_unit_id: BigRef;
  kind: string;
  year: number;
  n: number;
}

declare module '../db/types.js' {
  interface DB {
    doc_number_counters: DocNumberCountersTable;
  }
}

/**
 * The next 文号 of an issuing unit for a kind of document in the year of `at` (CST): `${prefix}〔2026〕17号`. Taken in
 * the caller's transaction by an upsert on (unit, kind, year), so concurrent issuers get consecutive numbers and a
 * rolled-back issue gives its number back. Used by supervision (督〔2026〕17号) and the statutory documents.
 */
export async function allocateDocNumber(tx: Transaction<DB> | Kysely<DB>, officeUnitId: string, kind: string, prefix: string, at: Date): Promise<{ docNo: string; year: number; n: number }> {
  const year = Number(cstDateOf(at).slice(0, 4));
  const r = await sql<{ n: number }>`INSERT INTO doc_number_counters (office_unit_id, kind, year, n) VALUES (${officeUnitId}, ${kind}, ${year}, 1)
    ON CONFLICT (office_unit_id, kind, year) DO UPDATE SET n = doc_number_counters.n + 1 RETURNING n`.execute(tx);
  const n = r.rows[0]!.n;
  return { docNo: `${prefix}〔${year}〕${n}号`, year, n };
}
