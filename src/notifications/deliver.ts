/**
 * Delivering the outbox, as webhooks do (src/webhooks/deliver.ts): the trigger of 0023_notifications.sql writes a
 * 'pending' notice in the event's own transaction; the pump hands pending notices of the channels this node can send
 * to pg-boss with the notice id as the job id (a second hand-over makes no second job); the job makes one attempt
 * through the channel's adapter. Success records when, by which provider and its message id; a failure is recorded
 * and thrown, and pg-boss retries with exponential backoff until the limit, after which the notice is failed.
 * A delivered or failed notice is never sent again, whatever job carries it.
 * The outbox holds personal data (addresses), so every query runs as the system actor under 0023's row-level security.
 */
import { sql, type Kysely } from 'kysely';
import { withDbActor } from '../db/actor-context.js';
import type { DB } from '../db/types.js';
import type { Deps } from '../workflow/deps.js';
import type { Adapters } from './adapters.js';
import { noticeText, staffNoticeText } from './messages.js';
import './tables.js';

export interface NotifyPolicy {
  /** attempts in all; base of the backoff in seconds */
  maxAttempts: number;
  retryBaseSeconds: number;
}

export type SendNotification = (id: string, policy: { retryLimit: number; retryDelay: number }) => Promise<void>;

const asSystem = <T>(db: Kysely<DB>, fn: (tx: Kysely<DB>) => Promise<T>) => withDbActor(db, { kind: 'system' }, fn);

/**
 * Hands pending notices of the channels that have an adapter to the queue, oldest first; answers how many.
 * scopePath limits the sender to matters registered in a unit subtree (a node per area; tests on a shared database).
 */
export async function pumpNotifications(deps: Deps, adapters: Adapters, policy: NotifyPolicy, send: SendNotification, opts: { scopePath?: string; limit?: number } = {}): Promise<number> {
  const channels = (['sms', 'email'] as const).filter((c) => adapters[c]);
  if (channels.length === 0) return 0;
  const rows = await asSystem(deps.db, (tx) => {
    let q = tx.selectFrom('notifications as n').select('n.id').where('n.status', '=', 'pending').where('n.channel', 'in', channels);
    if (opts.scopePath)
      q = q.where(({ exists, selectFrom }) =>
        exists(selectFrom('cases as c').innerJoin('units as u', 'u.id', 'c.intake_unit_id').select(sql`1`.as('one')).whereRef('c.id', '=', 'n.case_id').where('u.path', 'like', `${opts.scopePath}%`)),
      );
    return q.orderBy('n.created_at').limit(opts.limit ?? 200).execute();
  });
  for (const r of rows) {
    await send(r.id, { retryLimit: policy.maxAttempts - 1, retryDelay: policy.retryBaseSeconds });
    await asSystem(deps.db, (tx) => tx.updateTable('notifications').set({ status: 'queued' }).where('id', '=', r.id).where('status', '=', 'pending').execute());
  }
  return rows.length;
}

export interface AttemptMeta {
  /** pg-boss retryCount of this run (0 for the first attempt) */
  retryCount: number;
  retryLimit: number;
  retryDelaySeconds: number;
}

export class NotificationFailed extends Error {}

/** The name of a clock's rule (转送交办、受理告知 …) for a staff warning; unknown keys are left out. */
function clockLabel(deps: Deps, key: unknown): string | undefined {
  if (typeof key !== 'string') return undefined;
  try {
    return deps.clocks.rule(key).descriptionZh;
  } catch {
    return undefined;
  }
}

/** One attempt of one notice. Throws NotificationFailed when the queue should retry it. */
export async function attemptNotification(deps: Deps, adapters: Adapters, id: string, meta: AttemptMeta, publicUrl: string): Promise<void> {
  const n = await asSystem(deps.db, async (tx) => {
    const row = await tx
      .selectFrom('notifications as n')
      .innerJoin('cases as c', 'c.id', 'n.case_id')
      .leftJoin('units as u', 'u.id', 'c.lead_unit_id')
      .leftJoin('case_events as e', 'e.id', 'n.event_id')
      .select(['n.id', 'n.case_id', 'n.audience', 'n.kind', 'n.channel', 'n.address', 'n.status', 'n.attempts', 'n.subject', 'n.body', 'c.reg_no', 'c.tracking_code', 'u.name as unit_name', 'e.data'])
      .where('n.id', '=', id)
      .executeTakeFirst();
    if (!row || row.body !== null) return row;
    // the text is fixed by the first attempt: every retry sends the same words
    const data = (row.data ?? {}) as Record<string, unknown>;
    const t = row.audience === 'staff' ? staffNoticeText(row.kind, row, { ...data, ruleLabel: clockLabel(deps, data.rule) }, publicUrl) : noticeText(row.kind, row, data, publicUrl);
    await tx.updateTable('notifications').set({ subject: t.subject, body: t.body }).where('id', '=', id).execute();
    return { ...row, ...t };
  });
  if (!n || !['queued', 'retrying', 'pending'].includes(n.status)) return; // deleted, or done: never twice
  const adapter = n.channel === 'post' ? undefined : adapters[n.channel];
  const attempt = n.attempts + 1;
  let sent: { provider: string; messageId: string } | null = null;
  let error: string | null = null;
  try {
    if (!adapter) throw new Error(`no ${n.channel} adapter on this node`);
    sent = await adapter.send({ id: n.id, caseId: n.case_id, address: n.address, subject: n.subject ?? '', body: n.body ?? '' }, deps.db);
  } catch (err) {
    error = String((err as Error).message ?? err).slice(0, 500);
  }
  const last = meta.retryCount >= meta.retryLimit;
  const now = deps.now();
  // pg-boss waits between delay·2^n and delay·2^(n+1) seconds before retry n+1; the record shows the earliest
  const next = sent || last ? null : new Date(now.getTime() + meta.retryDelaySeconds * 2 ** meta.retryCount * 1000);
  await asSystem(deps.db, (tx) =>
    tx
      .updateTable('notifications')
      .set({
        attempts: attempt,
        last_error: error,
        status: sent ? 'delivered' : last ? 'failed' : 'retrying',
        next_attempt_at: next,
        ...(sent ? { delivered_at: now, provider: sent.provider, provider_message_id: sent.messageId } : {}),
      })
      .where('id', '=', n.id)
      .execute(),
  );
  if (!sent && !last) throw new NotificationFailed(`notification ${n.id} attempt ${attempt}: ${error}`);
}
