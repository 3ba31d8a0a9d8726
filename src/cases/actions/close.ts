import { z } from 'zod';
import { startClock } from '../../clocks/case-clocks.js';
import { staffUnitId, text } from './common.js';
import { defineAction } from './types.js';

export const close = defineAction({
  input: z.object({ note: text(0, 2000).optional() }).default({}),
  async apply(ctx, input) {
    await ctx.tx
      .updateTable('case_clocks')
      .set({ status: 'stopped', stopped_at: ctx.now })
      .where('case_id', '=', ctx.case.id)
      .where('status', 'in', ['running', 'paused'])
      .execute();
    return { patch: { closed_at: ctx.now }, eventData: input };
  },
});

/** Reopened for handling again (e.g. a return visit found it unsolved); never after a final re-review. */
export const reopen = defineAction({
  input: z.object({ reason: text(5, 2000) }),
  async apply(ctx, input) {
    await startClock(ctx.tx, ctx.deps.clocks, { caseId: ctx.case.id, ruleKey: 'handle', unitId: ctx.case.lead_unit_id ?? staffUnitId(ctx), at: ctx.now });
    return { patch: { closed_at: null, evaluation: null }, eventData: input };
  },
});
