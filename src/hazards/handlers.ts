/** The effects of each transition of a hazard (workflow.ts): clocks, the record's columns, supervision. */
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { inputRule, rulesFailed, UNIT_IN_SCOPE } from '../core/input-rules.js';
import { endRegisterClocks, startRegisterClock } from '../clocks/register-clocks.js';
import type { Handler, TransitionContext } from '../workflow/engine.js';
import { ENTITY, type HazardRow } from './store.js';
import { superviseMajor } from './supervise.js';
import { HAZARD_GRADES, type HazardGrade } from './tables.js';
import type { HazardContext } from './workflow.js';

type Ctx = TransitionContext<HazardRow, HazardContext>;
type H = Handler<HazardRow, HazardContext, Record<string, unknown>>;

export const RECTIFY = 'hazard_rectify';
export const VERIFY = 'hazard_verify';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const unitIdInput = z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String);
const SHORTER_ONLY_MAJOR = inputRule({
  field: 'rectifyDays',
  message: '只有重大隐患可以缩短整改期限 / only a major hazard’s deadline may be set shorter',
  doc: 'only for a major hazard, and at most the rule hazard_rectify (30 days by default, GET /api/admin/clock-rules)',
});
const AT_MOST_RULE = inputRule({ field: 'rectifyDays', message: 'at most the default rectification period', doc: 'at most the rule hazard_rectify (30 days by default)' });
const OTHER_GRADE = inputRule({ field: 'grade', message: '与当前等级相同 / the hazard already has this grade', doc: 'differs from the current grade' });
const userId = (ctx: Ctx) => (ctx.actor.kind === 'staff' ? ctx.actor.userId : null);

export const leaderInput = z
  .object({
    name: text(1, 50).describe('the leader’s name, e.g. 王某某'),
    post: text(2, 100).describe('the leader’s post, e.g. 东区副区长 or 住建局分管副局长'),
  })
  .describe('包干领导: the leader answerable for the rectification, by name and post');

/** Starts a rectification clock: the rule, or `days` (in the rule's unit) when the assigner or verifier sets it. */
async function startRectifyClock(ctx: Ctx, unitId: string, days?: number) {
  const rule = ctx.deps.clocks.rule(RECTIFY);
  const k = await startRegisterClock(ctx.tx, ctx.deps.clocks, {
    entity: ENTITY,
    entityId: ctx.row.id,
    ruleKey: RECTIFY,
    unitId,
    at: ctx.now,
    ...(days ? { length: { amount: days, unit: rule.unit } } : {}),
  });
  return k.due_at;
}

function checkDays(ctx: Ctx, field: string, days: number | undefined, grade: HazardGrade) {
  if (days === undefined) return;
  const rule = ctx.deps.clocks.rule(RECTIFY);
  if (grade !== 'major') throw rulesFailed(SHORTER_ONLY_MAJOR, [{ field, message: `只有重大隐患可以缩短整改期限（一般隐患按规则${rule.amount}日）/ only a major hazard's deadline may be set shorter` }]);
  if (days > rule.amount) throw rulesFailed(SHORTER_ONLY_MAJOR, [{ field, message: `不得长于默认整改期限${rule.amount}日 / at most the default ${rule.amount} days` }]);
}

const assign: H = {
  input: z.object({
    unitId: unitIdInput.describe('the responsible unit; must lie in your scope'),
    leader: leaderInput,
    rectifyDays: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('major hazards only: a shorter rectification period than the rule hazard_rectify (30 calendar days by default)'),
    requirements: text(0, 4000).optional().describe('what the office requires of the rectification (整改要求)'),
  }),
  rules: [UNIT_IN_SCOPE, SHORTER_ONLY_MAJOR],
  async apply(ctx, input: { unitId: string; leader: { name: string; post: string }; rectifyDays?: number; requirements?: string }) {
    if (ctx.actor.kind !== 'staff') throw new AppError('FORBIDDEN');
    const unit = await ctx.tx.selectFrom('units').select(['id', 'path', 'name', 'active']).where('id', '=', input.unitId).executeTakeFirst();
    if (!unit || !unit.active || !unit.path.startsWith(ctx.actor.scopePath)) throw UNIT_IN_SCOPE.error();
    checkDays(ctx, 'rectifyDays', input.rectifyDays, ctx.row.grade);
    const dueAt = await startRectifyClock(ctx, unit.id, input.rectifyDays);
    let supervisionId: string | null = null;
    if (ctx.row.grade === 'major') supervisionId = (await superviseMajor(ctx.tx, ctx.deps, ctx.actor, ctx.meta, ctx.row, unit.id, dueAt, ctx.now)).id;
    return {
      patch: { unit_id: unit.id, leader_name: input.leader.name, leader_post: input.leader.post, requirements: input.requirements || null, rectify_due_at: dueAt },
      eventData: { unitId: unit.id, unitName: unit.name, leader: input.leader, dueAt, rectifyDays: input.rectifyDays ?? null, supervisionId },
    };
  },
};

const regrade: H = {
  input: z.object({ grade: z.enum(HAZARD_GRADES), reason: text(5, 2000).describe('why the grade changes (e.g. 经专家论证属重大事故隐患)') }),
  rules: [OTHER_GRADE],
  async apply(ctx, input: { grade: HazardGrade; reason: string }) {
    if (input.grade === ctx.row.grade) throw OTHER_GRADE.error();
    let supervisionId: string | null = null;
    if (input.grade === 'major' && ctx.row.unit_id) supervisionId = (await superviseMajor(ctx.tx, ctx.deps, ctx.actor, ctx.meta, ctx.row, ctx.row.unit_id, ctx.row.rectify_due_at, ctx.now)).id;
    return { patch: { grade: input.grade }, eventData: { from: ctx.row.grade, to: input.grade, reason: input.reason, supervisionId } };
  },
};

const plan: H = {
  input: z.object({ measures: text(10, 8000).describe('一案一策: the measures, who does what and by when, funds, interim safety measures') }),
  async apply(ctx, input: { measures: string }) {
    return { patch: { measures: input.measures, planned_at: ctx.now }, eventData: { length: input.measures.length } };
  },
};

const reportRectified: H = {
  input: z.object({ rectification: text(10, 8000).describe('what was done, with the result (photos of the rectified site are uploaded first)') }),
  async apply(ctx, input: { rectification: string }) {
    await endRegisterClocks(ctx.tx, ENTITY, ctx.row.id, [RECTIFY], 'met', ctx.now);
    const k = await startRegisterClock(ctx.tx, ctx.deps.clocks, { entity: ENTITY, entityId: ctx.row.id, ruleKey: VERIFY, unitId: ctx.row.office_unit_id, at: ctx.now });
    const onTime = ctx.row.rectify_due_at === null || ctx.now.getTime() <= ctx.row.rectify_due_at.getTime();
    return {
      patch: { rectification: input.rectification, rectified_at: ctx.now, rectified_by: userId(ctx) },
      eventData: { photos: ctx.policy.rectifiedPhotos, onTime, verifyDueAt: k.due_at },
    };
  },
};

const verifyPass: H = {
  input: z.object({ verification: text(5, 4000).describe('what was checked on site and found') }),
  async apply(ctx, input: { verification: string }) {
    await endRegisterClocks(ctx.tx, ENTITY, ctx.row.id, [VERIFY], 'met', ctx.now);
    return { patch: { verification: input.verification, verified_at: ctx.now, verified_by: userId(ctx) }, eventData: { passed: true } };
  },
};

const verifyFail: H = {
  input: z.object({
    reason: text(5, 4000).describe('what is not rectified, found on site'),
    rectifyDays: z.number().int().min(1).describe('the new rectification period (in the rule’s unit, at most the rule hazard_rectify)'),
  }),
  rules: [AT_MOST_RULE],
  async apply(ctx, input: { reason: string; rectifyDays: number }) {
    const rule = ctx.deps.clocks.rule(RECTIFY);
    if (input.rectifyDays > rule.amount) throw AT_MOST_RULE.error(`不得长于默认整改期限${rule.amount}日 / at most the default ${rule.amount} days`);
    await endRegisterClocks(ctx.tx, ENTITY, ctx.row.id, [VERIFY], 'met', ctx.now);
    const dueAt = await startRectifyClock(ctx, ctx.row.unit_id!, input.rectifyDays);
    const failures = ctx.row.verify_failures + 1;
    return {
      patch: { verification: input.reason, verified_at: ctx.now, verified_by: userId(ctx), verify_failures: failures, rectify_due_at: dueAt },
      eventData: { passed: false, reason: input.reason, dueAt, failures },
    };
  },
};

const close: H = {
  input: z.object({ note: text(0, 2000).optional().describe('销号 remarks') }),
  async apply(ctx, input: { note?: string }) {
    await endRegisterClocks(ctx.tx, ENTITY, ctx.row.id, [RECTIFY, VERIFY], 'stopped', ctx.now);
    return { patch: { close_note: input.note || null, closed_at: ctx.now }, eventData: { note: input.note ?? null } };
  },
};

const dismiss: H = {
  input: z.object({ reason: text(5, 2000).describe('why: not a hazard on inspection, or a duplicate of another record') }),
  async apply(ctx, input: { reason: string }) {
    await endRegisterClocks(ctx.tx, ENTITY, ctx.row.id, [RECTIFY], 'stopped', ctx.now);
    return { patch: { dismiss_reason: input.reason, closed_at: ctx.now }, eventData: { reason: input.reason } };
  },
};

export const HAZARD_HANDLERS: Readonly<Record<string, H>> = {
  assign,
  regrade,
  plan,
  report_rectified: reportRectified,
  verify_pass: verifyPass,
  verify_fail: verifyFail,
  close,
  dismiss,
};
