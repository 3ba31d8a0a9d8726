import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { endClocks } from '../../clocks/case-clocks.js';
import { appendEvent } from '../events.js';
import { loadCaseFor } from '../scope.js';
import { STATUS_LABELS, type Status } from '../states.js';
import { caseId, text } from './common.js';
import { defineAction } from './types.js';

const IN_PROGRESS: Status[] = ['dispatched', 'signed', 'objected', 'accepted', 'reply_pending'];

/**
 * 第十九条第三款: a matter already accepted or in handling below, raised again above within its time, is not
 * accepted again; the repeat is linked and the citizen is told the progress of the case in hand.
 */
export const linkExisting = defineAction({
  input: z.object({ relatedCaseId: caseId, note: text(0, 2000).optional() }),
  async apply(ctx, input) {
    const related = await loadCaseFor(ctx.tx, ctx.actor, input.relatedCaseId);
    if (related.id === ctx.case.id || !IN_PROGRESS.includes(related.status as Status))
      throw new AppError('INVALID_TARGET_UNIT', { reason: 'the related case is not in progress' });
    const handle = await ctx.tx
      .selectFrom('case_clocks')
      .select('due_at')
      .where('case_id', '=', related.id)
      .where('rule_key', '=', 'handle')
      .where('status', 'in', ['running', 'paused'])
      .executeTakeFirst();
    if (handle?.due_at && handle.due_at.getTime() < ctx.now.getTime())
      throw new AppError('DEADLINE_PASSED', { due: handle.due_at.toISOString(), rule: '原事项已超过办理期限，应当受理（第十九条第三款）' });
    await endClocks(ctx.tx, ctx.case.id, ['route'], 'met', ctx.now);
    await appendEvent(ctx.tx, ctx.actor, { caseId: related.id, type: 'linked_in', public: false, at: ctx.now, data: { caseId: ctx.case.id, regNo: ctx.case.reg_no } });
    const progress = STATUS_LABELS[related.status as Status];
    return { patch: { related_case_id: related.id }, eventData: { relatedRegNo: related.reg_no, relatedStatus: related.status, progress, note: input.note } };
  },
});

/** A repeat of a matter already registered: it joins the existing case's timeline. */
export const mergeDuplicate = defineAction({
  input: z.object({ relatedCaseId: caseId, note: text(0, 2000).optional() }),
  async apply(ctx, input) {
    const target = await loadCaseFor(ctx.tx, ctx.actor, input.relatedCaseId);
    if (target.id === ctx.case.id || target.status === 'merged' || target.status === 'linked')
      throw new AppError('INVALID_TARGET_UNIT', { reason: 'merge into the original case, not into another duplicate' });
    await endClocks(ctx.tx, ctx.case.id, ['route'], 'met', ctx.now);
    await appendEvent(ctx.tx, ctx.actor, {
      caseId: target.id,
      type: 'duplicate_merged_in',
      public: true,
      at: ctx.now,
      data: { regNo: ctx.case.reg_no, title: ctx.case.title, channel: ctx.case.channel },
    });
    return { patch: { related_case_id: target.id }, eventData: { relatedRegNo: target.reg_no, note: input.note } };
  },
});

export const notAccept = defineAction({
  input: z.object({ reason: text(2, 2000), suggestedAuthority: text(0, 200).optional() }),
  async apply(ctx, input) {
    await endClocks(ctx.tx, ctx.case.id, ['route'], 'met', ctx.now);
    return { patch: { outcome: JSON.stringify({ type: 'not_accepted', ...input }) }, eventData: input };
  },
});
