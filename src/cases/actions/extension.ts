import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { inputRule } from '../../core/input-rules.js';
import { runningClock, updateClock } from '../../clocks/case-clocks.js';
import { decideRequest, openRequest, text } from './common.js';
import { defineAction } from './types.js';

/** 第三十四条: complex cases may be extended once, by at most 30 days, with the unit head's approval. */
const EXTENSION_MAX = inputRule({
  field: 'days',
  message: '延长期限不得超过规定日数（第三十四条）',
  doc: 'at most the extension_max clock rule (30 days by the statute, GET /api/admin/clock-rules) — 延长期限不得超过30日（信访工作条例 第三十四条）',
});

export const requestExtension = defineAction({
  input: z.object({ days: z.number().int().min(1), reason: text(5, 2000) }),
  rules: [EXTENSION_MAX],
  async apply(ctx, input) {
    const max = ctx.deps.clocks.rule('extension_max').amount;
    if (input.days > max) throw EXTENSION_MAX.error(`≤ ${max}（第三十四条：延长期限不得超过${max}日）`);
    await openRequest(ctx, 'extension', input);
    return { eventData: input };
  },
});

export const approveExtension = defineAction({
  input: z.object({ note: text(0, 2000).optional() }).default({}),
  async apply(ctx, input) {
    const req = await decideRequest(ctx, 'extension', 'approved', input.note);
    const data = req.data as { days: number; reason: string };
    const clock = await runningClock(ctx.tx, ctx.case.id, 'handle');
    if (!clock) throw new AppError('EXTENSION_NOT_ALLOWED', { reason: 'no running handling clock' });
    await updateClock(ctx.tx, ctx.deps.clocks, clock, { extended_days: clock.extended_days + data.days });
    const after = await runningClock(ctx.tx, ctx.case.id, 'handle');
    // the reason is told to the citizen (第三十四条 "并告知信访人延期理由"): this event is public
    return { eventData: { days: data.days, reason: data.reason, newDueAt: after?.due_at?.toISOString() ?? null } };
  },
});

export const rejectExtension = defineAction({
  input: z.object({ note: text(2, 2000) }),
  async apply(ctx, input) {
    await decideRequest(ctx, 'extension', 'rejected', input.note);
    return { eventData: input };
  },
});
