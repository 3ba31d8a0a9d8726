/** The effects of each transition of a coordination item (workflow.ts): meetings, decisions and their clocks, reports. */
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { cstDateOf, isIsoDate } from '../calendar/dates.js';
import { startRegisterClock } from '../clocks/register-clocks.js';
import { AppError } from '../core/errors.js';
import { inputRule, isoDateInput, rulesFailed } from '../core/input-rules.js';
import type { DB } from '../db/types.js';
import type { StaffActor } from '../org/actor.js';
import type { Handler, TransitionContext } from '../workflow/engine.js';
import { DECISION_CLOCK, ENTITY, type CoordinationRow } from './store.js';
import type { Participant } from './tables.js';
import type { CoordinationContext } from './workflow.js';

type Ctx = TransitionContext<CoordinationRow, CoordinationContext>;
type H = Handler<CoordinationRow, CoordinationContext, Record<string, unknown>>;

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
export const unitIdInput = z.union([z.string().regex(/^\d{1,18}$/), z.number().int().positive()]).transform(String);
/** the units named in a register's input (src/core/input-rules.ts: listed by every action that names units) */
export const UNIT_IN_SCOPE = inputRule({
  field: '(unit ids)',
  code: 'INVALID_TARGET_UNIT',
  message: '单位不在您的管辖范围内 / unit not in your scope',
  doc: 'every unit id names an active unit in your scope (GET /api/units)',
});
export const NOT_THE_ACCUSED_UNIT = inputRule({
  field: '(unit ids)',
  code: 'INVALID_TARGET_UNIT',
  message: '检举控告事项不得交由被检举控告单位协调办理（第三十条第三款）/ an accusation is not coordinated with the accused unit (Art. 30(3))',
  doc: 'for an accusation (检举控告), no unit within the accused unit (信访工作条例 第三十条第三款)',
});
const MEETING_NOT_FUTURE = inputRule({ field: 'heldOn', message: '会议日期不能晚于今天 / the meeting cannot be in the future', doc: 'not after today (CST)' });
const PARTICIPANT_UNIT = inputRule({ field: 'participants.N.unitName', message: '请填写单位 / name the unit', doc: 'each participant gives unitId or unitName' });
const ACCEPTING_UNIT_NEEDED = inputRule({
  field: 'acceptingUnitId',
  message: '受理争议须确定受理单位（第二十四条）/ a dispute over acceptance names the accepting unit',
  doc: 'required for an acceptance dispute (受理争议, 信访工作条例 第二十四条), and one of the units involved; only for an acceptance dispute',
});
const DECISION_OF_MY_UNIT = inputRule({ field: 'decisionNo', message: 'the decision has no open part for your unit', doc: 'a decision with an open part for your unit' });
const staff = (ctx: Ctx): StaffActor => {
  if (ctx.actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  return ctx.actor;
};

/**
 * Units named in an input, each active and in the actor's scope; one that is not (or does not exist) is refused with
 * the same answer, so a unit id outside the scope discloses nothing.
 */
export async function unitsInScope(db: Transaction<DB> | Kysely<DB>, actor: StaffActor, ids: string[], field: string, caseId: string | null = null) {
  const unique = [...new Set(ids)];
  const rows = unique.length ? await db.selectFrom('units').select(['id', 'name', 'path', 'active']).where('id', 'in', unique).execute() : [];
  for (const id of unique) {
    const u = rows.find((r) => String(r.id) === id);
    if (!u || !u.active || !u.path.startsWith(actor.scopePath)) throw UNIT_IN_SCOPE.error(`${field}: ${UNIT_IN_SCOPE.message}`);
  }
  const units = unique.map((id) => rows.find((r) => String(r.id) === id)!);
  await refuseAccusedUnits(db, caseId, units, field);
  return units;
}

/**
 * An item about an accusation (检举控告) never involves the accused unit or a unit under it (信访工作条例 第三十条第三款:
 * 不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位): such a unit would see neither the item nor
 * the petition (the register scope hides both), so it is refused rather than silently given a part it cannot see.
 */
export async function refuseAccusedUnits(db: Transaction<DB> | Kysely<DB>, caseId: string | null, units: Array<{ path: string }>, field: string) {
  if (!caseId || units.length === 0) return;
  const c = await db.selectFrom('cases').leftJoin('units', 'units.id', 'cases.accused_unit_id').select(['cases.kind', 'units.path']).where('cases.id', '=', caseId).executeTakeFirst();
  if (c?.kind !== 'accusation' || !c.path) return;
  const accusedPath = c.path;
  if (units.some((u) => u.path.startsWith(accusedPath)))
    throw NOT_THE_ACCUSED_UNIT.error(`${field}: ${NOT_THE_ACCUSED_UNIT.message}`);
}

const participantInput = z.object({
  unitId: unitIdInput.optional().describe('a unit in your scope (its name is taken from the register of units)'),
  unitName: text(2, 200).optional().describe('the unit, when it has no unit id here (e.g. a provincial department)'),
  post: text(2, 100).describe('the post of who attended, e.g. 分管副局长 — posts, not names'),
});

const meetingInput = z.object({
  heldOn: isoDateInput('the day the meeting was held (not in the future)'),
  place: text(0, 200).optional(),
  participants: z.array(participantInput).min(1).max(50).describe('units and posts that attended'),
  minutes: text(10, 20000).describe('会议纪要: what was discussed and agreed'),
});

async function recordMeeting(ctx: Ctx, input: z.infer<typeof meetingInput>) {
  const actor = staff(ctx);
  if (input.heldOn > cstDateOf(ctx.now)) throw MEETING_NOT_FUTURE.error();
  const named = input.participants.filter((p) => p.unitId).map((p) => p.unitId!);
  const units = await unitsInScope(ctx.tx, actor, named, 'participants.unitId', ctx.row.case_id);
  const participants: Participant[] = input.participants.map((p, i) => {
    const u = p.unitId ? units.find((x) => String(x.id) === p.unitId) : undefined;
    if (!u && !p.unitName) throw rulesFailed(PARTICIPANT_UNIT, [{ field: `participants.${i}.unitName`, message: PARTICIPANT_UNIT.message }]);
    return { unitId: u ? String(u.id) : null, unitName: u?.name ?? p.unitName!, post: p.post };
  });
  const r = await sql<{ n: number }>`SELECT coalesce(max(n), 0)::int + 1 AS n FROM coordination_meetings WHERE item_id = ${ctx.row.id}`.execute(ctx.tx);
  const n = r.rows[0]!.n;
  await ctx.tx
    .insertInto('coordination_meetings')
    .values({ item_id: ctx.row.id, n, held_on: input.heldOn, place: input.place || null, participants: JSON.stringify(participants), minutes: input.minutes, recorded_by: actor.userId, created_at: ctx.now })
    .execute();
  return { eventData: { meeting: n, heldOn: input.heldOn, participants: participants.length } };
}

const recordMeetingH: H = { input: meetingInput, rules: [MEETING_NOT_FUTURE, PARTICIPANT_UNIT, UNIT_IN_SCOPE, NOT_THE_ACCUSED_UNIT], apply: (ctx, input: z.infer<typeof meetingInput>) => recordMeeting(ctx, input) };

const decisionsInput = z.object({
  decisions: z
    .array(
      z.object({
        content: text(5, 4000).describe('议定事项: what is to be done'),
        unitIds: z.array(unitIdInput).min(1).max(20).describe('the units responsible (in your scope); each reports its own part'),
        workdays: z.number().int().min(1).max(120).optional().describe('working days to carry it out (default: rule coordination_decision, 15)'),
      }),
    )
    .min(1)
    .max(30),
  acceptingUnitId: unitIdInput.optional().describe('a dispute over acceptance (第二十四条): the unit that is to accept the matter, one of the units involved'),
});

const assignDecisions: H = {
  input: decisionsInput,
  rules: [ACCEPTING_UNIT_NEEDED, UNIT_IN_SCOPE, NOT_THE_ACCUSED_UNIT],
  async apply(ctx, input: z.infer<typeof decisionsInput>) {
    const actor = staff(ctx);
    const involved = new Set(ctx.row.unit_ids.map(String));
    let accepting: string | null = null;
    if (ctx.row.kind === 'acceptance_dispute') {
      if (!input.acceptingUnitId) throw ACCEPTING_UNIT_NEEDED.error();
      if (!involved.has(input.acceptingUnitId)) throw ACCEPTING_UNIT_NEEDED.error('受理单位须为所涉单位之一 / the accepting unit must be one of the units involved');
      accepting = input.acceptingUnitId;
    } else if (input.acceptingUnitId) throw ACCEPTING_UNIT_NEEDED.error('仅受理争议需确定受理单位 / only a dispute over acceptance names an accepting unit');
    const all = await unitsInScope(ctx.tx, actor, input.decisions.flatMap((d) => d.unitIds), 'decisions.unitIds', ctx.row.case_id);
    const out: Array<{ n: number; units: number; dueAt: Date | null }> = [];
    let n = 0;
    for (const d of input.decisions) {
      n++;
      const dec = await ctx.tx.insertInto('coordination_decisions').values({ item_id: ctx.row.id, n, content: d.content, created_by: actor.userId, created_at: ctx.now }).returning('id').executeTakeFirstOrThrow();
      let due: Date | null = null;
      for (const unitId of [...new Set(d.unitIds)]) {
        const k = await startRegisterClock(ctx.tx, ctx.deps.clocks, {
          entity: ENTITY,
          entityId: ctx.row.id,
          ruleKey: DECISION_CLOCK,
          unitId,
          at: ctx.now,
          ...(d.workdays ? { length: { amount: d.workdays, unit: 'workday' as const } } : {}),
        });
        due = k.due_at;
        await ctx.tx.insertInto('coordination_tasks').values({ item_id: ctx.row.id, decision_id: dec.id, unit_id: unitId, clock_id: k.id, due_at: k.due_at }).execute();
        involved.add(unitId);
      }
      out.push({ n, units: new Set(d.unitIds).size, dueAt: due });
    }
    return {
      // a unit given a decision is involved from now on: it sees the item
      patch: { unit_ids: sql`${`{${[...involved].join(',')}}`}::bigint[]`, ...(accepting ? { unit_id: accepting } : {}) },
      eventData: { decisions: out, acceptingUnitId: accepting, acceptingUnitName: accepting ? (all.find((u) => String(u.id) === accepting)?.name ?? null) : null },
    };
  },
};

const reportInput = z.object({
  decisionNo: z.number().int().min(1).describe('the number of the decision (1, 2 …) your unit reports on'),
  report: text(5, 8000).describe('落实情况: what your unit did'),
});

const reportDone: H = {
  input: reportInput,
  rules: [DECISION_OF_MY_UNIT],
  async apply(ctx, input: z.infer<typeof reportInput>) {
    const actor = staff(ctx);
    const tasks = await ctx.tx
      .selectFrom('coordination_tasks')
      .innerJoin('coordination_decisions', 'coordination_decisions.id', 'coordination_tasks.decision_id')
      .innerJoin('units', 'units.id', 'coordination_tasks.unit_id')
      .select(['coordination_tasks.id', 'coordination_tasks.clock_id', 'coordination_tasks.due_at', 'coordination_tasks.unit_id', 'units.path', 'units.name'])
      .where('coordination_tasks.item_id', '=', ctx.row.id)
      .where('coordination_decisions.n', '=', input.decisionNo)
      .where('coordination_tasks.status', '=', 'open')
      .execute();
    // the actor's own unit's part: the nearest assigned unit above (or at) the actor
    const mine = tasks.filter((k) => actor.unitPath.startsWith(k.path)).sort((a, b) => b.path.length - a.path.length)[0];
    if (!mine) throw DECISION_OF_MY_UNIT.error(`第${input.decisionNo}项议定事项没有本单位待落实的部分 / decision ${input.decisionNo} has no open part for your unit`);
    await ctx.tx.updateTable('coordination_tasks').set({ status: 'done', report: input.report, done_at: ctx.now, done_by: actor.userId }).where('id', '=', mine.id).execute();
    if (mine.clock_id) await ctx.tx.updateTable('register_clocks').set({ status: 'met', stopped_at: ctx.now }).where('id', '=', mine.clock_id).where('status', 'in', ['running', 'paused']).execute();
    const onTime = mine.due_at === null || ctx.now.getTime() <= mine.due_at.getTime();
    return { eventData: { decisionNo: input.decisionNo, unitId: String(mine.unit_id), unitName: mine.name, onTime, outstanding: ctx.policy.openTasks - 1 } };
  },
};

const followUp: H = {
  input: z.object({ note: text(5, 4000).describe('督促检查: whom the office urged, and what it found') }),
  async apply(_ctx, input: { note: string }) {
    return { eventData: { note: input.note } };
  },
};

const close: H = {
  input: z.object({ note: text(0, 2000).optional().describe('办结说明') }),
  async apply(ctx, input: { note?: string }) {
    return { patch: { close_note: input.note || null, closed_at: ctx.now }, eventData: { note: input.note ?? null } };
  },
};

const withdraw: H = {
  input: z.object({ reason: text(5, 2000).describe('why no coordination is needed any more (e.g. the units agreed who accepts)') }),
  async apply(ctx, input: { reason: string }) {
    return { patch: { withdraw_reason: input.reason, closed_at: ctx.now }, eventData: { reason: input.reason } };
  },
};

export const COORDINATION_HANDLERS: Readonly<Record<string, H>> = {
  record_meeting: recordMeetingH,
  record_further_meeting: recordMeetingH,
  assign_decisions: assignDecisions,
  report_done: reportDone,
  follow_up: followUp,
  close,
  withdraw,
};
