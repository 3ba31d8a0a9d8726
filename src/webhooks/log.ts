/** The delivery log of a subscription (admin API): each delivery's state, attempts, last answer and next retry. */
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { parseInput } from '../core/validate.js';
import type { StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { loadSubscription } from './subscriptions.js';

const logInput = z.object({
  status: z.enum(['pending', 'queued', 'retrying', 'delivered', 'failed', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** keyset: deliveries created before this one (the last id of the previous page) */
  before: z.uuid().optional(),
});

export async function listDeliveries(deps: Deps, args: UseCaseArgs & { actor: StaffActor; id: string; query: unknown }) {
  const sub = await loadSubscription(deps, args.actor, args.id);
  const f = parseInput(logInput, args.query ?? {}, args.lang);
  let q = deps.db
    .selectFrom('webhook_deliveries')
    .select(['id', 'event_type', 'status', 'attempts', 'last_status_code', 'last_error', 'next_attempt_at', 'created_at', 'delivered_at', 'payload'])
    .where('subscription_id', '=', sub.id);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.before) {
    const b = await deps.db.selectFrom('webhook_deliveries').select(['created_at', 'id']).where('id', '=', f.before).where('subscription_id', '=', sub.id).executeTakeFirst();
    if (!b) throw new AppError('NOT_FOUND');
    q = q.where((eb) => eb.or([eb('created_at', '<', b.created_at), eb.and([eb('created_at', '=', b.created_at), eb('id', '<', b.id)])]));
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  return {
    items: rows.map((d) => ({
      id: d.id,
      eventType: d.event_type,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.last_status_code,
      lastError: d.last_error,
      nextAttemptAt: d.next_attempt_at,
      createdAt: d.created_at,
      deliveredAt: d.delivered_at,
      payload: d.payload,
    })),
  };
}

/** Every attempt of one delivery, in order. */
export async function deliveryAttempts(deps: Deps, args: UseCaseArgs & { actor: StaffActor; id: string; deliveryId: string }) {
  const sub = await loadSubscription(deps, args.actor, args.id);
  if (!/^[0-9a-f-]{36}$/i.test(args.deliveryId)) throw new AppError('NOT_FOUND');
  const d = await deps.db.selectFrom('webhook_deliveries').select('id').where('id', '=', args.deliveryId).where('subscription_id', '=', sub.id).executeTakeFirst();
  if (!d) throw new AppError('NOT_FOUND');
  const rows = await deps.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', d.id).orderBy('attempt').execute();
  return { items: rows.map((a) => ({ attempt: a.attempt, at: a.at, statusCode: a.status_code, error: a.error, durationMs: a.duration_ms })) };
}
