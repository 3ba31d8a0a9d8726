/**
 * 积案化解专项行动 (backlog campaigns) as a register: the office selects long-running or repeated petitions by a filter
 * in its own scope (信访工作条例 第十条: 研究解决疑难复杂信访问题; 第三十八条: 专项督查, 疑难复杂信访问题列入督查范围); each case
 * gets a responsible leader and unit and its own plan (第十八条第二款: 领导干部……包案化解群众反映强烈的突出问题; 一案一策); the
 * unit reports progress and the resolution (第三十七条); the office verifies it — never the person who reported it — or
 * sends it back; the board (挂图作战) and the progress (清仓见底) count what each actor may see. An accusation is never
 * selected for, nor shown to, the accused (第三十条).
 *
 * Simulated dates lie in 2060, so no other file's clock sweep on a shared PostgreSQL database reaches them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act as caseAct, addUser, api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';
import { registerActions } from '../helpers/register-actions.js';

let h: Harness;
let org: Org;
/** a city-level user who both runs campaigns and works a case the city itself is responsible for */
let cityLeader: TestUser;
/** a member of staff of 住建局 who runs its own campaigns and is accused in an accusation 住建局 assists on */
let accusedOfficer: TestUser;
beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
  cityLeader = await addUser(h, org, 'cityLeader', org.units.city, ['dispatcher', 'handler']);
  accusedOfficer = await addUser(h, org, 'accusedOfficer', org.units.deptA, ['dispatcher', 'handler']);
});
afterAll(async () => h?.close());

const BASE = '/api/campaigns';
const ITEMS = `${BASE}/items`;

async function register(over: Record<string, unknown> = {}) {
  const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; regNo: string };
}

async function caseStep(user: TestUser, id: string, action: string, input: unknown = {}) {
  const r = await caseAct(h, user, id, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
}

/** a case routed to `unit` and accepted there by `handler` */
async function accepted(unit: { id: string }, handler: TestUser, over: Record<string, unknown> = {}) {
  const c = await register(over);
  await caseStep(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: unit.id });
  await caseStep(handler, c.id, 'sign');
  await caseStep(handler, c.id, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理。' });
  return c;
}

const { act, ok, refused } = registerActions(() => h, ITEMS);

const get = async (user: TestUser, url: string) => {
  const r = await api(h, user, 'GET', url);
  expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
};

const campaign = (filter: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  name: '2060年信访积案化解专项行动',
  periodStart: '2060-03-01',
  periodEnd: '2060-06-30',
  targetDate: '2060-06-30',
  description: '对登记超过30日仍未办结和重复信访事项集中攻坚，一案一策，清仓见底。',
  filter,
  ...over,
});

const PLAN = (leader: TestUser, over: Record<string, unknown> = {}) => ({
  leaderUserId: leader.id,
  leaderPost: '住建局分管副局长',
  plan: '由分管副局长包案，约见信访人当面听取诉求，协调物业维修基金启动楼顶防水维修。',
  measures: '现场勘查；召开业主、物业、街道三方协调会；维修完工后回访。',
  dueOn: '2060-03-10',
  ...over,
});

const PETITIONER = ['张三丰', '13812341234', '110101199001010000'];

describe('积案化解: select by filter, one plan per case, report, verify, board and progress', () => {
  it('runs a campaign from selection to 清仓见底, with every refusal on the way', async () => {
    h.clock.set('2060-01-06T09:00:00+08:00');
    const old = await accepted(org.units.deptA, org.users.handlerA, { title: '小区楼顶漏水三年未修' });
    const repeat = await accepted(org.units.street, org.users.streetHandler, { title: '再次反映楼顶漏水', repeatOfCaseId: old.id });
    // 第三十条: an accusation naming a member of 住建局's staff, handled by the discipline organ with 住建局 assisting
    const acc = await register({ kind: 'accusation', title: '举报街道工作人员违规收费', content: '青山街道城管工作人员违规收取商户费用，住建局某工作人员参与，请求查处。', accusedUnitId: org.units.street.id, accusedUserIds: [accusedOfficer.id] });
    await caseStep(org.users.dispatcher, acc.id, 'route', { mode: 'forward', leadUnitId: org.units.discipline.id, routeType: 'discipline', assistUnitIds: [org.units.deptA.id] });
    h.clock.set('2060-03-01T09:00:00+08:00');
    const recent = await accepted(org.units.deptA, org.users.handlerA, { title: '新近反映的路灯问题' });
    h.clock.set('2060-03-02T09:00:00+08:00');

    // only the office (dispatcher, supervisor) runs a campaign; a backlog filter needs a backlog condition
    expect((await api(h, org.users.handlerA, 'POST', BASE, campaign({ openLongerThanDays: 30 }))).status).toBe(403);
    expect((await api(h, org.users.handlerA, 'POST', `${BASE}/preview`, { filter: { openLongerThanDays: 30 } })).status).toBe(403);
    expect((await api(h, org.users.dispatcher, 'POST', `${BASE}/preview`, { filter: { kinds: ['appeal'] } })).status).toBe(400);
    expect((await api(h, org.users.dispatcher, 'POST', BASE, campaign({ openLongerThanDays: 30 }, { periodEnd: '2060-02-01' }))).status).toBe(400);
    // a unit outside the office's scope is refused like one that does not exist
    const outside = await api(h, org.users.dispatcher, 'POST', `${BASE}/preview`, { filter: { openLongerThanDays: 30, unitId: org.units.otherCity.id } });
    expect(outside.status).toBe(422);
    expect(outside.body.error.code).toBe('INVALID_TARGET_UNIT');

    // the dry run: 久拖未决 (open more than 30 days) selects the three old cases, not the recent one; 重复信访 selects the pair
    const preview = (await api(h, org.users.dispatcher, 'POST', `${BASE}/preview`, { filter: { openLongerThanDays: 30 } })).body;
    const regNos = preview.items.map((i: any) => i.regNo);
    expect(regNos).toEqual(expect.arrayContaining([old.regNo, repeat.regNo, acc.regNo]));
    expect(regNos).not.toContain(recent.regNo);
    expect(preview.count).toBe(3);
    expect(preview.items.find((i: any) => i.regNo === repeat.regNo)).toMatchObject({ repeat: true, daysOpen: 56, leadUnitName: '东区青山街道' });
    for (const s of PETITIONER) expect(JSON.stringify(preview)).not.toContain(s);
    const repeats = (await api(h, org.users.dispatcher, 'POST', `${BASE}/preview`, { filter: { repeatOnly: true } })).body.items.map((i: any) => i.regNo);
    expect(repeats.sort()).toEqual([old.regNo, repeat.regNo].sort());
    const byUnit = (await api(h, org.users.dispatcher, 'POST', `${BASE}/preview`, { filter: { registeredBefore: '2060-03-02', unitId: org.units.street.id } })).body.items.map((i: any) => i.regNo);
    expect(byUnit).toEqual([repeat.regNo]);
    // 第三十条: the accused member of staff runs 住建局's campaigns, and the accusation 住建局 assists on is never selected for them
    const accusedPreview = (await api(h, accusedOfficer, 'POST', `${BASE}/preview`, { filter: { openLongerThanDays: 30 } })).body.items.map((i: any) => i.regNo);
    expect(accusedPreview).toContain(old.regNo);
    expect(accusedPreview).not.toContain(acc.regNo);

    const created = await api(h, org.users.dispatcher, 'POST', BASE, campaign({ openLongerThanDays: 30 }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id: campaignId, regNo, items } = created.body;
    expect(regNo).toMatch(/^JA20600302\d{4}$/);
    expect(items).toBe(3);
    // a case in an open item of this campaign is not selected again by another one
    expect((await api(h, org.users.supervisor, 'POST', `${BASE}/preview`, { filter: { openLongerThanDays: 30 } })).body.count).toBe(0);
    const ev = await h.rt.deps.db.selectFrom('case_events').select(['type', 'public']).where('case_id', '=', old.id).where('type', '=', 'campaign_selected').execute();
    expect(ev).toEqual([{ type: 'campaign_selected', public: false }]);

    const list = (await get(org.users.dispatcher, `${ITEMS}?campaignId=${campaignId}`)).items;
    expect(list).toHaveLength(3);
    const itemOf = (c: { id: string }) => list.find((i: any) => i.caseId === c.id).id as string;
    const [iOld, iRepeat, iAcc] = [itemOf(old), itemOf(repeat), itemOf(acc)];
    let v = await get(org.users.dispatcher, `${ITEMS}/${iOld}`);
    expect(v).toMatchObject({ status: 'selected', campaignName: '2060年信访积案化解专项行动', caseRegNo: old.regNo, unitName: '测试市住建局', officeUnitName: '测试市信访局' });
    expect(v.allowedActions.sort()).toEqual(['assign_plan', 'withdraw']);

    // the responsible unit sees its item but plans nothing; another city sees nothing
    expect((await get(org.users.handlerA, `${ITEMS}/${iOld}`)).allowedActions).toEqual([]);
    await refused(org.users.handlerA, iOld, 'assign_plan', PLAN(org.users.headA), 403, 'FORBIDDEN');
    await refused(org.users.handlerA, iOld, 'report_progress', { note: '已约见信访人。' }, 409, 'ACTION_NOT_ALLOWED');
    expect((await api(h, org.users.otherDispatcher, 'GET', `${ITEMS}/${iOld}`)).status).toBe(404);
    await refused(org.users.otherDispatcher, iOld, 'assign_plan', PLAN(org.users.otherDispatcher), 404, 'RECORD_NOT_FOUND');
    expect((await api(h, org.users.otherDispatcher, 'GET', `${BASE}/${campaignId}`)).status).toBe(404);
    expect((await api(h, org.users.otherDispatcher, 'GET', `${BASE}/board?campaignId=${campaignId}`)).status).toBe(404);
    expect((await get(org.users.otherDispatcher, BASE)).items.map((c: any) => c.id)).not.toContain(campaignId);

    // the leaders the plan form offers: staff of units in the office's scope, by name and unit
    const leaders = (await get(org.users.dispatcher, `${BASE}/leaders`)).items;
    expect(leaders).toEqual(expect.arrayContaining([{ id: org.users.headA.id, displayName: 'headA测试员', unitName: '测试市住建局' }]));
    expect(leaders.map((l: any) => l.id)).not.toContain(org.users.otherDispatcher.id);
    expect((await get(org.users.dispatcher, `${BASE}/leaders?unitId=${org.units.otherCity.id}`)).items).toEqual([]);
    expect((await api(h, org.users.handlerA, 'GET', `${BASE}/leaders`)).status).toBe(403);
    // 第十八条第二款 包案: the leader is staff of a unit in scope; the target date is not in the past
    await refused(org.users.dispatcher, iOld, 'assign_plan', PLAN(org.users.otherDispatcher), 400, 'VALIDATION_FAILED');
    await refused(org.users.dispatcher, iOld, 'assign_plan', PLAN(org.users.headA, { dueOn: '2060-03-01' }), 400, 'VALIDATION_FAILED');
    v = await ok(org.users.dispatcher, iOld, 'assign_plan', PLAN(org.users.headA));
    expect(v).toMatchObject({ status: 'planned', leaderName: 'headA测试员', leaderPost: '住建局分管副局长', unitName: '测试市住建局', overdue: false });
    expect(new Date(v.dueAt).toISOString()).toBe('2060-03-10T16:00:00.000Z');
    expect(v.allowedActions.sort()).toEqual(['revise_plan', 'withdraw']);
    expect((await get(org.users.handlerA, `${ITEMS}/${iOld}`)).allowedActions.sort()).toEqual(['report_progress', 'report_resolved']);
    // the responsible unit is not deactivated while its item is open (docs/units.md): its open work lists it
    const work = await api(h, org.users.admin, 'GET', `/api/units/${org.units.deptA.id}/open-work`);
    expect(work.body.records).toContainEqual(expect.objectContaining({ register: 'campaign_items', id: iOld, status: 'planned' }));
    // the office does not report for the unit
    await refused(org.users.dispatcher, iOld, 'report_progress', { note: '住建局已约见信访人。' }, 403, 'FORBIDDEN');

    v = await ok(org.users.handlerA, iOld, 'report_progress', { note: '分管副局长已约见信访人，现场勘查楼顶防水层。' });
    expect(v.status).toBe('in_progress');
    expect(v.progress).toEqual([expect.objectContaining({ n: 1, note: '分管副局长已约见信访人，现场勘查楼顶防水层。', by: 'handlerA测试员' })]);

    // past the target date and not resolved: overdue, in the record, the list and the progress
    h.clock.set('2060-03-11T09:00:00+08:00');
    expect((await get(org.users.dispatcher, `${ITEMS}/${iOld}`)).overdue).toBe(true);
    expect((await get(org.users.dispatcher, `${ITEMS}?campaignId=${campaignId}&overdue=true`)).items.map((i: any) => i.id)).toEqual([iOld]);
    expect((await get(org.users.dispatcher, `${BASE}/${campaignId}`)).progress).toMatchObject({ total: 3, open: 3, resolved: 0, overdue: 1 });

    v = await ok(org.users.handlerA, iOld, 'report_resolved', { outcome: 'resolved', note: '楼顶防水已维修完毕，信访人表示满意，息诉罢访。' });
    expect(v).toMatchObject({ status: 'resolved_claimed', outcome: 'resolved', claimedByName: 'handlerA测试员', outcomeLabel: { zh: '化解（息诉罢访）' } });
    expect(v.allowedActions).toEqual([]);
    // 第三十八条 督查: the office checks and sends it back with its reason
    await refused(org.users.dispatcher, iOld, 'refuse_verification', { reason: '短' }, 400, 'VALIDATION_FAILED');
    v = await ok(org.users.dispatcher, iOld, 'refuse_verification', { reason: '回访信访人称仍有渗漏，需复查维修质量。' });
    expect(v).toMatchObject({ status: 'in_progress', refusals: 1, verification: '回访信访人称仍有渗漏，需复查维修质量。', claimedByName: null });
    await ok(org.users.headA, iOld, 'report_resolved', { outcome: 'resolved', note: '返修完成，雨后回访无渗漏，信访人书面表示息诉。' });
    v = await ok(org.users.supervisor, iOld, 'verify', { note: '经电话回访核实，已化解。' });
    expect(v).toMatchObject({ status: 'resolved', verifiedByName: 'supervisor测试员', verification: '经电话回访核实，已化解。', dueAt: null, overdue: false });
    expect(v.allowedActions).toEqual([]);
    expect(v.events.map((e: any) => e.type)).toEqual(['select', 'assign_plan', 'report_progress', 'report_resolved', 'refuse_verification', 'report_resolved', 'verify']);

    // the city itself is responsible for the repeat petition, its leader a 副市长 who may also act for the office:
    // what they report resolved, someone else verifies
    v = await ok(org.users.dispatcher, iRepeat, 'assign_plan', PLAN(cityLeader, { leaderPost: '副市长', unitId: org.units.city.id, dueOn: '2060-05-31' }));
    expect(v).toMatchObject({ status: 'planned', unitName: '测试市', leaderPost: '副市长' });
    await ok(cityLeader, iRepeat, 'report_resolved', { outcome: 'terminated', note: '已复查复核终结，街道落实疏导教育和帮扶救助（第三十七条第三款）。' });
    await refused(cityLeader, iRepeat, 'verify', {}, 403, 'VERIFIER_NOT_INDEPENDENT');
    await refused(cityLeader, iRepeat, 'refuse_verification', { reason: '本人不能退回本人的报告。' }, 403, 'VERIFIER_NOT_INDEPENDENT');
    expect((await get(cityLeader, `${ITEMS}/${iRepeat}`)).allowedActions).toEqual([]);
    expect((await get(org.users.dispatcher, `${ITEMS}/${iRepeat}`)).allowedActions.sort()).toEqual(['refuse_verification', 'verify']);
    await ok(org.users.dispatcher, iRepeat, 'verify', {});

    // 第三十条第三款: the accusation's item is never given to, nor seen by, the accused unit or the accused person
    await refused(org.users.dispatcher, iAcc, 'assign_plan', PLAN(org.users.disciplineHandler, { unitId: org.units.street.id, dueOn: '2060-05-31' }), 422, 'INVALID_TARGET_UNIT');
    await refused(org.users.dispatcher, iAcc, 'assign_plan', PLAN(org.users.streetHandler, { unitId: org.units.discipline.id, dueOn: '2060-05-31' }), 422, 'INVALID_TARGET_UNIT');
    await refused(org.users.dispatcher, iAcc, 'assign_plan', PLAN(accusedOfficer, { unitId: org.units.discipline.id, dueOn: '2060-05-31' }), 400, 'VALIDATION_FAILED');
    for (const u of [org.users.streetHandler, accusedOfficer]) {
      expect((await api(h, u, 'GET', `${ITEMS}/${iAcc}`)).status).toBe(404);
      expect((await get(u, `${ITEMS}?campaignId=${campaignId}`)).items.map((i: any) => i.id)).not.toContain(iAcc);
      const board = await get(u, `${BASE}/board`);
      expect(board.rows.map((r: any) => r.key)).not.toContain(org.units.discipline.id);
    }
    await refused(org.users.dispatcher, iAcc, 'withdraw', { reason: '短' }, 400, 'VALIDATION_FAILED');
    v = await ok(org.users.dispatcher, iAcc, 'withdraw', { reason: '检举控告事项由纪委监委依规依纪办理，不列入本次专项行动。' });
    expect(v).toMatchObject({ status: 'withdrawn', withdrawReason: '检举控告事项由纪委监委依规依纪办理，不列入本次专项行动。' });
    await refused(org.users.dispatcher, iAcc, 'assign_plan', PLAN(org.users.disciplineHandler, { unitId: org.units.discipline.id, dueOn: '2060-05-31' }), 409, 'ACTION_NOT_ALLOWED');

    // 清仓见底: every item resolved or withdrawn
    const p = await get(org.users.dispatcher, `${BASE}/${campaignId}`);
    expect(p).toMatchObject({ regNo, name: '2060年信访积案化解专项行动', targetDate: '2060-06-30', filter: { openLongerThanDays: 30 } });
    expect(p.progress).toMatchObject({ total: 2, open: 0, resolved: 2, percentResolved: 100, overdue: 0, clearedOut: true, byStatus: { resolved: 2, withdrawn: 1, selected: 0 } });
    // the responsible unit sees the campaign through its own item, and counts only what it sees
    expect((await get(org.users.handlerA, `${BASE}/${campaignId}`)).progress).toMatchObject({ total: 1, resolved: 1 });
    expect((await get(org.users.handlerA, BASE)).items.map((c: any) => c.id)).toContain(campaignId);

    // 挂图作战: rows by responsible unit, columns by status
    const board = await get(org.users.dispatcher, `${BASE}/board?campaignId=${campaignId}`);
    expect(board.rowLabel).toEqual({ zh: '责任单位', en: 'Responsible unit' });
    expect(board.cols.map((c: any) => c.key)).toEqual(['selected', 'planned', 'in_progress', 'resolved_claimed', 'resolved', 'withdrawn']);
    expect(board.rows.map((r: any) => r.label.zh).sort()).toEqual(['测试市', '测试市住建局', '测试市纪委监委'].sort());
    expect(board.cells).toEqual(
      expect.arrayContaining([
        { row: org.units.deptA.id, col: 'resolved', count: 1 },
        { row: org.units.city.id, col: 'resolved', count: 1 },
        { row: org.units.discipline.id, col: 'withdrawn', count: 1 },
      ]),
    );
    expect(board.summary.find((s: any) => s.key === 'percentResolved').value).toBe(100);
    const byLeader = await get(org.users.dispatcher, `${BASE}/board?campaignId=${campaignId}&by=leader`);
    expect(byLeader.rows.map((r: any) => r.label.zh)).toEqual(expect.arrayContaining(['headA测试员（住建局分管副局长）', 'cityLeader测试员（副市长）', '未明确包案领导']));
    // the unit's own board: its items only
    expect((await get(org.users.handlerA, `${BASE}/board?campaignId=${campaignId}`)).cells).toEqual([{ row: org.units.deptA.id, col: 'resolved', count: 1 }]);

    // matters only: no petitioner data anywhere in the campaign's answers
    for (const body of [p, board, await get(org.users.dispatcher, `${ITEMS}/${iOld}`), await get(org.users.dispatcher, `${ITEMS}?campaignId=${campaignId}`)])
      for (const s of PETITIONER) expect(JSON.stringify(body)).not.toContain(s);
    const audit = await h.rt.deps.db.selectFrom('audit_log').select('action').where('entity_id', 'in', [campaignId, iOld]).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['campaign.create', 'campaign_item.assign_plan', 'campaign_item.verify']));
  });

  it('revises a plan, withdraws a planned item, answers a lost race with 409, and the accused never selects the accusation', async () => {
    h.clock.set('2060-07-01T09:00:00+08:00');
    const a = await accepted(org.units.deptB, org.users.handlerB, { title: '排污口异味长期未解决' });
    const acc = await register({ kind: 'accusation', title: '举报住建局工作人员吃拿卡要', content: '住建局工作人员在审批中吃拿卡要，请求查处。', accusedUnitId: org.units.street.id, accusedUserIds: [accusedOfficer.id] });
    await caseStep(org.users.dispatcher, acc.id, 'route', { mode: 'forward', leadUnitId: org.units.discipline.id, routeType: 'discipline', assistUnitIds: [org.units.deptA.id] });
    const own = await accepted(org.units.deptA, org.users.handlerA, { title: '住建局辖区加装电梯补贴' });
    h.clock.set('2060-07-20T09:00:00+08:00');

    // the accused member of staff runs a campaign for 住建局: the accusation 住建局 assists on is not among its items
    const mine = await api(h, accusedOfficer, 'POST', BASE, campaign({ registeredBefore: '2060-07-02' }, { name: '住建局2060年积案清理', periodStart: '2060-07-20', periodEnd: '2060-09-30', targetDate: '2060-09-30' }));
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    const mineItems = (await get(accusedOfficer, `${ITEMS}?campaignId=${mine.body.id}`)).items.map((i: any) => i.caseId);
    expect(mineItems).toContain(own.id);
    expect(mineItems).not.toContain(acc.id);
    expect(mineItems).not.toContain(a.id);
    // nothing left to select answers 400, and creates nothing
    const empty = await api(h, accusedOfficer, 'POST', BASE, campaign({ registeredBefore: '2060-07-02' }, { name: '住建局第二轮积案清理', periodStart: '2060-07-20', periodEnd: '2060-09-30', targetDate: '2060-09-30' }));
    expect(empty.status).toBe(400);

    const c = await api(h, org.users.supervisor, 'POST', BASE, campaign({ registeredBefore: '2060-07-02', unitId: org.units.deptB.id }, { name: '生态环境领域积案化解', periodStart: '2060-07-20', periodEnd: '2060-09-30', targetDate: '2060-09-30' }));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.items).toBe(1);
    const [item] = (await get(org.users.supervisor, `${ITEMS}?campaignId=${c.body.id}`)).items;
    await ok(org.users.supervisor, item.id, 'assign_plan', PLAN(org.users.headB, { leaderPost: '生态环境局局长', dueOn: '2060-08-31' }));
    const revised = await ok(org.users.dispatcher, item.id, 'revise_plan', PLAN(org.users.headB, { leaderPost: '生态环境局局长', plan: '改由局长包案，联合街道对排污口开展溯源监测并公开结果。', dueOn: '2060-09-15' }));
    expect(revised).toMatchObject({ status: 'planned', plan: '改由局长包案，联合街道对排污口开展溯源监测并公开结果。' });
    expect(new Date(revised.dueAt).toISOString()).toBe('2060-09-15T16:00:00.000Z');
    // two officers act at once: one wins, the other is told the record moved
    const [x, y] = await Promise.all([
      act(org.users.dispatcher, item.id, 'withdraw', { reason: '信访人已另行提起行政诉讼，移出专项行动。' }),
      act(org.users.supervisor, item.id, 'withdraw', { reason: '信访人已另行提起行政诉讼，移出专项行动。' }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const after = await get(org.users.dispatcher, `${ITEMS}/${item.id}`);
    expect(after.status).toBe('withdrawn');
    expect(after.events.filter((e: any) => e.type === 'withdraw')).toHaveLength(1);
    expect((await get(org.users.dispatcher, `${BASE}/${c.body.id}`)).progress).toMatchObject({ total: 0, clearedOut: false, byStatus: { withdrawn: 1 } });
  });
});
