/**
 * The webhook queue (src/webhooks/deliver.ts): a pump that hands the outbox to pg-boss, and the worker that makes
 * one attempt per job. Retries and their exponential backoff are pg-boss's own (retryLimit, retryDelay,
 * retryBackoff) with the subscription's policy, kept on each job, so they survive a restart of the sender and every
 * node applies the same.
 */
import type PgBoss from 'pg-boss';
import type { Deps } from '../workflow/deps.js';
import { startPump } from './pump.js';
import { attemptDelivery, DEFAULT_TUNING, pumpOutbox, type SendJob, type WebhookTuning } from '../webhooks/deliver.js';

export const WEBHOOK_QUEUE = 'webhook-deliver';

export async function startWebhookJobs(boss: PgBoss, deps: Deps, tuning: Partial<WebhookTuning> = {}): Promise<void> {
  const t = { ...DEFAULT_TUNING, ...tuning };
  await boss.createQueue(WEBHOOK_QUEUE);
  await boss.work<{ deliveryId: string }>(
    WEBHOOK_QUEUE,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: Math.max(0.5, t.pumpMs / 1000) },
    async ([job]) => {
      if (job) await attemptDelivery(deps, job.data.deliveryId, { retryCount: job.retryCount, retryLimit: job.retryLimit, retryDelaySeconds: job.retryDelay }, t.timeoutMs);
    },
  );
  const send: SendJob = async (deliveryId, policy) => {
    // the delivery id as job id: a second hand-over of the same delivery is refused by pg-boss (ON CONFLICT DO NOTHING)
    await boss.send(WEBHOOK_QUEUE, { deliveryId }, { id: deliveryId, ...policy, retryBackoff: true, expireInSeconds: Math.ceil(t.timeoutMs / 1000) + 60 });
  };
  startPump(boss, 'webhooks', t.pumpMs, () => pumpOutbox(deps, send));
}
