/**
 * PostgreSQL restarted under load (issue 9, "Fault tests"; docs/security.md "Fault tests"). On a PRIVATE
 * PostgreSQL instance (initdb into a temporary directory; the machine's cluster is shared by other tests): the real
 * server runs as a child process while clients register cases; PostgreSQL is stopped (fast shutdown: every
 * connection is cut), /api/health must then answer an error, PostgreSQL is started again, and the same server
 * process — never restarted — must report healthy again by itself and go on registering. Every acknowledged
 * registration must be stored, and retrying the refused and unanswered ones with their keys makes one case each.
 * Claims of requests that failed with the database stay for two minutes (STALE_CLAIM_MS, src/http/idempotency.ts):
 * the test ages them by three minutes before retrying, as if the clients retried three minutes later.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CASES_OF_RUN_SQL, judge, RegistrationLoad } from './load.js';
import { Client, createDatabase, health, ownerQuery, prepareDatabase, startPrivatePg, startServerProc, stopAllServers, type PrivatePg } from './proc.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let instance: PrivatePg | undefined;

afterAll(async () => {
  await stopAllServers();
  await instance?.destroy();
});

it('PostgreSQL restarted under load: unhealthy while down, recovers without a server restart, no acknowledged write lost', async () => {
  instance = await startPrivatePg();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-fault-pgrestart-'));
  try {
    const { url } = await createDatabase(instance.url(), 'minsheng_fault_restart');
    const target = { dataDir, databaseUrl: url };
    await prepareDatabase(target);
    const server = await startServerProc(target);
    const client = await Client.login(server.url, 'intake');
    const load = new RegistrationLoad(client, 'pgrestart', 6);
    load.start();
    await load.waitFor(30);
    const beforeStop = load.acked.size;

    await instance.stop();
    const downAt = Date.now();
    const whileDown: number[] = [];
    for (let i = 0; i < 6; i++) {
      whileDown.push(await health(server.url));
      await sleep(500);
    }
    const ackedWhileDown = load.acked.size;
    await instance.start();
    const upAt = Date.now();
    let healthyAfterMs = -1;
    for (let until = Date.now() + 60_000; Date.now() < until && server.alive(); ) {
      if ((await health(server.url)) === 200) {
        healthyAfterMs = Date.now() - upAt;
        break;
      }
      await sleep(200);
    }
    // the same process goes on registering
    const resumed = await (server.alive() ? load.waitFor(ackedWhileDown + 30, 90_000) : Promise.reject(new Error('the server process died'))).then(
      () => true,
      (err: Error) => {
        console.error(`[fault] ${err.message}; server output:\n${server.output().slice(-4000)}`);
        return false;
      },
    );
    await load.stop();
    expect(resumed).toBe(true);
    const refusedDuringOutage = load.refused.size;
    const unanswered = load.unanswered.size;
    // claims left by requests that failed with the database (their release failed too) hold their keys for two
    // minutes (409 IDEMPOTENCY_IN_PROGRESS): retry "three minutes later", as in kill.fault.ts
    const orphans = await ownerQuery(target, `UPDATE idempotency_keys SET created_at = created_at - interval '3 minutes' WHERE status IS NULL RETURNING key_hash`);
    const retry = await load.retryUnacknowledged();
    const serverStillSame = server.alive() && (await health(server.url)) === 200;
    await server.stop();

    const { rows } = await ownerQuery<{ id: string; reg_no: string; title: string }>(target, CASES_OF_RUN_SQL, [`故障测试${load.tag}第%`]);
    const verdict = judge(load, rows);
    console.log(
      `[fault] PostgreSQL restart under load: ${beforeStop} acknowledged before the stop; PostgreSQL down ${((upAt - downAt) / 1000).toFixed(1)} s, ` +
        `/api/health answered ${JSON.stringify(whileDown)} meanwhile; healthy again ${healthyAfterMs} ms after PostgreSQL was back (same server pid ${server.pid}); ` +
        `${refusedDuringOutage} registrations refused and ${unanswered} unanswered during the outage, ${orphans.rowCount} idempotency claims left behind; retried with their keys (${retry.replayed} replayed, answers ${JSON.stringify(retry.statuses)}); ` +
        `sent ${load.sent}, stored ${verdict.stored}: ${verdict.missing.length} acknowledged missing, ${verdict.duplicated.length} duplicated`,
    );
    expect(whileDown.every((s) => s !== 200)).toBe(true);
    expect(healthyAfterMs).toBeGreaterThanOrEqual(0);
    expect(serverStillSame).toBe(true);
    expect(verdict.missing).toEqual([]);
    expect(verdict.duplicated).toEqual([]);
    expect(verdict.stored).toBe(load.sent);
  } finally {
    await stopAllServers();
    await instance.destroy();
    instance = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
