import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { inputRule, withRules } from '../../core/input-rules.js';
import { endClocks, startClock } from '../../clocks/case-clocks.js';
import { defineAction, type ActionContext } from './types.js';
import { decideRequest, text, unitId } from './common.js';

/** 第二十二条第三项: 交办 sets the time within which the unit reports back */
const ASSIGN_NEEDS_REPORT_BACK = inputRule<{ mode: string; reportBackDays?: number }>({
  field: 'reportBackDays',
  message: '交办须指定反馈期限 / assign needs reportBackDays',
  doc: 'required when mode is assign (交办须指定反馈期限，信访工作条例 第二十二条第三项)',
  test: (v) => v.mode === 'forward' || v.reportBackDays !== undefined,
});
const LEAD_NOT_ASSIST = inputRule<{ leadUnitId: string; assistUnitIds: string[] }>({
  field: 'assistUnitIds',
  message: 'lead unit cannot also assist',
  doc: 'must not contain leadUnitId',
  test: (v) => !v.assistUnitIds.includes(v.leadUnitId),
});
const TARGET_IN_AREA = inputRule({
  field: 'leadUnitId',
  code: 'INVALID_TARGET_UNIT',
  message: 'a unit is not in your area',
  doc: 'leadUnitId and assistUnitIds name active units within your own unit subtree (GET /api/units)',
});
const TARGET_OF_ROUTE_TYPE = inputRule({
  field: 'leadUnitId',
  code: 'INVALID_TARGET_UNIT',
  message: 'the lead unit is not of the kind the route type needs',
  doc: 'routeType legal needs a lead unit of type legal_organ, discipline a discipline_organ (信访工作条例 第二十二条第二款)',
});
const NOT_TO_ACCUSED = inputRule({
  field: 'leadUnitId',
  code: 'ACCUSATION_TO_ACCUSED',
  message: 'an accusation is never sent to the accused unit or its subtree',
  doc: 'for an accusation (检举控告), no lead or assisting unit within the accused unit (信访工作条例 第三十条)',
});
const TARGET_RULES = [TARGET_IN_AREA, TARGET_OF_ROUTE_TYPE, NOT_TO_ACCUSED];
const OTHER_THAN_RETURNING = inputRule({
  field: 'leadUnitId',
  code: 'INVALID_TARGET_UNIT',
  message: 'choose a different unit than the one that returned it',
});
const SOMETHING_CHANGES = inputRule({
  field: 'leadUnitId',
  code: 'INVALID_TARGET_UNIT',
  message: 'nothing changes: choose another lead or assisting units',
});

const routeInput = withRules(
  z.object({
    /** 转送 forward, or 交办 assign with a report-back deadline (第二十二条第三项) */
    mode: z.enum(['forward', 'assign']),
    leadUnitId: unitId,
    assistUnitIds: z.array(unitId).max(10).default([]),
    /** normal, 涉法涉诉 → legal organ, 检举控告 → discipline organ (第二十二条第二款) */
    routeType: z.enum(['normal', 'legal', 'discipline']).default('normal'),
    reportBackDays: z.number().int().min(1).max(90).optional(),
    note: text(0, 2000).optional(),
  }),
  ASSIGN_NEEDS_REPORT_BACK,
  LEAD_NOT_ASSIST,
);

const REQUIRED_TYPE = { legal: 'legal_organ', discipline: 'discipline_organ' } as const;

/** Checks the target units: in the dispatcher's area, of the right kind, and never the accused (第三十条). */
async function checkTargets(ctx: ActionContext, leadUnitId: string, assistUnitIds: string[], routeType: string) {
  if (ctx.actor.kind !== 'staff') throw new AppError('FORBIDDEN');
  const ids = [leadUnitId, ...assistUnitIds];
  const units = await ctx.tx.selectFrom('units').select(['id', 'path', 'type', 'active']).where('id', 'in', ids).execute();
  const scope = ctx.actor.scopePath;
  for (const id of ids) {
    const u = units.find((x) => x.id === id);
    if (!u || !u.active || !u.path.startsWith(scope)) throw TARGET_IN_AREA.error(`unit ${id} is not in your area`);
  }
  const lead = units.find((u) => u.id === leadUnitId)!;
  const needed = REQUIRED_TYPE[routeType as keyof typeof REQUIRED_TYPE];
  if (needed && lead.type !== needed) throw TARGET_OF_ROUTE_TYPE.error(`${routeType} matters go to a ${needed}`);
  if (ctx.case.kind === 'accusation' && ctx.case.accused_unit_id) {
    const accused = await ctx.tx.selectFrom('units').select('path').where('id', '=', ctx.case.accused_unit_id).executeTakeFirstOrThrow();
    if (units.some((u) => u.path.startsWith(accused.path))) throw NOT_TO_ACCUSED.error();
  }
}

/** Makes these the case's only active lead and assisting units (a unit assigned again signs again). */
async function assignUnits(ctx: ActionContext, leadUnitId: string, assistUnitIds: string[]) {
  const { tx, now } = ctx;
  const caseId = ctx.case.id;
  await tx.updateTable('case_units').set({ active: false }).where('case_id', '=', caseId).where('role', 'in', ['lead', 'assist']).execute();
  const rows = [
    { case_id: caseId, unit_id: leadUnitId, role: 'lead', assigned_at: now },
    ...assistUnitIds.map((u) => ({ case_id: caseId, unit_id: u, role: 'assist', assigned_at: now })),
  ];
  await tx
    .insertInto('case_units')
    .values(rows)
    .onConflict((oc) => oc.columns(['case_id', 'unit_id', 'role']).doUpdateSet({ active: true, assigned_at: now, signed_at: null }))
    .execute();
}

async function dispatchTo(ctx: ActionContext, leadUnitId: string, assistUnitIds: string[], withObjectionWindow: boolean) {
  const { tx, now } = ctx;
  const caseId = ctx.case.id;
  await assignUnits(ctx, leadUnitId, assistUnitIds);
  await endClocks(tx, caseId, ['accept_notice', 'object'], 'stopped', now);
  await startClock(tx, ctx.deps.clocks, { caseId, ruleKey: 'accept_notice', unitId: leadUnitId, at: now });
  if (withObjectionWindow) await startClock(tx, ctx.deps.clocks, { caseId, ruleKey: 'object', unitId: leadUnitId, at: now });
}

export const route = defineAction({
  input: routeInput,
  rules: TARGET_RULES,
  async apply(ctx, input) {
    await checkTargets(ctx, input.leadUnitId, input.assistUnitIds, input.routeType);
    await endClocks(ctx.tx, ctx.case.id, ['route'], 'met', ctx.now);
    await dispatchTo(ctx, input.leadUnitId, input.assistUnitIds, true);
    if (input.mode === 'assign' && input.reportBackDays)
      // 第二十二条第三项: 交办 sets a time limit within which the unit reports the result back
      await startClock(ctx.tx, ctx.deps.clocks, {
        caseId: ctx.case.id,
        ruleKey: 'report_back',
        unitId: input.leadUnitId,
        at: ctx.now,
        length: { amount: input.reportBackDays, unit: 'day' },
      });
    return {
      patch: { lead_unit_id: input.leadUnitId, route_type: `${input.mode}:${input.routeType}`, designated_after_dispute: false },
      eventData: { ...input },
    };
  },
});

export const upholdObjection = defineAction({
  input: withRules(z.object({ leadUnitId: unitId, assistUnitIds: z.array(unitId).max(10).default([]), note: text(0, 2000).optional() }), LEAD_NOT_ASSIST),
  rules: [OTHER_THAN_RETURNING, ...TARGET_RULES],
  async apply(ctx, input) {
    if (input.leadUnitId === ctx.case.lead_unit_id) throw OTHER_THAN_RETURNING.error();
    await checkTargets(ctx, input.leadUnitId, input.assistUnitIds, (ctx.case.route_type ?? 'forward:normal').split(':')[1] ?? 'normal');
    await decideRequest(ctx, 'objection', 'approved', input.note);
    // 潍坊条例 第二十二条: a unit designated after a dispute may not return it again — so no objection window.
    await dispatchTo(ctx, input.leadUnitId, input.assistUnitIds, false);
    return { patch: { lead_unit_id: input.leadUnitId, designated_after_dispute: true }, eventData: { ...input, previousUnitId: ctx.case.lead_unit_id } };
  },
});

export const rejectObjection = defineAction({
  input: z.object({ reason: text(2, 2000) }),
  async apply(ctx, input) {
    await decideRequest(ctx, 'objection', 'rejected', input.reason);
    await dispatchTo(ctx, ctx.case.lead_unit_id!, [...ctx.policy.assistUnitIds], false);
    return { patch: { designated_after_dispute: true }, eventData: input };
  },
});

/**
 * 改派: the petition office moves an open case to another lead (and assisting) unit — when the unit is to be
 * deactivated (机构调整), or a wrong assignment is found after signing. The statutory clocks keep running: the 60 days
 * count from acceptance (第三十四条), not from the new unit's arrival, and the running clocks pass to the new lead.
 */
export const reroute = defineAction({
  input: withRules(z.object({ leadUnitId: unitId, assistUnitIds: z.array(unitId).max(10).default([]), reason: text(2, 2000) }), LEAD_NOT_ASSIST),
  rules: [SOMETHING_CHANGES, ...TARGET_RULES],
  async apply(ctx, input) {
    const { tx } = ctx;
    const caseId = ctx.case.id;
    const previous = ctx.case.lead_unit_id;
    const sameAssists = [...ctx.policy.assistUnitIds].sort().join() === [...input.assistUnitIds].sort().join();
    if (input.leadUnitId === previous && sameAssists) throw SOMETHING_CHANGES.error();
    await checkTargets(ctx, input.leadUnitId, input.assistUnitIds, (ctx.case.route_type ?? 'forward:normal').split(':')[1] ?? 'normal');
    await assignUnits(ctx, input.leadUnitId, input.assistUnitIds);
    if (previous)
      await tx
        .updateTable('case_clocks')
        .set({ unit_id: input.leadUnitId })
        .where('case_id', '=', caseId)
        .where('unit_id', '=', previous)
        .where('status', 'in', ['running', 'paused'])
        .execute();
    return { patch: { lead_unit_id: input.leadUnitId }, eventData: { ...input, previousUnitId: previous } };
  },
});

/**
 * 撤回: the petition office takes back a dispatch the unit has not yet signed for (a wrong unit picked, a matter sent
 * before it was complete), with a reason; the case is registered again and is routed anew. After signing, the unit's
 * objection (退单) is the correction path (第二十三条第三款). The 15 days of 第二十二条 count from receipt, not from
 * the recall: the routing clock the dispatch met runs again with its first due time; the unit's clocks stop.
 */
export const recall = defineAction({
  input: z.object({ reason: text(2, 2000) }),
  async apply(ctx, input) {
    const { tx, now } = ctx;
    const caseId = ctx.case.id;
    const signed = await tx.selectFrom('case_units').select('unit_id').where('case_id', '=', caseId).where('role', '=', 'lead').where('active', '=', true).where('signed_at', 'is not', null).executeTakeFirst();
    if (signed) throw new AppError('ACTION_NOT_ALLOWED', { action: 'recall', status: ctx.case.status });
    const previous = ctx.case.lead_unit_id;
    await tx.updateTable('case_units').set({ active: false }).where('case_id', '=', caseId).where('role', 'in', ['lead', 'assist']).where('active', '=', true).execute();
    await endClocks(tx, caseId, ['accept_notice', 'object', 'report_back'], 'stopped', now);
    // the routing clock of this registration (the latest), running again on its own due time
    const routeClock = await tx.selectFrom('case_clocks').select('id').where('case_id', '=', caseId).where('rule_key', '=', 'route').orderBy('started_at', 'desc').limit(1).executeTakeFirst();
    if (routeClock) await tx.updateTable('case_clocks').set({ status: 'running', stopped_at: null }).where('id', '=', routeClock.id).where('status', '=', 'met').execute();
    return { patch: { lead_unit_id: null, route_type: null }, eventData: { ...input, previousUnitId: previous } };
  },
});
