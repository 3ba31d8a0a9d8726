/**
 * Notices to staff (docs/notifications.md, 0030_staff_notices.sql): a member's own contact and channel for work
 * notices, and the notices sent to them. The outbox rows are written by the trigger of 0030 in the event's own
 * transaction and delivered by the same jobs and adapters as the citizen's notices (deliver.ts).
 */
import { z } from 'zod';
import { writeAudit } from '../audit/audit.js';
import { withActor } from '../cases/petitioner-access.js';
import { AppError } from '../core/errors.js';
import { inputRule, rulesFailed, SOMETHING_TO_CHANGE, withRules } from '../core/input-rules.js';
import { parseInput } from '../core/validate.js';
import type { StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import './tables.js';

export const STAFF_NOTIFY_CHANNELS = ['email', 'sms', 'none'] as const;

/** A staff member's work contact, as an administrator sets it or the member sets their own. null clears a field. */
export const staffContactFields = {
  email: z.string().trim().toLowerCase().email('一个电子邮箱地址 / an e-mail address').max(200).nullable().optional().describe('work e-mail for notices'),
  phone: z
    .string()
    .trim()
    .regex(/^(\+?86)?1[3-9]\d{9}$/, '11 位手机号 / an 11-digit mobile number')
    .nullable()
    .optional()
    .describe('mobile number for SMS notices (only when notifyChannel is sms)'),
  notifyChannel: z
    .enum(STAFF_NOTIFY_CHANNELS)
    .nullable()
    .optional()
    .describe('how work notices reach this person: email, sms or none; null: e-mail if an e-mail is given, else none'),
};

const contactInput = withRules(z.object(staffContactFields), SOMETHING_TO_CHANGE);
/** the chosen channel has its address, checked against what is stored (listed by the routes that change a contact) */
export const CHANNEL_ADDRESS = inputRule({
  field: 'notifyChannel',
  message: 'the chosen channel needs its address',
  doc: 'sms needs a phone, email an e-mail address (given now or stored)',
});

export type StaffContact = { email?: string | null; phone?: string | null; notifyChannel?: (typeof STAFF_NOTIFY_CHANNELS)[number] | null };

/** The columns of a contact change, with the rule that a chosen channel has its address (checked against what is stored). */
export function contactPatch(input: StaffContact, stored: { email: string | null; phone: string | null; notify_channel: string | null }) {
  const email = input.email !== undefined ? input.email : stored.email;
  const phone = input.phone !== undefined ? input.phone : stored.phone;
  const channel = input.notifyChannel !== undefined ? input.notifyChannel : stored.notify_channel;
  if (channel === 'sms' && !phone) throw rulesFailed(CHANNEL_ADDRESS, [{ field: 'phone', message: '选择短信通知须填写手机号 / SMS notices need a mobile number' }]);
  if (channel === 'email' && !email) throw rulesFailed(CHANNEL_ADDRESS, [{ field: 'email', message: '选择邮件通知须填写电子邮箱 / e-mail notices need an e-mail address' }]);
  return {
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(input.notifyChannel !== undefined ? { notify_channel: input.notifyChannel } : {}),
  };
}

const effectiveChannel = (u: { email: string | null; notify_channel: string | null }) => u.notify_channel ?? (u.email ? 'email' : 'none');

export async function myNotifySettings(deps: Deps, actor: StaffActor) {
  const u = await deps.db.selectFrom('users').select(['email', 'phone', 'notify_channel']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  return { email: u.email, phone: u.phone, notifyChannel: u.notify_channel, effectiveChannel: effectiveChannel(u) };
}

export async function setMyNotifySettings(deps: Deps, args: UseCaseArgs & { actor: StaffActor; input: unknown }) {
  const input = parseInput(contactInput, args.input, args.lang);
  await deps.db.transaction().execute(async (tx) => {
    const stored = await tx.selectFrom('users').select(['email', 'phone', 'notify_channel']).where('id', '=', args.actor.userId).forUpdate().executeTakeFirstOrThrow();
    await tx.updateTable('users').set(contactPatch(input, stored)).where('id', '=', args.actor.userId).execute();
    // what changed, not the addresses themselves
    await writeAudit(tx, args.actor, args.meta, { action: 'user.notify_settings', entityType: 'user', entityId: args.actor.userId, data: { changed: Object.keys(input) } });
  });
  return myNotifySettings(deps, args.actor);
}

const mineQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** The work notices sent to the signed-in member, newest first: what awaited them, on which matter, and whether it went out. */
export async function listMyNotifications(deps: Deps, args: UseCaseArgs & { actor: StaffActor; query: unknown }) {
  const q = parseInput(mineQuery, args.query ?? {}, args.lang);
  const rows = await withActor(deps.db, args.actor, (tx) =>
    tx
      .selectFrom('notifications as n')
      .innerJoin('cases as c', 'c.id', 'n.case_id')
      .select(['n.id', 'n.case_id', 'c.reg_no', 'n.event_type', 'n.kind', 'n.basis', 'n.channel', 'n.subject', 'n.status', 'n.attempts', 'n.created_at', 'n.delivered_at'])
      .where('n.user_id', '=', args.actor.userId)
      .orderBy('n.created_at', 'desc')
      .orderBy('n.event_id', 'desc')
      .limit(q.limit)
      .execute(),
  );
  return {
    items: rows.map((n) => ({
      id: n.id,
      caseId: n.case_id,
      regNo: n.reg_no,
      eventType: n.event_type,
      kind: n.kind,
      basis: n.basis,
      channel: n.channel,
      subject: n.subject,
      status: n.status,
      attempts: n.attempts,
      createdAt: n.created_at,
      deliveredAt: n.delivered_at,
    })),
  };
}
