import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { registerCase } from '../cases/register-case.js';

/**
 * Cases that came from another system carry that system's id (case_external_refs, 0017_interop.sql). Pulling or
 * importing the same record twice must find the case, not register a second one — also when two pulls race: the
 * reference is inserted in the registration's transaction, and the loser of a race rolls its whole registration back.
 */
export interface ExternalRegistered {
  caseId: string;
  regNo: string;
  /** false: the record was already here (an earlier pull or import); nothing was written */
  created: boolean;
}

class AlreadyHere extends Error {}

export async function caseIdForExternal(db: Kysely<DB> | Transaction<DB>, source: string, externalId: string): Promise<string | undefined> {
  const row = await db.selectFrom('case_external_refs').select('case_id').where('source', '=', source).where('external_id', '=', externalId).executeTakeFirst();
  return row?.case_id;
}

export async function externalRefsOf(db: Kysely<DB> | Transaction<DB>, caseId: string): Promise<{ source: string; externalId: string }[]> {
  const rows = await db.selectFrom('case_external_refs').select(['source', 'external_id']).where('case_id', '=', caseId).orderBy('created_at').execute();
  return rows.map((r) => ({ source: r.source, externalId: r.external_id }));
}

async function existing(db: Kysely<DB>, source: string, externalId: string): Promise<ExternalRegistered | undefined> {
  const row = await db
    .selectFrom('case_external_refs as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .select(['c.id', 'c.reg_no'])
    .where('r.source', '=', source)
    .where('r.external_id', '=', externalId)
    .executeTakeFirst();
  return row ? { caseId: row.id, regNo: row.reg_no, created: false } : undefined;
}

/** Register a matter from another system once: the same (source, externalId) answers the case already registered. */
export async function registerExternal(
  deps: Deps,
  args: UseCaseArgs & {
    source: string;
    externalId: string;
    input: unknown;
    intakeUnitId: string;
    /** more writes of the caller that must commit with the case or not at all (an import's row record, its routing) */
    inTx?: (tx: Transaction<DB>, caseId: string) => Promise<void>;
  },
): Promise<ExternalRegistered> {
  const { source, externalId } = args;
  if (!source || !externalId) throw new Error('registerExternal needs a source and an external id');
  const before = await existing(deps.db, source, externalId);
  if (before) return before;
  try {
    const r = await registerCase(deps, {
      actor: args.actor,
      meta: args.meta,
      lang: args.lang,
      input: args.input,
      intakeUnitId: args.intakeUnitId,
      inTx: async (tx, caseId) => {
        const ins = await sql<{ case_id: string }>`
          INSERT INTO case_external_refs (source, external_id, case_id) VALUES (${source}, ${externalId}, ${caseId})
          ON CONFLICT (source, external_id) DO NOTHING RETURNING case_id`.execute(tx);
        // someone registered it between our look and our insert: undo this registration and answer theirs
        if (ins.rows.length === 0) throw new AlreadyHere();
        if (args.inTx) await args.inTx(tx, caseId);
      },
    });
    return { caseId: r.id, regNo: r.regNo, created: true };
  } catch (e) {
    if (!(e instanceof AlreadyHere)) throw e;
    const after = await existing(deps.db, source, externalId);
    if (!after) throw new Error(`external reference ${source}:${externalId} vanished`);
    return after;
  }
}
