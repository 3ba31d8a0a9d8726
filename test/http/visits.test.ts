/**
 * 回访 end to end: tasks opened by the office's policy (reply issued, handling deadline expired via the sweep, an
 * unsatisfied evaluation) or by hand; "3 × 100%" and deterministic sampling per category; the retry plan and the
 * unreachable close; the outcome written on the case; a visit that reopens a closed case and one that opens a
 * supervision item; every transition allowed and refused; scope (other city, accusations); concurrency; bad input;
 * the clock across a holiday; the board.
 *
 * 北京市接诉即办工作条例 第二十三条："诉求办理时限期满，市民热线服务工作机构应当通过电话、短信、网络等方式对诉求人进行回访，
 * 了解诉求办理情况。" 潍坊市12345政务服务便民热线条例 第二十五条："12345热线工作实行回访制度，回访结果作为12345热线工作考核评价的依据。"
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/org/auth.js';
import { samplePoint } from '../../src/visits/policy.js';
import { VISIT_WORKFLOW } from '../../src/visits/workflow.js';
import { PASSWORD, SAMPLE_REPLY, act, api, login, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser, sweepOrg } from '../helpers/harness.js';

let h: Harness;
let org: Org;
const exercised = new Set<string>();

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2026-03-02T09:00:00+08:00'); // a Monday, no holiday near
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

const cst = (iso: string) => new Date(`${iso}+08:00`).toISOString();

const REPLY = SAMPLE_REPLY;
const SOLVED = { channel: 'phone', solved: 'solved', satisfied: 'satisfied', comments: '群众表示楼顶已修好，不再漏水。' };
const UNSOLVED = { channel: 'phone', solved: 'unsolved', satisfied: 'dissatisfied', comments: '群众反映仍然漏水，物业未实际维修。' };

async function caseOk(user: TestUser, id: string, action: string, input: unknown = {}) {
  const r = await act(h, user, id, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

async function register(over: Record<string, unknown> = {}, o: Org = org) {
  const r = await api(h, o.users.intake, 'POST', '/api/cases', sampleCase(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; regNo: string; trackingCode: string; trackingSecret: string };
}

async function toAccepted(over: Record<string, unknown> = {}, o: Org = org, lead: 'deptA' | 'street' = 'deptA') {
  const c = await register(over, o);
  await caseOk(o.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: o.units[lead].id });
  const handler = lead === 'deptA' ? o.users.handlerA : o.users.streetHandler;
  await caseOk(handler, c.id, 'sign');
  await caseOk(handler, c.id, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理。' });
  return c;
}

async function toReplied(over: Record<string, unknown> = {}, o: Org = org, lead: 'deptA' | 'street' = 'deptA') {
  const c = await toAccepted(over, o, lead);
  const handler = lead === 'deptA' ? o.users.handlerA : o.users.streetHandler;
  const head = lead === 'deptA' ? o.users.headA : o.users.streetHandler;
  await caseOk(handler, c.id, 'draft_reply', REPLY);
  await caseOk(head, c.id, 'approve_reply');
  return c;
}

async function category(name: string, policy: Record<string, unknown> | null, o: Org = org) {
  const r = await api(h, o.users.admin, 'POST', '/api/categories', { code: `visit-${name}-${o.tag}`, name: `回访测试-${name}`, kind: 'appeal' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  if (policy) {
    const p = await api(h, o.users.admin, 'PUT', '/api/visits/policies', { officeUnitId: o.units.office.id, categoryId: r.body.id, ...policy });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
  }
  return r.body.id as string;
}

const tasksOf = async (caseId: string, user: TestUser = org.users.visitor) => {
  const r = await api(h, user, 'GET', `/api/visits?caseId=${caseId}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as any[];
};

async function onlyTask(caseId: string) {
  const items = await tasksOf(caseId);
  expect(items).toHaveLength(1);
  return items[0];
}

const view = async (id: string, user: TestUser = org.users.visitor) => {
  const r = await api(h, user, 'GET', `/api/visits/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

const va = (user: TestUser, id: string, action: string, input: unknown = {}) => api(h, user, 'POST', `/api/visits/${id}/actions/${action}`, input);

async function vaOk(user: TestUser, id: string, action: string, input: unknown = {}) {
  const r = await va(user, id, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  exercised.add(action);
  return r.body;
}

async function refused(user: TestUser, id: string, action: string, input: unknown, status: number, code: string) {
  const r = await va(user, id, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(status);
  expect(r.body.error.code).toBe(code);
  return r.body;
}

const caseView = async (id: string, user: TestUser = org.users.dispatcher) => (await api(h, user, 'GET', `/api/cases/${id}`)).body;

/** A user made for one test: a role in a unit the harness has no such user in. */
async function extraUser(key: string, unitId: string, roles: string[]): Promise<TestUser> {
  const username = `${key}-${org.tag}`.toLowerCase();
  const row = await h.rt.deps.db
    .insertInto('users')
    .values({ username, display_name: `${key}测试员`, password_hash: await hashPassword(PASSWORD), unit_id: unitId, roles })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { username, id: row.id, cookie: await login(h, username) };
}

// ------------------------------------------------------------------------------------------------ policy

describe('the office’s policy (admin)', () => {
  it('answers the built-in default, stores rows per category and office-wide, and refuses others', async () => {
    const q = `/api/visits/policies?officeUnitId=${org.units.office.id}`;
    let r = await api(h, org.users.admin, 'GET', q);
    expect(r.status).toBe(200);
    // the sensible default: reply trigger, 100% for unsatisfied and urgent, 30% sampling otherwise
    expect(r.body.builtInDefault).toMatchObject({ trigger: 'reply', visitUrgent: true, visitUnsatisfied: true, visitAll: false, samplePercent: 30, maxAttempts: 3 });
    expect(r.body.items).toEqual([]);

    const catId = await category('policy', { samplePercent: 55, onUnsolved: 'reopen' });
    r = await api(h, org.users.admin, 'PUT', '/api/visits/policies', { officeUnitId: org.units.office.id, categoryId: null, samplePercent: 0, visitUnsatisfied: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ categoryId: null, samplePercent: 0, trigger: 'reply', maxAttempts: 3 });
    // PUT again replaces the same row
    r = await api(h, org.users.admin, 'PUT', '/api/visits/policies', { officeUnitId: org.units.office.id, categoryId: catId, samplePercent: 60, onUnsolved: 'reopen' });
    expect(r.status).toBe(200);
    r = await api(h, org.users.admin, 'GET', q);
    expect(r.body.items.map((i: any) => [i.categoryId, i.samplePercent])).toEqual([
      [null, 0],
      [catId, 60],
    ]);
    expect(r.body.items[1]).toMatchObject({ onUnsolved: 'reopen', categoryName: '回访测试-policy' });

    // role admin only
    for (const u of [org.users.visitor, org.users.dispatcher, org.users.supervisor]) {
      expect((await api(h, u, 'GET', q)).status).toBe(403);
      expect((await api(h, u, 'PUT', '/api/visits/policies', { officeUnitId: org.units.office.id, categoryId: null })).status).toBe(403);
    }
    // bad input names the field
    const bad = await api(h, org.users.admin, 'PUT', '/api/visits/policies', { officeUnitId: org.units.office.id, categoryId: null, samplePercent: 150 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].field).toBe('samplePercent');
    const badEnum = await api(h, org.users.admin, 'PUT', '/api/visits/policies', { officeUnitId: org.units.office.id, categoryId: null, onUnsolved: 'ignore' });
    expect(badEnum.body.error.details.issues[0].field).toBe('onUnsolved');
    const noCat = await api(h, org.users.admin, 'PUT', '/api/visits/policies', { officeUnitId: org.units.office.id, categoryId: '999999999' });
    expect(noCat.status).toBe(400);
    expect(noCat.body.error.details.issues[0].field).toBe('categoryId');
    // an office outside the admin's city
    const other = await api(h, org.users.admin, 'GET', `/api/visits/policies?officeUnitId=${org.units.otherCity.id}`);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('INVALID_TARGET_UNIT');
    // audited
    const audit = await h.rt.deps.db.selectFrom('audit_log').select(['action']).where('action', '=', 'return_visit.policy_set').where('actor_user_id', '=', org.users.admin.id).execute();
    expect(audit.length).toBeGreaterThanOrEqual(3);
    // listed in the OpenAPI document
    const doc = await api(h, null, 'GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths['/api/visits/policies'])).toEqual(expect.arrayContaining(['get', 'put']));
    expect(doc.body.paths['/api/visits/policies'].put.requestBody).toBeDefined();
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/visits', '/api/visits/board', '/api/visits/{id}', '/api/visits/{id}/actions/complete']));
  });
});

// ------------------------------------------------------------------------------------------------ triggers

describe('a reply issued opens a task (北京条例第二十三条)', () => {
  it('opens exactly one, for the registering office and the lead unit, with a 3-working-day clock', async () => {
    const catAll = await category('all', { visitAll: true });
    h.clock.set('2026-03-02T09:00:00+08:00');
    const c = await toAccepted({ categoryId: catAll });
    await caseOk(org.users.handlerA, c.id, 'draft_reply', REPLY);
    expect(await tasksOf(c.id)).toEqual([]);
    h.clock.set('2026-03-04T10:00:00+08:00'); // Wednesday
    // two unit heads approving at once: one reply, one task
    const [a, b] = await Promise.all([act(h, org.users.headA, c.id, 'approve_reply'), act(h, org.users.headA, c.id, 'approve_reply')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const t = await onlyTask(c.id);
    expect(t).toMatchObject({
      status: 'due',
      trigger: 'reply',
      reason: 'all',
      officeUnitId: org.units.office.id,
      unitId: org.units.deptA.id,
      officeUnitName: '测试市信访局',
      unitName: '测试市住建局',
      caseRegNo: c.regNo,
      caseTitle: '小区楼顶漏水长期无人维修',
      categoryId: catAll,
      maxAttempts: 3,
    });
    const v = await view(t.id);
    const k = v.clocks.find((x: any) => x.rule === 'return_visit');
    // 03-04 + 3 working days = Monday 03-09, ends at 24:00
    expect(k.dueAt).toBe(cst('2026-03-10T00:00:00'));
    expect(k.unitId).toBe(org.units.office.id);
    expect(v.events.map((e: any) => e.type)).toEqual(['create']);
    expect(v.events[0].data).toMatchObject({ trigger: 'reply', reason: 'all', byRule: 'return_visit_policy' });
    expect(v.allowedActions.sort()).toEqual(['cancel', 'complete', 'record_unreached']);
    // the case's timeline says a visit is scheduled
    const cv = await caseView(c.id);
    expect(cv.events.filter((e: any) => e.type === 'return_visit_scheduled')).toHaveLength(1);
    // an evaluation while the task is open does not open a second one
    await caseOk(org.users.intake, c.id, 'evaluate', { rating: 'dissatisfied' });
    expect(await tasksOf(c.id)).toHaveLength(1);
  });

  it('the deadline trigger: a handling deadline expired (case clock handle) opens a task through the sweep, once', async () => {
    const catDeadline = await category('deadline', { trigger: 'deadline', visitAll: true });
    h.clock.set('2026-03-02T09:00:00+08:00');
    const late = await toAccepted({ categoryId: catDeadline });
    const onTime = await toReplied({ categoryId: catDeadline });
    // under the deadline trigger a reply opens nothing
    expect(await tasksOf(onTime.id)).toEqual([]);
    // 60 days from 03-02 = 05-01, in the Labour Day holiday (05-01…05-05) → the period ends 05-06 24:00
    const handle = (await caseView(late.id)).clocks.find((k: any) => k.rule === 'handle');
    expect(handle.dueAt).toBe(cst('2026-05-07T00:00:00'));
    h.clock.set('2026-05-06T23:00:00+08:00');
    await sweepOrg(h, org);
    expect(await tasksOf(late.id)).toEqual([]);
    h.clock.set('2026-05-07T08:00:00+08:00');
    await sweepOrg(h, org);
    await sweepOrg(h, org);
    const t = await onlyTask(late.id);
    expect(t).toMatchObject({ trigger: 'deadline', reason: 'all', status: 'due', caseStatus: 'accepted' });
    // the case is still in handling: the visit's result goes on its timeline as a note, not as the
    // record_return_visit action the lifecycle admits only once answered
    await vaOk(org.users.visitor, t.id, 'complete', { channel: 'sms', solved: 'partly_solved', satisfied: 'basically_satisfied' });
    const cv = await caseView(late.id);
    expect(cv.status).toBe('accepted');
    expect(cv.events.filter((e: any) => e.type === 'record_return_visit')).toHaveLength(0);
    const note = cv.events.find((e: any) => e.type === 'return_visit_noted');
    expect(note.data).toMatchObject({ visitId: t.id, contacted: true, resolved: 'partly_solved', caseStatus: 'accepted' });
    // a sweep later does not open another in the same handling round
    h.clock.set('2026-05-08T08:00:00+08:00');
    await sweepOrg(h, org);
    expect(await tasksOf(late.id)).toHaveLength(1);
  });
});

describe('"3 × 100%" and sampling, per category', () => {
  it('urgent, every case, every unsatisfied evaluation — each switched per category', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const urgent = await category('urgent', { urgent: true, visitUrgent: true, samplePercent: 0 });
    const urgentOff = await category('urgent-off', { urgent: true, visitUrgent: false, samplePercent: 0 });
    const none = await category('none', { samplePercent: 0, visitUnsatisfied: true });
    const noUnsat = await category('no-unsat', { samplePercent: 0, visitUnsatisfied: false });

    const u = await toReplied({ categoryId: urgent });
    expect(await onlyTask(u.id)).toMatchObject({ reason: 'urgent', trigger: 'reply' });
    const uo = await toReplied({ categoryId: urgentOff });
    expect(await tasksOf(uo.id)).toEqual([]);

    // not sampled at 0%; an unsatisfied evaluation is visited all the same
    const a = await toReplied({ categoryId: none });
    expect(await tasksOf(a.id)).toEqual([]);
    await caseOk(org.users.intake, a.id, 'evaluate', { rating: 'satisfied' });
    expect(await tasksOf(a.id)).toEqual([]);
    const b = await toReplied({ categoryId: none });
    const creds = { code: b.trackingCode, secret: b.trackingSecret };
    const pub = await api(h, null, 'POST', '/api/public/actions/evaluate', { ...creds, input: { rating: 'dissatisfied' } });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    expect(await onlyTask(b.id)).toMatchObject({ reason: 'unsatisfied', trigger: 'evaluation' });

    // the same category with the unsatisfied rule switched off
    const n = await toReplied({ categoryId: noUnsat });
    await caseOk(org.users.intake, n.id, 'evaluate', { rating: 'dissatisfied' });
    expect(await tasksOf(n.id)).toEqual([]);
  });

  it('samples deterministically by a hash of the case id; a category without a row of its own takes its parent category’s', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const parent = await category('sample-parent', { samplePercent: 50 });
    const child = await api(h, org.users.admin, 'POST', '/api/categories', { code: `visit-sample-child-${org.tag}`, name: '回访测试-子类', kind: 'appeal', parentId: parent });
    expect(child.status).toBe(201);
    // until both sides of the 50% line are seen (ids are random; the decision for each is not)
    const cases: Array<{ id: string }> = [];
    for (let i = 0; i < 24 && !(cases.some((c) => samplePoint(c.id) < 50) && cases.some((c) => samplePoint(c.id) >= 50) && cases.length >= 4); i++)
      cases.push(await toReplied({ categoryId: i % 2 ? parent : child.body.id }));
    expect(cases.some((c) => samplePoint(c.id) < 50) && cases.some((c) => samplePoint(c.id) >= 50)).toBe(true);
    for (const c of cases) {
      const point = samplePoint(c.id);
      const items = await tasksOf(c.id);
      if (point < 50) {
        expect(items, `point ${point}`).toHaveLength(1);
        expect(items[0]).toMatchObject({ reason: 'sampled', samplePoint: point });
      } else expect(items, `point ${point}`).toEqual([]);
    }
    expect(samplePoint(cases[0]!.id)).toBe(samplePoint(cases[0]!.id.toUpperCase()));
  });

  it('with no policy stored at all, the built-in default samples 30% on reply', async () => {
    const org2 = await makeOrg(h);
    h.clock.set('2026-03-02T09:00:00+08:00');
    const seen: Array<[number, number]> = [];
    for (let i = 0; i < 30 && !(seen.some(([p]) => p < 30) && seen.some(([p]) => p >= 30)); i++) {
      const c = await toReplied({}, org2);
      const n = (await api(h, org2.users.visitor, 'GET', `/api/visits?caseId=${c.id}`)).body.items.length;
      seen.push([samplePoint(c.id), n]);
    }
    expect(seen.some(([p]) => p < 30) && seen.some(([p]) => p >= 30)).toBe(true);
    for (const [point, n] of seen) expect(n, `point ${point}`).toBe(point < 30 ? 1 : 0);
  });
});

// ------------------------------------------------------------------------------------------------ the actions

describe('every transition, allowed and refused', () => {
  let catAll: string;
  beforeAll(async () => {
    catAll = await category('actions', { visitAll: true });
  });

  it('complete: the outcome in columns and as the case’s record_return_visit, in one transaction', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const c = await toReplied({ categoryId: catAll });
    const t = await onlyTask(c.id);
    // wrong role: the responsible unit sees its task but may not act; a supervisor neither
    const asUnit = await view(t.id, org.users.handlerA);
    expect(asUnit.allowedActions).toEqual([]);
    await refused(org.users.handlerA, t.id, 'complete', SOLVED, 403, 'FORBIDDEN');
    await refused(org.users.supervisor, t.id, 'complete', SOLVED, 403, 'FORBIDDEN');
    await refused(org.users.dispatcher, t.id, 'complete', SOLVED, 403, 'FORBIDDEN');
    // another city: not found
    await refused(org.users.otherDispatcher, t.id, 'complete', SOLVED, 404, 'RECORD_NOT_FOUND');
    expect((await api(h, org.users.otherDispatcher, 'GET', `/api/visits/${t.id}`)).status).toBe(404);
    // bad input names the field
    let bad = await va(org.users.visitor, t.id, 'complete', { ...SOLVED, channel: 'fax' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: any) => i.field)).toContain('channel');
    bad = await va(org.users.visitor, t.id, 'complete', { channel: 'phone', satisfied: 'satisfied' });
    expect(bad.body.error.details.issues.map((i: any) => i.field)).toContain('solved');
    bad = await va(org.users.visitor, t.id, 'complete', { channel: 'phone', solved: 'solved', satisfied: 'happy' });
    expect(bad.body.error.details.issues.map((i: any) => i.field)).toContain('satisfied');

    h.clock.set('2026-03-03T15:00:00+08:00');
    const v = await vaOk(org.users.visitor, t.id, 'complete', SOLVED);
    expect(v).toMatchObject({ status: 'done', reached: true, solved: 'solved', satisfied: 'satisfied', channel: 'phone', attempts: 1, followUp: 'none', allowedActions: [] });
    expect(v.visitedAt).toBe(cst('2026-03-03T15:00:00'));
    expect(v.solvedLabel.zh).toBe('解决');
    expect(v.attemptLog).toHaveLength(1);
    expect(v.clocks.find((k: any) => k.rule === 'return_visit').status).toBe('met');
    const cv = await caseView(c.id);
    const ev = cv.events.filter((e: any) => e.type === 'record_return_visit');
    expect(ev).toHaveLength(1);
    expect(ev[0].data).toMatchObject({ contacted: true, resolved: 'solved', satisfaction: 'satisfied' });
    expect(cv.status).toBe('replied');
    // done: nothing more
    for (const a of ['complete', 'record_unreached', 'close_unreachable', 'cancel'])
      await refused(org.users.visitor, t.id, a, a === 'cancel' ? { reason: '群众要求不再回访' } : a === 'complete' ? SOLVED : { channel: 'phone' }, 409, 'ACTION_NOT_ALLOWED');
    // the case action stays usable on its own
    expect((await act(h, org.users.visitor, c.id, 'record_return_visit', { contacted: true, resolved: 'solved', satisfaction: 'satisfied' })).status).toBe(200);
  });

  it('not reached: a retry plan, then the last allowed attempt closes the task as unreachable', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const c = await toReplied({ categoryId: catAll });
    const t = await onlyTask(c.id);
    // not the last attempt yet: closing as unreachable is refused
    await refused(org.users.visitor, t.id, 'close_unreachable', { channel: 'phone' }, 409, 'ACTION_NOT_ALLOWED');
    await refused(org.users.handlerA, t.id, 'record_unreached', { channel: 'phone' }, 403, 'FORBIDDEN');
    // the next attempt must lie ahead
    let bad = await va(org.users.visitor, t.id, 'record_unreached', { channel: 'phone', nextAttemptAt: '2026-03-01T09:00:00+08:00' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].field).toBe('nextAttemptAt');
    bad = await va(org.users.visitor, t.id, 'record_unreached', { channel: 'phone', nextAttemptAt: 'tomorrow' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].field).toBe('nextAttemptAt');

    let v = await vaOk(org.users.visitor, t.id, 'record_unreached', { channel: 'phone', nextAttemptAt: '2026-03-02T15:00:00+08:00', note: '无人接听' });
    expect(v).toMatchObject({ status: 'retry', attempts: 1, attemptsLeft: 2, nextAttemptAt: cst('2026-03-02T15:00:00') });
    expect(v.allowedActions.sort()).toEqual(['cancel', 'complete', 'record_unreached']);
    h.clock.set('2026-03-02T15:05:00+08:00');
    // without a time: the next working day, 09:00
    v = await vaOk(org.users.visitor, t.id, 'record_unreached', { channel: 'sms' });
    expect(v).toMatchObject({ status: 'retry', attempts: 2, nextAttemptAt: cst('2026-03-03T09:00:00') });
    expect(v.allowedActions.sort()).toEqual(['cancel', 'close_unreachable', 'complete']);
    // the third attempt is the last of 3: another retry is refused
    await refused(org.users.visitor, t.id, 'record_unreached', { channel: 'phone' }, 409, 'ACTION_NOT_ALLOWED');
    h.clock.set('2026-03-03T09:10:00+08:00');
    v = await vaOk(org.users.visitor, t.id, 'close_unreachable', { channel: 'phone', note: '号码停机' });
    expect(v).toMatchObject({ status: 'unreachable', reached: false, attempts: 3, nextAttemptAt: null, allowedActions: [] });
    expect(v.attemptLog.map((a: any) => [a.n, a.channel, a.reached])).toEqual([
      [1, 'phone', false],
      [2, 'sms', false],
      [3, 'phone', false],
    ]);
    expect(v.clocks.find((k: any) => k.rule === 'return_visit').status).toBe('met');
    const ev = (await caseView(c.id)).events.filter((e: any) => e.type === 'record_return_visit');
    expect(ev).toHaveLength(1);
    expect(ev[0].data.contacted).toBe(false);
    await refused(org.users.visitor, t.id, 'complete', SOLVED, 409, 'ACTION_NOT_ALLOWED');
  });

  it('a policy of one attempt closes as unreachable at once; cancel withdraws a task', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const once = await category('once', { visitAll: true, maxAttempts: 1 });
    const c = await toReplied({ categoryId: once });
    const t = await onlyTask(c.id);
    expect((await view(t.id)).allowedActions.sort()).toEqual(['cancel', 'close_unreachable', 'complete']);
    await refused(org.users.visitor, t.id, 'record_unreached', { channel: 'phone' }, 409, 'ACTION_NOT_ALLOWED');
    await vaOk(org.users.visitor, t.id, 'close_unreachable', { channel: 'wechat' });

    const d = await toReplied({ categoryId: catAll });
    const u = await onlyTask(d.id);
    const bad = await va(org.users.dispatcher, u.id, 'cancel', { reason: '不' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].field).toBe('reason');
    await refused(org.users.handlerA, u.id, 'cancel', { reason: '群众明确表示不接受回访' }, 403, 'FORBIDDEN');
    await refused(org.users.otherDispatcher, u.id, 'cancel', { reason: '群众明确表示不接受回访' }, 404, 'RECORD_NOT_FOUND');
    const v = await vaOk(org.users.dispatcher, u.id, 'cancel', { reason: '群众明确表示不接受回访' });
    expect(v).toMatchObject({ status: 'cancelled', cancelReason: '群众明确表示不接受回访' });
    expect(v.clocks.find((k: any) => k.rule === 'return_visit').status).toBe('stopped');
    await refused(org.users.visitor, u.id, 'complete', SOLVED, 409, 'ACTION_NOT_ALLOWED');
  });

  it('create by hand: one open task per case, on a case with an answer, by the registering office', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const zero = await category('manual', { samplePercent: 0 });
    const c = await toReplied({ categoryId: zero });
    expect(await tasksOf(c.id)).toEqual([]);
    const early = await register({ categoryId: zero });
    let r = await api(h, org.users.visitor, 'POST', '/api/visits', { caseId: early.id });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ACTION_NOT_ALLOWED');
    r = await api(h, org.users.handlerA, 'POST', '/api/visits', { caseId: c.id });
    expect(r.status).toBe(403);
    r = await api(h, org.users.otherDispatcher, 'POST', '/api/visits', { caseId: c.id });
    expect(r.status).toBe(404);
    r = await api(h, org.users.visitor, 'POST', '/api/visits', { caseId: 'not-a-uuid' });
    expect(r.status).toBe(400);
    expect(r.body.error.details.issues[0].field).toBe('caseId');
    r = await api(h, org.users.visitor, 'POST', '/api/visits', { caseId: c.id, note: '领导交办抽查' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    exercised.add('create');
    expect(r.body).toMatchObject({ status: 'due', trigger: 'manual', reason: 'manual', note: '领导交办抽查', caseId: c.id });
    // parties are shown masked; the number is revealed only through the audited path
    expect(r.body.parties[0]).toMatchObject({ name: '张**', phone: '138****1234', masked: true });
    const again = await api(h, org.users.dispatcher, 'POST', '/api/visits', { caseId: c.id });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_EXISTS');
  });

  it('a return-visit member of staff outside the registering office sees the task of a unit below it but may not act', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const districtVisitor = await extraUser('districtVisitor', org.units.districtOffice.id, ['return_visit']);
    const c = await toReplied({ categoryId: catAll }, org, 'street');
    const t = await onlyTask(c.id);
    expect(t.unitId).toBe(org.units.street.id);
    const v = await view(t.id, districtVisitor);
    expect(v.allowedActions).toEqual([]);
    await refused(districtVisitor, t.id, 'complete', SOLVED, 403, 'FORBIDDEN');
    expect((await api(h, districtVisitor, 'POST', '/api/visits', { caseId: c.id })).status).toBe(403);
  });

  it('two concurrent identical completions: exactly one applies', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const c = await toReplied({ categoryId: catAll });
    const t = await onlyTask(c.id);
    const [a, b] = await Promise.all([va(org.users.visitor, t.id, 'complete', SOLVED), va(org.users.visitor, t.id, 'complete', SOLVED)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(['STATE_CONFLICT', 'ACTION_NOT_ALLOWED']).toContain(loser.body.error.code);
    const v = await view(t.id);
    expect(v.attemptLog).toHaveLength(1);
    expect(v.events.filter((e: any) => e.type === 'complete')).toHaveLength(1);
    expect((await caseView(c.id)).events.filter((e: any) => e.type === 'record_return_visit')).toHaveLength(1);
  });
});

// ------------------------------------------------------------------------------------------------ follow-up

describe('an unsolved or unsatisfied answer', () => {
  it('REOPENS the closed case by the configured rule, and the next reply is visited again', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const catReopen = await category('reopen', { visitAll: true, onUnsolved: 'reopen' });
    const c = await toReplied({ categoryId: catReopen });
    await caseOk(org.users.dispatcher, c.id, 'close');
    const t = await onlyTask(c.id);
    h.clock.set('2026-03-03T10:00:00+08:00');
    const v = await vaOk(org.users.visitor, t.id, 'complete', UNSOLVED);
    expect(v).toMatchObject({ status: 'done', solved: 'unsolved', satisfied: 'dissatisfied', followUp: 'reopened', supervisionId: null });
    const cv = await caseView(c.id);
    expect(cv.status).toBe('accepted');
    const types = cv.events.map((e: any) => e.type);
    expect(types.slice(-2)).toEqual(['record_return_visit', 'reopen']);
    const reopen = cv.events.at(-1);
    expect(reopen.data.byRule).toBe('return_visit_on_unsolved');
    expect(reopen.data.reason).toContain('回访未解决');
    // a fresh handling period from the reopening (第三十四条)
    expect(cv.clocks.filter((k: any) => k.rule === 'handle' && k.status === 'running')).toHaveLength(1);
    // the audit names the rule, and the member of staff who recorded the visit
    const audit = await h.rt.deps.db.selectFrom('audit_log').select(['actor_user_id', 'data']).where('action', '=', 'case.reopen').where('entity_id', '=', c.id).executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(org.users.visitor.id);
    expect(audit.data).toMatchObject({ byRule: 'return_visit_on_unsolved' });
    // the unit answers again: a new round, a new task
    h.clock.set('2026-03-10T10:00:00+08:00');
    await caseOk(org.users.handlerA, c.id, 'draft_reply', REPLY);
    await caseOk(org.users.headA, c.id, 'approve_reply');
    const all = await tasksOf(c.id);
    expect(all.map((x: any) => x.status).sort()).toEqual(['done', 'due']);
  });

  it('the reopen rule on a case not closed opens a supervision item instead, and says why', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const catReopen = await category('reopen-open', { visitAll: true, onUnsolved: 'reopen' });
    const c = await toReplied({ categoryId: catReopen });
    const t = await onlyTask(c.id);
    const v = await vaOk(org.users.visitor, t.id, 'complete', { ...UNSOLVED, satisfied: 'basically_satisfied' });
    expect(v.followUp).toBe('supervision');
    expect(v.followUpNote).toContain('事项未办结');
    expect((await caseView(c.id)).status).toBe('replied');
    const items = (await api(h, org.users.supervisor, 'GET', `/api/supervision?caseId=${c.id}`)).body.items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: v.supervisionId, source: 'return_visit', subjectEntity: 'return_visit', subjectId: t.id, unitId: org.units.deptA.id, officeUnitId: org.units.office.id });
  });

  it('the supervise rule opens one supervision item on the lead unit (source return_visit), not two', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const catSup = await category('supervise', { visitAll: true, onUnsolved: 'supervise' });
    const c = await toReplied({ categoryId: catSup });
    const t = await onlyTask(c.id);
    const v = await vaOk(org.users.visitor, t.id, 'complete', { channel: 'visit', solved: 'partly_solved', satisfied: 'dissatisfied' });
    expect(v.followUp).toBe('supervision');
    const item = (await api(h, org.users.supervisor, 'GET', `/api/supervision/${v.supervisionId}`)).body;
    expect(item).toMatchObject({ source: 'return_visit', status: 'open', unitId: org.units.deptA.id, caseId: c.id });
    expect(item.reason).toContain('回访不满意');
    // a second unsolved visit of the same case while the item is open joins it
    const r = await api(h, org.users.visitor, 'POST', '/api/visits', { caseId: c.id });
    expect(r.status).toBe(201);
    const w = await vaOk(org.users.visitor, r.body.id, 'complete', UNSOLVED);
    expect(w.supervisionId).toBe(v.supervisionId);
    expect(w.followUpNote).toContain('未重复立项');
    // partly solved and satisfied: nothing follows
    const d = await toReplied({ categoryId: catSup });
    const u = await onlyTask(d.id);
    expect((await vaOk(org.users.visitor, u.id, 'complete', { channel: 'phone', solved: 'partly_solved', satisfied: 'satisfied' })).followUp).toBe('none');
  });

  it('the rule none records the answer and nothing else', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const catNone = await category('follow-none', { visitAll: true, onUnsolved: 'none' });
    const c = await toReplied({ categoryId: catNone });
    await caseOk(org.users.dispatcher, c.id, 'close');
    const v = await vaOk(org.users.visitor, (await onlyTask(c.id)).id, 'complete', UNSOLVED);
    expect(v).toMatchObject({ followUp: 'none', supervisionId: null });
    expect((await caseView(c.id)).status).toBe('closed');
  });
});

// ------------------------------------------------------------------------------------------------ scope, clocks, board

describe('scope', () => {
  it('other city: nothing; an accusation is hidden from the accused (信访工作条例 第三十条)', async () => {
    h.clock.set('2026-03-02T09:00:00+08:00');
    const catAll = await category('scope', { visitAll: true });
    const c = await register({
      kind: 'accusation',
      title: '举报信访局工作人员违规收取费用',
      content: '信访局接待窗口工作人员在接待群众过程中违规收取材料费，请求调查处理。',
      accusedUnitId: org.units.street.id,
      accusedUserIds: [org.users.supervisor.id],
    });
    await caseOk(org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.discipline.id, routeType: 'discipline' });
    await caseOk(org.users.disciplineHandler, c.id, 'sign');
    await caseOk(org.users.disciplineHandler, c.id, 'accept', { procedure: '依规依纪依法办理' });
    await caseOk(org.users.disciplineHandler, c.id, 'draft_reply', { decision: 'partly_substantiated', facts: '经核查部分属实', reasons: '已依规处理', text: '特此答复' });
    await caseOk(org.users.disciplineHandler, c.id, 'approve_reply');
    // no category: the office's default row (set above: 0% sampled) does not visit it; a visit by hand
    expect(await tasksOf(c.id)).toEqual([]);
    const r = await api(h, org.users.visitor, 'POST', '/api/visits', { caseId: c.id });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const t = r.body;
    expect((await view(t.id, org.users.disciplineHandler)).unitId).toBe(org.units.discipline.id);
    // the accused member of the office sees nothing, in the list, the record, the board or the actions
    expect((await api(h, org.users.supervisor, 'GET', `/api/visits/${t.id}`)).status).toBe(404);
    expect((await tasksOf(c.id, org.users.supervisor))).toEqual([]);
    const board = (await api(h, org.users.supervisor, 'GET', '/api/visits/board')).body;
    expect(board.rows.map((r: any) => r.key)).not.toContain(org.units.discipline.id);
    // other city
    const other = await toReplied({ categoryId: catAll });
    const ot = await onlyTask(other.id);
    expect((await api(h, org.users.otherDispatcher, 'GET', `/api/visits/${ot.id}`)).status).toBe(404);
    const list = (await api(h, org.users.otherDispatcher, 'GET', '/api/visits?limit=500')).body.items.map((i: any) => i.id);
    expect(list).not.toContain(ot.id);
    expect(list).not.toContain(t.id);
    const ob = (await api(h, org.users.otherDispatcher, 'GET', '/api/visits/board')).body;
    expect(ob.rows.map((r: any) => r.key)).not.toContain(org.units.deptA.id);
    expect((await api(h, org.users.otherDispatcher, 'GET', `/api/visits/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`)).status).toBe(404);
  });
});

describe('clocks and the board', () => {
  it('the 3 working days run across the National Day holiday; the next attempt skips it; the sweep marks it overdue once', async () => {
    const catAll = await category('holiday', { visitAll: true });
    h.clock.set('2026-09-10T09:00:00+08:00');
    const c = await toAccepted({ categoryId: catAll });
    await caseOk(org.users.handlerA, c.id, 'draft_reply', REPLY);
    h.clock.set('2026-09-30T16:00:00+08:00'); // Wednesday before the holiday (10-01…10-07; Saturday 10-10 is a working day)
    await caseOk(org.users.headA, c.id, 'approve_reply');
    const t = await onlyTask(c.id);
    let v = await view(t.id);
    // 10-08, 10-09, 10-10 (调休 working Saturday) → ends 10-10 24:00
    expect(v.clocks.find((k: any) => k.rule === 'return_visit').dueAt).toBe(cst('2026-10-11T00:00:00'));
    v = await vaOk(org.users.visitor, t.id, 'record_unreached', { channel: 'phone' });
    expect(v.nextAttemptAt).toBe(cst('2026-10-08T09:00:00'));

    h.clock.set('2026-10-10T23:00:00+08:00');
    await sweepOrg(h, org);
    v = await view(t.id);
    expect(v.events.filter((e: any) => e.type === 'clock_overdue')).toHaveLength(0);
    let overdue = (await api(h, org.users.visitor, 'GET', `/api/visits?overdue=true&caseId=${c.id}`)).body.items;
    expect(overdue).toEqual([]);
    h.clock.set('2026-10-11T00:00:01+08:00');
    await sweepOrg(h, org);
    await sweepOrg(h, org);
    v = await view(t.id);
    expect(v.events.filter((e: any) => e.type === 'clock_overdue')).toHaveLength(1);
    expect(v.clocks.find((k: any) => k.rule === 'return_visit').level).toBe('overdue');
    overdue = (await api(h, org.users.visitor, 'GET', `/api/visits?overdue=true&caseId=${c.id}`)).body.items;
    expect(overdue.map((i: any) => i.id)).toEqual([t.id]);
    expect(overdue[0].dueLevel).toBe('overdue');
    // still open: the visit can be made late, and it says when it was due
    await vaOk(org.users.visitor, t.id, 'complete', SOLVED);
  });

  it('GET /api/visits/board: open tasks by responsible unit × due / overdue / retry', async () => {
    const org3 = await makeOrg(h);
    const r = await api(h, org3.users.admin, 'PUT', '/api/visits/policies', { officeUnitId: org3.units.office.id, categoryId: null, visitAll: true });
    expect(r.status).toBe(200);
    h.clock.set('2026-03-02T09:00:00+08:00');
    await toReplied({}, org3);
    const b = await toReplied({}, org3);
    await toReplied({}, org3, 'street');
    h.clock.set('2026-03-09T09:00:00+08:00');
    const d = await toReplied({}, org3); // due 03-12 24:00
    const tb = (await api(h, org3.users.visitor, 'GET', `/api/visits?caseId=${b.id}`)).body.items[0];
    const rr = await api(h, org3.users.visitor, 'POST', `/api/visits/${tb.id}/actions/record_unreached`, { channel: 'phone' });
    expect(rr.status, JSON.stringify(rr.body)).toBe(200);
    const board = (await api(h, org3.users.visitor, 'GET', '/api/visits/board')).body;
    expect(board.rowLabel.zh).toBe('责任单位');
    expect(board.cols.map((c: any) => c.key)).toEqual(['due', 'overdue', 'retry']);
    const cell = (unit: string, col: string) => board.cells.find((x: any) => x.row === unit && x.col === col)?.count ?? 0;
    // a (03-02 → due 03-05) is overdue on 03-09; b too (a retry past its deadline counts as overdue); d is due
    expect(cell(org3.units.deptA.id, 'overdue')).toBe(2);
    expect(cell(org3.units.deptA.id, 'due')).toBe(1);
    expect(cell(org3.units.street.id, 'overdue')).toBe(1);
    expect(board.rows.find((x: any) => x.key === org3.units.deptA.id).label.zh).toBe('测试市住建局');
    // the unit sees its own row only
    const asUnit = (await api(h, org3.users.handlerA, 'GET', '/api/visits/board')).body;
    expect(asUnit.rows.map((x: any) => x.key)).toEqual([org3.units.deptA.id]);
    // a retry within its deadline
    h.clock.set('2026-03-10T09:00:00+08:00');
    const td = (await api(h, org3.users.visitor, 'GET', `/api/visits?caseId=${d.id}`)).body.items[0];
    await api(h, org3.users.visitor, 'POST', `/api/visits/${td.id}/actions/record_unreached`, { channel: 'phone' });
    const again = (await api(h, org3.users.visitor, 'GET', '/api/visits/board')).body;
    expect(again.cells.find((x: any) => x.row === org3.units.deptA.id && x.col === 'retry')?.count).toBe(1);
    expect(again.cells.find((x: any) => x.row === org3.units.deptA.id && x.col === 'due')).toBeUndefined();
  });
});

describe('the table', () => {
  it('every action of the return-visit table was exercised above', () => {
    for (const t of VISIT_WORKFLOW.transitions) expect(exercised, t.action).toContain(t.action);
  });
});
