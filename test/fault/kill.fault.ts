/**
 * kill -9 under load (issue 9, "Fault tests"; docs/security.md "Fault tests"), on PGlite (a data directory on disk,
 * as `npm start`) and on PostgreSQL: the real server runs as a child process in its own process group; eight
 * clients register cases through the HTTP API, each with its own Idempotency-Key; the server is killed with SIGKILL
 * mid-load and started again on the same data. Every acknowledged registration must be there with its reg_no, and
 * retrying every unacknowledged request with its same key must leave exactly one case per key.
 *
 * A request the dead server had claimed (idempotency_keys row without a response) stays claimed for two minutes
 * (STALE_CLAIM_MS in src/http/idempotency.ts); the test ages those claims by three minutes before the restart, as
 * if the client retried three minutes later — the case where a second execution would make a duplicate.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CASES_OF_RUN_SQL, judge, RegistrationLoad } from './load.js';
import { Client, ownerQuery, ownPostgresDatabase, prepareDatabase, startServerProc, stopAllServers } from './proc.js';

afterAll(stopAllServers);

async function killUnderLoad(backend: 'pglite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-fault-kill-'));
  const pgdb = backend === 'postgres' ? await ownPostgresDatabase('minsheng_fault_kill') : undefined;
  const target = { dataDir, databaseUrl: pgdb?.url };
  try {
    await prepareDatabase(target);
    const first = await startServerProc(target);
    const client = await Client.login(first.url, 'intake');
    const load = new RegistrationLoad(client, `kill-${backend}`, 8);
    load.start();
    // well into the load: some requests are in flight at every moment
    await load.waitFor(40);
    await first.kill9();
    await load.stop();
    const atKill = { sent: load.sent, acked: load.acked.size, unanswered: load.unanswered.size, refused: load.refused.size };

    // while the server is down: what the dead process left claimed; then "three minutes later"
    const orphans = await ownerQuery(target, `UPDATE idempotency_keys SET created_at = created_at - interval '3 minutes' WHERE status IS NULL RETURNING key_hash`);

    // the same address, as after a restart by systemd: the clients keep their URL and session cookie
    const second = await startServerProc({ ...target, port: first.port });
    const retry = await load.retryUnacknowledged();
    await second.stop();

    const { rows } = await ownerQuery<{ id: string; reg_no: string; title: string }>(target, CASES_OF_RUN_SQL, [`故障测试${load.tag}第%`]);
    const verdict = judge(load, rows);
    console.log(
      `[fault] kill -9 under load (${backend}): ${atKill.sent} registrations sent, ${atKill.acked} acknowledged before the kill, ` +
        `${atKill.unanswered} unanswered, ${atKill.refused} refused; ${orphans.rowCount} idempotency claims left by the dead process; ` +
        `after restart ${retry.retried} retried with the same key (${retry.replayed} replayed, answers ${JSON.stringify(retry.statuses)}); ` +
        `stored ${verdict.stored} for ${verdict.acknowledged} keys: ${verdict.missing.length} acknowledged missing, ${verdict.duplicated.length} duplicated`,
    );
    expect(atKill.acked).toBeGreaterThanOrEqual(40);
    expect(verdict.missing).toEqual([]);
    expect(verdict.duplicated).toEqual([]);
    // every key sent is acknowledged now, each by exactly one case
    expect(load.acked.size).toBe(load.sent);
    expect(verdict.stored).toBe(load.sent);
  } finally {
    await stopAllServers();
    await pgdb?.release();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('kill -9 under load', () => {
  it('PGlite on disk: every acknowledged registration survives, retries with the same key make no second case', () => killUnderLoad('pglite'));
  it('PostgreSQL: every acknowledged registration survives, retries with the same key make no second case', () => killUnderLoad('postgres'));
});
