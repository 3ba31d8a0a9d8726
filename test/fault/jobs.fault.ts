/**
 * Two server processes on one PostgreSQL database (issue 9, "Fault tests"; docs/security.md "Fault tests"): every
 * deadline job runs exactly once. Both servers run the pg-boss jobs of src/jobs/boss.ts, whose clock sweep
 * (src/clocks/sweep.ts) is scheduled every minute; the servers run on a simulated clock in 2051 (serve-sim.ts, the
 * same start-up as `minsheng serve`), on a database of their own.
 *
 * Cases are registered through the API; then the route clocks (第二十一条: 15 days to route a matter) of some are made
 * to fall due: half overdue (due an hour ago), half in their warning window (started 10 days ago, due in 12 hours:
 * past 80 % of the time and within 24 hours of the end, so two warnings each). One group is left to the scheduled
 * jobs of the two servers; for the other, both servers are asked to sweep at the same moment, several times
 * (POST /api/admin/sweep-clocks). Each clock must have exactly one clock_overdue event (and one supervision item,
 * case_overdue) or exactly one clock_warning event per warning, and the scheduled sweep must have run once per minute,
 * not once per server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Client, ownerQuery, ownPostgresDatabase, prepareDatabase, registration, startServerProc, stopAllServers } from './proc.js';

afterAll(stopAllServers);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SIM_START = Date.parse('2051-04-10T09:00:00+08:00');
const OFFSET = SIM_START - Date.now();
const simNow = () => new Date(Date.now() + OFFSET);
const HOUR = 3600_000;

it('two servers on one PostgreSQL: every warning and overdue mark is written once, the scheduled sweep runs once a minute', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-fault-jobs-'));
  const pgdb = await ownPostgresDatabase('minsheng_fault_jobs');
  const target = { dataDir, databaseUrl: pgdb.url };
  const q = <R extends Record<string, unknown>>(text: string, values: unknown[] = []) => ownerQuery<R>(target, text, values);
  try {
    await prepareDatabase(target);
    const serverOpts = { ...target, args: ['test/fault/serve-sim.ts'], env: { MINSHENG_FAULT_CLOCK_OFFSET_MS: String(OFFSET) } };
    const a = await startServerProc(serverOpts);
    const b = await startServerProc(serverOpts);
    const bothUp = new Date();
    const intake = await Client.login(a.url, 'intake');
    const ids: string[] = [];
    for (let n = 1; n <= 16; n++) {
      const r = await intake.call('POST', '/api/cases', registration(n, 'jobs'));
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const { rows: registered } = await q<{ at: Date }>(`SELECT min(received_at) AS at FROM cases WHERE id = ANY($1::uuid[])`, [ids]);
    expect(new Date(registered[0]!.at).getUTCFullYear()).toBe(2051);

    /** overdue: due an hour ago; warn: started 10 days ago, due in 12 hours */
    const fallDue = async (overdue: string[], warn: string[]) => {
      const now = simNow().getTime();
      await q(`UPDATE case_clocks SET started_at = $2, due_at = $3, warned = '[]' WHERE case_id = ANY($1::uuid[]) AND rule_key = 'route' AND status = 'running'`, [
        overdue,
        new Date(now - 15 * 24 * HOUR),
        new Date(now - HOUR),
      ]);
      await q(`UPDATE case_clocks SET started_at = $2, due_at = $3, warned = '[]' WHERE case_id = ANY($1::uuid[]) AND rule_key = 'route' AND status = 'running'`, [
        warn,
        new Date(now - 10 * 24 * HOUR),
        new Date(now + 12 * HOUR),
      ]);
    };
    const settled = async (overdue: string[], warn: string[]) => {
      const { rows } = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM case_clocks WHERE rule_key = 'route' AND status = 'running' AND case_id = ANY($1::uuid[])
           AND ((case_id = ANY($2::uuid[]) AND overdue_at IS NOT NULL) OR (case_id = ANY($3::uuid[]) AND jsonb_array_length(warned) = 2))`,
        [[...overdue, ...warn], overdue, warn],
      );
      return rows[0]!.n === overdue.length + warn.length;
    };

    // group 1: left to the scheduled jobs of the two servers (pg-boss cron, every minute)
    const cronOverdue = ids.slice(0, 4);
    const cronWarn = ids.slice(4, 8);
    await fallDue(cronOverdue, cronWarn);
    const cronFrom = Date.now();
    while (!(await settled(cronOverdue, cronWarn))) {
      if (Date.now() - cronFrom > 150_000) throw new Error('the scheduled sweep did not mark the clocks within 150 s');
      await sleep(2000);
    }
    const cronSeconds = (Date.now() - cronFrom) / 1000;

    // group 2: both servers asked to sweep at the same moment, three rounds of four concurrent requests
    const raceOverdue = ids.slice(8, 12);
    const raceWarn = ids.slice(12, 16);
    await fallDue(raceOverdue, raceWarn);
    const sa = await Client.login(a.url, 'supervisor');
    const sb = await Client.login(b.url, 'supervisor');
    const reported = { warned: 0, overdue: 0, calls: 0 };
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([sa, sb, sa, sb].map((c) => c.call('POST', '/api/admin/sweep-clocks', {})));
      for (const r of answers) {
        expect(r.status).toBe(200);
        reported.warned += r.body.warned;
        reported.overdue += r.body.overdue;
        reported.calls++;
      }
    }
    expect(await settled(raceOverdue, raceWarn)).toBe(true);

    const { rows: events } = await q<{ case_id: string; type: string; warning: string | null; n: number }>(
      `SELECT case_id::text, type, data->>'warning' AS warning, count(*)::int AS n FROM case_events
        WHERE case_id = ANY($1::uuid[]) AND type IN ('clock_warning', 'clock_overdue') GROUP BY 1, 2, 3`,
      [ids],
    );
    const { rows: items } = await q<{ case_id: string; n: number }>(
      `SELECT case_id::text, count(*)::int AS n FROM supervision_items WHERE case_id = ANY($1::uuid[]) AND source = 'case_overdue' GROUP BY 1`,
      [ids],
    );
    const { rows: jobs } = await q<{ state: string; slot: string | null; started: Date | null; retries: number }>(
      // a cron job is sent at its minute: two jobs in one minute would mean both servers' schedules fired
      `SELECT state, date_trunc('minute', created_on)::text AS slot, started_on AS started, retry_count AS retries FROM pgboss.job WHERE name = 'clock-sweep' AND created_on >= $1
       UNION ALL
       SELECT state, date_trunc('minute', created_on)::text, started_on, retry_count FROM pgboss.archive WHERE name = 'clock-sweep' AND created_on >= $1`,
      [bothUp],
    );
    const minutes = (Date.now() - bothUp.getTime()) / 60_000;
    const perSlot = new Map<string, number>();
    for (const j of jobs) if (j.slot) perSlot.set(j.slot, (perSlot.get(j.slot) ?? 0) + 1);
    const ran = jobs.filter((j) => j.started !== null);
    const overdueEvents = events.filter((e) => e.type === 'clock_overdue');
    const warningEvents = events.filter((e) => e.type === 'clock_warning');
    console.log(
      `[fault] two servers (pids ${a.pid}, ${b.pid}) on one PostgreSQL, simulated ${simNow().toISOString()}: ` +
        `scheduled group marked within ${cronSeconds.toFixed(0)} s; ${ran.length} clock-sweep jobs ran in ${minutes.toFixed(1)} min ` +
        `(${jobs.length} created in ${perSlot.size} distinct minutes, max ${Math.max(0, ...perSlot.values())} per minute, ${ran.filter((j) => j.retries > 0).length} retried); ` +
        `${reported.calls} concurrent manual sweeps reported ${reported.overdue} overdue + ${reported.warned} warnings for the 4 + 8 due; ` +
        `events: ${overdueEvents.reduce((s, e) => s + e.n, 0)} clock_overdue (8 clocks), ${warningEvents.reduce((s, e) => s + e.n, 0)} clock_warning (8 clocks × 2), ` +
        `${items.reduce((s, i) => s + i.n, 0)} supervision items (8 overdue clocks)`,
    );

    const overdueIds = [...cronOverdue, ...raceOverdue].sort();
    const warnIds = [...cronWarn, ...raceWarn].sort();
    expect(overdueEvents.map((e) => e.case_id).sort()).toEqual(overdueIds);
    expect(overdueEvents.every((e) => e.n === 1)).toBe(true);
    expect(warningEvents.every((e) => e.n === 1)).toBe(true);
    expect(warningEvents.length).toBe(warnIds.length * 2);
    expect([...new Set(warningEvents.map((e) => e.case_id))].sort()).toEqual(warnIds);
    expect(items.map((i) => i.case_id).sort()).toEqual(overdueIds);
    expect(items.every((i) => i.n === 1)).toBe(true);
    // the manual sweeps together claimed each due mark of their group at most once (a scheduled run may take some)
    expect(reported.calls).toBe(12);
    expect(reported.warned).toBeLessThanOrEqual(8);
    expect(reported.overdue).toBeLessThanOrEqual(4);
    // the schedule makes one job per minute, whichever server's clock monitor sends it
    expect(ran.length).toBeGreaterThanOrEqual(1);
    expect([...perSlot.values()].every((n) => n === 1)).toBe(true);
    expect(ran.length).toBeLessThanOrEqual(Math.ceil(minutes) + 1);
  } finally {
    await stopAllServers();
    await pgdb.release();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
