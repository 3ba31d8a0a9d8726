import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { allocateDocNumber } from '../workflow/doc-numbers.js';

const PREFIX = { notice: '督', bulletin: '督通' } as const;

/** A document number per office, kind and year (督〔2026〕17号, 督通〔2026〕3号), allocated in the caller's transaction. */
export async function allocateNumber(tx: Transaction<DB>, officeUnitId: string, kind: keyof typeof PREFIX, at: Date): Promise<string> {
  return (await allocateDocNumber(tx, officeUnitId, `supervision.${kind}`, PREFIX[kind], at)).docNo;
}
