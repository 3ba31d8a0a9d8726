/**
 * Every transition of the table, allowed and refused, at the HTTP level on a real database.
 * The journeys below record each action that succeeded; the last test checks that all of them were exercised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSITIONS } from '../../src/cases/lifecycle.js';
import { act, api, makeOrg, SAMPLE_REPLY, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;
const exercised = new Set<string>();

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2026-03-02T09:00:00+08:00'); // a Monday, no holidays near
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

async function ok(user: TestUser, caseId: string, action: string, input: unknown = {}) {
  const r = await act(h, user, caseId, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  exercised.add(action);
  return r.body;
}

async function refused(user: TestUser, caseId: string, action: string, input: unknown, status: number, code: string) {
  const r = await act(h, user, caseId, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(status);
  expect(r.body.error.code).toBe(code);
  return r.body;
}

async function register(over: Record<string, unknown> = {}, user = org.users.intake) {
  const r = await api(h, user, 'POST', '/api/cases', sampleCase(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  exercised.add('register');
  return r.body as { id: string; trackingCode: string; trackingSecret: string; regNo: string };
}

const REPLY = SAMPLE_REPLY;

async function toAccepted(over: Record<string, unknown> = {}) {
  const c = await register(over);
  await ok(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
  await ok(org.users.handlerA, c.id, 'sign');
  await ok(org.users.handlerA, c.id, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理，60日内出具处理意见书。' });
  return c;
}

async function toReplied(over: Record<string, unknown> = {}) {
  const c = await toAccepted(over);
  await ok(org.users.handlerA, c.id, 'draft_reply', REPLY);
  await ok(org.users.headA, c.id, 'approve_reply');
  return c;
}

describe('the full statutory path: objection, extension, reply, review, re-review', () => {
  it('walks a case from registration to a final re-review, refusing what the rules forbid', async () => {
    const c = await register();
    let v: any = await api(h, org.users.dispatcher, 'GET', `/api/cases/${c.id}`);
    expect(v.body.allowedActions).toEqual(expect.arrayContaining(['route', 'link_existing', 'merge_duplicate', 'not_accept']));

    // only a dispatcher routes (第二十二条)
    await refused(org.users.handlerA, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id }, 404, 'CASE_NOT_FOUND');
    await refused(org.users.intake, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id }, 403, 'FORBIDDEN');
    await refused(org.users.dispatcher, c.id, 'route', { mode: 'assign', leadUnitId: org.units.deptA.id }, 400, 'VALIDATION_FAILED');
    await refused(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.otherCity.id }, 422, 'INVALID_TARGET_UNIT');
    await ok(org.users.dispatcher, c.id, 'route', { mode: 'assign', leadUnitId: org.units.deptA.id, reportBackDays: 30, assistUnitIds: [org.units.deptB.id] });

    v = await api(h, org.users.handlerA, 'GET', `/api/cases/${c.id}`);
    expect(v.body.allowedActions).toEqual(['sign', 'object']);
    await refused(org.users.handlerA, c.id, 'accept', { procedure: '受理' }, 409, 'ACTION_NOT_ALLOWED');
    await ok(org.users.handlerA, c.id, 'sign');

    // 退单 within 5 working days (第二十三条第三款); the dispatcher re-routes
    await refused(org.users.handlerA, c.id, 'object', { reason: '短' }, 400, 'VALIDATION_FAILED');
    await ok(org.users.handlerA, c.id, 'object', { reason: '该楼属于生态环境局管理的公房，不属于本单位职责范围。' });
    await refused(org.users.dispatcher, c.id, 'uphold_objection', { leadUnitId: org.units.deptA.id }, 422, 'INVALID_TARGET_UNIT');
    await ok(org.users.dispatcher, c.id, 'uphold_objection', { leadUnitId: org.units.deptB.id, note: '同意改派' });

    // 潍坊条例 第二十二条：经研究确定或者直接指定的承办单位不得退回
    await refused(org.users.handlerB, c.id, 'object', { reason: '仍然不属于本单位职责范围。' }, 409, 'OBJECTION_NOT_ALLOWED');
    await refused(org.users.handlerA, c.id, 'sign', {}, 403, 'FORBIDDEN');
    await ok(org.users.handlerB, c.id, 'sign');
    await ok(org.users.handlerB, c.id, 'accept', { procedure: '依照第三十一条第六项办理' });

    // 第三十四条: one extension of at most 30 days, approved by the unit head
    await refused(org.users.handlerB, c.id, 'request_extension', { days: 31, reason: '情况复杂需要进一步调查' }, 400, 'VALIDATION_FAILED');
    await refused(org.users.headB, c.id, 'approve_extension', {}, 409, 'EXTENSION_NOT_ALLOWED');
    await ok(org.users.handlerB, c.id, 'request_extension', { days: 20, reason: '需要委托第三方检测房屋结构' });
    await refused(org.users.handlerB, c.id, 'approve_extension', {}, 403, 'FORBIDDEN');
    v = await ok(org.users.headB, c.id, 'approve_extension', { note: '同意' });
    const handle = v.clocks.find((k: { rule: string; status: string }) => k.rule === 'handle' && k.status === 'running');
    expect(handle.extendedDays).toBe(20);
    await refused(org.users.handlerB, c.id, 'request_extension', { days: 5, reason: '还需要更多时间调查' }, 409, 'EXTENSION_NOT_ALLOWED');

    // 第三十二条: the written decision gives its legal basis; the head approves it
    await refused(org.users.handlerB, c.id, 'draft_reply', { ...REPLY, legalBasis: undefined }, 400, 'VALIDATION_FAILED');
    await refused(org.users.handlerB, c.id, 'draft_reply', { ...REPLY, decision: 'adopted' }, 400, 'VALIDATION_FAILED');
    await ok(org.users.handlerB, c.id, 'draft_reply', REPLY);
    await ok(org.users.headB, c.id, 'return_reply', { note: '请补充检测结论' });
    await ok(org.users.handlerB, c.id, 'draft_reply', REPLY);
    await refused(org.users.handlerB, c.id, 'approve_reply', {}, 403, 'FORBIDDEN');
    await ok(org.users.headB, c.id, 'approve_reply');

    // the citizen evaluates and asks for review (第三十五条) with code + secret
    const creds = { code: c.trackingCode, secret: c.trackingSecret };
    let pub = await api(h, null, 'POST', '/api/public/lookup', creds);
    expect(pub.status).toBe(200);
    expect(pub.body.reply.text).toBe(REPLY.text);
    expect(pub.body.allowedActions).toEqual(['evaluate', 'request_review']);
    pub = await api(h, null, 'POST', '/api/public/actions/evaluate', { ...creds, input: { rating: 'dissatisfied' } });
    expect(pub.status).toBe(200);
    exercised.add('evaluate');
    pub = await api(h, null, 'POST', '/api/public/actions/evaluate', { ...creds, input: { rating: 'satisfied' } });
    expect(pub.body.error.code).toBe('ACTION_NOT_ALLOWED');
    pub = await api(h, null, 'POST', '/api/public/actions/request_review', { ...creds, input: { reason: '维修方案不能解决根本问题' } });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    exercised.add('request_review');

    // the next-higher unit (the city, above the department) reviews
    v = await api(h, org.users.cityHandler, 'GET', `/api/cases/${c.id}`);
    expect(v.body.reviewUnitId).toBe(org.units.city.id);
    expect(v.body.allowedActions).toEqual(['decide_review']);
    await refused(org.users.headB, c.id, 'decide_review', { decision: 'upheld', opinion: '维持' }, 403, 'FORBIDDEN');
    await ok(org.users.cityHandler, c.id, 'decide_review', { decision: 'upheld', opinion: '经复查，原处理意见事实清楚，予以维持。' });

    // 第三十六条: re-review one level higher; hearing time not counted
    pub = await api(h, null, 'POST', '/api/public/actions/request_rereview', { ...creds, input: { reason: '对复查意见不服' } });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    exercised.add('request_rereview');
    v = await api(h, org.users.provHandler, 'GET', `/api/cases/${c.id}`);
    expect(v.body.reviewUnitId).toBe(org.units.city.parent_id);
    await refused(org.users.provHandler, c.id, 'resume_clock', {}, 409, 'ACTION_NOT_ALLOWED');
    await ok(org.users.provHandler, c.id, 'pause_clock', { reason: '举行听证' });
    await refused(org.users.provHandler, c.id, 'pause_clock', { reason: '再次听证' }, 409, 'ACTION_NOT_ALLOWED');
    await ok(org.users.provHandler, c.id, 'resume_clock');
    await ok(org.users.provHandler, c.id, 'decide_rereview', { decision: 'upheld', opinion: '经复核，维持复查意见。' });

    // after re-review: no further review, and the same request is refused automatically
    pub = await api(h, null, 'POST', '/api/public/actions/request_review', { ...creds, input: { reason: '再次请求' } });
    expect(pub.body.error.code).toBe('ACTION_NOT_ALLOWED');
    const again = await register({ repeatOfCaseId: c.id });
    const av = await api(h, org.users.intake, 'GET', `/api/cases/${again.id}`);
    expect(av.body.status).toBe('not_accepted');
    expect(av.body.events.map((e: { type: string }) => e.type)).toContain('auto_not_accepted');

    await ok(org.users.supervisor, c.id, 'close');
    await refused(org.users.supervisor, c.id, 'reopen', { reason: '回访显示问题未解决' }, 409, 'CASE_FINAL');
  });
});

describe('other routes through the table', () => {
  it('link_existing: a matter already in handling below is linked, not accepted again (第十九条第三款)', async () => {
    const first = await toAccepted();
    const repeat = await register();
    await refused(org.users.dispatcher, repeat.id, 'link_existing', { relatedCaseId: repeat.id }, 422, 'INVALID_TARGET_UNIT');
    const v = await ok(org.users.dispatcher, repeat.id, 'link_existing', { relatedCaseId: first.id });
    expect(v.status).toBe('linked');
    const pub = await api(h, null, 'POST', '/api/public/lookup', { code: repeat.trackingCode, secret: repeat.trackingSecret });
    const linked = pub.body.timeline.find((e: { type: string }) => e.type === 'link_existing');
    expect(linked.data.progress.zh).toBe('办理中');
  });

  it('merge_duplicate joins the existing case timeline; not_accept ends a matter outside the system', async () => {
    const first = await register();
    const dup = await register();
    await ok(org.users.intake, dup.id, 'merge_duplicate', { relatedCaseId: first.id });
    const v = await api(h, org.users.intake, 'GET', `/api/cases/${first.id}`);
    expect(v.body.events.map((e: { type: string }) => e.type)).toContain('duplicate_merged_in');
    const other = await register();
    await refused(org.users.intake, other.id, 'not_accept', { reason: '不属于信访事项' }, 403, 'FORBIDDEN');
    await ok(org.users.dispatcher, other.id, 'not_accept', { reason: '属于民事纠纷，应向人民法院起诉', suggestedAuthority: '东区人民法院' });
    await ok(org.users.dispatcher, other.id, 'close');
  });

  it('reject_objection sends it back to the same unit, which cannot object again', async () => {
    const c = await register();
    await ok(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    await ok(org.users.handlerA, c.id, 'object', { reason: '不属于本单位职责范围，应由环保部门处理。' });
    await refused(org.users.dispatcher, c.id, 'reject_objection', { reason: '' }, 400, 'VALIDATION_FAILED');
    await ok(org.users.dispatcher, c.id, 'reject_objection', { reason: '经核实属于住建部门职责' });
    await refused(org.users.handlerA, c.id, 'object', { reason: '再次提出异议，请重新指定。' }, 409, 'OBJECTION_NOT_ALLOWED');
    await ok(org.users.headA, c.id, 'sign');
    await ok(org.users.headA, c.id, 'decline', { reason: '该事项已由人民法院受理', suggestedAuthority: '测试市中级人民法院' });
  });

  it('guide_to_procedure ends an appeal with the procedure it belongs to (第三十一条)', async () => {
    const sugg = await toAccepted({ kind: 'suggestion' });
    await refused(org.users.handlerA, sugg.id, 'guide_to_procedure', { procedure: 'arbitration', authority: '劳动人事争议仲裁委员会', explanation: '应申请仲裁' }, 409, 'ACTION_NOT_ALLOWED');
    const c = await toAccepted();
    const v = await ok(org.users.handlerA, c.id, 'guide_to_procedure', { procedure: 'arbitration', authority: '测试市劳动人事争议仲裁委员会', explanation: '属于劳动争议，应当申请劳动仲裁。' });
    expect(v.status).toBe('closed');
    expect(v.outcome.type).toBe('guided');
  });

  it('assisting units add opinions; extensions can be rejected; return visits are recorded; closed cases reopen', async () => {
    const c = await register();
    await ok(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id, assistUnitIds: [org.units.deptB.id] });
    await ok(org.users.handlerA, c.id, 'sign');
    await ok(org.users.handlerA, c.id, 'accept', { procedure: '依法办理' });
    await refused(org.users.handlerA, c.id, 'add_assist_opinion', { opinion: '主办不能填协办意见' }, 403, 'FORBIDDEN');
    await ok(org.users.handlerB, c.id, 'add_assist_opinion', { opinion: '经检测，周边噪声超标，建议限期整改。' });
    await ok(org.users.handlerA, c.id, 'request_extension', { days: 10, reason: '需要等待检测报告' });
    await ok(org.users.headA, c.id, 'reject_extension', { note: '应在原期限内办结' });
    await ok(org.users.handlerA, c.id, 'draft_reply', REPLY);
    await ok(org.users.headA, c.id, 'approve_reply');
    await refused(org.users.visitor, c.id, 'record_return_visit', { contacted: true }, 400, 'VALIDATION_FAILED');
    await ok(org.users.visitor, c.id, 'record_return_visit', { contacted: true, resolved: 'unsolved', satisfaction: 'dissatisfied' });
    await ok(org.users.visitor, c.id, 'evaluate', { rating: 'dissatisfied', comment: '电话回访记录' });
    await ok(org.users.dispatcher, c.id, 'close');
    await refused(org.users.handlerA, c.id, 'reopen', { reason: '回访未解决' }, 403, 'FORBIDDEN');
    const v = await ok(org.users.supervisor, c.id, 'reopen', { reason: '回访显示问题未解决，重新办理' });
    expect(v.status).toBe('accepted');
    expect(v.clocks.filter((k: { rule: string; status: string }) => k.rule === 'handle' && k.status === 'running')).toHaveLength(1);
  });

  it('reroute (改派): the petition office moves an open case to another unit; the clocks run on and pass to the new lead', async () => {
    const c = await toAccepted();
    const before: any = (await api(h, org.users.dispatcher, 'GET', `/api/cases/${c.id}`)).body;
    expect(before.allowedActions).toContain('reroute');
    const due = before.clocks.find((k: { rule: string; status: string }) => k.rule === 'handle' && k.status === 'running').dueAt;
    await refused(org.users.handlerA, c.id, 'reroute', { leadUnitId: org.units.deptB.id, reason: '机构调整' }, 403, 'FORBIDDEN');
    await refused(org.users.dispatcher, c.id, 'reroute', { leadUnitId: org.units.deptA.id, reason: '机构调整' }, 422, 'INVALID_TARGET_UNIT');
    await refused(org.users.dispatcher, c.id, 'reroute', { leadUnitId: org.units.deptB.id }, 400, 'VALIDATION_FAILED');
    const v = await ok(org.users.dispatcher, c.id, 'reroute', { leadUnitId: org.units.deptB.id, reason: '住建局该科室职能划入生态环境局（机构调整）' });
    expect(v.status).toBe('accepted');
    expect(v.leadUnitId).toBe(org.units.deptB.id);
    // 第三十四条: the 60 days count from acceptance — a new unit does not restart them
    const handle = v.clocks.find((k: { rule: string; status: string }) => k.rule === 'handle' && k.status === 'running');
    expect(handle.dueAt).toBe(due);
    const clock = await h.rt.deps.db.selectFrom('case_clocks').select('unit_id').where('case_id', '=', c.id).where('rule_key', '=', 'handle').where('status', '=', 'running').executeTakeFirstOrThrow();
    expect(String(clock.unit_id)).toBe(org.units.deptB.id);
    // the old unit keeps sight of what it handled but has no part any more; the new one works the case
    await refused(org.users.handlerA, c.id, 'draft_reply', REPLY, 403, 'FORBIDDEN');
    await ok(org.users.handlerB, c.id, 'draft_reply', REPLY);
    // 第三十条: an accusation is never re-routed to the unit it accuses
    const acc = await register({ kind: 'accusation', title: '举报住建局工作人员违规收费', content: '住建局工作人员违规收取费用，请求调查处理。', accusedUnitId: org.units.deptA.id });
    await ok(org.users.dispatcher, acc.id, 'route', { mode: 'forward', leadUnitId: org.units.discipline.id, routeType: 'discipline' });
    await refused(org.users.dispatcher, acc.id, 'reroute', { leadUnitId: org.units.deptA.id, reason: '改派' }, 422, 'INVALID_TARGET_UNIT');
  });

  it('recall (撤回): the office takes back a dispatch not yet signed for, with a reason; the 15 days of 第二十二条 still count from receipt', async () => {
    // 第二十二条第一款: "收到信访事项，应当予以登记，并区分情况，在15日内分别按照下列方式处理"
    const c = await register();
    const first = (await api(h, org.users.dispatcher, 'GET', `/api/cases/${c.id}`)).body.clocks.find((k: { rule: string }) => k.rule === 'route').dueAt;
    await ok(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptB.id });
    const before: any = (await api(h, org.users.dispatcher, 'GET', `/api/cases/${c.id}`)).body;
    expect(before.allowedActions).toContain('recall');
    await refused(org.users.handlerB, c.id, 'recall', { reason: '派错了' }, 403, 'FORBIDDEN');
    await refused(org.users.dispatcher, c.id, 'recall', {}, 400, 'VALIDATION_FAILED');
    const v = await ok(org.users.dispatcher, c.id, 'recall', { reason: '误派生态环境局，应由住建局办理' });
    expect(v.status).toBe('registered');
    expect(v.leadUnitId).toBeNull();
    // the routing clock runs again on its first due time; the unit's acceptance clock and objection window stop
    const running = v.clocks.filter((k: { status: string }) => k.status === 'running').map((k: { rule: string; dueAt: string }) => [k.rule, k.dueAt]);
    expect(running).toEqual([['route', first]]);
    // the unit it was recalled from has nothing to sign any more, and the case is routed anew
    await refused(org.users.handlerB, c.id, 'sign', {}, 409, 'ACTION_NOT_ALLOWED');
    // the refusal names the action and the state by their labels, not their keys
    expect((await act(h, org.users.handlerB, c.id, 'sign')).body.error.message).toBe('当前状态（已登记）下不能执行“签收”');
    await ok(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    // after signing, the objection (退单, 第二十三条第三款) is the path, not a recall
    await ok(org.users.handlerA, c.id, 'sign');
    await refused(org.users.dispatcher, c.id, 'recall', { reason: '再撤回' }, 409, 'ACTION_NOT_ALLOWED');
    const events = (await api(h, org.users.dispatcher, 'GET', `/api/cases/${c.id}`)).body.events.map((e: { type: string }) => e.type);
    expect(events).toEqual(['register', 'route', 'recall', 'route', 'sign']);
  });

  it('a 涉法涉诉 or 检举控告 matter is not reviewed: the request is refused with the reason and the procedure to use (第二十八条第二款、第三十条、第三十一条第一项)', async () => {
    // 第二十八条第二款: “将涉及民事、行政、刑事等诉讼权利救济的信访事项从普通信访体制中分离出来，由有关政法部门依法处理”
    const legal = await register();
    await ok(org.users.dispatcher, legal.id, 'route', { mode: 'forward', leadUnitId: org.units.court.id, routeType: 'legal' });
    await ok(org.users.courtHandler, legal.id, 'sign');
    await ok(org.users.courtHandler, legal.id, 'accept', { procedure: '按照法律法规规定的程序处理（第三十一条第一项）' });
    await ok(org.users.courtHandler, legal.id, 'draft_reply', REPLY);
    await ok(org.users.courtHandler, legal.id, 'approve_reply');
    const creds = { code: legal.trackingCode, secret: legal.trackingSecret };
    const pub = await api(h, null, 'POST', '/api/public/lookup', creds);
    expect(pub.body.allowedActions).not.toContain('request_review');
    let r = await api(h, null, 'POST', '/api/public/actions/request_review', { ...creds, input: { reason: '对处理结果不服' } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('REVIEW_NOT_APPLICABLE');
    expect(r.body.error.message).toContain('涉法涉诉');
    expect(r.body.error.message).toContain('第二十八条第二款');
    await refused(org.users.intake, legal.id, 'request_review', { reason: '对处理结果不服' }, 409, 'REVIEW_NOT_APPLICABLE');

    // 第三十条: “对信访人提出的检举控告类事项，纪检监察机关或者有权处理的机关、单位应当依规依纪依法接收、受理、办理和反馈”
    const acc = await register({ kind: 'accusation', title: '举报住建局工作人员违规收费', content: '住建局工作人员违规收取费用，请求调查处理。', accusedUnitId: org.units.deptA.id });
    await ok(org.users.dispatcher, acc.id, 'route', { mode: 'forward', leadUnitId: org.units.discipline.id, routeType: 'discipline' });
    await ok(org.users.disciplineHandler, acc.id, 'sign');
    await ok(org.users.disciplineHandler, acc.id, 'accept', { procedure: '依规依纪依法办理（第三十条）' });
    await ok(org.users.disciplineHandler, acc.id, 'draft_reply', { ...REPLY, decision: 'not_substantiated' });
    await ok(org.users.disciplineHandler, acc.id, 'approve_reply');
    r = await api(h, null, 'POST', '/api/public/actions/request_review', { code: acc.trackingCode, secret: acc.trackingSecret, input: { reason: '对处理结果不服' } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('REVIEW_NOT_APPLICABLE');
    expect(r.body.error.message).toContain('第三十条');

    // 第三十五条: an ordinary appeal is still reviewed (the full path above); so is the answer to a suggestion
    const sugg = await toAccepted({ kind: 'suggestion' });
    await ok(org.users.handlerA, sugg.id, 'draft_reply', { ...REPLY, decision: 'adopted' });
    await ok(org.users.headA, sugg.id, 'approve_reply');
    expect((await api(h, null, 'POST', '/api/public/lookup', { code: sugg.trackingCode, secret: sugg.trackingSecret })).body.allowedActions).toContain('request_review');
  });

  it('every transition refuses a state outside its "from" list', async () => {
    const c = await toReplied();
    for (const t of TRANSITIONS) {
      if (t.from.length === 0 || t.from.includes('replied')) continue;
      const r = await act(h, org.users.dispatcher, c.id, t.action, {});
      // state is checked before role and input, so a wrong-state action always says so
      expect([409, 400], `${t.action}: ${JSON.stringify(r.body)}`).toContain(r.status);
      if (r.status === 409) expect(r.body.error.code, t.action).toBe('ACTION_NOT_ALLOWED');
    }
  });

  it('exercised every action of the transition table', () => {
    const missing = TRANSITIONS.map((t) => t.action).filter((a) => !exercised.has(a));
    expect(missing).toEqual([]);
  });
});
