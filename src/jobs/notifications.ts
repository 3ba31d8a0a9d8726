/**
 * The notification queue (src/notifications/deliver.ts): a pump that hands the outbox to pg-boss, and the worker
 * that makes one attempt per job. Retries and their exponential backoff are pg-boss's (retryLimit, retryDelay,
 * retryBackoff), kept on each job, so they survive a restart of the sender. Without options the adapters and the
 * policy come from the environment (src/notifications/settings.ts); a node with no adapter sends nothing.
 */
import type PgBoss from 'pg-boss';
import type { Deps } from '../workflow/deps.js';
import { startPump } from './pump.js';
import { adaptersFrom, type Adapters } from '../notifications/adapters.js';
import { attemptNotification, pumpNotifications, type NotifyPolicy, type SendNotification } from '../notifications/deliver.js';
import { loadNotificationSettings } from '../notifications/settings.js';

export const NOTIFY_QUEUE = 'notification-deliver';

export interface NotificationJobOptions extends NotifyPolicy {
  adapters: Adapters;
  pumpMs: number;
  timeoutMs: number;
  publicUrl: string;
  /** only matters registered in this unit subtree (materialised path) */
  scopePath?: string;
}

export async function startNotificationJobs(boss: PgBoss, deps: Deps, opts: Partial<NotificationJobOptions> = {}): Promise<void> {
  const s = opts.adapters ? undefined : loadNotificationSettings();
  const env = s ?? loadNotificationSettings({});
  const o: NotificationJobOptions = { adapters: s ? adaptersFrom(s) : {}, maxAttempts: env.maxAttempts, retryBaseSeconds: env.retryBaseSeconds, pumpMs: env.pumpMs, timeoutMs: env.timeoutMs, publicUrl: env.publicUrl, ...opts };
  await boss.createQueue(NOTIFY_QUEUE);
  await boss.work<{ id: string }>(NOTIFY_QUEUE, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: Math.max(0.5, o.pumpMs / 1000) }, async ([job]) => {
    if (job) await attemptNotification(deps, o.adapters, job.data.id, { retryCount: job.retryCount, retryLimit: job.retryLimit, retryDelaySeconds: job.retryDelay }, o.publicUrl);
  });
  const send: SendNotification = async (id, policy) => {
    // the notice id as job id: a second hand-over of the same notice is refused by pg-boss
    await boss.send(NOTIFY_QUEUE, { id }, { id, ...policy, retryBackoff: true, expireInSeconds: Math.ceil(o.timeoutMs / 1000) + 60 });
  };
  startPump(boss, 'notifications', o.pumpMs, () => pumpNotifications(deps, o.adapters, o, send, { scopePath: o.scopePath }));
}
