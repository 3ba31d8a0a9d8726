import { z } from 'zod';
import { endClocks, startClock } from '../../clocks/case-clocks.js';
import { openRequest, staffUnitId, text } from './common.js';
import { defineAction } from './types.js';

export const sign = defineAction({
  input: z.object({ note: text(0, 500).optional() }).default({}),
  async apply(ctx, input) {
    await ctx.tx
      .updateTable('case_units')
      .set({ signed_at: ctx.now })
      .where('case_id', '=', ctx.case.id)
      .where('unit_id', '=', ctx.case.lead_unit_id!)
      .where('role', '=', 'lead')
      .execute();
    return { eventData: input };
  },
});

/** 退单: 第二十三条第三款 — objected within 5 working days, with detailed reasons; the dispatcher decides. */
export const object = defineAction({
  input: z.object({ reason: text(5, 2000), suggestedUnitId: z.string().regex(/^\d+$/).optional() }),
  async apply(ctx, input) {
    await openRequest(ctx, 'objection', input);
    await endClocks(ctx.tx, ctx.case.id, ['object'], 'met', ctx.now);
    return { eventData: input };
  },
});

/** 第二十三条: tell the citizen in writing that it is accepted and by what procedure; the 60-day clock starts. */
export const accept = defineAction({
  input: z.object({ procedure: text(2, 2000), note: text(0, 2000).optional() }),
  async apply(ctx, input) {
    await endClocks(ctx.tx, ctx.case.id, ['accept_notice'], 'met', ctx.now);
    await endClocks(ctx.tx, ctx.case.id, ['object'], 'stopped', ctx.now);
    await startClock(ctx.tx, ctx.deps.clocks, { caseId: ctx.case.id, ruleKey: 'handle', unitId: staffUnitId(ctx), at: ctx.now });
    return { patch: { accepted_at: ctx.now }, eventData: { procedure: input.procedure } };
  },
});

export const decline = defineAction({
  input: z.object({ reason: text(2, 2000), suggestedAuthority: text(0, 200).optional() }),
  async apply(ctx, input) {
    await endClocks(ctx.tx, ctx.case.id, ['accept_notice'], 'met', ctx.now);
    await endClocks(ctx.tx, ctx.case.id, ['object', 'report_back'], 'stopped', ctx.now);
    return { patch: { outcome: JSON.stringify({ type: 'declined', ...input }) }, eventData: input };
  },
});

/** 第三十一条 (一)–(四): a matter for litigation, arbitration, reconsideration … is guided into that procedure. */
export const guideToProcedure = defineAction({
  input: z.object({
    procedure: z.enum(['litigation', 'prosecution', 'police', 'arbitration', 'party_appeal', 'administrative_reconsideration', 'administrative_other']),
    authority: text(2, 200),
    explanation: text(2, 4000),
  }),
  async apply(ctx, input) {
    await endClocks(ctx.tx, ctx.case.id, ['accept_notice', 'handle', 'report_back'], 'met', ctx.now);
    await endClocks(ctx.tx, ctx.case.id, ['object'], 'stopped', ctx.now);
    return { patch: { outcome: JSON.stringify({ type: 'guided', ...input }), closed_at: ctx.now }, eventData: input };
  },
});

export const addAssistOpinion = defineAction({
  input: z.object({ opinion: text(2, 4000) }),
  async apply(_ctx, input) {
    return { eventData: input };
  },
});
