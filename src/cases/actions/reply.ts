import { z } from 'zod';
import { inputRule } from '../../core/input-rules.js';
import { endClocks, startClock } from '../../clocks/case-clocks.js';
import { decideRequest, openRequest, text } from './common.js';
import { defineAction } from './types.js';

/**
 * Decisions by kind: 第三十二条 for 申诉求决 (支持 / 解释说明 / 不予支持, or a 第三十三条 mediation agreement);
 * 第二十九条 for 建议意见 (adopted or not); accusations are upheld or not.
 */
export const DECISIONS = {
  appeal: ['support', 'explain', 'not_support', 'mediation_agreement'],
  suggestion: ['adopted', 'partly_adopted', 'not_adopted', 'explain'],
  accusation: ['substantiated', 'partly_substantiated', 'not_substantiated'],
} as const;

const replyInput = z.object({
  decision: z.enum(['support', 'explain', 'not_support', 'mediation_agreement', 'adopted', 'partly_adopted', 'not_adopted', 'substantiated', 'partly_substantiated', 'not_substantiated']),
  request: text(2, 4000).optional(),
  facts: text(2, 8000),
  reasons: text(2, 8000),
  legalBasis: text(0, 4000).optional(),
  text: text(2, 20000),
});

const DECISION_BY_KIND = inputRule({
  field: 'decision',
  message: 'a decision of the case kind',
  doc: `a decision of the case's kind — ${Object.entries(DECISIONS)
    .map(([k, v]) => `${k}: ${v.join(', ')}`)
    .join('; ')} (第三十二条, 第二十九条)`,
});
/** 第三十二条: the written decision (处理意见书) states its legal basis */
const LEGAL_BASIS_REQUIRED = inputRule({
  field: 'legalBasis',
  message: '处理意见书应当载明法律法规依据（第三十二条）',
  doc: 'required (non-empty) for an appeal (申诉求决) unless the decision is mediation_agreement — 处理意见书应当载明法律法规依据（信访工作条例 第三十二条）',
});

export const draftReply = defineAction({
  input: replyInput,
  rules: [DECISION_BY_KIND, LEGAL_BASIS_REQUIRED],
  async apply(ctx, input) {
    const allowed = DECISIONS[ctx.case.kind as keyof typeof DECISIONS] as readonly string[];
    if (!allowed.includes(input.decision)) throw DECISION_BY_KIND.error(`one of ${allowed.join(', ')}`);
    if (ctx.case.kind === 'appeal' && input.decision !== 'mediation_agreement' && !input.legalBasis) throw LEGAL_BASIS_REQUIRED.error();
    await openRequest(ctx, 'reply', input);
    return { eventData: { decision: input.decision } };
  },
});

export const approveReply = defineAction({
  input: z.object({ note: text(0, 2000).optional() }).default({}),
  async apply(ctx, input) {
    const req = await decideRequest(ctx, 'reply', 'approved', input.note);
    await endClocks(ctx.tx, ctx.case.id, ['handle', 'report_back'], 'met', ctx.now);
    // 第三十五条: the citizen may ask for review within 30 days of receiving the written reply
    await startClock(ctx.tx, ctx.deps.clocks, { caseId: ctx.case.id, ruleKey: 'review_request', unitId: null, at: ctx.now });
    const reply = req.data as z.infer<typeof replyInput>;
    return {
      patch: { outcome: JSON.stringify({ type: 'reply', ...reply }), replied_at: ctx.now, evaluation: null },
      eventData: { decision: reply.decision, text: reply.text, facts: reply.facts, reasons: reply.reasons, legalBasis: reply.legalBasis ?? null },
    };
  },
});

export const returnReply = defineAction({
  input: z.object({ note: text(2, 2000) }),
  async apply(ctx, input) {
    await decideRequest(ctx, 'reply', 'rejected', input.note);
    return { eventData: input };
  },
});
