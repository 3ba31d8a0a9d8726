/**
 * What each action of a return-visit task does (workflow.ts). Every attempt is a row of return_visit_attempts; the
 * outcome lands in queryable columns of the task (reached, solved, satisfied, visited_at, closed_at) for the
 * 解决率 / 满意率 / 回访率 metrics; a closing attempt is written on the case's own timeline in the same transaction.
 */
import { z } from 'zod';
import { addCalendarDays, cstDateOf, startOfDayCst } from '../calendar/dates.js';
import { computeDueDate } from '../calendar/deadline.js';
import { AppError } from '../core/errors.js';
import { inputRule } from '../core/input-rules.js';

const NEXT_ATTEMPT = inputRule({ field: 'nextAttemptAt', message: 'must be later than now and within 30 days', doc: 'later than now and within 30 days' });
import { endRegisterClocks } from '../clocks/register-clocks.js';
import { appendEvent } from '../cases/events.js';
import { transitionFor } from '../cases/lifecycle.js';
import { STATUS_LABELS, type Status } from '../cases/states.js';
import { performActionInTx } from '../cases/perform-action.js';
import { openSupervisionItem } from '../supervision/open-item.js';
import type { Handler, TransitionContext } from '../workflow/engine.js';
import type { VisitRow } from './store.js';
import { LABELS, SATISFIED, SOLVED, VISIT_CHANNELS, type Satisfied, type Solved, type VisitChannel } from './tables.js';
import type { VisitContext } from './workflow.js';

type Ctx = TransitionContext<VisitRow, VisitContext>;
type H = Handler<VisitRow, VisitContext, Record<string, unknown>>;
type After = (() => Promise<void>) | undefined;

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const RULE_KEY = 'return_visit';
/** the rule named on the case's event and audit when a visit reopens it */
export const REOPEN_RULE = 'return_visit_on_unsolved';

const userId = (ctx: Ctx) => (ctx.actor.kind === 'staff' ? ctx.actor.userId : null);

async function addAttempt(
  ctx: Ctx,
  a: { channel: VisitChannel; reached: boolean; nextAttemptAt?: Date | null; solved?: Solved; satisfied?: Satisfied; comments?: string | null },
): Promise<number> {
  const n = ctx.row.attempts + 1;
  await ctx.tx
    .insertInto('return_visit_attempts')
    .values({
      visit_id: ctx.row.id,
      n,
      at: ctx.now,
      channel: a.channel,
      reached: a.reached,
      next_attempt_at: a.nextAttemptAt ?? null,
      solved: a.solved ?? null,
      satisfied: a.satisfied ?? null,
      comments: a.comments ?? null,
      user_id: userId(ctx),
    })
    .execute();
  return n;
}

async function caseStatus(ctx: Ctx): Promise<string> {
  const c = await ctx.tx.selectFrom('cases').select('status').where('id', '=', ctx.row.case_id).executeTakeFirstOrThrow();
  return c.status;
}

/**
 * The visit on the case's timeline. While the case is in a state where the case action record_return_visit applies
 * (replied, reviewed, rereviewed, closed), it IS that action, run by the same member of staff in the same
 * transaction (the visitor holds the action's role; no rule stands in). When the deadline trigger visited a case
 * still in handling, the lifecycle does not admit that action: the case gets a plain timeline note instead, saying so,
 * rather than a transition the table forbids.
 */
async function writeOnCase(ctx: Ctx, input: { contacted: boolean; resolved?: Solved; satisfaction?: Satisfied; note?: string }, attempt: number): Promise<After> {
  const status = await caseStatus(ctx);
  if (transitionFor('record_return_visit')!.from.includes(status as never)) {
    const r = await performActionInTx(ctx.deps, ctx.tx, { actor: ctx.actor, meta: ctx.meta, lang: 'zh', caseId: ctx.row.case_id, action: 'record_return_visit', input });
    return r.after;
  }
  await appendEvent(ctx.tx, ctx.actor, {
    caseId: ctx.row.case_id,
    type: 'return_visit_noted',
    public: false,
    data: { visitId: ctx.row.id, attempt, contacted: input.contacted, resolved: input.resolved ?? null, satisfaction: input.satisfaction ?? null, caseStatus: status, why: `事项处于“${STATUS_LABELS[status as Status]?.zh ?? status}”状态，不适用“记录回访”操作，仅记入时间线` },
    at: ctx.now,
  });
  return undefined;
}

function defaultNextAttempt(ctx: Ctx): Date {
  // the next working day, 09:00 China Standard Time
  const day = computeDueDate(ctx.deps.clocks.calendar, cstDateOf(ctx.now), 1, 'workday');
  return new Date(startOfDayCst(day).getTime() + 9 * 3_600_000);
}

const recordUnreached: H = {
  input: z.object({
    channel: z.enum(VISIT_CHANNELS),
    nextAttemptAt: z.iso.datetime({ offset: true }).optional().describe('when to try again; default the next working day, 09:00'),
    note: text(0, 2000).optional(),
  }),
  rules: [NEXT_ATTEMPT],
  async apply(ctx, input: { channel: VisitChannel; nextAttemptAt?: string; note?: string }) {
    const next = input.nextAttemptAt ? new Date(input.nextAttemptAt) : defaultNextAttempt(ctx);
    const limit = new Date(`${addCalendarDays(cstDateOf(ctx.now), 30)}T00:00:00+08:00`);
    if (next.getTime() <= ctx.now.getTime() || next.getTime() > limit.getTime())
      throw NEXT_ATTEMPT.error();
    const n = await addAttempt(ctx, { channel: input.channel, reached: false, nextAttemptAt: next, comments: input.note ?? null });
    return {
      patch: { attempts: n, next_attempt_at: next, channel: input.channel },
      eventData: { attempt: n, of: ctx.row.max_attempts, channel: input.channel, reached: false, nextAttemptAt: next.toISOString() },
    };
  },
};

const closeUnreachable: H = {
  input: z.object({ channel: z.enum(VISIT_CHANNELS), note: text(0, 2000).optional() }),
  async apply(ctx, input: { channel: VisitChannel; note?: string }) {
    const n = await addAttempt(ctx, { channel: input.channel, reached: false, comments: input.note ?? null });
    await endRegisterClocks(ctx.tx, 'return_visit', ctx.row.id, [RULE_KEY], 'met', ctx.now);
    const after = await writeOnCase(ctx, { contacted: false, note: `${n}次回访均未联系上，按无法联系办结${input.note ? `：${input.note}` : ''}`.slice(0, 4000) }, n);
    return {
      patch: { attempts: n, next_attempt_at: null, channel: input.channel, reached: false, closed_at: ctx.now },
      eventData: { attempt: n, of: ctx.row.max_attempts, channel: input.channel, reached: false },
      after,
    };
  },
};

interface FollowUp {
  follow_up: 'reopened' | 'supervision' | 'none';
  follow_up_note: string | null;
  supervision_id: string | null;
  after?: After;
}

async function supervise(ctx: Ctx, headline: string, why: string | null): Promise<FollowUp> {
  const c = await ctx.tx.selectFrom('cases').select(['reg_no', 'title', 'intake_unit_id', 'lead_unit_id']).where('id', '=', ctx.row.case_id).executeTakeFirstOrThrow();
  const item = await openSupervisionItem(
    ctx.tx,
    ctx.deps,
    ctx.actor,
    {
      source: 'return_visit',
      caseId: ctx.row.case_id,
      subject: { entity: 'return_visit', id: ctx.row.id },
      unitId: ctx.row.unit_id ?? c.lead_unit_id ?? ctx.row.office_unit_id,
      officeUnitId: ctx.row.office_unit_id,
      reason: `${c.reg_no}「${c.title}」回访${headline}`,
      // while one item about this case's visits is open, a further unsolved visit does not open another
      dedupKey: `return_visit:${ctx.row.case_id}`,
    },
    ctx.now,
    ctx.meta,
  );
  const note = [why, item.created ? null : '该事项已有在办的回访督办，未重复立项'].filter(Boolean).join('；') || null;
  return { follow_up: 'supervision', follow_up_note: note, supervision_id: item.id };
}

/** What the policy does with an unsolved or unsatisfied answer (policy.on_unsolved, fixed when the task opened). */
async function followUp(ctx: Ctx, solved: Solved, satisfied: Satisfied): Promise<FollowUp> {
  if (solved !== 'unsolved' && satisfied !== 'dissatisfied') return { follow_up: 'none', follow_up_note: null, supervision_id: null };
  const headline = [solved === 'unsolved' ? LABELS.solved.unsolved.zh : null, satisfied === 'dissatisfied' ? LABELS.satisfied.dissatisfied.zh : null].filter(Boolean).join('、');
  const rule = ctx.row.on_unsolved;
  if (rule === 'none') return { follow_up: 'none', follow_up_note: '回访政策：未解决或不满意时不作处理', supervision_id: null };
  if (rule === 'supervise') return supervise(ctx, headline, null);
  // reopen: only a closed case can be reopened (lifecycle: reopen from closed); otherwise it is still open to its
  // unit, the citizen's review window included, and what the visit found is pressed home by supervision instead
  const status = await caseStatus(ctx);
  if (status !== 'closed') return supervise(ctx, headline, `事项未办结（状态：${status}），不能重新办理，改为督办`);
  try {
    const r = await performActionInTx(ctx.deps, ctx.tx, {
      actor: ctx.actor,
      meta: ctx.meta,
      lang: 'zh',
      caseId: ctx.row.case_id,
      action: 'reopen',
      input: { reason: `回访${headline}，按回访政策重新办理` },
      byRule: REOPEN_RULE,
    });
    return { follow_up: 'reopened', follow_up_note: null, supervision_id: null, after: r.after };
  } catch (err) {
    // refused before anything was written (e.g. concluded by re-review, 第三十六条): supervise instead, and say why
    if (!(err instanceof AppError) || (err.code !== 'CASE_FINAL' && err.code !== 'ACTION_NOT_ALLOWED')) throw err;
    return supervise(ctx, headline, err.code === 'CASE_FINAL' ? '事项已复核终结，不能重新办理，改为督办' : `事项不能重新办理（${err.code}），改为督办`);
  }
}

const complete: H = {
  input: z.object({
    channel: z.enum(VISIT_CHANNELS),
    solved: z.enum(SOLVED).describe('解决 / 部分解决 / 未解决'),
    satisfied: z.enum(SATISFIED).describe('满意 / 基本满意 / 不满意'),
    comments: text(0, 4000).optional(),
  }),
  async apply(ctx, input: { channel: VisitChannel; solved: Solved; satisfied: Satisfied; comments?: string }) {
    const n = await addAttempt(ctx, { channel: input.channel, reached: true, solved: input.solved, satisfied: input.satisfied, comments: input.comments ?? null });
    await endRegisterClocks(ctx.tx, 'return_visit', ctx.row.id, [RULE_KEY], 'met', ctx.now);
    const onCase = await writeOnCase(ctx, { contacted: true, resolved: input.solved, satisfaction: input.satisfied, ...(input.comments ? { note: input.comments } : {}) }, n);
    const f = await followUp(ctx, input.solved, input.satisfied);
    const afters = [onCase, f.after].filter((x): x is () => Promise<void> => typeof x === 'function');
    return {
      patch: {
        attempts: n,
        next_attempt_at: null,
        channel: input.channel,
        reached: true,
        solved: input.solved,
        satisfied: input.satisfied,
        comments: input.comments ?? null,
        visited_at: ctx.now,
        closed_at: ctx.now,
        follow_up: f.follow_up,
        follow_up_note: f.follow_up_note,
        supervision_id: f.supervision_id,
      },
      eventData: { attempt: n, channel: input.channel, reached: true, solved: input.solved, satisfied: input.satisfied, followUp: f.follow_up, supervisionId: f.supervision_id, followUpNote: f.follow_up_note },
      after: afters.length ? async () => { for (const a of afters) await a(); } : undefined,
    };
  },
};

const cancel: H = {
  input: z.object({ reason: text(5, 2000).describe('why the task is withdrawn (e.g. the citizen asked not to be called)') }),
  async apply(ctx, input: { reason: string }) {
    await endRegisterClocks(ctx.tx, 'return_visit', ctx.row.id, [RULE_KEY], 'stopped', ctx.now);
    return { patch: { cancel_reason: input.reason, closed_at: ctx.now, next_attempt_at: null }, eventData: { reason: input.reason } };
  },
};

export const VISIT_HANDLERS: Readonly<Record<string, H>> = {
  complete,
  record_unreached: recordUnreached,
  close_unreachable: closeUnreachable,
  cancel,
};
