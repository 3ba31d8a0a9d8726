import { z } from 'zod';
import { endRegisterClocks, startRegisterClock } from '../clocks/register-clocks.js';
import type { Handler, TransitionContext } from '../workflow/engine.js';
import { allocateNumber } from './numbers.js';
import type { SupervisionRow } from './store.js';
import { SUPERVISION_LEVELS, type AccountabilityRecommendation } from './tables.js';
import { nextLevel, type SupervisionContext } from './workflow.js';

type Ctx = TransitionContext<SupervisionRow, SupervisionContext>;
type H = Handler<SupervisionRow, SupervisionContext, Record<string, unknown>>;

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const RESPONSE = 'supervision_response';

async function allocateNoticeNo(ctx: Ctx): Promise<string> {
  return allocateNumber(ctx.tx, ctx.row.office_unit_id, 'notice', ctx.now);
}

async function startResponseClock(ctx: Ctx, workdays?: number) {
  const k = await startRegisterClock(ctx.tx, ctx.deps.clocks, {
    entity: 'supervision',
    entityId: ctx.row.id,
    ruleKey: RESPONSE,
    unitId: ctx.row.unit_id,
    at: ctx.now,
    ...(workdays ? { length: { amount: workdays, unit: 'workday' as const } } : {}),
  });
  return k.due_at;
}

const actorId = (ctx: Ctx) => (ctx.actor.kind === 'staff' ? ctx.actor.userId : null);

const issueNotice: H = {
  input: z.object({
    content: text(10, 4000).describe('the notice: the problem found and what the unit must do (督办事项及要求)'),
    responseWorkdays: z.number().int().min(1).max(30).optional().describe('working days to respond; default the rule supervision_response (5)'),
    level: z.enum(SUPERVISION_LEVELS).optional().describe('routine (default), listed or interview'),
  }),
  async apply(ctx, input: { content: string; responseWorkdays?: number; level?: (typeof SUPERVISION_LEVELS)[number] }) {
    const noticeNo = await allocateNoticeNo(ctx);
    const dueAt = await startResponseClock(ctx, input.responseWorkdays);
    return {
      patch: { notice_no: noticeNo, notice_content: input.content, notified_at: ctx.now, ...(input.level ? { level: input.level } : {}) },
      eventData: { noticeNo, dueAt, level: input.level ?? ctx.row.level },
    };
  },
};

const respond: H = {
  input: z.object({ response: text(10, 8000).describe('what the unit found and did, with its results (书面反馈)') }),
  async apply(ctx, input: { response: string }) {
    await endRegisterClocks(ctx.tx, 'supervision', ctx.row.id, [RESPONSE], 'met', ctx.now);
    return { patch: { response: input.response, responded_at: ctx.now }, eventData: { length: input.response.length } };
  },
};

const acceptResponse: H = {
  input: z.object({ comment: text(0, 2000).optional() }),
  async apply(ctx, input: { comment?: string }) {
    return { patch: { review_comment: input.comment ?? null, closed_at: ctx.now }, eventData: { comment: input.comment ?? null } };
  },
};

const rejectResponse: H = {
  input: z.object({ reason: text(5, 2000).describe('why the response is not enough; the unit responds again') }),
  async apply(ctx, input: { reason: string }) {
    const dueAt = await startResponseClock(ctx);
    return { patch: { review_comment: input.reason }, eventData: { reason: input.reason, dueAt } };
  },
};

/** 日常督办 → 挂牌督办 → 约谈 (第三十九条第三款). A pending response gets a fresh deadline at the new level. */
const escalate: H = {
  input: z.object({ reason: text(5, 2000) }),
  async apply(ctx, input: { reason: string }) {
    const to = nextLevel(ctx.row.level)!;
    let dueAt: Date | null = null;
    if (ctx.row.status === 'notified') {
      await endRegisterClocks(ctx.tx, 'supervision', ctx.row.id, [RESPONSE], 'stopped', ctx.now);
      dueAt = await startResponseClock(ctx);
    }
    return { patch: { level: to }, eventData: { from: ctx.row.level, to, reason: input.reason, dueAt } };
  },
};

export const ACCOUNTABILITY_MEASURES = [
  'improve_work', // 改进工作建议
  'circulate_criticism', // 通报批评
  'written_inspection', // 书面检查
  'admonishing_talk', // 诫勉谈话
  'refer_to_discipline', // 移送纪检监察机关
] as const;

/** 追究责任的建议 (第四十条第三款): recorded on the item; the competent organ decides. Units and posts, never citizens. */
const recommendAccountability: H = {
  input: z.object({
    measure: z.enum(ACCOUNTABILITY_MEASURES),
    target: text(2, 200).describe('the unit or post concerned, e.g. 区住建局分管负责同志'),
    reason: text(5, 2000),
  }),
  async apply(ctx, input: { measure: string; target: string; reason: string }) {
    const rec: AccountabilityRecommendation = { ...input, at: ctx.now.toISOString(), byUserId: actorId(ctx) };
    const list = [...((ctx.row.accountability as AccountabilityRecommendation[] | null) ?? []), rec];
    return { patch: { accountability: JSON.stringify(list) }, eventData: { measure: input.measure, target: input.target } };
  },
};

const withdraw: H = {
  input: z.object({ reason: text(5, 2000) }),
  async apply(ctx, input: { reason: string }) {
    await endRegisterClocks(ctx.tx, 'supervision', ctx.row.id, [RESPONSE], 'stopped', ctx.now);
    return { patch: { closed_at: ctx.now, review_comment: input.reason }, eventData: { reason: input.reason } };
  },
};

export const SUPERVISION_HANDLERS: Readonly<Record<string, H>> = {
  issue_notice: issueNotice,
  respond,
  accept_response: acceptResponse,
  reject_response: rejectResponse,
  escalate,
  recommend_accountability: recommendAccountability,
  withdraw,
};
