/**
 * The in-app message centre (issue 13, docs/notifications.md "Message centre", 0031_staff_inbox.sql): the messages of
 * the signed-in member — written by the trigger that decides who is told of an event (staff_notice_rules of 0030), for
 * every member told, whatever their e-mail/SMS channel — read, counted and marked read.
 *
 * A message is shown only while its case is readable to the member under the same rule as the case list
 * (scopeToActor: a unit of the member's scope has a part in the case, and the accusation rule of 第三十条): a member
 * who moved to another unit no longer sees the messages of the old unit's cases (nor counts them), and gets them
 * back if the case comes within their scope again. So a message's link always opens its case.
 * A message carries the kind, the registration number, the time and the link; never the matter or personal data.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { scopeToActor } from '../cases/scope.js';
import { withActor } from '../cases/petitioner-access.js';
import { AppError } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import type { DB } from '../db/types.js';
import type { StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import './tables.js';

/** What awaits the reader, by the kind of staff_notice_rules (0030), in both languages. */
export const MESSAGE_KIND_LABELS: Record<string, { zh: string; en: string }> = {
  dispatch_notice: { zh: '新交办，请签收', en: 'New dispatch to sign for' },
  objection_rejected_notice: { zh: '退单未获同意，请签收', en: 'Return rejected: sign for it' },
  objection_notice: { zh: '退单待审核', en: 'Return (objection) to decide' },
  extension_request_notice: { zh: '延期待审批', en: 'Extension to approve' },
  reply_approval_notice: { zh: '处理意见待审批', en: 'Reply to approve' },
  review_request_notice: { zh: '复查待办理', en: 'Review to decide' },
  rereview_request_notice: { zh: '复核待办理', en: 'Re-review to decide' },
  deadline_warning_notice: { zh: '时限预警', en: 'Deadline warning' },
  overdue_notice: { zh: '已超期', en: 'Overdue' },
};
const OTHER_KIND = { zh: '待办提醒', en: 'Something awaits you' };
export const messageKindLabel = (kind: string, lang: Lang) => (MESSAGE_KIND_LABELS[kind] ?? OTHER_KIND)[lang];

export const messagesQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only the unread messages; false or absent: all'),
  page: z.coerce.number().int().min(1).default(1).describe('page number, from 1'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).describe('messages per page (1–100, default 20)'),
});

export const messageIdParams = z.object({ id: z.string().describe('the message id (from GET /api/me/messages)') });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The member's own messages whose case they may read now (the case list's rule). */
const mine = (tx: Kysely<DB>, actor: StaffActor) =>
  scopeToActor(tx.selectFrom('cases'), actor).innerJoin('staff_inbox as m', 'm.case_id', 'cases.id').where('m.user_id', '=', actor.userId);

const unreadCount = async (tx: Kysely<DB>, actor: StaffActor) =>
  Number((await mine(tx, actor).where('m.read_at', 'is', null).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

/** The member's messages, newest first, a page at a time; with the unread count for the bell. */
export async function listMyMessages(deps: Deps, args: UseCaseArgs & { actor: StaffActor; query: unknown }) {
  const q = parseInput(messagesQuery, args.query ?? {}, args.lang);
  return withActor(deps.db, args.actor, async (tx) => {
    let base = mine(tx, args.actor);
    if (q.unread) base = base.where('m.read_at', 'is', null);
    const total = Number((await base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base
      .select(['m.id', 'm.case_id', 'cases.reg_no', 'm.event_type', 'm.kind', 'm.basis', 'm.created_at', 'm.read_at'])
      .orderBy('m.created_at', 'desc')
      .orderBy('m.event_id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    return {
      total,
      page: q.page,
      pageSize: q.pageSize,
      unread: q.unread ? total : await unreadCount(tx, args.actor),
      items: rows.map((m) => messageView(m, args.lang)),
    };
  });
}

function messageView(m: { id: string; case_id: string; reg_no: string; event_type: string; kind: string; basis: string; created_at: Date; read_at: Date | null }, lang: Lang) {
  return {
    id: m.id,
    kind: m.kind,
    kindLabel: messageKindLabel(m.kind, lang),
    eventType: m.event_type,
    basis: m.basis,
    caseId: m.case_id,
    regNo: m.reg_no,
    link: `/cases/${m.case_id}`,
    at: m.created_at,
    read: m.read_at !== null,
  };
}

/** The bell's number: the member's unread messages (one indexed count). */
export async function countMyUnread(deps: Deps, actor: StaffActor) {
  return { unread: await withActor(deps.db, actor, (tx) => unreadCount(tx, actor)) };
}

/** Marks one of the member's own messages read; another's, or one they cannot see, answers 404 like an unknown id. */
export async function markMessageRead(deps: Deps, args: UseCaseArgs & { actor: StaffActor; id: string }) {
  if (!UUID.test(args.id)) throw new AppError('NOT_FOUND');
  return withActor(deps.db, args.actor, async (tx) => {
    const row = await mine(tx, args.actor)
      .where('m.id', '=', args.id)
      .select(['m.id', 'm.case_id', 'cases.reg_no', 'm.event_type', 'm.kind', 'm.basis', 'm.created_at', 'm.read_at'])
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    const readAt = row.read_at ?? deps.now();
    if (!row.read_at) await tx.updateTable('staff_inbox').set({ read_at: readAt }).where('id', '=', row.id).where('user_id', '=', args.actor.userId).execute();
    return { ...messageView({ ...row, read_at: readAt }, args.lang), unread: await unreadCount(tx, args.actor) };
  });
}

/** Marks every unread message the member sees read (those of cases they cannot read now stay as they are, unseen). */
export async function markAllMessagesRead(deps: Deps, actor: StaffActor) {
  return withActor(deps.db, actor, async (tx) => {
    const shown = mine(tx, actor).where('m.read_at', 'is', null).select('m.id');
    const r = await tx.updateTable('staff_inbox').set({ read_at: deps.now() }).where('user_id', '=', actor.userId).where('read_at', 'is', null).where('id', 'in', shown).executeTakeFirst();
    return { marked: Number(r.numUpdatedRows), unread: await unreadCount(tx, actor) };
  });
}
