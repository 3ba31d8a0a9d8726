import PgBoss from 'pg-boss';
import type { Database } from '../db/connection.js';
import type { Deps } from '../cases/deps.js';
import { sweepClocks } from '../clocks/sweep.js';

export const QUEUES = { clockSweep: 'clock-sweep' } as const;

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
  return boss;
}
