import PgBoss from 'pg-boss';
import { jobsDb } from '../db/pool-errors.js';
import type { Database } from '../db/connection.js';
import type { Deps } from '../workflow/deps.js';
import { sweepClocks } from '../clocks/sweep.js';
import { refreshHotspots } from '../intel/hotspots.js';
import { foldDeltas } from '../analytics/rollups.js';
import { trainModels } from '../intel/models.js';
import { generateReport, runSchedule, setReportQueue } from '../reports/generate.js';
import { sealAudit } from '../audit/chain.js';
import { runRetention } from '../retention/anonymise.js';
import { runImport } from '../interop/import-run.js';
import { setImportQueue } from '../interop/import-cases.js';
import { startWebhookJobs } from './webhooks.js';
import { startNotificationJobs, type NotificationJobOptions } from './notifications.js';
import type { WebhookTuning } from '../webhooks/deliver.js';
import { syncAllRemotes } from '../open311/client.js';

export const QUEUES = { clockSweep: 'clock-sweep', trainModels: 'train-models', hotspots: 'refresh-hotspots', metricRollups: 'fold-metric-rollups', reports: 'generate-report', reportSchedule: 'report-schedule', auditSeal: 'seal-audit', retention: 'retention' } as const;
/** spreadsheet imports (src/interop/import-run.ts): one job per started import */
export const IMPORT_QUEUE = 'import-cases';
/** Open311 client (src/open311/client.ts): one run syncs every active remote */
export const OPEN311_SYNC_QUEUE = 'open311-sync';

/**
 * pg-boss on both backends: on a server it opens its own pool; on PGlite it shares the single connection through
 * the executeSql adapter (PGlite has one connection, so a second pool would deadlock).
 */
export async function startJobs(database: Database, deps: Deps, opts: { databaseUrl?: string; sweepCron?: string; /** pg-boss's schema (default pgboss): tests sharing one database keep their queues apart */ schema?: string; webhooks?: Partial<WebhookTuning>; notifications?: Partial<NotificationJobOptions> } = {}): Promise<PgBoss> {
  // on a server, a pool of ours whose broken connections cannot end the process (src/db/pool-errors.ts)
  const serverDb = opts.databaseUrl ? jobsDb(opts.databaseUrl) : undefined;
  const boss = serverDb
    ? new PgBoss({ db: serverDb, ...(opts.schema ? { schema: opts.schema } : {}) })
    : // as the owner, like pg-boss's own pool on a server: it keeps its schema (pgboss) and the app role has no grants there
      new PgBoss({ db: { executeSql: (text: string, values?: unknown[]) => database.asOwner((c) => c.query(text, values)) }, ...(opts.schema ? { schema: opts.schema } : {}) } as never);
  boss.on('error', (err) => console.error('[jobs]', err.message));
  if (serverDb) boss.on('stopped', () => void serverDb.end().catch(() => undefined));
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
  // every minute: the audit records written since the last run are sealed into the hash chain (src/audit/chain.ts)
  await boss.createQueue(QUEUES.auditSeal);
  await boss.work(QUEUES.auditSeal, async () => {
    await sealAudit(deps.db, { wait: false });
  });
  await boss.schedule(QUEUES.auditSeal, '* * * * *', {}, { tz: 'Asia/Shanghai' });
  // daily, when MINSHENG_RETENTION_YEARS is set: matters finished more than that many years ago are anonymised
  await boss.createQueue(QUEUES.retention);
  await boss.work(QUEUES.retention, async () => {
    if (deps.config.retentionYears) await runRetention(deps, { years: deps.config.retentionYears });
  });
  if (deps.config.retentionYears) await boss.schedule(QUEUES.retention, '15 3 * * *', {}, { tz: 'Asia/Shanghai' });
  else await boss.unschedule(QUEUES.retention);
  // imports (src/interop): one job per started import; the job writes its progress to its imports row
  await boss.createQueue(IMPORT_QUEUE);
  await boss.work<{ id: string }>(IMPORT_QUEUE, async ([job]) => {
    if (job) await runImport(deps, job.data.id);
  });
  setImportQueue(async (id) => {
    await boss.send(IMPORT_QUEUE, { id }, { expireInHours: 6 }); // a 100k-row file takes a while; a retry resumes after the committed rows
  });
  boss.on('stopped', () => setImportQueue(null));
  // webhooks (src/webhooks): the outbox pump and one delivery attempt per job, retried with backoff by pg-boss
  await startWebhookJobs(boss, deps, opts.webhooks);
  // notifications (src/notifications): the outbox pump and one attempt per job through the channel's adapter
  await startNotificationJobs(boss, deps, opts.notifications);
  // every 10 minutes: pull requests from the remote Open311 servers and push our public steps back (src/open311/client.ts)
  await boss.createQueue(OPEN311_SYNC_QUEUE);
  await boss.work(OPEN311_SYNC_QUEUE, async () => {
    await syncAllRemotes(deps);
  });
  await boss.schedule(OPEN311_SYNC_QUEUE, '*/10 * * * *', {}, { tz: 'Asia/Shanghai' });
  return boss;
}
