/** The deadline sweep runs as a pg-boss job on this backend (PGlite through the adapter, or a server). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type PgBoss from 'pg-boss';
import { startJobs, QUEUES } from '../../src/jobs/boss.js';
import { api, makeOrg, sampleCase, startHarness, type Harness, type Org } from '../helpers/harness.js';

let h: Harness;
let org: Org;
let boss: PgBoss | undefined;
beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true, timeout: 5000 });
  await h?.close();
});

describe('pg-boss', () => {
  it('marks an overdue case when the clock-sweep job runs', async () => {
    h.clock.set('2026-01-05T09:00:00+08:00');
    const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body;
    h.clock.set('2026-02-01T09:00:00+08:00'); // the 15-day routing period ended 01-20
    boss = await startJobs(h.rt.database, h.rt.deps, { databaseUrl: process.env.TEST_DATABASE_URL, sweepCron: '0 0 1 1 *' });
    await boss.send(QUEUES.clockSweep, {});
    let overdue = false;
    for (let i = 0; i < 60 && !overdue; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const v = await api(h, org.users.dispatcher, 'GET', `/api/cases/${c.id}`);
      overdue = v.body.events.some((e: any) => e.type === 'clock_overdue');
    }
    expect(overdue).toBe(true);
  });
});
