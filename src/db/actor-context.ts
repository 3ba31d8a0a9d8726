/**
 * Who is asking, told to PostgreSQL for the current transaction, so the row-level security of 0015_rls.sql can
 * shield an accuser (信访工作条例 第三十条) whatever query the code runs. The settings are transaction-local
 * (set_config(…, true)): they cannot leak to the next user of a pooled connection, and a query outside a
 * transaction that set them reads no personal rows at all (the policies fail closed).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './types.js';

export interface DbActor {
  kind: 'staff' | 'citizen' | 'system';
  /** staff */
  userId?: string;
  /** staff: materialised path of the actor's unit, e.g. '/1/4/' */
  unitPath?: string;
  /** citizen: the one case they proved */
  caseId?: string;
}

/** Sets the actor on a transaction (for the rest of it). */
export async function setDbActor(tx: Kysely<DB>, a: DbActor): Promise<void> {
  if (!tx.isTransaction) throw new Error('setDbActor needs a transaction: outside one the setting would end with the statement');
  await sql`SELECT set_config('minsheng.actor_kind', ${a.kind}, true), set_config('minsheng.actor_user_id', ${a.userId ?? ''}, true),
    set_config('minsheng.actor_unit_path', ${a.unitPath ?? ''}, true), set_config('minsheng.actor_case_id', ${a.caseId ?? ''}, true)`.execute(tx);
}

/**
 * Runs fn in a transaction that carries the actor: the caller's transaction when `db` is one (the actor then holds
 * for the rest of it), else a new one.
 */
export async function withDbActor<T>(db: Kysely<DB>, a: DbActor, fn: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    await setDbActor(db, a);
    return fn(db);
  }
  return db.transaction().execute(async (tx: Transaction<DB>) => {
    await setDbActor(tx, a);
    return fn(tx);
  });
}
