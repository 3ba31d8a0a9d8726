import { z } from 'zod';
import { inputRule, withRules } from '../../core/input-rules.js';
import { RATINGS } from '../states.js';
import { text } from './common.js';
import { defineAction } from './types.js';

/** The citizen's evaluation of the answer: 满意 / 基本满意 / 不满意 (once per answer: reply, review, re-review). */
export const evaluate = defineAction({
  input: z.object({ rating: z.enum(RATINGS), comment: text(0, 2000).optional() }),
  async apply(ctx, input) {
    return { patch: { evaluation: input.rating }, eventData: { rating: input.rating, level: ctx.case.review_level, byCitizen: ctx.actor.kind === 'citizen' } };
  },
});

const RESOLVED_WHEN_REACHED = inputRule<{ contacted: boolean; resolved?: string }>({
  field: 'resolved',
  message: 'required when the citizen was reached',
  doc: 'required when contacted is true',
  test: (v) => !v.contacted || v.resolved !== undefined,
});

/** 回访 (北京条例 第二十三条): was it solved, and is the citizen satisfied? Metrics read these events. */
export const recordReturnVisit = defineAction({
  input: withRules(
    z.object({
      contacted: z.boolean(),
      resolved: z.enum(['solved', 'partly_solved', 'unsolved']).optional(),
      satisfaction: z.enum(RATINGS).optional(),
      note: text(0, 4000).optional(),
    }),
    RESOLVED_WHEN_REACHED,
  ),
  async apply(_ctx, input) {
    return { eventData: input };
  },
});
