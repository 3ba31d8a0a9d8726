import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { cstDateOf } from '../../calendar/dates.js';
import { endClocks, runningClock, startClock, updateClock } from '../../clocks/case-clocks.js';
import { text } from './common.js';
import { defineAction, type ActionContext } from './types.js';

async function higherUnit(ctx: ActionContext, unitId: string | null): Promise<string> {
  const unit = unitId ? await ctx.tx.selectFrom('units').select('parent_id').where('id', '=', unitId).executeTakeFirst() : undefined;
  if (!unit?.parent_id) throw new AppError('INVALID_TARGET_UNIT', { reason: 'no higher unit' });
  return unit.parent_id;
}

async function openReview(ctx: ActionContext, level: 1 | 2, contestedUnit: string | null, reason: string) {
  const unitId = await higherUnit(ctx, contestedUnit);
  const [windowKey, decideKey] = level === 1 ? ['review_request', 'review_decide'] : ['rereview_request', 'rereview_decide'];
  if (ctx.case.status === 'closed') await ctx.tx.updateTable('cases').set({ closed_at: null }).where('id', '=', ctx.case.id).execute();
  await endClocks(ctx.tx, ctx.case.id, [windowKey], 'met', ctx.now);
  await ctx.tx.updateTable('case_units').set({ active: false }).where('case_id', '=', ctx.case.id).where('role', '=', 'review').execute();
  await ctx.tx
    .insertInto('case_units')
    .values({ case_id: ctx.case.id, unit_id: unitId, role: 'review', assigned_at: ctx.now })
    .onConflict((oc) => oc.columns(['case_id', 'unit_id', 'role']).doUpdateSet({ active: true, assigned_at: ctx.now }))
    .execute();
  await startClock(ctx.tx, ctx.deps.clocks, { caseId: ctx.case.id, ruleKey: decideKey, unitId, at: ctx.now });
  return { patch: { review_level: level, review_unit_id: unitId, evaluation: null }, eventData: { reason, reviewUnitId: unitId } };
}

const requestInput = z.object({ reason: text(2, 4000) });
const decisionInput = z.object({ decision: z.enum(['upheld', 'changed', 'revoked']), opinion: text(2, 20000), legalBasis: text(0, 4000).optional() });

/** 第三十五条: review by the next-higher unit, requested within 30 days of the written reply, answered within 30 days. */
export const requestReview = defineAction({
  input: requestInput,
  apply: (ctx, input) => openReview(ctx, 1, ctx.case.lead_unit_id, input.reason),
});

export const decideReview = defineAction({
  input: decisionInput,
  async apply(ctx, input) {
    await endClocks(ctx.tx, ctx.case.id, ['review_decide'], 'met', ctx.now);
    await startClock(ctx.tx, ctx.deps.clocks, { caseId: ctx.case.id, ruleKey: 'rereview_request', unitId: null, at: ctx.now });
    return { patch: { outcome: JSON.stringify({ ...(ctx.case.outcome ?? {}), review: input }) }, eventData: input };
  },
});

/** 第三十六条: re-review one level higher; hearing time is not counted; the answer is final. */
export const requestRereview = defineAction({
  input: requestInput,
  apply: (ctx, input) => openReview(ctx, 2, ctx.case.review_unit_id, input.reason),
});

export const pauseClock = defineAction({
  input: z.object({ reason: text(2, 2000) }),
  async apply(ctx, input) {
    const clock = await runningClock(ctx.tx, ctx.case.id, 'rereview_decide');
    if (!clock) throw new AppError('CASE_STATE_CONFLICT');
    await updateClock(ctx.tx, ctx.deps.clocks, clock, { status: 'paused', pauses: [...clock.pauses, { from: cstDateOf(ctx.now), to: null, reason: input.reason }] });
    return { eventData: input };
  },
});

export const resumeClock = defineAction({
  input: z.object({ note: text(0, 2000).optional() }).default({}),
  async apply(ctx, input) {
    const clock = await runningClock(ctx.tx, ctx.case.id, 'rereview_decide');
    if (!clock) throw new AppError('CASE_STATE_CONFLICT');
    const today = cstDateOf(ctx.now);
    const pauses = clock.pauses.map((p) => (p.to === null ? { ...p, to: today } : p));
    await updateClock(ctx.tx, ctx.deps.clocks, clock, { status: 'running', pauses });
    const after = await runningClock(ctx.tx, ctx.case.id, 'rereview_decide');
    return { eventData: { ...input, newDueAt: after?.due_at?.toISOString() ?? null } };
  },
});

export const decideRereview = defineAction({
  input: decisionInput,
  async apply(ctx, input) {
    await endClocks(ctx.tx, ctx.case.id, ['rereview_decide'], 'met', ctx.now);
    return { patch: { outcome: JSON.stringify({ ...(ctx.case.outcome ?? {}), rereview: input }) }, eventData: input };
  },
});
