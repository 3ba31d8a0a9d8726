/** The effects of each transition of a campaign item (workflow.ts): the plan, progress, the resolution and its check. */
import { sql } from 'kysely';
import { z } from 'zod';
import { cstDateOf, endOfDayCst, isIsoDate } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import { inputRule, isoDateInput } from '../core/input-rules.js';
import type { StaffActor } from '../org/actor.js';
import type { Handler, TransitionContext } from '../workflow/engine.js';
import { NOT_THE_ACCUSED_UNIT, refuseAccusedUnits, UNIT_IN_SCOPE, unitIdInput, unitsInScope } from '../coordination/handlers.js';
import type { CampaignItemRow } from './store.js';
import { OUTCOMES, OUTCOME_LABELS, type Outcome } from './tables.js';
import type { CampaignItemContext } from './workflow.js';

type Ctx = TransitionContext<CampaignItemRow, CampaignItemContext>;
type H = Handler<CampaignItemRow, CampaignItemContext, Record<string, unknown>>;

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const LEADER_IN_SCOPE = inputRule({
  field: 'leaderUserId',
  message: '包案领导须为本辖区内单位的在职工作人员 / the leader must be active staff of a unit in your scope',
  doc: 'active staff of a unit in your scope; for an accusation, neither an accused person nor of the accused unit (信访工作条例 第三十条第三款)',
});
const DUE_NOT_PAST = inputRule({ field: 'dueOn', message: '化解期限不能早于今天 / the target date cannot be in the past', doc: 'not before today (CST)' });
const UNIT_NEEDED = inputRule({ field: 'unitId', message: '请指定责任单位 / name the responsible unit', doc: 'required when the case has no lead unit' });
const staff = (ctx: Ctx): StaffActor => {
  if (ctx.actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  return ctx.actor;
};

const planInput = z.object({
  leaderUserId: z.string().uuid().describe('包案领导: a staff user of a unit in your scope'),
  leaderPost: text(2, 100).describe('the leader’s post, e.g. 东区副区长 — the post, not a profile'),
  unitId: unitIdInput.optional().describe('责任单位 (in your scope); default: the unit responsible now (the case’s lead unit)'),
  plan: text(10, 8000).describe('一案一策: the plan for this case'),
  measures: text(0, 8000).optional().describe('化解措施: concrete measures (visits, aid, policy, legal help …)'),
  dueOn: isoDateInput('化解期限 (YYYY-MM-DD): the day the case should be resolved by, not in the past'),
});

/**
 * The leader must be an active staff user whose unit lies in the actor's scope; for an accusation, neither an accused
 * person nor in the accused unit (第三十条第三款). Any failure answers the same, so nothing about other units leaks.
 */
async function leaderFor(ctx: Ctx, actor: StaffActor, userId: string) {
  const u = await ctx.tx
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.display_name', 'users.active', 'units.path', 'units.name as unit_name'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  const refusal = LEADER_IN_SCOPE.error();
  if (!u || !u.active || !u.path.startsWith(actor.scopePath)) throw refusal;
  const c = await ctx.tx.selectFrom('cases').select(['kind', 'accused_user_ids']).where('id', '=', ctx.row.case_id).executeTakeFirstOrThrow();
  if (c.kind === 'accusation' && c.accused_user_ids.includes(u.id)) throw refusal;
  await refuseAccusedUnits(ctx.tx, ctx.row.case_id, [{ path: u.path }], 'leaderUserId');
  return u;
}

const plan: H = {
  input: planInput,
  rules: [DUE_NOT_PAST, LEADER_IN_SCOPE, UNIT_NEEDED, UNIT_IN_SCOPE, NOT_THE_ACCUSED_UNIT],
  async apply(ctx, input: z.infer<typeof planInput>) {
    const actor = staff(ctx);
    if (input.dueOn < cstDateOf(ctx.now)) throw DUE_NOT_PAST.error();
    const leader = await leaderFor(ctx, actor, input.leaderUserId);
    const unitId = input.unitId ?? (ctx.row.unit_id === null ? null : String(ctx.row.unit_id));
    if (!unitId) throw UNIT_NEEDED.error();
    const [unit] = await unitsInScope(ctx.tx, actor, [unitId], 'unitId', ctx.row.case_id);
    const dueAt = endOfDayCst(input.dueOn);
    return {
      patch: { leader_user_id: leader.id, leader_post: input.leaderPost, unit_id: unit!.id, plan: input.plan, measures: input.measures || null, due_at: dueAt, planned_at: ctx.now },
      eventData: { leader: leader.display_name, leaderPost: input.leaderPost, unitId: String(unit!.id), unitName: unit!.name, dueOn: input.dueOn },
    };
  },
};

const progressInput = z.object({ note: text(5, 4000).describe('化解进展: what was done since the last report') });

/** Appends an entry to the item's progress list (the same update as the transition). */
function progressPatch(ctx: Ctx, note: string) {
  const actor = staff(ctx);
  const n = (Array.isArray(ctx.row.progress) ? ctx.row.progress.length : 0) + 1;
  const entry = { n, at: ctx.now.toISOString(), note, by: actor.userId };
  return { n, progress: sql`progress || ${JSON.stringify([entry])}::jsonb` };
}

const reportProgress: H = {
  input: progressInput,
  async apply(ctx, input: { note: string }) {
    const { n, progress } = progressPatch(ctx, input.note);
    return { patch: { progress }, eventData: { n, note: input.note } };
  },
};

const resolvedInput = z.object({
  outcome: z.enum(OUTCOMES).describe('resolved 化解（息诉罢访）, terminated 依法终结, other'),
  note: text(10, 8000).describe('化解情况: how the case was resolved, and the petitioner’s position'),
});

const reportResolved: H = {
  input: resolvedInput,
  async apply(ctx, input: { outcome: Outcome; note: string }) {
    const actor = staff(ctx);
    return {
      patch: { outcome: input.outcome, outcome_note: input.note, claimed_by: actor.userId, claimed_at: ctx.now },
      eventData: { outcome: input.outcome, outcomeLabel: OUTCOME_LABELS[input.outcome], note: input.note },
    };
  },
};

const verify: H = {
  input: z.object({ note: text(0, 4000).optional().describe('核验意见') }),
  async apply(ctx, input: { note?: string }) {
    const actor = staff(ctx);
    return { patch: { verified_by: actor.userId, verified_at: ctx.now, verification: input.note || null }, eventData: { note: input.note ?? null } };
  },
};

const refuse: H = {
  input: z.object({ reason: text(5, 4000).describe('why the resolution is not accepted, and what is still to be done') }),
  async apply(ctx, input: { reason: string }) {
    return {
      patch: { verification: input.reason, refusals: ctx.row.refusals + 1, claimed_by: null, claimed_at: null },
      eventData: { reason: input.reason, refusals: ctx.row.refusals + 1 },
    };
  },
};

const withdraw: H = {
  input: z.object({ reason: text(5, 2000).describe('why the case leaves the campaign (e.g. merged, wrongly selected)') }),
  async apply(_ctx, input: { reason: string }) {
    return { patch: { withdraw_reason: input.reason }, eventData: { reason: input.reason } };
  },
};

export const CAMPAIGN_HANDLERS: Readonly<Record<string, H>> = {
  assign_plan: plan,
  revise_plan: plan,
  report_progress: reportProgress,
  report_resolved: reportResolved,
  verify,
  refuse_verification: refuse,
  withdraw,
};
