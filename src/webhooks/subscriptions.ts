/**
 * Webhook subscriptions (admin API): create (the secret is answered once and never again), list, disable, delete.
 * A subscription takes the scope of the administrator who made it: events of matters in that scope, never those of
 * an accusation about the administrator's unit subtree (the migration's trigger applies both, 0020_webhooks.sql).
 */
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { inputRule } from '../core/input-rules.js';
import { parseInput } from '../core/validate.js';
import { writeAudit } from '../audit/audit.js';
import { requireRole, type StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { SYSTEM_EVENTS } from '../cases/events.js';
import { TRANSITIONS } from '../cases/lifecycle.js';
import { VISIT_WORKFLOW } from '../visits/workflow.js';
import { SUPERVISION_WORKFLOW } from '../supervision/workflow.js';
import { DISPUTE_WORKFLOW } from '../mediation/workflow.js';
import { HAZARD_WORKFLOW } from '../hazards/workflow.js';
import { newSecret } from './sign.js';

/** Event types a subscription can name: case events as they are, register events as '<entity>.<type>'. */
export function knownEventTypes(): string[] {
  const reg = [VISIT_WORKFLOW, SUPERVISION_WORKFLOW, DISPUTE_WORKFLOW, HAZARD_WORKFLOW].flatMap((w) => w.transitions.map((t) => `${w.entity}.${t.action}`));
  // each table holds its creating actions too (from: []), e.g. 'register', 'hazard.report'
  return [...new Set(['register', ...TRANSITIONS.map((t) => t.action), ...SYSTEM_EVENTS, ...reg])].sort();
}

// A receiver on the loopback or a private network is normal for an office's own systems, so any http(s) URL is allowed;
// the administrator role is the guard (docs/webhooks.md).
export const createInput = z.object({
  name: z.string().trim().min(1).max(100),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  eventTypes: z.array(z.string().regex(/^(\*|[a-z_]+(\.[a-z_]+)?)$/)).min(1).max(100),
  /** attempts in all (default 11) */
  maxAttempts: z.number().int().min(1).max(20).optional(),
  /** base of the exponential backoff: retry n waits between base·2^(n-1) and base·2^n seconds (default 30) */
  retryBaseSeconds: z.number().int().min(1).max(3600).optional(),
});

type Row = { id: string; name: string; url: string; event_types: string[]; unit_id: string; active: boolean; paused: boolean; max_attempts: number; retry_base_seconds: number; created_at: Date; disabled_at: Date | null };
const view = (s: Row) => ({
  id: s.id,
  name: s.name,
  url: s.url,
  eventTypes: s.event_types,
  unitId: s.unit_id,
  active: s.active,
  paused: s.paused,
  maxAttempts: s.max_attempts,
  retryBaseSeconds: s.retry_base_seconds,
  createdAt: s.created_at,
  disabledAt: s.disabled_at,
});

const COLS = ['id', 'name', 'url', 'event_types', 'unit_id', 'active', 'paused', 'max_attempts', 'retry_base_seconds', 'created_at', 'disabled_at'] as const;

export const KNOWN_EVENT_TYPES = inputRule({ field: 'eventTypes', message: 'unknown event types', doc: '* or event types of GET /api/webhooks/event-types' });

export async function createSubscription(deps: Deps, args: UseCaseArgs & { actor: StaffActor; body: unknown }) {
  requireRole(args.actor, 'admin');
  const input = parseInput(createInput, args.body, args.lang);
  const known = new Set(knownEventTypes());
  const unknown = input.eventTypes.filter((t) => t !== '*' && !known.has(t));
  if (unknown.length) throw KNOWN_EVENT_TYPES.error(`unknown event types: ${unknown.join(', ')} (GET /api/webhooks/event-types)`);
  const secret = newSecret();
  return deps.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('webhook_subscriptions')
      .values({
        name: input.name,
        url: input.url,
        event_types: input.eventTypes,
        secret,
        unit_id: args.actor.unitId,
        unit_path: args.actor.unitPath,
        scope_path: args.actor.scopePath,
        created_by: args.actor.userId,
        ...(input.maxAttempts ? { max_attempts: input.maxAttempts } : {}),
        ...(input.retryBaseSeconds ? { retry_base_seconds: input.retryBaseSeconds } : {}),
      })
      .returning(COLS)
      .executeTakeFirstOrThrow();
    await writeAudit(tx, args.actor, args.meta, { action: 'webhook.create', entityType: 'webhook', entityId: row.id, data: { url: input.url, eventTypes: input.eventTypes } });
    // the only time the secret leaves the server
    return { ...view(row), secret };
  });
}

/** Subscriptions made in the administrator's scope (their own and those of units below). */
const scoped = (deps: Deps, actor: StaffActor) => deps.db.selectFrom('webhook_subscriptions').where('unit_path', 'like', `${actor.scopePath}%`);

export async function listSubscriptions(deps: Deps, args: UseCaseArgs & { actor: StaffActor }) {
  requireRole(args.actor, 'admin');
  const rows = await scoped(deps, args.actor).select(COLS).orderBy('created_at', 'desc').execute();
  return { items: rows.map(view) };
}

export async function loadSubscription(deps: Deps, actor: StaffActor, id: string) {
  requireRole(actor, 'admin');
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND');
  const row = await scoped(deps, actor).select(COLS).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** Stops new deliveries; those waiting in the outbox are cancelled when their turn comes (deliver.ts). */
export async function disableSubscription(deps: Deps, args: UseCaseArgs & { actor: StaffActor; id: string }) {
  await loadSubscription(deps, args.actor, args.id);
  return deps.db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('webhook_subscriptions')
      .set({ active: false, disabled_at: deps.now() })
      .where('id', '=', args.id)
      .returning(COLS)
      .executeTakeFirstOrThrow();
    await writeAudit(tx, args.actor, args.meta, { action: 'webhook.disable', entityType: 'webhook', entityId: args.id });
    return view(row);
  });
}

/** Pause: events keep going into the outbox, nothing is sent; resume sends what waited, in order. */
export async function pauseSubscription(deps: Deps, args: UseCaseArgs & { actor: StaffActor; id: string; paused: boolean }) {
  const s = await loadSubscription(deps, args.actor, args.id);
  if (!s.active) throw new AppError('STATE_CONFLICT');
  return deps.db.transaction().execute(async (tx) => {
    const row = await tx.updateTable('webhook_subscriptions').set({ paused: args.paused }).where('id', '=', args.id).returning(COLS).executeTakeFirstOrThrow();
    await writeAudit(tx, args.actor, args.meta, { action: args.paused ? 'webhook.pause' : 'webhook.resume', entityType: 'webhook', entityId: args.id });
    return view(row);
  });
}

/** Removes the subscription with its outbox and delivery log. */
export async function deleteSubscription(deps: Deps, args: UseCaseArgs & { actor: StaffActor; id: string }) {
  await loadSubscription(deps, args.actor, args.id);
  await deps.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('webhook_subscriptions').where('id', '=', args.id).execute();
    await writeAudit(tx, args.actor, args.meta, { action: 'webhook.delete', entityType: 'webhook', entityId: args.id });
  });
  return { ok: true };
}
