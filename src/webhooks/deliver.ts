/**
 * Delivering the outbox. The triggers of 0020_webhooks.sql write a 'pending' delivery in the event's own transaction;
 * the pump hands pending deliveries to the job queue (pg-boss, src/jobs/boss.ts) with the delivery id as the job id,
 * so handing one over twice (a crash between the send and the mark) makes one job, not two. The job makes one
 * attempt: a 2xx answer marks it delivered; anything else is logged and thrown, and pg-boss retries it with
 * exponential backoff until the retry limit, after which it is marked failed. A delivered or cancelled delivery is
 * never sent again, whatever job carries it: at least once, and a stable `webhook-id` for the receiver to dedupe.
 */
import type { Deps } from '../workflow/deps.js';
import { signatureHeaders } from './sign.js';

/** What a node's sender is tuned to; the retry policy itself is the subscription's (max_attempts, retry_base_seconds). */
export interface WebhookTuning {
  /** how often the pump looks for new deliveries */
  pumpMs: number;
  /** one attempt's HTTP timeout */
  timeoutMs: number;
}

export const DEFAULT_TUNING: WebhookTuning = { pumpMs: 2000, timeoutMs: 10_000 };

/** The subscription's policy as pg-boss takes it: retries after the first attempt, base of the backoff in seconds. */
export type SendJob = (deliveryId: string, policy: { retryLimit: number; retryDelay: number }) => Promise<void>;

/**
 * Hands the pending deliveries of subscriptions that are not paused to the queue, oldest first; answers how many.
 * Default policy: 11 attempts from 30 s, the n-th retry between 30·2^(n-1) and 30·2^n seconds after the one before,
 * the whole series within about 17 hours.
 */
export async function pumpOutbox(deps: Deps, send: SendJob, limit = 200): Promise<number> {
  const rows = await deps.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .select(['d.id', 's.max_attempts', 's.retry_base_seconds'])
    .where('d.status', '=', 'pending')
    .where('s.paused', '=', false)
    .orderBy('d.created_at')
    .limit(limit)
    .execute();
  for (const r of rows) {
    await send(r.id, { retryLimit: r.max_attempts - 1, retryDelay: r.retry_base_seconds });
    await deps.db.updateTable('webhook_deliveries').set({ status: 'queued' }).where('id', '=', r.id).where('status', '=', 'pending').execute();
  }
  return rows.length;
}

export interface AttemptMeta {
  /** pg-boss retryCount of this run (0 for the first attempt) */
  retryCount: number;
  retryLimit: number;
  retryDelaySeconds: number;
}

export class DeliveryFailed extends Error {}

/** One attempt of one delivery. Throws DeliveryFailed when the queue should retry it. */
export async function attemptDelivery(deps: Deps, deliveryId: string, meta: AttemptMeta, timeoutMs = DEFAULT_TUNING.timeoutMs): Promise<void> {
  const d = await deps.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .select(['d.id', 'd.status', 'd.attempts', 'd.payload', 'd.event_type', 'd.created_at', 's.url', 's.secret', 's.active'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!d || d.status === 'delivered' || d.status === 'failed' || d.status === 'cancelled') return; // deleted, or done: never twice
  if (!d.active) {
    await deps.db.updateTable('webhook_deliveries').set({ status: 'cancelled', next_attempt_at: null }).where('id', '=', d.id).execute();
    return;
  }
  // the body is the same bytes on every attempt; only the timestamp and so the signature change
  const body = JSON.stringify({ type: d.event_type, timestamp: new Date(d.created_at).toISOString(), data: d.payload });
  const attempt = d.attempts + 1;
  const started = Date.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Minsheng-Webhooks/1', ...signatureHeaders(d.secret, d.id, body) },
      body,
      redirect: 'manual', // a redirect is an answer, not an invitation to send the payload elsewhere
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    await res.body?.cancel().catch(() => undefined); // the answer's body is not read: only its status counts
    if (status < 200 || status > 299) error = `HTTP ${status}`;
  } catch (err) {
    error = (err as Error).name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : String((err as Error).cause ?? (err as Error).message).slice(0, 500);
  }
  const ok = error === null;
  const last = meta.retryCount >= meta.retryLimit;
  // pg-boss waits between delay·2^n and delay·2^(n+1) seconds before retry n+1; the log shows the earliest
  const next = ok || last ? null : new Date(Date.now() + meta.retryDelaySeconds * 2 ** meta.retryCount * 1000);
  await deps.db.transaction().execute(async (tx) => {
    await tx.insertInto('webhook_attempts').values({ delivery_id: d.id, attempt, status_code: status, error, duration_ms: Date.now() - started }).execute();
    await tx
      .updateTable('webhook_deliveries')
      .set({
        attempts: attempt,
        last_status_code: status,
        last_error: error,
        status: ok ? 'delivered' : last ? 'failed' : 'retrying',
        next_attempt_at: next,
        ...(ok ? { delivered_at: new Date() } : {}),
      })
      .where('id', '=', d.id)
      .execute();
  });
  if (!ok && !last) throw new DeliveryFailed(`webhook ${d.id} attempt ${attempt}: ${error}`);
}
