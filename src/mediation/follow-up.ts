/**
 * After the outcome: the judicial confirmation of an agreement (人民调解法 第三十三条), the committee's follow-up of its
 * performance (第三十一条第二款), and a dispute from a petition handed back to it.
 */
import { z } from 'zod';
import { appendEvent } from '../cases/events.js';
import { performActionInTx } from '../cases/perform-action.js';
import { endRegisterClocks } from '../clocks/register-clocks.js';
import type { Actor } from '../org/actor.js';
import { openSupervisionItem } from '../supervision/open-item.js';
import type { Handler, HandlerResult } from '../workflow/engine.js';
import type { DisputeRow } from './store.js';
import type { DisputeContext } from './workflow.js';

type H = Handler<DisputeRow, DisputeContext, Record<string, unknown>>;

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const ENTITY = 'dispute';
/** the rule that reopens a petition closed on the strength of a mediation agreement when the dispute comes back */
export const RETURN_RULE = 'dispute_returned_to_petition';
const SYSTEM: Actor = { kind: 'system', job: 'mediation' };

/** 第三十三条: both parties jointly, within 30 days of the agreement taking effect (the guard refuses it after). */
export const applyJudicialConfirmation: H = {
  input: z.object({
    court: text(2, 200).describe('the people’s court applied to'),
    joint: z.literal(true).describe('both parties apply jointly (第三十三条：共同向人民法院申请)'),
    note: text(0, 2000).optional(),
  }),
  async apply(ctx, input: { court: string; note?: string }) {
    await endRegisterClocks(ctx.tx, ENTITY, ctx.row.id, ['judicial_confirmation'], 'met', ctx.now);
    return { patch: { confirmation_applied_at: ctx.now, confirmation_court: input.court }, eventData: { court: input.court, note: input.note ?? null } };
  },
};

/** 第三十三条第二款、第三款: confirmed valid (enforceable), or invalid (mediate anew or sue). */
export const recordConfirmationResult: H = {
  input: z.object({ result: z.enum(['confirmed', 'invalid']), note: text(0, 2000).optional() }),
  async apply(ctx, input: { result: 'confirmed' | 'invalid'; note?: string }) {
    return { patch: { confirmation_result: input.result, confirmation_decided_at: ctx.now }, eventData: { result: input.result, note: input.note ?? null } };
  },
};

export const confirmPerformed: H = {
  input: z.object({ note: text(0, 2000).optional() }),
  async apply(ctx, input: { note?: string }) {
    await endRegisterClocks(ctx.tx, ENTITY, ctx.row.id, ['agreement_performance'], 'met', ctx.now);
    return { patch: { performance: 'performed', performance_checked_at: ctx.now, performance_note: input.note ?? null }, eventData: { performance: 'performed' } };
  },
};

/** 第三十一条第二款: 督促当事人履行约定的义务 — partly performed, the follow-up and its deadline go on. */
export const recordPartlyPerformed: H = {
  input: z.object({ note: text(5, 2000).describe('what has been performed and what remains') }),
  async apply(ctx, input: { note: string }) {
    return { patch: { performance: 'partly', performance_checked_at: ctx.now, performance_note: input.note }, eventData: { performance: 'partly' } };
  },
};

/**
 * Not performed: the committee's follow-up found a party refusing or failing (第三十二条: the other may sue; after a
 * judicial confirmation, apply for enforcement, 第三十三条第二款). Unless declined, a supervision item (督查督办,
 * source mediation_performance) is opened on the committee in the same transaction; one per dispute while open.
 */
export const recordNotPerformed: H = {
  input: z.object({
    note: text(5, 2000).describe('who failed to perform what, as found at the follow-up'),
    openSupervision: z.boolean().default(true).describe('open a supervision item (督办) on the committee; default yes'),
  }),
  async apply(ctx, input: { note: string; openSupervision: boolean }) {
    await endRegisterClocks(ctx.tx, ENTITY, ctx.row.id, ['agreement_performance'], 'stopped', ctx.now);
    let supervisionId: string | null = null;
    if (input.openSupervision && ctx.row.unit_id) {
      const item = await openSupervisionItem(
        ctx.tx,
        ctx.deps,
        ctx.actor,
        {
          source: 'mediation_performance',
          caseId: ctx.row.case_id,
          subject: { entity: 'dispute', id: ctx.row.id },
          unitId: ctx.row.unit_id,
          officeUnitId: ctx.row.office_unit_id,
          reason: `调解协议未履行：${ctx.row.reg_no}「${ctx.row.title}」`,
          dedupKey: `mediation_performance:${ctx.row.id}`,
        },
        ctx.now,
        ctx.meta,
      );
      supervisionId = item.id;
    }
    return {
      patch: { performance: 'not_performed', performance_checked_at: ctx.now, performance_note: input.note, ...(supervisionId ? { supervision_id: supervisionId } : {}) },
      eventData: { performance: 'not_performed', supervisionId },
    };
  },
};

interface CaseOutcome {
  type?: string;
  decision?: string;
}

/**
 * Back to the petition: the case's timeline records it; a petition that had been closed on the strength of this
 * mediation (reply decision mediation_agreement, 信访工作条例 第三十三条) is reopened for handling, by the rule
 * dispute_returned_to_petition standing in for the actor (the case's state and guards still apply).
 */
export const returnToPetition: H = {
  input: z.object({ reason: text(5, 2000).describe('why the matter goes back to the petition procedure') }),
  async apply(ctx, input: { reason: string }): Promise<HandlerResult<Record<string, unknown>>> {
    await endRegisterClocks(ctx.tx, ENTITY, ctx.row.id, ['mediation', 'agreement_performance', 'judicial_confirmation'], 'stopped', ctx.now);
    const c = await ctx.tx.selectFrom('cases').select(['id', 'status', 'outcome', 'review_level', 'accepted_at']).where('id', '=', ctx.row.case_id!).executeTakeFirstOrThrow();
    const outcome = (c.outcome ?? {}) as CaseOutcome;
    const reopen = c.status === 'closed' && outcome.type === 'reply' && outcome.decision === 'mediation_agreement' && c.review_level < 2 && c.accepted_at !== null;
    await appendEvent(ctx.tx, ctx.actor, {
      caseId: c.id,
      type: 'dispute_returned',
      public: false,
      at: ctx.now,
      data: { disputeId: ctx.row.id, regNo: ctx.row.reg_no, from: ctx.row.status, reason: input.reason, reopened: reopen },
    });
    let after: (() => Promise<void>) | undefined;
    if (reopen) {
      const r = await performActionInTx(ctx.deps, ctx.tx, {
        actor: SYSTEM,
        meta: ctx.meta,
        lang: 'zh',
        caseId: c.id,
        action: 'reopen',
        input: { reason: `调解${ctx.row.reg_no}退回信访程序：${input.reason}` },
        byRule: RETURN_RULE,
      });
      after = r.after;
    }
    return { patch: { returned_at: ctx.now }, eventData: { reason: input.reason, caseId: c.id, caseReopened: reopen }, after };
  },
};
