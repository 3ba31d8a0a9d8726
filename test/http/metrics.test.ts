/**
 * GET /api/metrics on a small world driven through the real API — cases, return visits, disputes and hazards — whose
 * every numerator and denominator was computed by hand (below, next to each assertion). Also: the category subtree,
 * the period end (handling after it changes neither backlog nor overdue), weights read from the configuration, scope
 * (a district sees its subtree, another city gets 404), roles, bad input, an accusation hidden from the viewer still
 * counted, and no personal data in the answer.
 *
 * Everything happens in 2041, a year no other test file reaches: on PostgreSQL the files share one database and
 * their clock sweeps (simulated 2026 and 2040) must never touch these clocks. This file runs no sweep: the metrics
 * compare due_at with the time of each act, never the sweep's overdue_at. Numbers are read for our org's units only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/org/roles.js';
import type { UnitRow } from '../../src/org/units.js';
import { addUser as addUserTo, act, api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;
let districtAnalyst: TestUser;
const cat = { K1: '', K1a: '', K2: '' };
/** the cases of the world, by the names used in the hand computations */
const c: Record<string, { id: string; trackingCode: string; trackingSecret: string }> = {};

const cst = (iso: string) => new Date(`${iso}+08:00`).toISOString();
const at = (iso: string) => h.clock.set(cst(iso));

const addUser = (key: string, unit: UnitRow, roles: Role[]) => addUserTo(h, org, key, unit, roles);

async function ok(user: TestUser, url: string, payload: unknown = {}, status = 200) {
  const r = await api(h, user, 'POST', url, payload);
  expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(status);
  return r.body;
}
const caseDo = (user: TestUser, id: string, action: string, input: unknown = {}) => ok(user, `/api/cases/${id}/actions/${action}`, input);
const visitDo = (id: string, action: string, input: unknown = {}) => ok(org.users.visitor, `/api/visits/${id}/actions/${action}`, input);
const disputeDo = (user: TestUser, id: string, action: string, input: unknown = {}) => ok(user, `/api/disputes/${id}/actions/${action}`, input);
const hazardDo = (user: TestUser, id: string, action: string, input: unknown = {}) => ok(user, `/api/hazards/${id}/actions/${action}`, input);

async function register(name: string, when: string, over: Record<string, unknown> = {}, user: TestUser = org.users.intake) {
  at(when);
  const r = await api(h, user, 'POST', '/api/cases', sampleCase(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  c[name] = r.body;
  return r.body.id as string;
}

const REPLY = {
  decision: 'support',
  facts: '经现场核查，反映情况属实。',
  reasons: '属于本单位职责范围。',
  legalBasis: '《物业管理条例》第三十五条',
  text: '经调查，您反映的问题属实，已督促整改。',
};
const ACCEPT = { procedure: '按《信访工作条例》第三十一条第六项办理。' };

async function reply(id: string, when: string, handler = org.users.handlerA, head = org.users.headA) {
  at(when);
  await caseDo(handler, id, 'draft_reply', REPLY);
  await caseDo(head, id, 'approve_reply');
}

async function openVisit(caseName: string, when: string) {
  at(when);
  const r = await api(h, org.users.visitor, 'POST', '/api/visits', { caseId: c[caseName]!.id });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

async function evaluateByCitizen(name: string, rating: string) {
  const r = await api(h, null, 'POST', '/api/public/actions/evaluate', { code: c[name]!.trackingCode, secret: c[name]!.trackingSecret, input: { rating } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

// ------------------------------------------------------------------------------------------------ registers

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function rectifiedPhoto(id: string) {
  const boundary = '----metrics' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="stage"\r\n\r\nrectified\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="整改后.png"\r\nContent-Type: image/png\r\n\r\n`),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await h.app.inject({ method: 'POST', url: `/api/hazards/${id}/photos`, headers: { cookie: org.users.handlerA.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  expect(r.statusCode, r.body).toBe(200);
}

/** A hazard reported and assigned to 住建局 at `when`: 30 calendar days of hazard_rectify. */
async function hazard(when: string) {
  at(when);
  const r = await api(h, org.users.dispatcher, 'POST', '/api/hazards', {
    source: 'inspection',
    type: 'gas',
    grade: 'general',
    title: '底商餐饮店燃气软管老化',
    description: '检查发现底商餐饮店燃气软管老化开裂，未安装燃气泄漏报警装置。',
    place: '东区青山街道幸福小区底商',
    foundBy: '区应急管理局检查组',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const id = r.body.id as string;
  await hazardDo(org.users.dispatcher, id, 'assign', { unitId: org.units.deptA.id, leader: { name: '王建国', post: '测试市住建局副局长' }, requirements: '限期整改到位。' });
  return id;
}

async function rectify(id: string, when: string) {
  at(when);
  await hazardDo(org.users.handlerA, id, 'plan', { measures: '停用老化软管，更换金属波纹管并加装燃气泄漏报警装置。' });
  await rectifiedPhoto(id);
  await hazardDo(org.users.handlerA, id, 'report_rectified', { rectification: '已全部更换金属波纹管并加装报警装置，试验正常。' });
}

async function dispute(when: string) {
  at(when);
  const r = await api(h, org.users.mediator, 'POST', '/api/disputes', {
    type: 'neighbours',
    title: '楼上装修噪音引发邻里纠纷',
    description: '幸福小区3号楼501室装修期间长期噪音扰民，双方多次争吵。',
    place: '东区青山街道幸福小区3号楼',
    source: 'grid',
    parties: [
      { role: 'applicant', name: '李四海', phone: '13900001111' },
      { role: 'respondent', name: '王五福', phone: '13900002222' },
    ],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const id = r.body.id as string;
  await disputeDo(org.users.mediator, id, 'assign', { committeeUnitId: org.units.street.id, mediatorUserId: org.users.streetMediator.id });
  await disputeDo(org.users.streetMediator, id, 'accept', { initiation: 'applied', consent: true });
  return id;
}
const AGREEMENT = { content: '501室业主承诺装修施工时间为工作日8时至12时、14时至18时，并向401室赔礼道歉。', form: 'written' };

// ------------------------------------------------------------------------------------------------ the world

beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
  districtAnalyst = await addUser('districtAnalyst', org.units.district, ['analyst']);
  const u = org.users;
  const category = async (key: string, parentId?: string) => {
    const r = await api(h, u.admin, 'POST', '/api/categories', { code: `metrics-${key}-${org.tag}`, name: `指标测试${key}`, kind: 'appeal', ...(parentId ? { parentId } : {}) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  cat.K1 = await category('K1');
  cat.K1a = await category('K1a', cat.K1);
  cat.K2 = await category('K2');
  // visits only by hand, at most one attempt, nothing follows an unsolved answer: the tasks below are all there are
  at('2041-01-02T09:00:00');
  const p = await api(h, u.admin, 'PUT', '/api/visits/policies', { officeUnitId: org.units.office.id, categoryId: null, samplePercent: 0, visitUnsatisfied: false, visitUrgent: false, maxAttempts: 1, onUnsolved: 'none' });
  expect(p.status, JSON.stringify(p.body)).toBe(200);

  const toAccepted = async (name: string, when: string, over: Record<string, unknown>) => {
    const id = await register(name, `${when}T09:00:00`, over);
    await caseDo(u.dispatcher, id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    await caseDo(u.handlerA, id, 'sign');
    await caseDo(u.handlerA, id, 'accept', ACCEPT);
    return id;
  };
  // January: three cases whose 60-day handling deadlines fall in March
  await toAccepted('C7', '2041-01-07', { categoryId: cat.K2 }); // handle due 03-08 → due_at 03-09 00:00
  await toAccepted('C9', '2041-01-08', { categoryId: cat.K2 }); // 01-08 + 60 = Sat 03-09 → Mon 03-11 → due_at 03-12 00:00
  await toAccepted('C8', '2041-01-10', { categoryId: cat.K2 }); // due 03-11, extended by 30 days → 04-10
  await caseDo(u.handlerA, c.C8!.id, 'request_extension', { days: 30, reason: '需要委托第三方检测房屋结构' });
  at('2041-01-20T09:00:00');
  await caseDo(u.headA, c.C8!.id, 'approve_extension');

  // February: hazards assigned with 30-day rectification periods, a dispute concluded before the period
  const H1 = await hazard('2041-02-11T10:00:00'); // due 03-13 → due_at 03-14 00:00
  const H2 = await hazard('2041-02-12T10:00:00'); // due 03-14
  await hazard('2041-02-13T10:00:00'); // H3: due 03-15, never rectified
  const H4 = await hazard('2041-02-15T10:00:00'); // 02-15 + 30 = Sun 03-17 → Mon 03-18
  at('2041-02-11T11:00:00');
  const H5 = (await api(h, u.dispatcher, 'POST', '/api/hazards', { source: 'inspection', type: 'fire', grade: 'general', title: '重复登记的隐患', description: '与已登记的隐患重复，应予撤销。', place: '东区青山街道', foundBy: '街道安全员' })).body.id;
  await hazardDo(u.dispatcher, H5, 'dismiss', { reason: '与已登记隐患重复。' });
  const D5 = await dispute('2041-02-15T09:00:00');
  at('2041-02-20T09:00:00');
  await disputeDo(u.streetMediator, D5, 'conclude_agreement', AGREEMENT);

  // March, the period measured
  await register('OC1', '2041-03-01T09:00:00', {}, u.otherDispatcher); // another city
  await caseDo(u.otherDispatcher, c.OC1!.id, 'route', { mode: 'forward', leadUnitId: org.units.otherCity.id });

  await register('C4', '2041-03-02T09:00:00', { categoryId: cat.K2 });
  at('2041-03-02T10:00:00');
  await caseDo(u.dispatcher, c.C4!.id, 'route', { mode: 'forward', leadUnitId: org.units.deptB.id }); // accept_notice 03-02 + 15 = Sun 03-17 → 03-18

  await register('C1', '2041-03-04T09:00:00', { channel: 'hotline', categoryId: cat.K1a });
  await register('C2', '2041-03-04T09:05:00', { channel: 'hotline', categoryId: cat.K1 });
  await register('C3', '2041-03-04T09:10:00', { categoryId: cat.K2 });
  await register('C5', '2041-03-04T09:15:00', { channel: 'hotline', categoryId: cat.K1a });
  at('2041-03-04T10:00:00');
  await caseDo(u.dispatcher, c.C1!.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
  await caseDo(u.dispatcher, c.C2!.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
  await caseDo(u.dispatcher, c.C3!.id, 'route', { mode: 'forward', leadUnitId: org.units.street.id });
  await caseDo(u.dispatcher, c.C5!.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
  await caseDo(u.streetHandler, c.C3!.id, 'sign');
  at('2041-03-04T10:30:00');
  await caseDo(u.handlerA, c.C5!.id, 'object', { reason: '该事项属于生态环境局职责范围，不属于本单位。' });
  at('2041-03-04T11:00:00');
  await caseDo(u.handlerA, c.C1!.id, 'sign'); // 1 h after dispatch
  await caseDo(u.dispatcher, c.C5!.id, 'uphold_objection', { leadUnitId: org.units.deptB.id });
  at('2041-03-04T11:30:00');
  await caseDo(u.handlerB, c.C5!.id, 'sign'); // 0.5 h after the new dispatch

  at('2041-03-05T09:00:00');
  await caseDo(u.handlerA, c.C1!.id, 'accept', ACCEPT);
  await caseDo(u.handlerB, c.C5!.id, 'accept', ACCEPT);
  await rectify(H1, '2041-03-05T10:00:00');
  const D1 = await dispute('2041-03-05T11:00:00');
  const D2 = await dispute('2041-03-05T11:10:00');
  const D3 = await dispute('2041-03-05T11:20:00');
  await dispute('2041-03-05T11:30:00'); // D4 stays in mediation
  at('2041-03-06T09:00:00');
  await hazardDo(u.dispatcher, H1, 'verify_pass', { verification: '现场核查：已全部整改到位。' });
  at('2041-03-06T10:00:00');
  await caseDo(u.handlerA, c.C2!.id, 'sign'); // 48 h after dispatch
  await caseDo(u.handlerA, c.C2!.id, 'accept', ACCEPT);
  await register('C6', '2041-03-06T11:00:00');
  await caseDo(u.intake, c.C6!.id, 'merge_duplicate', { relatedCaseId: c.C1!.id });
  at('2041-03-07T09:00:00');
  await hazardDo(u.dispatcher, H1, 'close', { note: '整改到位，予以销号。' });

  await reply(c.C1!.id, '2041-03-10T09:00:00');
  at('2041-03-10T10:00:00');
  await disputeDo(u.streetMediator, D1, 'conclude_agreement', AGREEMENT);
  await rectify(H4, '2041-03-10T11:00:00');
  at('2041-03-11T09:00:00');
  await evaluateByCitizen('C1', 'satisfied');
  await hazardDo(u.dispatcher, H4, 'verify_pass', { verification: '现场核查：已全部整改到位。' }); // not closed out
  const V1 = await openVisit('C1', '2041-03-12T09:00:00');
  await visitDo(V1, 'complete', { channel: 'phone', solved: 'solved', satisfied: 'satisfied' });
  await disputeDo(u.streetMediator, D2, 'conclude_no_agreement', { reason: '双方对赔偿金额分歧过大。', remediesExplained: true });
  at('2041-03-13T09:00:00');
  await caseDo(u.dispatcher, c.C1!.id, 'close');

  await reply(c.C7!.id, '2041-03-15T09:00:00'); // after its deadline (03-08)
  at('2041-03-15T10:00:00');
  await disputeDo(u.streetMediator, D3, 'refer', { to: 'court', authority: '东区人民法院', reason: '涉及房屋损害鉴定，引导诉讼解决。' });
  at('2041-03-16T09:00:00');
  await caseDo(u.intake, c.C7!.id, 'evaluate', { rating: 'dissatisfied' }); // recorded for the citizen by phone
  const V4 = await openVisit('C7', '2041-03-17T09:00:00');
  await visitDo(V4, 'cancel', { reason: '群众要求改日再回访。' });
  await openVisit('C7', '2041-03-17T10:00:00'); // V6 stays open
  const V5 = await openVisit('C9', '2041-03-18T09:00:00'); // C9's handling deadline has passed unreplied
  await visitDo(V5, 'close_unreachable', { channel: 'phone' });

  await reply(c.C2!.id, '2041-03-20T09:00:00');
  await reply(c.C8!.id, '2041-03-20T10:00:00'); // before its extended deadline (04-10)
  await rectify(H2, '2041-03-20T11:00:00'); // after its deadline (03-14)
  await hazard('2041-03-20T12:00:00'); // H6: due in April
  at('2041-03-21T09:00:00');
  await evaluateByCitizen('C2', 'basically_satisfied');
  await hazardDo(u.dispatcher, H2, 'verify_pass', { verification: '现场核查：已全部整改到位。' });
  await hazardDo(u.dispatcher, H2, 'close', { note: '逾期整改到位，予以销号。' });
  const V2 = await openVisit('C2', '2041-03-22T09:00:00');
  await visitDo(V2, 'complete', { channel: 'phone', solved: 'partly_solved', satisfied: 'basically_satisfied' });
  const V3 = await openVisit('C8', '2041-03-22T10:00:00');
  await visitDo(V3, 'complete', { channel: 'phone', solved: 'unsolved', satisfied: 'dissatisfied' });

  at('2041-03-25T09:00:00');
  await caseDo(u.streetHandler, c.C3!.id, 'accept', ACCEPT); // after its acceptance deadline (03-19)
  // an accusation naming the analyst: hidden from the analyst (第三十条), still counted
  await register('ACC', '2041-03-25T09:00:00', { kind: 'accusation', channel: 'letter', accusedUserIds: [u.analyst.id] });

  // after the period: changes neither the March backlog nor the March overdue
  await reply(c.C9!.id, '2041-04-02T09:00:00');
  at('2041-04-05T09:00:00');
  await caseDo(u.handlerB, c.C4!.id, 'sign');
  await caseDo(u.handlerB, c.C4!.id, 'accept', ACCEPT);
  at('2041-04-10T12:00:00');
}, 240_000);
afterAll(async () => h?.close());

const MARCH = 'from=2041-03-01&to=2041-03-31';

async function metrics(user: TestUser, query = MARCH) {
  const r = await api(h, user, 'GET', `/api/metrics?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
const nd = (body: any) => Object.fromEntries(body.metrics.map((m: any) => [m.key, [m.numerator, m.denominator]]));
const count = (list: any[], key: string | null, field = 'id') => list.find((x) => x[field] === key)?.count ?? 0;

describe('the city in March 2041, computed by hand', () => {
  it('the deadlines the hand computation rests on', async () => {
    const due = async (name: string, rule: string) => {
      const v = await api(h, org.users.dispatcher, 'GET', `/api/cases/${c[name]!.id}`);
      return v.body.clocks.filter((k: any) => k.rule === rule).map((k: any) => k.dueAt);
    };
    expect(await due('C7', 'handle')).toEqual([cst('2041-03-09T00:00:00')]);
    expect(await due('C9', 'handle')).toEqual([cst('2041-03-12T00:00:00')]);
    expect(await due('C8', 'handle')).toEqual([cst('2041-04-11T00:00:00')]);
    expect(await due('C4', 'accept_notice')).toEqual([cst('2041-03-19T00:00:00')]);
    expect(await due('C3', 'accept_notice')).toEqual([cst('2041-03-20T00:00:00')]);
  });

  it('answers every rate with its numerator and denominator', async () => {
    const body = await metrics(org.users.dispatcher);
    expect(body).toMatchObject({ unit: { id: org.units.city.id, name: '测试市' }, category: null, from: '2041-03-01', to: '2041-03-31', asOf: cst('2041-04-01T00:00:00') });
    expect(nd(body)).toEqual({
      // accept_notice clocks due in March: C4 at 生态环境局 (due 03-18, decided 04-05: late), C1 (met 03-05), C2 (03-06),
      // C3 (due 03-19, met 03-25: late), C5 at 生态环境局 (met 03-05). C5 at 住建局 stopped by the upheld objection before it
      // fell due: not counted. C7–C9 were due in January. → 3 / 5
      timely_acceptance: [3, 5],
      // handle clocks: met on time in March — C1 (03-10), C2 (03-20), C8 (03-20, extended to 04-10) → 3;
      // fell due in March unreplied — C7 (due 03-08, replied 03-15), C9 (due 03-11, replied 04-02) → +2. C1/C2/C3/C5's
      // own deadlines lie in May; C9's late reply in April is not counted again. → 3 / 5
      on_time_completion: [3, 5],
      // hotline lead dispatches in March: C1→住建局 signed after 1 h ✓, C2→住建局 after 48 h ✗, C5→住建局 returned unsigned ✗,
      // C5→生态环境局 after 0.5 h ✓ (window 24 h); C3, C4 are not hotline orders → 2 / 4
      response: [2, 4],
      // visits completed in March: V1 solved, V2 partly solved (0.5), V3 unsolved; V5 unreachable has no answer → 1.5 / 3
      resolution: [1.5, 3],
      // answers issued in March: replies of C1 (03-10), C7 (03-15), C2 (03-20), C8 (03-20); evaluated: C1, C7, C2 → 3 / 4
      participation: [3, 4],
      // evaluations in March: C1 满意, C7 不满意, C2 基本满意 → (1 + 1) / 3
      satisfaction: [2, 3],
      // tasks opened in March: V1 done, V4 cancelled (not due), V6 open, V5 unreachable, V2 done, V3 done → 3 / 5
      return_visit: [3, 5],
      // received in March: C4, C1, C2, C3, C5, C6, ACC (OC1 is another city's; C7–C9 January); repeat: C6 → 1 / 7
      repeat: [1, 7],
      // lead dispatches in March: C4→生态环境局, C1, C2, C3→街道, C5→住建局, C5→生态环境局; returned: C5→住建局 → 1 / 6
      return: [1, 6],
      // received in March, not merged: C4, C1, C2, C3, C5, ACC; closed: C1 → 1 / 6
      closure: [1, 6],
      // concluded in March: D1 agreement, D2 no agreement, D3 referred; D4 still mediating, D5 concluded in February → 1 / 3
      mediation_success: [1, 3],
      // first rectification deadline in March: H1 (03-13; rectified 03-05, closed) ✓, H2 (03-14; rectified 03-20) ✗,
      // H3 (03-15; not rectified) ✗, H4 (03-18; rectified 03-10, verified, not closed out) ✗; H5 dismissed, H6 due in April → 1 / 4
      hazard_closeout: [1, 4],
    });
    const m = Object.fromEntries(body.metrics.map((x: any) => [x.key, x]));
    expect(m.resolution.parts).toEqual({ solved: 1, partly_solved: 1, unsolved: 1 });
    expect(m.satisfaction.parts).toEqual({ satisfied: 1, basically_satisfied: 1, dissatisfied: 1 });
    expect(m.return.rate).toBeCloseTo(1 / 6, 12);
    expect(m.timely_acceptance.label).toEqual({ zh: '及时受理率', en: 'Timely acceptance rate' });
    // 100 × (30 × 2/4 + 35 × 1.5/3 + 35 × 2/3) / 100 = 15 + 17.5 + 23.33…
    expect(body.composite.weights).toEqual({ response: 30, resolution: 35, satisfaction: 35 });
    expect(body.composite.score).toBeCloseTo(55.8333, 3);
  });

  it('counts intake, backlog, ageing and overdue as they stood at the end of March', async () => {
    const { counts } = await metrics(org.users.dispatcher);
    const { intake, backlog, ageing, overdue } = counts;
    // C1, C2, C5 by 12345; C4, C3, C6 by phone; ACC by letter
    expect(intake.total).toBe(7);
    expect(Object.fromEntries(intake.byChannel.map((x: any) => [x.key, x.count]))).toEqual({ web: 0, phone: 3, letter: 1, email: 0, visit: 0, fax: 0, hotline: 3, api: 0 });
    // exact categories: K1a C1, C5; K1 C2; K2 C4, C3; none C6, ACC
    expect([count(intake.byCategory, cat.K1a), count(intake.byCategory, cat.K1), count(intake.byCategory, cat.K2), count(intake.byCategory, null)]).toEqual([2, 1, 2, 2]);
    // responsible unit: 住建局 C1, C2; 生态环境局 C4, C5 (after the upheld objection); 街道 C3; 信访局 C6, ACC (never dispatched)
    expect([count(intake.byUnit, org.units.deptA.id), count(intake.byUnit, org.units.deptB.id), count(intake.byUnit, org.units.street.id), count(intake.byUnit, org.units.office.id)]).toEqual([2, 2, 1, 2]);
    // area: C3's street lies in 东区; the city's own units have no district
    expect(intake.byArea).toEqual([
      { id: null, name: null, count: 6 },
      { id: org.units.district.id, name: '东区', count: 1 },
    ]);
    // open at 04-01 00:00: C4 dispatched (signed only 04-05), C3, C5 accepted, C9 accepted (replied only 04-02), ACC registered
    expect(backlog.total).toBe(5);
    expect(Object.fromEntries(backlog.byStatus.filter((x: any) => x.count).map((x: any) => [x.key, x.count]))).toEqual({ accepted: 3, dispatched: 1, registered: 1 });
    // whole days from receipt to 04-01 00:00: ACC 6; C3, C5 27; C4 29; C9 82
    expect(Object.fromEntries(ageing.map((x: any) => [x.key, x.count]))).toEqual({ '0-7': 1, '8-15': 0, '16-30': 3, '31-60': 0, '61-90': 1, '90+': 0 });
    // running and past due at 04-01 00:00: C4's acceptance notice (due 03-18), C9's handling (due 03-11)
    expect(overdue).toMatchObject({ total: 2, cases: 2 });
    expect(overdue.byRule.map((x: any) => [x.key, x.clocks, x.cases])).toEqual([
      ['accept_notice', 1, 1],
      ['handle', 1, 1],
    ]);
  });

  it('a category means its subtree (K1 = K1 + K1a: C1, C2, C5)', async () => {
    const body = await metrics(org.users.dispatcher, `${MARCH}&categoryId=${cat.K1}`);
    expect(body.category).toEqual({ id: cat.K1, name: '指标测试K1' });
    expect(nd(body)).toEqual({
      timely_acceptance: [3, 3], // C1, C2, C5 at 生态环境局
      on_time_completion: [2, 2], // C1, C2
      response: [2, 4], // every hotline order is K1
      resolution: [1.5, 2], // V1 solved, V2 partly
      participation: [2, 2], // C1, C2 replied and evaluated
      satisfaction: [2, 2],
      return_visit: [2, 2], // V1, V2
      repeat: [0, 3],
      return: [1, 4], // C1, C2, C5→住建局 (returned), C5→生态环境局
      closure: [1, 3],
      mediation_success: [0, 0], // the disputes came from no case
      hazard_closeout: [0, 0],
    });
    expect(body.metrics.find((m: any) => m.key === 'mediation_success').rate).toBeNull();
    expect(body.counts.intake.total).toBe(3);
    expect(body.counts.backlog.total).toBe(1); // C5
    expect(body.counts.overdue.total).toBe(0);
  });

  it('reads the weights and the response window from the configuration', async () => {
    const settings = h.rt.deps.config.metrics;
    const saved = { ...settings };
    try {
      Object.assign(settings, { responseHours: 72, partlySolvedWeight: 1, basicallySatisfiedWeight: 0, composite: { response: 1, resolution: 0, satisfaction: 0 } });
      const body = await metrics(org.users.dispatcher);
      const v = nd(body);
      expect(v.response).toEqual([3, 4]); // C2's 48 h now within the window
      expect(v.resolution).toEqual([2, 3]); // partly solved counts whole
      expect(v.satisfaction).toEqual([1, 3]); // 基本满意 counts nothing
      expect(body.composite.score).toBeCloseTo(75, 9); // response alone: 3/4
    } finally {
      Object.assign(settings, saved);
    }
  });
});

describe('scope', () => {
  it('a district sees its subtree only; asking for a unit above it or in another city answers 404', async () => {
    const body = await metrics(districtAnalyst);
    expect(body.unit).toEqual({ id: org.units.district.id, name: '东区' });
    // 东区 holds 青山街道 only: C3 (phone, accepted late, not returned) and the street committee's disputes
    expect(nd(body)).toEqual({
      timely_acceptance: [0, 1],
      on_time_completion: [0, 0],
      response: [0, 0],
      resolution: [0, 0],
      participation: [0, 0],
      satisfaction: [0, 0],
      return_visit: [0, 0],
      repeat: [0, 1],
      return: [0, 1],
      closure: [0, 1],
      mediation_success: [1, 3],
      hazard_closeout: [0, 0],
    });
    expect(body.counts.intake.total).toBe(1);
    expect(body.counts.backlog.total).toBe(1);
    expect(body.composite.score).toBeNull();
    expect(nd(await metrics(districtAnalyst, `${MARCH}&unitId=${org.units.street.id}`))).toEqual(nd(body));
    for (const unitId of [org.units.city.id, org.units.deptA.id, org.units.otherCity.id, '999999999']) {
      const r = await api(h, districtAnalyst, 'GET', `/api/metrics?${MARCH}&unitId=${unitId}`);
      expect(r.status, unitId).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('another city gets 404 for ours and sees only its own', async () => {
    for (const unitId of [org.units.city.id, org.units.office.id, org.units.street.id]) {
      const r = await api(h, org.users.otherDispatcher, 'GET', `/api/metrics?${MARCH}&unitId=${unitId}`);
      expect(r.status).toBe(404);
    }
    const body = await metrics(org.users.otherDispatcher);
    expect(body.unit.id).toBe(org.units.otherCity.id);
    expect(body.counts.intake.total).toBe(1); // OC1
    expect(nd(body).timely_acceptance).toEqual([0, 1]); // OC1 dispatched 03-01, never decided
  });

  it('a unit head sees the unit’s own figures', async () => {
    const v = nd(await metrics(org.users.headA));
    expect(v.timely_acceptance).toEqual([2, 2]); // C1, C2 (C5's clock at 住建局 ended by the upheld objection)
    expect(v.return).toEqual([1, 3]); // C1, C2, C5
    expect(v.on_time_completion).toEqual([3, 5]); // all five handling clocks ran at 住建局
  });

  it('an accusation hidden from the viewer is counted all the same: every viewer gets the same numbers', async () => {
    expect((await api(h, org.users.analyst, 'GET', `/api/cases/${c.ACC!.id}`)).status).toBe(404);
    const [a, d, s] = [await metrics(org.users.analyst), await metrics(org.users.dispatcher), await metrics(org.users.supervisor)];
    expect(a.counts.intake.total).toBe(7);
    expect(a.metrics).toEqual(d.metrics);
    expect(a.counts).toEqual(d.counts);
    expect(s.metrics).toEqual(d.metrics);
  });

  it('answers numbers and names of units and categories only: no case, no person', async () => {
    const text = JSON.stringify(await metrics(org.users.analyst));
    for (const secret of ['张三丰', '13812341234', '110101199001010000', '李四海', '13900001111', ...Object.values(c).map((x) => x.id), ...Object.values(c).map((x) => x.trackingCode)])
      expect(text).not.toContain(secret);
  });
});

describe('who may ask, and bad input', () => {
  it('staff of the analyst, supervisor, dispatcher and unit_head roles only', async () => {
    expect((await api(h, null, 'GET', `/api/metrics?${MARCH}`)).status).toBe(401);
    for (const who of [org.users.handlerA, org.users.intake, org.users.visitor, org.users.mediator, org.users.admin]) {
      const r = await api(h, who, 'GET', `/api/metrics?${MARCH}`);
      expect(r.status, who.username).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('400 naming the field', async () => {
    const fields = async (query: string) => {
      const r = await api(h, org.users.analyst, 'GET', `/api/metrics?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      return r.body.error.details.issues.map((i: any) => i.field);
    };
    expect(await fields('to=2041-03-31')).toEqual(['from']);
    expect(await fields('from=2041-02-30&to=2041-03-31')).toEqual(['from']);
    expect(await fields('from=2041-03-31&to=2041-03-01')).toEqual(['to']);
    expect(await fields('from=2040-01-01&to=2041-03-31')).toEqual(['to']);
    expect(await fields(`${MARCH}&unitId=abc`)).toEqual(['unitId']);
    expect(await fields(`${MARCH}&categoryId=x1`)).toEqual(['categoryId']);
    expect(await fields(`${MARCH}&categoryId=999999999999`)).toEqual(['categoryId']);
  });

  it('is in the OpenAPI document with its query parameters', async () => {
    const r = await api(h, null, 'GET', '/api/openapi.json');
    const op = r.body.paths['/api/metrics'].get;
    expect(op.tags).toEqual(['analytics']);
    expect(op.parameters.map((p: any) => [p.name, p.required])).toEqual([
      ['from', true],
      ['to', true],
      ['unitId', false],
      ['categoryId', false],
    ]);
  });
});
