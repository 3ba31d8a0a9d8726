/**
 * The effects of each transition of a dispute (workflow.ts): mediation up to its outcome here, what follows an
 * agreement in follow-up.ts. Every action of a dispute that came from a petition is also written on the petition's
 * timeline (dispute_progress), so the case shows what became of its mediation.
 */
import { z } from 'zod';
import { cstDateOf, daysBetween, isIsoDate } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import { inputRule, isoDateInput } from '../core/input-rules.js';
import { appendEvent } from '../cases/events.js';
import { endRegisterClocks, startRegisterClock } from '../clocks/register-clocks.js';
import type { Handler, TransitionContext } from '../workflow/engine.js';
import {
  applyJudicialConfirmation,
  confirmPerformed,
  recordConfirmationResult,
  recordNotPerformed,
  recordPartlyPerformed,
  returnToPetition,
} from './follow-up.js';
import type { DisputeRow } from './store.js';
import { REFERRAL_TARGETS } from './tables.js';
import type { DisputeContext } from './workflow.js';

type Ctx = TransitionContext<DisputeRow, DisputeContext>;
type H = Handler<DisputeRow, DisputeContext, Record<string, unknown>>;

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const unitIdInput = z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String);

const ENTITY = 'dispute';

const COMMITTEE_IN_SCOPE = inputRule({ field: 'committeeUnitId', code: 'INVALID_TARGET_UNIT', message: 'mediation committee not in your scope', doc: 'an active unit in your scope' });
const MEDIATOR_OF_COMMITTEE = inputRule({
  field: 'mediatorUserId',
  message: '调解员须为该人民调解委员会（或其下级单位）中具有调解员角色的人员 / the mediator must hold the role mediator in the committee’s unit or below',
  doc: 'an active user with the role mediator in the committee’s unit or below',
});
const SESSION_DAY = inputRule({
  field: 'heldOn',
  message: '调解日期不能晚于今天 / cannot be in the future',
  doc: 'not after today (CST) and not before the day the dispute was accepted',
});
const AGREEMENT_TIME = inputRule({
  field: 'effectiveAt',
  message: '协议生效时间不能晚于现在 / cannot be in the future',
  doc: 'not in the future and not before the dispute was accepted',
});
const PERFORM_AFTER = inputRule({
  field: 'performBy',
  message: '履行期限应在协议生效之后（十年以内）/ must be after the agreement takes effect',
  doc: 'after the day the agreement takes effect, within ten years',
});
const userId = (ctx: Ctx) => (ctx.actor.kind === 'staff' ? ctx.actor.userId : null);

/**
 * A mediation committee in the actor's scope and a mediator of it: a user with the role mediator working in the
 * committee's unit or a unit under it (人民调解法 第十三条: 调解员 are the committee's members and appointees).
 */
async function committeeAndMediator(ctx: Ctx, committeeUnitId: string, mediatorUserId: string) {
  const unit = await ctx.tx.selectFrom('units').select(['id', 'path', 'name', 'active']).where('id', '=', committeeUnitId).executeTakeFirst();
  if (!unit || !unit.active || ctx.actor.kind !== 'staff' || !unit.path.startsWith(ctx.actor.scopePath))
    throw COMMITTEE_IN_SCOPE.error();
  const mediator = /^[0-9a-f-]{36}$/i.test(mediatorUserId)
    ? await ctx.tx
        .selectFrom('users')
        .innerJoin('units', 'units.id', 'users.unit_id')
        .select(['users.id', 'users.display_name', 'users.roles', 'users.active', 'units.path'])
        .where('users.id', '=', mediatorUserId)
        .executeTakeFirst()
    : undefined;
  if (!mediator || !mediator.active || !mediator.roles.includes('mediator') || !mediator.path.startsWith(unit.path))
    throw MEDIATOR_OF_COMMITTEE.error();
  return { unit, mediator };
}

const assign: H = {
  input: z.object({
    committeeUnitId: unitIdInput.describe('the people’s mediation committee (人民调解委员会): a unit in your scope'),
    mediatorUserId: z.string().describe('a mediator of that committee (role mediator in its unit or below)'),
    note: text(0, 2000).optional(),
  }),
  rules: [COMMITTEE_IN_SCOPE, MEDIATOR_OF_COMMITTEE],
  async apply(ctx, input: { committeeUnitId: string; mediatorUserId: string; note?: string }) {
    const { unit, mediator } = await committeeAndMediator(ctx, input.committeeUnitId, input.mediatorUserId);
    return {
      patch: { unit_id: unit.id, mediator_user_id: mediator.id },
      eventData: { committeeUnitId: unit.id, committee: unit.name, mediatorUserId: mediator.id, mediator: mediator.display_name, note: input.note ?? null },
    };
  },
};

/** 第十九条 the committee designates mediators; 第二十三条第一项 the parties may choose or accept them. */
const reassign: H = {
  input: z.object({
    committeeUnitId: unitIdInput.optional().describe('another committee; default the current one'),
    mediatorUserId: z.string(),
    reason: text(5, 2000),
  }),
  rules: [COMMITTEE_IN_SCOPE, MEDIATOR_OF_COMMITTEE],
  async apply(ctx, input: { committeeUnitId?: string; mediatorUserId: string; reason: string }) {
    const { unit, mediator } = await committeeAndMediator(ctx, input.committeeUnitId ?? ctx.row.unit_id!, input.mediatorUserId);
    if (unit.id !== ctx.row.unit_id)
      await ctx.tx.updateTable('register_clocks').set({ unit_id: unit.id }).where('entity', '=', ENTITY).where('entity_id', '=', ctx.row.id).where('status', '=', 'running').execute();
    return {
      patch: { unit_id: unit.id, mediator_user_id: mediator.id },
      eventData: { committeeUnitId: unit.id, committee: unit.name, mediatorUserId: mediator.id, mediator: mediator.display_name, reason: input.reason },
    };
  },
};

/** 第十七条: on the parties' application or on the committee's own initiative, never against a party's refusal. */
const accept: H = {
  input: z.object({
    initiation: z.enum(['applied', 'proactive', 'suggested']).describe('applied: the parties applied (第十七条); proactive: the committee offered (第十七条); suggested: by a court or the police (第十八条)'),
    consent: z.literal(true).describe('every party agreed to mediation (第十七条：当事人一方明确拒绝调解的，不得调解)'),
    note: text(0, 2000).optional(),
  }),
  async apply(ctx, input: { initiation: 'applied' | 'proactive' | 'suggested'; note?: string }) {
    const k = await startRegisterClock(ctx.tx, ctx.deps.clocks, { entity: ENTITY, entityId: ctx.row.id, ruleKey: 'mediation', unitId: ctx.row.unit_id, at: ctx.now });
    return { patch: { accepted_at: ctx.now, initiation: input.initiation }, eventData: { initiation: input.initiation, dueAt: k.due_at, note: input.note ?? null } };
  },
};

const partyRefuses: H = {
  input: z.object({ reason: text(5, 2000).describe('which party refused and how (第十七条)') }),
  async apply(ctx, input: { reason: string }) {
    await endRegisterClocks(ctx.tx, ENTITY, ctx.row.id, ['mediation'], 'stopped', ctx.now);
    return { patch: { outcome_reason: input.reason }, eventData: { reason: input.reason } };
  },
};

/** 第二十七条: 人民调解员应当记录调解情况 — a session of the sub-table, dated, with its notes. */
const recordSession: H = {
  input: z.object({
    heldOn: isoDateInput('the day the session was held (YYYY-MM-DD, not in the future)'),
    place: text(0, 500).optional(),
    notes: text(5, 8000).describe('what the parties said and what was proposed (调解记录)'),
  }),
  rules: [SESSION_DAY],
  async apply(ctx, input: { heldOn: string; place?: string; notes: string }) {
    if (input.heldOn > cstDateOf(ctx.now)) throw SESSION_DAY.error();
    if (ctx.row.accepted_at && input.heldOn < cstDateOf(ctx.row.accepted_at)) throw SESSION_DAY.error('调解日期不能早于受理日期 / cannot be before the dispute was accepted');
    const s = await ctx.tx
      .insertInto('dispute_sessions')
      .values({ dispute_id: ctx.row.id, held_on: input.heldOn, place: input.place || null, notes: input.notes, mediator_user_id: userId(ctx), created_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const n = await ctx.tx.selectFrom('dispute_sessions').select((eb) => eb.fn.countAll<string>().as('n')).where('dispute_id', '=', ctx.row.id).executeTakeFirstOrThrow();
    return { eventData: { sessionId: s.id, heldOn: input.heldOn, session: Number(n.n) } };
  },
};

/**
 * 第二十八条至第三十条: a written agreement takes effect when signed by the parties and the mediator and sealed, an
 * oral one on the day it is reached. From then run the performance deadline (the agreed date, or the rule
 * agreement_performance) and the 30 days for judicial confirmation (第三十三条, a window).
 */
const concludeAgreement: H = {
  input: z.object({
    content: text(10, 8000).describe('what the parties agreed, how and by when it is performed (第二十九条)'),
    form: z.enum(['written', 'oral']).default('written').describe('written: 调解协议书 (第二十九条); oral: 口头协议, recorded by the mediator (第二十八条、第三十条)'),
    effectiveAt: z.coerce.date().optional().describe('when the agreement took effect (signed and sealed, or reached orally); default now'),
    performBy: isoDateInput('the agreed last day of performance (YYYY-MM-DD); default the rule agreement_performance').optional(),
  }),
  rules: [AGREEMENT_TIME, PERFORM_AFTER],
  async apply(ctx, input: { content: string; form: 'written' | 'oral'; effectiveAt?: Date; performBy?: string }) {
    const effective = input.effectiveAt ?? ctx.now;
    if (effective.getTime() > ctx.now.getTime() + 60_000) throw AGREEMENT_TIME.error();
    if (ctx.row.accepted_at && effective.getTime() < ctx.row.accepted_at.getTime()) throw AGREEMENT_TIME.error('协议生效时间不能早于受理时间 / cannot be before acceptance');
    const days = input.performBy ? daysBetween(cstDateOf(effective), input.performBy) : null;
    if (days !== null && (days < 1 || days > 3650)) throw PERFORM_AFTER.error();
    await endRegisterClocks(ctx.tx, ENTITY, ctx.row.id, ['mediation'], 'met', ctx.now);
    const confirm = await startRegisterClock(ctx.tx, ctx.deps.clocks, { entity: ENTITY, entityId: ctx.row.id, ruleKey: 'judicial_confirmation', unitId: ctx.row.unit_id, at: effective });
    const perform = await startRegisterClock(ctx.tx, ctx.deps.clocks, {
      entity: ENTITY,
      entityId: ctx.row.id,
      ruleKey: 'agreement_performance',
      unitId: ctx.row.unit_id,
      at: effective,
      ...(days !== null ? { length: { amount: days, unit: 'day' as const } } : {}),
    });
    const dueOn = input.performBy ?? (perform.due_at ? cstDateOf(new Date(perform.due_at.getTime() - 1)) : null);
    return {
      patch: {
        outcome: 'agreement',
        concluded_at: ctx.now,
        agreement_content: input.content,
        agreement_form: input.form,
        agreement_effective_at: effective,
        performance_due_on: dueOn,
      },
      eventData: { form: input.form, effectiveAt: effective, performanceDueAt: perform.due_at, confirmationWindowEndsAt: confirm.due_at },
    };
  },
};

/** 第二十六条: 调解不成的，应当终止调解，并…告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利. */
const concludeNoAgreement: H = {
  input: z.object({
    reason: text(5, 2000),
    remediesExplained: z.literal(true).describe('the parties were told they may seek arbitration, an administrative procedure or the courts (第二十六条)'),
  }),
  async apply(ctx, input: { reason: string }) {
    await endRegisterClocks(ctx.tx, ENTITY, ctx.row.id, ['mediation'], 'met', ctx.now);
    return { patch: { outcome: 'no_agreement', concluded_at: ctx.now, outcome_reason: input.reason }, eventData: { reason: input.reason } };
  },
};

const refer: H = {
  input: z.object({
    to: z.enum(REFERRAL_TARGETS).describe('court (诉讼), arbitration (仲裁, e.g. 劳动人事争议仲裁) or administrative (行政裁决、行政调解等行政程序)'),
    authority: text(2, 200).describe('the court, arbitration commission or administrative body'),
    reason: text(5, 2000),
  }),
  async apply(ctx, input: { to: string; authority: string; reason: string }) {
    await endRegisterClocks(ctx.tx, ENTITY, ctx.row.id, ['mediation'], 'met', ctx.now);
    return {
      patch: { outcome: 'referred', concluded_at: ctx.now, referred_to: input.to, referred_authority: input.authority, outcome_reason: input.reason },
      eventData: { to: input.to, authority: input.authority },
    };
  },
};

const BASE: Readonly<Record<string, H>> = {
  assign,
  reassign,
  accept,
  party_refuses: partyRefuses,
  record_session: recordSession,
  conclude_agreement: concludeAgreement,
  conclude_no_agreement: concludeNoAgreement,
  refer,
  apply_judicial_confirmation: applyJudicialConfirmation,
  record_confirmation_result: recordConfirmationResult,
  confirm_performed: confirmPerformed,
  record_partly_performed: recordPartlyPerformed,
  record_not_performed: recordNotPerformed,
  return_to_petition: returnToPetition,
};

/** Each action of a dispute from a petition also appears on the petition's timeline (the return writes its own). */
function onCaseTimeline(action: string, h: H): H {
  if (action === 'return_to_petition') return h;
  return {
    ...h,
    async apply(ctx, input) {
      const result = await h.apply(ctx, input);
      if (ctx.row.case_id) {
        await appendEvent(ctx.tx, ctx.actor, {
          caseId: ctx.row.case_id,
          type: 'dispute_progress',
          public: false,
          at: ctx.now,
          data: { disputeId: ctx.row.id, regNo: ctx.row.reg_no, action, from: ctx.row.status, to: ctx.to },
        });
      }
      return result;
    },
  };
}

export const DISPUTE_HANDLERS: Readonly<Record<string, H>> = Object.fromEntries(Object.entries(BASE).map(([a, h]) => [a, onCaseTimeline(a, h)]));
