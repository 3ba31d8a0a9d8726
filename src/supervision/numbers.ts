import { sql, type Transaction } from 'kysely';
import { cstDateOf } from '../calendar/dates.js';
import type { DB } from '../db/types.js';

const PREFIX = { notice: '督', bulletin: '督通' } as const;

/** A document number per office, kind and year (督〔2026〕17号, 督通〔2026〕3号), allocated in the caller's transaction. */
export async function allocateNumber(tx: Transaction<DB>, officeUnitId: string, kind: keyof typeof PREFIX, at: Date): Promise<string> {
  const year = Number(cstDateOf(at).slice(0, 4));
  const r = await sql<{ n: number }>`INSERT INTO supervision_counters (office_unit_id, kind, year, n) VALUES (${officeUnitId}, ${kind}, ${year}, 1)
    ON CONFLICT (office_unit_id, kind, year) DO UPDATE SET n = supervision_counters.n + 1 RETURNING n`.execute(tx);
  return `${PREFIX[kind]}〔${year}〕${r.rows[0]!.n}号`;
}
