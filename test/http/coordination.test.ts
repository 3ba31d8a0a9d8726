/**
 * 信访工作联席会议 (信访工作条例 第十二条、第十三条) and disputes over who accepts a matter (第二十四条) as a register:
 * a coordination item with the units involved, from a case or standalone; meetings recorded; decisions (议定事项)
 * assigned to several units, each with its own deadline; each unit reports its part done; overdue parts visible;
 * the office closes the item when every part is done. Scope: the convening office sees all, a member unit the
 * items it is in, the accused unit of an accusation never (第三十条).
 *
 * Simulated dates lie in 2059, so no other file's clock sweep on a shared PostgreSQL database reaches them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerActions } from '../helpers/register-actions.js';
import { api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;
beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

const BASE = '/api/coordination';

async function register(over: Record<string, unknown> = {}) {
  const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; regNo: string };
}

async function open(user: TestUser, input: Record<string, unknown>) {
  const r = await api(h, user, 'POST', BASE, input);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; regNo: string; status: string };
}

const { act, ok, refused } = registerActions(() => h, BASE);

const view = async (user: TestUser, id: string) => {
  const r = await api(h, user, 'GET', `${BASE}/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const listIds = async (user: TestUser, q = '') => {
  const r = await api(h, user, 'GET', `${BASE}${q}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.items as any[]).map((i) => i.id as string);
};

const MEETING = (over: Record<string, unknown> = {}) => ({
  heldOn: '2059-03-03',
  place: '测试市信访局三楼会议室',
  participants: [
    { unitId: org.units.office.id, post: '联席会议办公室主任' },
    { unitId: org.units.deptA.id, post: '分管副局长' },
    { unitId: org.units.deptB.id, post: '分管副局长' },
  ],
  minutes: '会议研究了幸福小区楼顶漏水问题的受理争议，议定由住建局受理，生态环境局配合排查周边施工影响。',
  ...over,
});

const dispute = () => ({
  kind: 'acceptance_dispute',
  title: '幸福小区楼顶漏水受理争议',
  description: '住建局认为属物业服务纠纷，生态环境局认为与周边施工无关，双方对受理有争议且无共同上一级单位协调。',
  unitIds: [org.units.deptA.id, org.units.deptB.id],
});

describe('第二十四条: a dispute over who accepts, coordinated to the end', () => {
  it('opens from a case, records the meeting, assigns decisions with deadlines, each unit reports, the office closes', async () => {
    // 第二十四条：涉及两个或者两个以上机关、单位的信访事项，由所涉及的机关、单位协商受理；受理有争议的……由共同的信访工作联席会议协调处理。
    h.clock.set('2059-03-03T09:00:00+08:00');
    const c = await register();
    // only the office convenes (dispatcher, supervisor); a unit's handler does not
    expect((await api(h, org.users.handlerA, 'POST', BASE, { ...dispute(), caseId: c.id })).status).toBe(403);
    // a dispute names its case and two units or more
    const noCase = await api(h, org.users.dispatcher, 'POST', BASE, dispute());
    expect(noCase.status).toBe(400);
    const oneUnit = await api(h, org.users.dispatcher, 'POST', BASE, { ...dispute(), caseId: c.id, unitIds: [org.units.deptA.id] });
    expect(oneUnit.status).toBe(400);
    // a unit outside the office's scope is refused like one that does not exist
    const outside = await api(h, org.users.dispatcher, 'POST', BASE, { ...dispute(), caseId: c.id, unitIds: [org.units.deptA.id, org.units.otherCity.id] });
    expect(outside.status).toBe(422);
    expect(outside.body.error.code).toBe('INVALID_TARGET_UNIT');

    const { id, regNo, status } = await open(org.users.dispatcher, { ...dispute(), caseId: c.id });
    expect(status).toBe('open');
    expect(regNo).toMatch(/^XT20590303\d{6}$/);
    let v = await view(org.users.dispatcher, id);
    expect(v).toMatchObject({ status: 'open', kind: 'acceptance_dispute', caseRegNo: c.regNo, officeUnitName: '测试市信访局', kindLabel: { zh: '受理争议（第二十四条）' } });
    expect(v.units.map((u: any) => u.name).sort()).toEqual(['测试市住建局', '测试市生态环境局'].sort());
    expect(v.allowedActions.sort()).toEqual(['record_meeting', 'withdraw']);
    // the case's timeline notes it privately
    const ev = await h.rt.deps.db.selectFrom('case_events').select(['type', 'public']).where('case_id', '=', c.id).where('type', '=', 'coordination_opened').execute();
    expect(ev).toEqual([{ type: 'coordination_opened', public: false }]);
    // a unit involved sees the item but acts only on its own decisions
    expect((await view(org.users.handlerA, id)).allowedActions).toEqual([]);
    await refused(org.users.handlerA, id, 'record_meeting', MEETING(), 403, 'FORBIDDEN');
    // nothing to assign before a meeting has been held
    await refused(org.users.dispatcher, id, 'assign_decisions', { decisions: [{ content: '由住建局受理并答复信访人。', unitIds: [org.units.deptA.id] }] }, 409, 'ACTION_NOT_ALLOWED');

    // 第十二条第一款：……召开全体会议或者工作会议 — the meeting, not in the future
    await refused(org.users.dispatcher, id, 'record_meeting', MEETING({ heldOn: '2059-03-04' }), 400, 'VALIDATION_FAILED');
    v = await ok(org.users.dispatcher, id, 'record_meeting', MEETING());
    expect(v.status).toBe('meeting_held');
    expect(v.meetings).toHaveLength(1);
    expect(v.meetings[0]).toMatchObject({ n: 1, heldOn: '2059-03-03', participants: expect.arrayContaining([{ unitId: org.units.deptA.id, unitName: '测试市住建局', post: '分管副局长' }]) });
    expect(v.allowedActions.sort()).toEqual(['assign_decisions', 'record_further_meeting', 'withdraw']);

    // a dispute's decision names the accepting unit, one of the units involved
    const decisions = [
      { content: '由住建局受理该信访事项，依法出具处理意见书。', unitIds: [org.units.deptA.id] },
      { content: '住建局、生态环境局联合现场排查周边施工对楼顶防水的影响。', unitIds: [org.units.deptA.id, org.units.deptB.id], workdays: 5 },
    ];
    await refused(org.users.dispatcher, id, 'assign_decisions', { decisions }, 400, 'VALIDATION_FAILED');
    await refused(org.users.dispatcher, id, 'assign_decisions', { decisions, acceptingUnitId: org.units.court.id }, 400, 'VALIDATION_FAILED');
    v = await ok(org.users.dispatcher, id, 'assign_decisions', { decisions, acceptingUnitId: org.units.deptA.id });
    expect(v).toMatchObject({ status: 'decisions_assigned', unitId: org.units.deptA.id, unitName: '测试市住建局' });
    expect(v.decisions.map((d: any) => [d.n, d.parts.length])).toEqual([[1, 1], [2, 2]]);
    // each part has its own deadline: 15 working days by default (rule coordination_decision), 5 when the meeting says so
    const due1 = new Date(v.decisions[0].parts[0].dueAt).getTime();
    const due2 = new Date(v.decisions[1].parts[0].dueAt).getTime();
    expect(due2).toBeLessThan(due1);
    expect(v.clocks.filter((k: any) => k.rule === 'coordination_decision')).toHaveLength(3);
    expect(v.allowedActions.sort()).toEqual(['follow_up', 'record_further_meeting']);
    // a unit with an open part is not deactivated before it reports (docs/units.md): its open work lists the item
    const work = await api(h, org.users.admin, 'GET', `/api/units/${org.units.deptB.id}/open-work`);
    expect(work.status, JSON.stringify(work.body)).toBe(200);
    expect(work.body.records).toContainEqual({ register: 'coordination', id, regNo: v.regNo, status: 'decisions_assigned' });

    // 第十二条第二款：成员单位应当落实联席会议确定的工作任务和议定事项，及时报送落实情况
    expect((await view(org.users.handlerA, id)).allowedActions).toEqual(['report_done']);
    expect((await view(org.users.headB, id)).allowedActions).toEqual(['report_done']);
    // deptB has no part in decision 1
    await refused(org.users.handlerB, id, 'report_done', { decisionNo: 1, report: '本局已完成。' }, 400, 'VALIDATION_FAILED');
    // the office may not report for a unit
    await refused(org.users.dispatcher, id, 'report_done', { decisionNo: 1, report: '住建局已落实完成。' }, 403, 'FORBIDDEN');

    // past decision 2's five working days, its open parts show overdue, in the record and the list
    h.clock.set('2059-03-12T09:00:00+08:00');
    expect(await listIds(org.users.dispatcher, '?overdue=true')).toContain(id);
    v = await view(org.users.dispatcher, id);
    expect(v.decisions[1].parts.every((p: any) => p.overdue)).toBe(true);
    expect(v.decisions[0].parts[0].overdue).toBe(false);
    const row = (await api(h, org.users.dispatcher, 'GET', `${BASE}?caseId=${c.id}`)).body.items.find((i: any) => i.id === id);
    expect(row).toMatchObject({ parts: 3, openParts: 3, overdueParts: 2 });

    v = await ok(org.users.handlerA, id, 'report_done', { decisionNo: 2, report: '已会同生态环境局现场排查，周边施工未影响楼顶防水。' });
    expect(v.status).toBe('following_up');
    await ok(org.users.dispatcher, id, 'follow_up', { note: '电话督促生态环境局报送联合排查落实情况。' });
    v = await ok(org.users.handlerA, id, 'report_done', { decisionNo: 1, report: '已受理并出具处理意见书，安排维修。' });
    // deptA has nothing left; the office cannot close while deptB's part is outstanding
    expect((await view(org.users.handlerA, id)).allowedActions).toEqual([]);
    await refused(org.users.dispatcher, id, 'close', {}, 409, 'EVIDENCE_REQUIRED');
    v = await ok(org.users.headB, id, 'report_done', { decisionNo: 2, report: '已参加联合排查，确认无施工影响。' });
    const part = v.decisions[1].parts.find((p: any) => p.unitId === org.units.deptB.id);
    expect(part).toMatchObject({ status: 'done', overdue: false, report: '已参加联合排查，确认无施工影响。' });
    // the answer is the reporter's view (nothing left for deptB); the office's now offers the close
    expect(v.allowedActions).toEqual([]);
    expect((await view(org.users.dispatcher, id)).allowedActions).toContain('close');
    v = await ok(org.users.dispatcher, id, 'close', { note: '议定事项全部落实。' });
    expect(v.status).toBe('closed');
    expect(v.allowedActions).toEqual([]);
    expect(v.clocks.filter((k: any) => k.rule === 'coordination_decision').map((k: any) => k.status)).toEqual(['met', 'met', 'met']);
    expect(await listIds(org.users.dispatcher, '?overdue=true')).not.toContain(id);
    expect(v.events.map((e: any) => e.type)).toEqual(['open', 'record_meeting', 'assign_decisions', 'report_done', 'follow_up', 'report_done', 'report_done', 'close']);
    const audit = await h.rt.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toContain('coordination.open');
  });

  it('a lost race on the same item answers 409 and applies nothing twice', async () => {
    h.clock.set('2059-04-07T09:00:00+08:00');
    const c = await register();
    const { id } = await open(org.users.dispatcher, { ...dispute(), caseId: c.id });
    const [a, b] = await Promise.all([act(org.users.dispatcher, id, 'record_meeting', MEETING({ heldOn: '2059-04-07' })), act(org.users.supervisor, id, 'record_meeting', MEETING({ heldOn: '2059-04-07' }))]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await view(org.users.dispatcher, id)).meetings).toHaveLength(1);
  });
});

describe('第十二条、第十三条: a hard case coordinated without a case, and scope', () => {
  it('opens standalone, is seen by the office and the units involved only, and can be withdrawn', async () => {
    // 第十三条：地方各级信访工作联席会议……协调处理发生在本地区的重要信访问题
    h.clock.set('2059-05-06T09:00:00+08:00');
    const { id } = await open(org.users.supervisor, {
      kind: 'hard_case',
      title: '青山街道老旧小区加装电梯群体信访',
      description: '多个小区居民反映加装电梯审批、补贴和低层住户补偿问题，涉及住建、街道等多个单位。',
      unitIds: [org.units.deptA.id, org.units.street.id],
    });
    const v = await view(org.users.dispatcher, id);
    expect(v).toMatchObject({ kind: 'hard_case', caseId: null, caseRegNo: null });
    // a hard case names no accepting unit
    await ok(org.users.dispatcher, id, 'record_meeting', MEETING({ heldOn: '2059-05-06', participants: [{ unitId: org.units.street.id, post: '街道办事处主任' }, { unitName: '省住建厅', post: '处长' }] }));
    await refused(org.users.dispatcher, id, 'assign_decisions', { decisions: [{ content: '街道牵头逐户征求意见。', unitIds: [org.units.street.id] }], acceptingUnitId: org.units.street.id }, 400, 'VALIDATION_FAILED');
    // member units see it; a unit not involved and another city do not
    expect((await api(h, org.users.streetHandler, 'GET', `${BASE}/${id}`)).status).toBe(200);
    expect(await listIds(org.users.handlerA)).toContain(id);
    expect((await api(h, org.users.headB, 'GET', `${BASE}/${id}`)).status).toBe(404);
    expect(await listIds(org.users.headB)).not.toContain(id);
    expect((await api(h, org.users.otherDispatcher, 'GET', `${BASE}/${id}`)).status).toBe(404);
    await refused(org.users.otherDispatcher, id, 'withdraw', { reason: '无需协调。' }, 404, 'RECORD_NOT_FOUND');
    const w = await ok(org.users.dispatcher, id, 'withdraw', { reason: '各单位已协商一致，无需再协调。' });
    expect(w).toMatchObject({ status: 'withdrawn', withdrawReason: '各单位已协商一致，无需再协调。' });
    expect(await listIds(org.users.dispatcher, '?open=true')).not.toContain(id);
  });

  it('an accusation is never coordinated with, nor shown to, the accused unit; no petitioner data is in the item (第三十条)', async () => {
    // 第三十条第三款：不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位。
    h.clock.set('2059-06-03T09:00:00+08:00');
    const c = await register({ kind: 'accusation', accusedUnitId: org.units.deptB.id, title: '举报某局工作人员违规收费', content: '举报测试市生态环境局工作人员在办理排污许可时违规收取费用，请求查处。' });
    const base = { kind: 'hard_case', caseId: c.id, title: '违规收费举报协调查处', description: '举报涉及多个单位，需联席会议协调查处。' };
    const withAccused = await api(h, org.users.dispatcher, 'POST', BASE, { ...base, unitIds: [org.units.discipline.id, org.units.deptB.id] });
    expect(withAccused.status).toBe(422);
    expect(withAccused.body.error.code).toBe('INVALID_TARGET_UNIT');
    const { id } = await open(org.users.dispatcher, { ...base, unitIds: [org.units.discipline.id] });
    await ok(org.users.dispatcher, id, 'record_meeting', MEETING({ heldOn: '2059-06-03', participants: [{ unitId: org.units.discipline.id, post: '副书记' }] }));
    // nor can a decision be given to the accused unit later
    await refused(org.users.dispatcher, id, 'assign_decisions', { decisions: [{ content: '生态环境局自查收费情况。', unitIds: [org.units.deptB.id] }] }, 422, 'INVALID_TARGET_UNIT');
    await ok(org.users.dispatcher, id, 'assign_decisions', { decisions: [{ content: '纪委监委依规依纪处理举报线索。', unitIds: [org.units.discipline.id] }] });
    // the accused unit sees nothing, not even from the list
    expect((await api(h, org.users.headB, 'GET', `${BASE}/${id}`)).status).toBe(404);
    expect(await listIds(org.users.headB)).not.toContain(id);
    // the item holds the matter, never the petitioner
    for (const user of [org.users.dispatcher, org.users.disciplineHandler]) {
      const body = JSON.stringify(await view(user, id));
      for (const s of ['张三丰', '13812341234', '110101199001010000']) expect(body).not.toContain(s);
    }
    const list = JSON.stringify((await api(h, org.users.dispatcher, 'GET', `${BASE}?caseId=${c.id}`)).body);
    expect(list).not.toContain('张三丰');
  });
});
