/**
 * The hash chain over audit_log (migration 0014_audit_chain.sql): sealing appends committed records to audit_chain,
 * verification recomputes every link. Verification builds the canonical text with its own copy of the expression
 * in audit_seal(), from PostgreSQL's built-in functions only, and hashes it here: a function replaced in the
 * database cannot make the check pass.
 */
import { createHash } from 'node:crypto';
import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';

export const GENESIS = '0'.repeat(64);

/** Seals every queued record (batches of `batch`); returns how many. With wait = false a busy sealer elsewhere means 0. */
export async function sealAudit(target: Kysely<DB> | Runner, opts: { batch?: number; wait?: boolean; maxBatches?: number } = {}): Promise<number> {
  const q = typeof target === 'function' ? target : runnerOf(target);
  const batch = opts.batch ?? 5000;
  let total = 0;
  for (let i = 0; i < (opts.maxBatches ?? Infinity); i++) {
    const r = await q('SELECT audit_seal($1::int, $2::boolean) AS n', [batch, opts.wait ?? true]);
    const n = Number(r.rows[0]?.n ?? 0);
    total += n;
    if (n < batch) break;
  }
  return total;
}

export type ChainProblem =
  | { kind: 'altered'; seq: string; auditId: string }
  | { kind: 'deleted'; seq: string; auditId: string }
  | { kind: 'gap'; afterSeq: string; beforeSeq: string }
  | { kind: 'link'; seq: string; auditId: string }
  | { kind: 'unqueued'; auditId: string }
  | { kind: 'lost'; auditId: string }
  | { kind: 'anchor'; seq: string; expected: string; found: string | null };

export interface ChainReport {
  ok: boolean;
  /** chain entries checked, first and last seq checked */
  checked: number;
  fromSeq: string | null;
  head: { seq: string; hash: string } | null;
  /** written, committed, not yet sealed (protected from their sealing on) */
  pending: number;
  oldestPendingAt: Date | null;
  problems: ChainProblem[];
  /** problems beyond the first `limit` are counted, not listed */
  moreProblems: number;
}

export function describeProblem(p: ChainProblem): string {
  switch (p.kind) {
    case 'altered':
      return `seq ${p.seq} (audit id ${p.auditId}): the record no longer matches its hash — altered (or records swapped) 记录被篡改`;
    case 'deleted':
      return `seq ${p.seq} (audit id ${p.auditId}): the record was deleted 记录被删除`;
    case 'gap':
      return `seq ${p.afterSeq} → ${p.beforeSeq}: chain entries between them are missing — records deleted 链条缺失`;
    case 'link':
      return `seq ${p.seq} (audit id ${p.auditId}): prev_hash is not the hash of the entry before it — a record inserted, removed or reordered before it 链接断裂`;
    case 'unqueued':
      return `audit id ${p.auditId}: neither sealed nor queued for sealing — inserted around the audit writer 记录未入链`;
    case 'lost':
      return `audit id ${p.auditId}: queued for sealing but the record is gone — an unsealed record was deleted 待封记录被删除`;
    case 'anchor':
      return `seq ${p.seq}: expected hash ${p.expected}, found ${p.found ?? 'no entry'} — the chain was rewritten after the anchor 锚点不符`;
  }
}

/** a parameterised query on some connection: Kysely's, or an owner's connection (tests, tools) */
export type Runner = (text: string, values?: unknown[]) => Promise<{ rows: any[] }>;
const runnerOf =
  (db: Kysely<DB>): Runner =>
  async (text, values = []) => ({ rows: [...(await db.executeQuery(CompiledQuery.raw(text, values))).rows] });

const CANON = `jsonb_build_array(a.id, (extract(epoch FROM a.at) * 1000000)::bigint, a.actor_user_id, a.actor_unit_id,
                 a.actor_kind, a.ip, a.action, a.entity_type, a.entity_id, a.data)::text`;

interface Entry {
  seq: string;
  audit_id: string;
  prev_hash: string;
  hash: string;
  canon: string;
  missing: boolean;
}

const hashOf = (prev: string, canon: string) => createHash('sha256').update(prev + canon, 'utf8').digest('hex');

/**
 * Recomputes the chain (from `fromSeq`, trusting the entry before it, or from the start) and checks that every
 * record is sealed or queued. `anchor` is a (seq, hash) an operator wrote down earlier: a chain rewritten from an
 * earlier point on fails it. Reads one snapshot (repeatable read) unless `db` is already a transaction.
 */
export async function verifyAuditChain(
  target: Kysely<DB> | Runner,
  opts: { fromSeq?: string | number; anchor?: { seq: string; hash: string }; limit?: number; batch?: number } = {},
): Promise<ChainReport> {
  if (typeof target !== 'function') {
    if (target.isTransaction) return verifyAuditChain(runnerOf(target), opts);
    return target.transaction().setIsolationLevel('repeatable read').execute((trx) => verifyAuditChain(runnerOf(trx), opts));
  }
  const q = target;
  const limit = opts.limit ?? 100;
  const batch = opts.batch ?? 10_000;
  const problems: ChainProblem[] = [];
  let more = 0;
  const report = (p: ChainProblem) => (problems.length < limit ? problems.push(p) : more++);
  const hashAt = async (seq: string): Promise<string | null> => (await q('SELECT hash FROM audit_chain WHERE seq = $1::bigint', [seq])).rows[0]?.hash ?? null;

  let from = opts.fromSeq !== undefined ? BigInt(opts.fromSeq) : 1n;
  if (from < 1n) from = 1n;
  // the trusted predecessor: the genesis, or the entry before fromSeq
  let prevSeq = from - 1n;
  let prevHash = GENESIS;
  if (prevSeq > 0n) {
    const p = await hashAt(String(prevSeq));
    if (p) prevHash = p;
    else report({ kind: 'gap', afterSeq: String(prevSeq - 1n), beforeSeq: String(from) });
  }
  let checked = 0;
  let last: { seq: string; hash: string } | null = null;
  let cursor = prevSeq;
  for (;;) {
    const rows = (await q(
      `SELECT c.seq::text AS seq, c.audit_id::text AS audit_id, c.prev_hash, c.hash, ${CANON} AS canon, a.id IS NULL AS missing
         FROM audit_chain c LEFT JOIN audit_log a ON a.id = c.audit_id
        WHERE c.seq > $1::bigint ORDER BY c.seq LIMIT ${Number(batch)}`,
      [String(cursor)],
    )).rows as Entry[];
    for (const e of rows) {
      const seq = BigInt(e.seq);
      if (seq !== prevSeq + 1n) report({ kind: 'gap', afterSeq: String(prevSeq), beforeSeq: e.seq });
      if (e.prev_hash !== prevHash) report({ kind: 'link', seq: e.seq, auditId: e.audit_id });
      if (e.missing) report({ kind: 'deleted', seq: e.seq, auditId: e.audit_id });
      else if (hashOf(e.prev_hash, e.canon) !== e.hash) report({ kind: 'altered', seq: e.seq, auditId: e.audit_id });
      // go on from the stored hash, so that one change is reported where it is and not at every later entry
      prevSeq = seq;
      prevHash = e.hash;
      last = { seq: e.seq, hash: e.hash };
      checked++;
    }
    if (rows.length < batch) break;
    cursor = prevSeq;
  }

  if (opts.anchor) {
    const found = await hashAt(opts.anchor.seq);
    if (found !== opts.anchor.hash) report({ kind: 'anchor', seq: opts.anchor.seq, expected: opts.anchor.hash, found });
  }

  // every record is sealed or queued, and every queued record exists
  const unqueued = await q(
    `SELECT a.id::text AS id FROM audit_log a
      WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.audit_id = a.id)
        AND NOT EXISTS (SELECT 1 FROM audit_pending p WHERE p.audit_id = a.id)
      ORDER BY a.id LIMIT ${limit + 1}`,
  );
  for (const r of unqueued.rows) report({ kind: 'unqueued', auditId: r.id });
  const lost = await q(
    `SELECT p.audit_id::text AS id FROM audit_pending p WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.id = p.audit_id)
      ORDER BY p.audit_id LIMIT ${limit + 1}`,
  );
  for (const r of lost.rows) report({ kind: 'lost', auditId: r.id });
  const pending = (await q(`SELECT count(*)::text AS n, min(a.at) AS oldest FROM audit_pending p JOIN audit_log a ON a.id = p.audit_id`)).rows[0];

  return {
    ok: problems.length === 0,
    checked,
    fromSeq: checked || prevSeq > 0n ? String(from) : null,
    head: last,
    pending: Number(pending?.n ?? 0),
    oldestPendingAt: pending?.oldest ? new Date(pending.oldest) : null,
    problems,
    moreProblems: more,
  };
}
