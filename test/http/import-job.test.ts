// The import as a pg-boss job (src/jobs/boss.ts queue 'import-cases'), the way a server runs it: the API answers
// 202 at once and the progress is read from the import while the job works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type PgBoss from 'pg-boss';
import { startJobs } from '../../src/jobs/boss.js';
import { makeOrg, startHarness, type Harness, type Org } from '../helpers/harness.js';
import { run, upload } from './import-helpers.js';

let h: Harness;
let org: Org;
let boss: PgBoss | undefined;
beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2053-09-01T09:00:00+08:00');
  org = await makeOrg(h);
  // the sweep is scheduled far away: this file's clocks are its own business. Its own pg-boss schema: on PostgreSQL the
  // files share one database, and another file's worker (another simulated clock) would otherwise take this import.
  boss = await startJobs(h.rt.database, h.rt.deps, { databaseUrl: process.env.TEST_DATABASE_URL, sweepCron: '0 0 1 1 *', schema: 'pgboss_import_job' });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true, timeout: 5000 });
  await h?.close();
});

describe('import job', () => {
  it('a started import is queued and run by the job queue, ending at 100 %', async () => {
    const lines = ['工单编号,标题,内容,来电时间'];
    for (let i = 1; i <= 20; i++) lines.push(`JOB-${org.tag}-${i},路面破损第${i}处,青山路第${i}处路面破损，影响通行。,2053-08-${String(i).padStart(2, '0')} 09:00`);
    const up = await upload(h, org.users.dispatcher, 'job.csv', Buffer.from(lines.join('\n')));
    expect(up.status).toBe(201);
    const r = await run(h, org.users.dispatcher, up.body.id, up.body.suggested.mapping, { source: `job-${org.tag}` });
    expect(r.status).toBe('done');
    expect(r.progress).toBe(100);
    expect(r.counts).toMatchObject({ total: 20, created: 20, invalid: 0 });
    // each progress reading is one the job wrote: never backwards
    expect(r.seen).toEqual([...r.seen].sort((a: number, b: number) => a - b));
  }, 120_000);
});
