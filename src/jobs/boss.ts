import PgBoss from 'pg-boss';
import type { Database } from '../db/connection.js';
import type { Deps } from '../workflow/deps.js';
import { sweepClocks } from '../clocks/sweep.js';
import { refreshHotspots } from '../intel/hotspots.js';
import { foldDeltas } from '../analytics/rollups.js';
import { trainModels } from '../intel/models.js';
import { generateReport, runSchedule, setReportQueue } from '../reports/generate.js';

export const QUEUES = { clockSweep: 'clock-sweep', trainModels: 'train-models', hotspots: 'refresh-hotspots', metricRollups: 'fold-metric-rollups', reports: 'generate-report', reportSchedule: 'report-schedule' } as const;

/**
 * pg-boss on both backends: on a server it opens its own pool; on PGlite it shares the single connection through
 * the executeSql adapter (PGlite has one connection, so a second pool would deadlock).
 */
export async function startJobs(database: Database, deps: Deps, opts: { databaseUrl?: string; sweepCron?: string } = {}): Promise<PgBoss> {
  const boss = opts.databaseUrl
    ? new PgBoss({ connectionString: opts.databaseUrl, max: 3 })
    : new PgBoss({ db: { executeSql: (text: string, values?: unknown[]) => database.pool.query(text, values as unknown[]) } } as never);
  boss.on('error', (err) => console.error('[jobs]', err.message));
  await boss.start();
  await boss.createQueue(QUEUES.clockSweep);
  await boss.work(QUEUES.clockSweep, { pollingIntervalSeconds: 5 }, async () => {
    await sweepClocks(deps);
  });
  // every minute: warnings and overdue marks appear within a minute of their time
  await boss.schedule(QUEUES.clockSweep, opts.sweepCron ?? '* * * * *', {}, { tz: 'Asia/Shanghai' });
  // the classifiers learn from each day's settled cases overnight; hotspots follow the day hour by hour
  await boss.createQueue(QUEUES.trainModels);
  await boss.work(QUEUES.trainModels, async () => {
    await trainModels(deps);
  });
  await boss.schedule(QUEUES.trainModels, '30 2 * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.createQueue(QUEUES.hotspots);
  await boss.work(QUEUES.hotspots, async () => {
    await refreshHotspots(deps);
  });
  await boss.schedule(QUEUES.hotspots, '5 * * * *', {}, { tz: 'Asia/Shanghai' });
  // every minute: settled metric deltas are folded into the rollups (reads are exact before that too)
  await boss.createQueue(QUEUES.metricRollups);
  await boss.work(QUEUES.metricRollups, async () => {
    await foldDeltas(deps.db, deps.now());
  });
  await boss.schedule(QUEUES.metricRollups, '* * * * *', {}, { tz: 'Asia/Shanghai' });
  // reports (src/reports): one job per requested report; the schedule queues the weekly, monthly and quarterly ones
  await boss.createQueue(QUEUES.reports);
  await boss.work<{ id: string }>(QUEUES.reports, async ([job]) => {
    if (job) await generateReport(deps, job.data.id);
  });
  setReportQueue(async (id) => {
    await boss.send(QUEUES.reports, { id });
  });
  boss.on('stopped', () => setReportQueue(null));
  await boss.createQueue(QUEUES.reportSchedule);
  await boss.work(QUEUES.reportSchedule, async () => {
    await runSchedule(deps);
  });
  if (deps.config.reports.schedule) await boss.schedule(QUEUES.reportSchedule, '0 6 * * *', {}, { tz: 'Asia/Shanghai' });
  else await boss.unschedule(QUEUES.reportSchedule);
  return boss;
}
