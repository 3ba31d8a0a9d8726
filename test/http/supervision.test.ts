/**
 * 督查督办 end to end: automatic items (an overdue case step, repeated returns, an unsatisfied evaluation), items by
 * hand, the notice and its response clock across a holiday, every transition allowed and refused, escalation when a
 * notice goes unanswered, accountability recommendations, bulletins, scope and concurrency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPERVISION_WORKFLOW } from '../../src/supervision/workflow.js';
import { act, api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser, sweepOrg } from '../helpers/harness.js';

let h: Harness;
let org: Org;
beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

const cst = (iso: string) => new Date(`${iso}+08:00`).toISOString();

async function register(over: Record<string, unknown> = {}) {
  const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; regNo: string; trackingCode: string; trackingSecret: string };
}

async function caseOk(user: TestUser, id: string, action: string, input: unknown = {}) {
  const r = await act(h, user, id, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

const sv = (user: TestUser, id: string, action: string, input: unknown = {}) => api(h, user, 'POST', `/api/supervision/${id}/actions/${action}`, input);

async function svOk(user: TestUser, id: string, action: string, input: unknown = {}) {
  const r = await sv(user, id, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

async function refused(user: TestUser, id: string, action: string, input: unknown, status: number, code: string) {
  const r = await sv(user, id, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(status);
  expect(r.body.error.code).toBe(code);
}

async function openByHand(over: Record<string, unknown> = {}) {
  const r = await api(h, org.users.supervisor, 'POST', '/api/supervision', { unitId: org.units.deptA.id, reason: '住建局对漏水问题推诿拖延，需督办。', ...over });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

const itemsOfCase = async (caseId: string) => (await api(h, org.users.supervisor, 'GET', `/api/supervision?caseId=${caseId}`)).body.items as any[];

const NOTICE = { content: '请于期限内核查漏水问题的办理情况，书面反馈处理结果及整改措施。' };
const RESPONSE = { response: '已约谈物业公司负责人，楼顶防水层已于本周完成维修，经回访住户确认不再漏水。' };

describe('supervision items by hand and the notice', () => {
  it('walks open → notified → responded → closed, refusing what the table forbids (信访工作条例 第四十条)', async () => {
    h.clock.set('2026-05-11T09:00:00+08:00');
    const id = await openByHand();
    let v = (await api(h, org.users.supervisor, 'GET', `/api/supervision/${id}`)).body;
    expect(v).toMatchObject({ status: 'open', level: 'routine', source: 'manual', unitName: '测试市住建局', officeUnitName: '测试市信访局' });
    expect(v.allowedActions).toEqual(expect.arrayContaining(['issue_notice', 'escalate', 'withdraw']));
    expect(v.events.map((e: any) => e.type)).toEqual(['open']);

    // the supervised unit sees the item but may not issue notices; it may not respond before a notice
    const asUnit = (await api(h, org.users.handlerA, 'GET', `/api/supervision/${id}`)).body;
    expect(asUnit.allowedActions).toEqual([]);
    await refused(org.users.handlerA, id, 'issue_notice', NOTICE, 403, 'FORBIDDEN');
    await refused(org.users.handlerA, id, 'respond', RESPONSE, 409, 'ACTION_NOT_ALLOWED');
    // another unit's handler and another city do not see it at all
    await refused(org.users.handlerB, id, 'respond', RESPONSE, 404, 'RECORD_NOT_FOUND');
    await refused(org.users.otherDispatcher, id, 'issue_notice', NOTICE, 404, 'RECORD_NOT_FOUND');
    // bad input names the field
    const bad = await sv(org.users.supervisor, id, 'issue_notice', { content: '太短', responseWorkdays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: any) => i.field)).toEqual(expect.arrayContaining(['content', 'responseWorkdays']));

    v = await svOk(org.users.supervisor, id, 'issue_notice', NOTICE);
    expect(v.status).toBe('notified');
    expect(v.noticeNo).toBe('督〔2026〕1号');
    const k = v.clocks.find((c: any) => c.rule === 'supervision_response');
    // 5 working days from Monday 2026-05-11: 12, 13, 14, 15, 18 → due at the end of Monday 05-18
    expect(k.dueAt).toBe(cst('2026-05-19T00:00:00'));

    await refused(org.users.handlerA, id, 'respond', { response: '已办' }, 400, 'VALIDATION_FAILED');
    v = await svOk(org.users.handlerA, id, 'respond', RESPONSE);
    expect(v.status).toBe('responded');
    expect(v.clocks.find((c: any) => c.rule === 'supervision_response').status).toBe('met');

    // sent back: the unit must respond again, with a new deadline
    v = await svOk(org.users.supervisor, id, 'reject_response', { reason: '反馈未附维修验收材料，请补充。' });
    expect(v.status).toBe('notified');
    expect(v.clocks.filter((c: any) => c.rule === 'supervision_response' && c.status === 'running')).toHaveLength(1);
    await svOk(org.users.headA, id, 'respond', RESPONSE);
    await refused(org.users.headA, id, 'accept_response', {}, 403, 'FORBIDDEN');
    v = await svOk(org.users.supervisor, id, 'accept_response', { comment: '反馈属实，同意办结。' });
    expect(v.status).toBe('closed');
    expect(v.closedAt).toBeTruthy();
    await refused(org.users.supervisor, id, 'withdraw', { reason: '误立项撤销。' }, 409, 'ACTION_NOT_ALLOWED');
    await refused(org.users.supervisor, id, 'escalate', { reason: '升级督办。' }, 409, 'ACTION_NOT_ALLOWED');
    // 第四十条第三款: accountability may still be recommended after the close
    v = await svOk(org.users.supervisor, id, 'recommend_accountability', { measure: 'written_inspection', target: '测试市住建局分管负责同志', reason: '推诿拖延造成群众多次信访。' });
    expect(v.accountability).toHaveLength(1);
    expect(v.accountability[0]).toMatchObject({ measure: 'written_inspection', target: '测试市住建局分管负责同志' });
    expect(v.events.map((e: any) => e.type)).toEqual(['open', 'issue_notice', 'respond', 'reject_response', 'respond', 'accept_response', 'recommend_accountability']);

    // the second notice of the office in 2026 gets the next number
    const id2 = await openByHand();
    expect((await svOk(org.users.supervisor, id2, 'issue_notice', NOTICE)).noticeNo).toBe('督〔2026〕2号');
  });

  it('the response deadline runs in working days across the 2026 National Day holiday', async () => {
    // 2026-09-30 (Wed) + 5 working days: 10-01…10-07 are holidays, 10-10 (Sat) is a working day (调休)
    // → 10-08, 10-09, 10-10, 10-12, 10-13
    h.clock.set('2026-09-30T15:00:00+08:00');
    const id = await openByHand();
    const v = await svOk(org.users.supervisor, id, 'issue_notice', { ...NOTICE, responseWorkdays: 5 });
    expect(v.clocks.find((c: any) => c.rule === 'supervision_response').dueAt).toBe(cst('2026-10-14T00:00:00'));
  });

  it('escalates 日常督办 → 挂牌督办 → 约谈 and no further (第三十九条第三款); withdraws with a reason', async () => {
    h.clock.set('2026-06-01T09:00:00+08:00');
    const id = await openByHand();
    expect((await svOk(org.users.supervisor, id, 'escalate', { reason: '问题突出，挂牌督办。' })).level).toBe('listed');
    const v = await svOk(org.users.supervisor, id, 'escalate', { reason: '仍未整改，约谈单位负责人。' });
    expect(v.level).toBe('interview');
    expect(v.allowedActions).not.toContain('escalate');
    await refused(org.users.supervisor, id, 'escalate', { reason: '再次升级。' }, 409, 'ACTION_NOT_ALLOWED');
    await refused(org.users.supervisor, id, 'withdraw', { reason: '短' }, 400, 'VALIDATION_FAILED');
    expect((await svOk(org.users.supervisor, id, 'withdraw', { reason: '经核实已由其他渠道解决，撤销督办。' })).status).toBe('withdrawn');
  });

  it('a notice unanswered past its deadline is escalated by the sweep, once, with a fresh deadline', async () => {
    h.clock.set('2026-06-08T09:00:00+08:00');
    const id = await openByHand();
    await svOk(org.users.supervisor, id, 'issue_notice', NOTICE); // 06-09…06-12, 06-15: due at the end of Monday 06-15
    h.clock.set('2026-06-15T23:00:00+08:00');
    await sweepOrg(h, org);
    expect((await api(h, org.users.supervisor, 'GET', `/api/supervision/${id}`)).body.level).toBe('routine');
    h.clock.set('2026-06-16T08:00:00+08:00');
    await sweepOrg(h, org);
    await sweepOrg(h, org);
    const v = (await api(h, org.users.supervisor, 'GET', `/api/supervision/${id}`)).body;
    expect(v.level, JSON.stringify({ clocks: v.clocks, events: v.events })).toBe('listed');
    const esc = v.events.filter((e: any) => e.type === 'escalate');
    expect(esc).toHaveLength(1);
    expect(esc[0].data).toMatchObject({ from: 'routine', to: 'listed', byRule: 'overdue_response_escalates' });
    expect(v.clocks.filter((c: any) => c.rule === 'supervision_response' && c.status === 'running')).toHaveLength(1);
    expect(v.events.map((e: any) => e.type)).toContain('clock_overdue');
  });

  it('refuses a manual item outside the supervisor’s scope, on a case they cannot see, or by another role', async () => {
    const out = await api(h, org.users.supervisor, 'POST', '/api/supervision', { unitId: org.units.otherCity.id, reason: '别的市的单位，不在本辖区。' });
    expect(out.status).toBe(422);
    expect(out.body.error.code).toBe('INVALID_TARGET_UNIT');
    const other = await api(h, org.users.otherDispatcher, 'POST', '/api/cases', sampleCase());
    const hidden = await api(h, org.users.supervisor, 'POST', '/api/supervision', { unitId: org.units.deptA.id, caseId: other.body.id, reason: '看不到的信访事项。' });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('CASE_NOT_FOUND');
    const byHandler = await api(h, org.users.handlerA, 'POST', '/api/supervision', { unitId: org.units.deptA.id, reason: '承办人不能立督办项。' });
    expect(byHandler.status).toBe(403);
    const missing = await api(h, org.users.supervisor, 'POST', '/api/supervision', { unitId: org.units.deptA.id });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues[0].field).toBe('reason');
  });

  it('two supervisors issuing the same notice at once: exactly one wins', async () => {
    const id = await openByHand();
    const [a, b] = await Promise.all([sv(org.users.supervisor, id, 'issue_notice', NOTICE), sv(org.users.supervisor, id, 'issue_notice', NOTICE)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const v = (await api(h, org.users.supervisor, 'GET', `/api/supervision/${id}`)).body;
    expect(v.events.filter((e: any) => e.type === 'issue_notice')).toHaveLength(1);
    expect(v.clocks.filter((c: any) => c.rule === 'supervision_response')).toHaveLength(1);
  });
});

describe('every transition refused where the table says so', () => {
  it('wrong state → 409, a role without the action → 403, another city → 404; nothing changes', async () => {
    h.clock.set('2026-07-06T09:00:00+08:00');
    const inState: Record<string, string> = {};
    inState.open = await openByHand();
    inState.notified = await openByHand();
    await svOk(org.users.supervisor, inState.notified, 'issue_notice', NOTICE);
    inState.responded = await openByHand();
    await svOk(org.users.supervisor, inState.responded, 'issue_notice', NOTICE);
    await svOk(org.users.handlerA, inState.responded, 'respond', RESPONSE);
    inState.closed = await openByHand();
    await svOk(org.users.supervisor, inState.closed, 'issue_notice', NOTICE);
    await svOk(org.users.handlerA, inState.closed, 'respond', RESPONSE);
    await svOk(org.users.supervisor, inState.closed, 'accept_response', {});
    inState.withdrawn = await openByHand();
    await svOk(org.users.supervisor, inState.withdrawn, 'withdraw', { reason: '误立项，予以撤销。' });
    const INPUT: Record<string, unknown> = {
      issue_notice: NOTICE,
      respond: RESPONSE,
      accept_response: {},
      reject_response: { reason: '反馈不充分，请补充。' },
      escalate: { reason: '问题突出，升级督办。' },
      recommend_accountability: { measure: 'improve_work', target: '测试市住建局', reason: '办理拖延。' },
      withdraw: { reason: '误立项，予以撤销。' },
    };
    const actions = SUPERVISION_WORKFLOW.transitions.filter((t) => t.from.length > 0);
    expect(Object.keys(INPUT).sort()).toEqual(actions.map((t) => t.action).sort());
    for (const t of actions) {
      const from = t.from.find((st) => st in inState)!;
      const wrong = Object.keys(inState).find((st) => !(t.from as readonly string[]).includes(st))!;
      await refused(t.roles.includes('supervisor') ? org.users.supervisor : org.users.handlerA, inState[wrong]!, t.action, INPUT[t.action], 409, 'ACTION_NOT_ALLOWED');
      // the analyst sees the office's items and holds no role in the table; the supervised unit may not supervise
      await refused(org.users.analyst, inState[from]!, t.action, INPUT[t.action], 403, 'FORBIDDEN');
      if (t.roles.includes('supervisor')) await refused(org.users.headA, inState[from]!, t.action, INPUT[t.action], 403, 'FORBIDDEN');
      else await refused(org.users.supervisor, inState[from]!, t.action, INPUT[t.action], 403, 'FORBIDDEN');
      await refused(org.users.otherDispatcher, inState[from]!, t.action, INPUT[t.action], 404, 'RECORD_NOT_FOUND');
    }
    for (const [status, id] of Object.entries(inState)) expect((await api(h, org.users.supervisor, 'GET', `/api/supervision/${id}`)).body.status).toBe(status);
    expect((await sv(org.users.supervisor, inState.open, 'fly', {})).status).toBe(404);
  });
});

describe('automatic supervision items', () => {
  it('an overdue case step opens an item on the responsible unit, once, shown on the case timeline', async () => {
    // dispatched on 2026-07-01: the unit must decide acceptance within 15 days (第二十三条)
    h.clock.set('2026-07-01T09:00:00+08:00');
    const c = await register();
    await caseOk(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    h.clock.set('2026-08-20T09:00:00+08:00');
    await sweepOrg(h, org);
    await sweepOrg(h, org);
    const items = await itemsOfCase(c.id);
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(new Set(items.map((i) => i.dedupKey)).size).toBe(items.length);
    const item = items.find((i) => i.unitId === org.units.deptA.id);
    expect(item).toMatchObject({ source: 'case_overdue', status: 'open', officeUnitId: org.units.office.id });
    expect(item.reason).toContain(c.regNo);
    const cv = (await api(h, org.users.dispatcher, 'GET', `/api/cases/${c.id}`)).body;
    expect(cv.events.map((e: any) => e.type)).toContain('supervision_opened');
    // the supervised unit sees it in its own list
    const mine = (await api(h, org.users.handlerA, 'GET', `/api/supervision?caseId=${c.id}`)).body.items;
    expect(mine.map((i: any) => i.id)).toContain(item.id);
  });

  it('a unit returning its third assignment within 30 days (多次退单) gets one item; one case is returned at most once', async () => {
    const returned = [];
    for (let i = 0; i < 4; i++) {
      const c = await register({ title: `第${i + 1}件：小区楼顶漏水长期无人维修` });
      await caseOk(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptB.id });
      await caseOk(org.users.handlerB, c.id, 'object', { reason: '不属于本单位职责范围，请改派。' });
      returned.push(c);
    }
    const items = (await api(h, org.users.supervisor, 'GET', `/api/supervision?source=repeated_returns&unitId=${org.units.deptB.id}`)).body.items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ source: 'repeated_returns', caseId: returned[2]!.id });
    expect(items[0].reason).toContain('近30日退单3件');
    // 潍坊条例 第二十二条: the unit designated after the dispute may not return it again
    await caseOk(org.users.dispatcher, returned[0]!.id, 'uphold_objection', { leadUnitId: org.units.deptA.id });
    expect((await act(h, org.users.handlerA, returned[0]!.id, 'object', { reason: '亦不属于本单位职责，请再次改派。' })).body.error.code).toBe('OBJECTION_NOT_ALLOWED');
  });

  it('a dissatisfied evaluation opens an item on the unit that answered; a satisfied one does not', async () => {
    const reply = {
      decision: 'support',
      facts: '经现场核查，该楼楼顶防水层确已老化破损。',
      reasons: '属于物业服务合同约定的共用部位维修范围。',
      legalBasis: '《物业管理条例》第三十五条',
      text: '经调查，您反映的问题属实，已督促物业公司于15日内完成维修。',
    };
    const toReplied = async () => {
      const c = await register();
      await caseOk(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
      await caseOk(org.users.handlerA, c.id, 'sign');
      await caseOk(org.users.handlerA, c.id, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理，60日内出具处理意见书。' });
      await caseOk(org.users.handlerA, c.id, 'draft_reply', reply);
      await caseOk(org.users.headA, c.id, 'approve_reply');
      return c;
    };
    const good = await toReplied();
    await caseOk(org.users.intake, good.id, 'evaluate', { rating: 'satisfied' });
    expect(await itemsOfCase(good.id)).toHaveLength(0);
    const bad = await toReplied();
    await caseOk(org.users.intake, bad.id, 'evaluate', { rating: 'dissatisfied' });
    const items = await itemsOfCase(bad.id);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ source: 'unsatisfied', unitId: org.units.deptA.id });
  });

  it('an accusation’s items are hidden from the accused unit, as the case is (第三十条)', async () => {
    const c = await register({ kind: 'accusation', accusedUnitId: org.units.deptB.id, title: '举报某局工作人员违规收费', content: '举报测试市生态环境局工作人员在办理排污许可时违规收取费用，请求查处。' });
    const id = await openByHand({ caseId: c.id, reason: '检举控告事项办理督办。' });
    expect((await api(h, org.users.supervisor, 'GET', `/api/supervision/${id}`)).status).toBe(200);
    // deptA is supervised and sees it; the accused deptB does not, though… it is not the supervised unit here
    const asAccused = await api(h, org.users.headB, 'GET', `/api/supervision/${id}`);
    expect(asAccused.status).toBe(404);
    // even when the item names the accused unit as supervised, the accusation hides it
    const id2 = await openByHand({ caseId: c.id, unitId: org.units.deptB.id, reason: '检举控告事项督办（被督办单位为被检举单位）。' });
    expect((await api(h, org.users.headB, 'GET', `/api/supervision/${id2}`)).status).toBe(404);
    const list = (await api(h, org.users.headB, 'GET', '/api/supervision')).body.items.map((i: any) => i.id);
    expect(list).not.toContain(id);
    expect(list).not.toContain(id2);
  });
});

describe('board and bulletins (通报, 信访工作条例 第三十九条)', () => {
  it('counts open items by unit and level, and issues a numbered bulletin naming units and matters', async () => {
    const board = (await api(h, org.users.supervisor, 'GET', '/api/supervision/board')).body;
    expect(board.cols.map((c: any) => c.key)).toEqual(['routine', 'listed', 'interview']);
    const deptA = board.rows.find((r: any) => r.key === org.units.deptA.id);
    expect(deptA.label.zh).toBe('测试市住建局');
    const openA = (await api(h, org.users.supervisor, 'GET', `/api/supervision?open=true&unitId=${org.units.deptA.id}&limit=500`)).body.total;
    const cellsA = board.cells.filter((c: any) => c.row === org.units.deptA.id).reduce((n: number, c: any) => n + c.count, 0);
    expect(cellsA).toBe(openA);

    h.clock.set('2026-12-01T10:00:00+08:00');
    const bad = await api(h, org.users.supervisor, 'POST', '/api/supervision/bulletins', { from: '2026-12-01', to: '2026-01-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].field).toBe('to');
    expect((await api(h, org.users.handlerA, 'POST', '/api/supervision/bulletins', { from: '2026-01-01', to: '2026-11-30' })).status).toBe(403);
    const b = await api(h, org.users.supervisor, 'POST', '/api/supervision/bulletins', { from: '2026-01-01', to: '2026-11-30' });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect(b.body.bulletinNo).toBe('督通〔2026〕1号');
    const lineA = b.body.units.find((u: any) => u.unitId === org.units.deptA.id);
    expect(lineA.opened).toBeGreaterThanOrEqual(5);
    expect(lineA.escalated).toBeGreaterThanOrEqual(1);
    expect(lineA.accountability).toBe(1);
    expect(b.body.totals.opened).toBe(b.body.units.reduce((n: number, u: any) => n + u.opened, 0));
    // the accusation is named by registration number only
    const acc = b.body.matters.filter((m: any) => m.subject.includes('检举控告事项'));
    expect(acc.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(b.body)).not.toContain('违规收费');
    expect(JSON.stringify(b.body)).not.toContain('张三丰');
    // circulated: a department of the same city reads it; another city does not
    expect((await api(h, org.users.handlerA, 'GET', `/api/supervision/bulletins/${b.body.id}`)).status).toBe(200);
    expect((await api(h, org.users.otherDispatcher, 'GET', `/api/supervision/bulletins/${b.body.id}`)).status).toBe(404);
    expect((await api(h, org.users.handlerA, 'GET', '/api/supervision/bulletins')).body.items.map((x: any) => x.id)).toContain(b.body.id);
  });
});
