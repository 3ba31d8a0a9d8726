/**
 * `minsheng audit verify [--from SEQ] [--anchor SEQ:HASH] | seal`: the operator's commands for the hash chain.
 * verify exits 1 and names every broken entry (seq, audit id, what) when anything was altered, deleted, inserted or
 * reordered; 0 with a summary line and the head (seq and hash, worth writing down as the next anchor) otherwise.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { describeProblem, sealAudit, verifyAuditChain, type Runner } from './chain.js';

const USAGE = 'usage: minsheng audit verify [--from SEQ] [--anchor SEQ:HASH] | seal';

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export async function runAuditCommand(db: Kysely<DB> | Runner, argv: string[], log: (s: string) => void): Promise<number> {
  const [sub, ...rest] = argv;
  const t0 = performance.now();
  switch (sub) {
    case 'seal': {
      const n = await sealAudit(db);
      log(`sealed ${n} audit records into the chain`);
      return 0;
    }
    case 'verify': {
      const from = option(rest, '--from');
      const anchorArg = option(rest, '--anchor');
      if ((from !== undefined && !/^\d+$/.test(from)) || (anchorArg !== undefined && !/^\d+:[0-9a-f]{64}$/.test(anchorArg))) {
        log(USAGE);
        return 2;
      }
      const anchor = anchorArg ? { seq: anchorArg.split(':')[0]!, hash: anchorArg.split(':')[1]! } : undefined;
      const r = await verifyAuditChain(db, { fromSeq: from, anchor });
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      for (const p of r.problems) log(`  ${describeProblem(p)}`);
      if (r.moreProblems) log(`  … and ${r.moreProblems} more`);
      const pending = r.pending ? `; ${r.pending} written and not yet sealed (oldest ${r.oldestPendingAt?.toISOString()}), protected once sealed` : '';
      if (!r.ok) {
        log(`audit verify: FAILED — ${r.problems.length + r.moreProblems} problem(s) in ${r.checked} chain entries${pending}`);
        return 1;
      }
      const range = r.head ? `seq ${r.fromSeq}…${r.head.seq}` : 'no entries';
      log(`audit verify: OK — ${r.checked} records chained (${range}), every record sealed or queued${pending} (${secs} s)`);
      if (r.head) log(`head: ${r.head.seq}:${r.head.hash}  (keep it: --anchor ${r.head.seq}:${r.head.hash} proves later that nothing before it was rewritten)`);
      return 0;
    }
    default:
      log(USAGE);
      return 2;
  }
}
