/**
 * 矛盾纠纷调解 end to end (人民调解法): registering a dispute, assigning a committee and a mediator, acceptance with
 * the parties' consent, sessions, the three outcomes, the follow-up of an agreement's performance (opening a
 * supervision item when not performed), the 30-day judicial confirmation window across a holiday, a petition
 * converted to a dispute and back with both timelines, masked parties with an audited reveal, scope, concurrency,
 * bad input, the board and the success rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPUTE_WORKFLOW } from '../../src/mediation/workflow.js';
import { hashPassword } from '../../src/org/auth.js';
import type { Role } from '../../src/org/roles.js';
import { createUnit, type UnitRow } from '../../src/org/units.js';
import { docxText, documentFile, pdfText } from '../helpers/documents.js';
import { act, api, login, makeOrg, PASSWORD, sampleCase, startHarness, type Harness, type Org, type TestUser, sweepOrg } from '../helpers/harness.js';

let h: Harness;
let org: Org;
/** a second district of the same city, with a street and its mediator: the street mediator of 东区 must not see it */
let west: { district: UnitRow; street: UnitRow };
let westMediator: TestUser;
/** a second mediator of 东区青山街道's committee */
let streetMediator2: TestUser;

async function addUser(o: Org, key: string, unit: UnitRow, roles: Role[]): Promise<TestUser> {
  const username = `${key}-${o.tag}`.toLowerCase();
  const row = await h.rt.deps.db
    .insertInto('users')
    .values({ username, display_name: `${key}测试员`, password_hash: await hashPassword(PASSWORD), unit_id: unit.id, roles })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { username, id: row.id, cookie: await login(h, username) };
}

beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
  const district = await createUnit(h.rt.deps.db, { code: `D2-${org.tag}`, name: '西区', type: 'district', parentId: org.units.city.id });
  const street = await createUnit(h.rt.deps.db, { code: `D2S1-${org.tag}`, name: '西区枫林街道', type: 'street', parentId: district.id });
  west = { district, street };
  westMediator = await addUser(org, 'westMediator', street, ['mediator']);
  streetMediator2 = await addUser(org, 'streetMediator2', org.units.street, ['mediator']);
});
afterAll(async () => h?.close());

const cst = (iso: string) => new Date(`${iso}+08:00`).toISOString();

const SAMPLE = (over: Record<string, unknown> = {}) => ({
  type: 'neighbours',
  title: '楼上装修噪音及渗水引发邻里纠纷',
  description: '青山街道幸福小区3号楼501室装修期间长期噪音扰民，并造成楼下401室天花板渗水，双方多次争吵。',
  place: '东区青山街道幸福小区3号楼',
  lat: 30.59,
  lng: 114.3,
  source: 'grid',
  parties: [
    { role: 'applicant', name: '李四海', phone: '13900001111', address: '测试市东区青山街道幸福小区3号楼401室' },
    { role: 'respondent', name: '王五福', phone: '13900002222' },
  ],
  ...over,
});

const AGREEMENT = {
  content: '501室业主于十五日内修复卫生间防水层，并赔偿401室天花板维修费用人民币3000元；双方约定装修施工时间为工作日8时至12时、14时至18时。',
  form: 'written',
};
const ACCEPT = { initiation: 'applied', consent: true };
const assignInput = (mediator: TestUser = org.users.streetMediator, committee: UnitRow = org.units.street) => ({ committeeUnitId: committee.id, mediatorUserId: mediator.id });

const dsp = (user: TestUser, id: string, action: string, input: unknown = {}) => api(h, user, 'POST', `/api/disputes/${id}/actions/${action}`, input);

async function ok(user: TestUser, id: string, action: string, input: unknown = {}) {
  const r = await dsp(user, id, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

async function refused(user: TestUser, id: string, action: string, input: unknown, status: number, code: string) {
  const r = await dsp(user, id, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(status);
  expect(r.body.error.code).toBe(code);
  return r.body;
}

async function create(user: TestUser = org.users.mediator, over: Record<string, unknown> = {}) {
  const r = await api(h, user, 'POST', '/api/disputes', SAMPLE(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

async function view(id: string, user: TestUser = org.users.mediator) {
  const r = await api(h, user, 'GET', `/api/disputes/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function mediating(over: Record<string, unknown> = {}) {
  const id = await create(org.users.mediator, over);
  await ok(org.users.mediator, id, 'assign', assignInput());
  await ok(org.users.streetMediator, id, 'accept', ACCEPT);
  return id;
}

async function agreed(over: Record<string, unknown> = {}, agreement: Record<string, unknown> = {}) {
  const id = await mediating(over);
  await ok(org.users.streetMediator, id, 'conclude_agreement', { ...AGREEMENT, ...agreement });
  return id;
}

const clockOf = (v: any, rule: string) => v.clocks.filter((k: any) => k.rule === rule).at(-1);
const fields = (body: any) => body.error.details.issues.map((i: any) => i.field);

describe('a dispute from registration to a performed agreement', () => {
  it('registers (人民调解法 第十七条), refusing other roles and bad input with the field named', async () => {
    h.clock.set('2026-05-11T09:00:00+08:00');
    for (const who of [org.users.analyst, org.users.supervisor]) {
      const r = await api(h, who, 'POST', '/api/disputes', SAMPLE());
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    // a petition's dispute is made by converting the petition, so that both are linked
    const a = await api(h, org.users.mediator, 'POST', '/api/disputes', SAMPLE({ type: 'quarrel', title: 'x', source: 'petition' }));
    expect(a.status).toBe(400);
    expect(fields(a.body)).toEqual(expect.arrayContaining(['type', 'title', 'source']));
    // a dispute has two sides; a position needs both coordinates
    const b = await api(h, org.users.mediator, 'POST', '/api/disputes', {
      ...SAMPLE(),
      lng: undefined,
      parties: [
        { role: 'applicant', name: '李四海' },
        { role: 'applicant', name: '李四江' },
      ],
    });
    expect(b.status).toBe(400);
    expect(fields(b.body)).toEqual(expect.arrayContaining(['lng', 'parties']));
    const c = await api(h, org.users.mediator, 'POST', '/api/disputes', SAMPLE({ parties: [{ role: 'applicant', name: '李四海' }, { role: 'respondent', name: '王五福', phone: 'abc' }] }));
    expect(c.status).toBe(400);
    expect(fields(c.body)).toContain('parties.1.phone');

    const r = await api(h, org.users.mediator, 'POST', '/api/disputes', SAMPLE());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'registered' });
    expect(r.body.regNo).toMatch(/^TJ20260511\d{6}$/);
    const v = await view(r.body.id);
    expect(v).toMatchObject({
      status: 'registered',
      type: 'neighbours',
      typeLabel: { zh: '邻里纠纷', en: 'Neighbours' },
      source: 'grid',
      sourceLabel: { zh: '网格员排查发现' },
      place: '东区青山街道幸福小区3号楼',
      lat: 30.59,
      lng: 114.3,
      officeUnitName: '测试市信访局',
      unitName: null,
      case: null,
      mediatorName: null,
    });
    expect(v.parties).toEqual([
      expect.objectContaining({ role: 'applicant', name: '李**', phone: '139****1111', masked: true }),
      expect.objectContaining({ role: 'respondent', name: '王**', phone: '139****2222', masked: true }),
    ]);
    expect(v.events.map((e: any) => e.type)).toEqual(['register']);
    expect(v.events[0].data).toMatchObject({ parties: { applicant: 1, respondent: 1, other: 0 } });
    expect(v.allowedActions).toEqual(['assign', 'party_refuses']);
    expect((await view(r.body.id, org.users.analyst)).allowedActions).toEqual([]);
  });

  it('walks assign → accept → sessions → agreement → partly → performed; each step refused where the table forbids it', async () => {
    h.clock.set('2026-05-11T09:00:00+08:00');
    const id = await create();
    // before assignment the street's mediator does not see a dispute kept by the city office
    expect((await api(h, org.users.streetMediator, 'GET', `/api/disputes/${id}`)).status).toBe(404);
    // nothing but assignment (or a refusal) may happen to a registered dispute
    await refused(org.users.mediator, id, 'accept', ACCEPT, 409, 'ACTION_NOT_ALLOWED');
    await refused(org.users.mediator, id, 'conclude_agreement', AGREEMENT, 409, 'ACTION_NOT_ALLOWED');

    // 第十九条: the committee designates a mediator — a mediator of that committee, in the assigner's scope
    await refused(org.users.supervisor, id, 'assign', assignInput(), 403, 'FORBIDDEN');
    await refused(org.users.otherDispatcher, id, 'assign', assignInput(), 404, 'RECORD_NOT_FOUND');
    await refused(org.users.mediator, id, 'assign', { committeeUnitId: org.units.otherCity.id, mediatorUserId: org.users.streetMediator.id }, 422, 'INVALID_TARGET_UNIT');
    expect(fields(await refused(org.users.mediator, id, 'assign', assignInput(org.users.mediator), 400, 'VALIDATION_FAILED'))).toEqual(['mediatorUserId']);
    expect(fields(await refused(org.users.mediator, id, 'assign', assignInput(org.users.streetHandler), 400, 'VALIDATION_FAILED'))).toEqual(['mediatorUserId']);
    expect(fields(await refused(org.users.mediator, id, 'assign', { mediatorUserId: org.users.streetMediator.id }, 400, 'VALIDATION_FAILED'))).toEqual(['committeeUnitId']);
    let v = await ok(org.users.mediator, id, 'assign', assignInput());
    expect(v).toMatchObject({ status: 'assigned', unitId: org.units.street.id, unitName: '东区青山街道', committeeName: '东区青山街道', mediatorName: 'streetMediator测试员' });
    await refused(org.users.dispatcher, id, 'assign', assignInput(), 409, 'ACTION_NOT_ALLOWED');
    // now the committee sees it and may accept it; the office may change the mediator or record a refusal
    expect((await view(id, org.users.streetMediator)).allowedActions).toEqual(['reassign', 'accept', 'party_refuses']);
    expect((await view(id, org.users.mediator)).allowedActions).toEqual(['reassign', 'party_refuses']);

    // 第十七条: accepted only with every party's consent, by a mediator of the committee
    await refused(org.users.mediator, id, 'accept', ACCEPT, 403, 'FORBIDDEN');
    await refused(org.users.streetHandler, id, 'accept', ACCEPT, 403, 'FORBIDDEN');
    expect(fields(await refused(org.users.streetMediator, id, 'accept', { initiation: 'applied' }, 400, 'VALIDATION_FAILED'))).toEqual(['consent']);
    expect(fields(await refused(org.users.streetMediator, id, 'accept', { initiation: 'ordered', consent: false }, 400, 'VALIDATION_FAILED'))).toEqual(
      expect.arrayContaining(['initiation', 'consent']),
    );
    v = await ok(org.users.streetMediator, id, 'accept', ACCEPT);
    expect(v).toMatchObject({ status: 'mediating', initiation: 'applied' });
    expect(v.acceptedAt).toBe(cst('2026-05-11T09:00:00'));
    // the mediation clock (rule mediation, 30 days by local rule): 05-11 + 30 = 06-10 (Wednesday)
    expect(clockOf(v, 'mediation')).toMatchObject({ status: 'running', purpose: 'deadline', dueAt: cst('2026-06-11T00:00:00') });
    expect(v.allowedActions).toEqual(['reassign', 'record_session', 'conclude_agreement', 'conclude_no_agreement', 'refer']);
    await refused(org.users.streetMediator, id, 'accept', ACCEPT, 409, 'ACTION_NOT_ALLOWED');

    // 第二十七条: 人民调解员应当记录调解情况 — each session a row of the sub-table, never in the future or before acceptance
    h.clock.set('2026-05-13T16:00:00+08:00');
    const session = { heldOn: '2026-05-13', place: '青山街道人民调解委员会调解室', notes: '双方陈述了装修噪音和渗水情况，调解员讲解了相邻关系的法律规定，双方同意先行查明渗水原因。' };
    expect(fields(await refused(org.users.streetMediator, id, 'record_session', { ...session, heldOn: '2026-05-14' }, 400, 'VALIDATION_FAILED'))).toEqual(['heldOn']);
    expect(fields(await refused(org.users.streetMediator, id, 'record_session', { ...session, heldOn: '2026-05-10' }, 400, 'VALIDATION_FAILED'))).toEqual(['heldOn']);
    expect(fields(await refused(org.users.streetMediator, id, 'record_session', { ...session, heldOn: '2026/05/13', notes: '短' }, 400, 'VALIDATION_FAILED'))).toEqual(
      expect.arrayContaining(['heldOn', 'notes']),
    );
    await refused(org.users.mediator, id, 'record_session', session, 403, 'FORBIDDEN');
    await refused(org.users.otherDispatcher, id, 'record_session', session, 404, 'RECORD_NOT_FOUND');
    await ok(org.users.streetMediator, id, 'record_session', session);
    h.clock.set('2026-05-20T10:00:00+08:00');
    v = await ok(streetMediator2, id, 'record_session', { heldOn: '2026-05-20', notes: '经现场查看确认渗水系501室卫生间防水层破损所致，双方就维修和赔偿方案进行协商。' });
    expect(v.sessions.map((s: any) => s.heldOn)).toEqual(['2026-05-13', '2026-05-20']);
    expect(v.sessions[0]).toMatchObject({ place: '青山街道人民调解委员会调解室', mediator: 'streetMediator测试员' });
    expect(v.sessions[1].mediator).toBe('streetMediator2测试员');
    expect(v.events.at(-1).data).toMatchObject({ heldOn: '2026-05-20', session: 2 });

    // 第二十八条至第三十条: the agreement, its effect, the performance deadline and the 第三十三条 window
    expect(fields(await refused(org.users.streetMediator, id, 'conclude_agreement', { content: '赔钱', form: 'paper' }, 400, 'VALIDATION_FAILED'))).toEqual(
      expect.arrayContaining(['content', 'form']),
    );
    expect(fields(await refused(org.users.streetMediator, id, 'conclude_agreement', { ...AGREEMENT, performBy: '2026-05-20' }, 400, 'VALIDATION_FAILED'))).toEqual(['performBy']);
    expect(fields(await refused(org.users.streetMediator, id, 'conclude_agreement', { ...AGREEMENT, effectiveAt: '2026-05-21T10:00:00+08:00' }, 400, 'VALIDATION_FAILED'))).toEqual(['effectiveAt']);
    expect(fields(await refused(org.users.streetMediator, id, 'conclude_agreement', { ...AGREEMENT, effectiveAt: '2026-05-01T10:00:00+08:00' }, 400, 'VALIDATION_FAILED'))).toEqual(['effectiveAt']);
    await refused(org.users.mediator, id, 'conclude_agreement', AGREEMENT, 403, 'FORBIDDEN');
    v = await ok(org.users.streetMediator, id, 'conclude_agreement', { ...AGREEMENT, performBy: '2026-06-04' });
    expect(v).toMatchObject({ status: 'agreement', outcome: 'agreement', agreementForm: 'written', agreementContent: AGREEMENT.content, performanceDueOn: '2026-06-04' });
    expect(v.concludedAt).toBe(cst('2026-05-20T10:00:00'));
    expect(clockOf(v, 'mediation').status).toBe('met');
    expect(clockOf(v, 'agreement_performance')).toMatchObject({ status: 'running', purpose: 'deadline', dueAt: cst('2026-06-05T00:00:00') });
    // 05-20 + 30 = 06-19, the 2026 Dragon Boat Festival (06-19…06-21): the window ends on Monday 06-22
    expect(clockOf(v, 'judicial_confirmation')).toMatchObject({ status: 'running', purpose: 'window', dueAt: cst('2026-06-23T00:00:00') });
    expect(v.allowedActions).toEqual(['apply_judicial_confirmation', 'confirm_performed', 'record_partly_performed', 'record_not_performed']);
    await refused(org.users.streetMediator, id, 'record_session', session, 409, 'ACTION_NOT_ALLOWED');
    await refused(org.users.streetMediator, id, 'conclude_no_agreement', { reason: '双方分歧较大。', remediesExplained: true }, 409, 'ACTION_NOT_ALLOWED');

    // 第三十一条第二款: the committee supervises performance
    h.clock.set('2026-05-28T10:00:00+08:00');
    expect(fields(await refused(org.users.streetMediator, id, 'record_partly_performed', { note: '短' }, 400, 'VALIDATION_FAILED'))).toEqual(['note']);
    await refused(org.users.mediator, id, 'record_partly_performed', { note: '防水层已修复，赔偿款尚未支付。' }, 403, 'FORBIDDEN');
    v = await ok(org.users.streetMediator, id, 'record_partly_performed', { note: '防水层已修复，赔偿款尚未支付。' });
    expect(v).toMatchObject({ status: 'agreement', performance: 'partly', performanceNote: '防水层已修复，赔偿款尚未支付。' });
    expect(clockOf(v, 'agreement_performance').status).toBe('running');
    h.clock.set('2026-06-03T10:00:00+08:00');
    await refused(org.users.mediator, id, 'confirm_performed', {}, 403, 'FORBIDDEN');
    await refused(org.users.otherDispatcher, id, 'confirm_performed', {}, 404, 'RECORD_NOT_FOUND');
    v = await ok(org.users.streetMediator, id, 'confirm_performed', { note: '赔偿款已当面支付，401室确认。' });
    expect(v).toMatchObject({ status: 'performed', performance: 'performed' });
    expect(clockOf(v, 'agreement_performance').status).toBe('met');
    await refused(org.users.streetMediator, id, 'confirm_performed', {}, 409, 'ACTION_NOT_ALLOWED');
    await refused(org.users.streetMediator, id, 'record_not_performed', { note: '被申请人拒不支付赔偿款。' }, 409, 'ACTION_NOT_ALLOWED');
    expect(v.allowedActions).toEqual(['apply_judicial_confirmation']);
    expect(v.events.map((e: any) => e.type)).toEqual([
      'register',
      'assign',
      'accept',
      'record_session',
      'record_session',
      'conclude_agreement',
      'record_partly_performed',
      'confirm_performed',
    ]);
  });

  it('ends without agreement (第二十六条), by a referral, or by a party’s refusal (第十七条); the mediator can be changed', async () => {
    h.clock.set('2026-06-01T09:00:00+08:00');
    // 第二十六条: 调解不成的，应当终止调解，并…告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利
    const a = await mediating();
    expect(fields(await refused(org.users.streetMediator, a, 'conclude_no_agreement', { reason: '双方对赔偿数额分歧较大。' }, 400, 'VALIDATION_FAILED'))).toEqual(['remediesExplained']);
    await refused(org.users.mediator, a, 'conclude_no_agreement', { reason: '双方对赔偿数额分歧较大。', remediesExplained: true }, 403, 'FORBIDDEN');
    let v = await ok(org.users.streetMediator, a, 'conclude_no_agreement', { reason: '双方对赔偿数额分歧较大。', remediesExplained: true });
    expect(v).toMatchObject({ status: 'no_agreement', outcome: 'no_agreement', outcomeReason: '双方对赔偿数额分歧较大。' });
    expect(clockOf(v, 'mediation').status).toBe('met');
    // not from a petition: there is nothing to return to
    expect((await refused(org.users.streetMediator, a, 'return_to_petition', { reason: '调解不成，回到信访程序。' }, 409, 'ACTION_NOT_ALLOWED')).error.message).toContain('not from a petition');
    expect(v.allowedActions).toEqual([]);

    const b = await mediating({ type: 'labour_wages', title: '装修工人追讨工钱' });
    expect(fields(await refused(org.users.streetMediator, b, 'refer', { to: 'police', authority: '派', reason: '劳动争议' }, 400, 'VALIDATION_FAILED'))).toEqual(
      expect.arrayContaining(['to', 'authority', 'reason']),
    );
    await refused(org.users.mediator, b, 'refer', { to: 'arbitration', authority: '测试市劳动人事争议仲裁委员会', reason: '属于劳动争议，应申请仲裁。' }, 403, 'FORBIDDEN');
    v = await ok(org.users.streetMediator, b, 'refer', { to: 'arbitration', authority: '测试市劳动人事争议仲裁委员会', reason: '属于劳动争议，应申请仲裁。' });
    expect(v).toMatchObject({ status: 'referred', outcome: 'referred', referredTo: 'arbitration', referredAuthority: '测试市劳动人事争议仲裁委员会' });
    await refused(org.users.streetMediator, b, 'refer', { to: 'court', authority: '测试市东区人民法院', reason: '再次引导。' }, 409, 'ACTION_NOT_ALLOWED');

    // 第十七条: 当事人一方明确拒绝调解的，不得调解 — before acceptance, by the office or the committee
    const c = await create();
    await refused(org.users.analyst, c, 'party_refuses', { reason: '被申请人明确拒绝调解。' }, 403, 'FORBIDDEN');
    expect(fields(await refused(org.users.dispatcher, c, 'party_refuses', { reason: '拒' }, 400, 'VALIDATION_FAILED'))).toEqual(['reason']);
    expect((await ok(org.users.dispatcher, c, 'party_refuses', { reason: '被申请人明确拒绝调解。' })).status).toBe('not_mediated');
    await refused(org.users.dispatcher, c, 'party_refuses', { reason: '被申请人明确拒绝调解。' }, 409, 'ACTION_NOT_ALLOWED');
    const d = await create();
    await ok(org.users.mediator, d, 'assign', assignInput());
    expect((await ok(org.users.streetMediator, d, 'party_refuses', { reason: '申请人撤回调解申请。' })).outcome).toBeNull();
    const m = await mediating();
    await refused(org.users.streetMediator, m, 'party_refuses', { reason: '被申请人明确拒绝调解。' }, 409, 'ACTION_NOT_ALLOWED');

    // 第二十三条第一项: the parties may choose the mediator — within the committee, or another committee in scope
    await refused(org.users.analyst, m, 'reassign', { mediatorUserId: streetMediator2.id, reason: '当事人申请更换调解员。' }, 403, 'FORBIDDEN');
    expect(fields(await refused(org.users.streetMediator, m, 'reassign', { mediatorUserId: westMediator.id, reason: '当事人申请更换调解员。' }, 400, 'VALIDATION_FAILED'))).toEqual(['mediatorUserId']);
    // the street's mediator cannot send it to a committee outside the street
    await refused(org.users.streetMediator, m, 'reassign', { committeeUnitId: west.street.id, mediatorUserId: westMediator.id, reason: '当事人申请更换调解员。' }, 422, 'INVALID_TARGET_UNIT');
    v = await ok(org.users.streetMediator, m, 'reassign', { mediatorUserId: streetMediator2.id, reason: '当事人申请更换调解员。' });
    expect(v).toMatchObject({ status: 'mediating', mediatorUserId: streetMediator2.id, unitId: org.units.street.id });
    v = await ok(org.users.mediator, m, 'reassign', { committeeUnitId: west.street.id, mediatorUserId: westMediator.id, reason: '纠纷发生地在西区，移交枫林街道调委会。' });
    expect(v).toMatchObject({ unitId: west.street.id, unitName: '西区枫林街道', mediatorUserId: westMediator.id });
    expect(clockOf(v, 'mediation')).toMatchObject({ status: 'running', unitId: west.street.id });
    // the 东区 street's committee no longer has it; 西区枫林街道's does
    expect((await api(h, org.users.streetMediator, 'GET', `/api/disputes/${m}`)).status).toBe(404);
    expect((await view(m, westMediator)).allowedActions).toContain('record_session');
  });
});

describe('人民调解法 第三十三条: judicial confirmation within 30 days of the agreement taking effect', () => {
  it('is recorded inside the window and refused after it, the window running across the 2026 National Day holiday', async () => {
    // 第三十三条 "经人民调解委员会调解达成调解协议后，双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认"
    h.clock.set('2026-09-01T09:00:00+08:00');
    const inside = await mediating();
    const late = await mediating();
    h.clock.set('2026-09-04T16:00:00+08:00');
    let v = await ok(org.users.streetMediator, inside, 'conclude_agreement', AGREEMENT);
    // recorded three days after it was signed: the window runs from the day it took effect (第二十九条)
    h.clock.set('2026-09-07T10:00:00+08:00');
    const w = await ok(org.users.streetMediator, late, 'conclude_agreement', { ...AGREEMENT, effectiveAt: '2026-09-04T16:00:00+08:00' });
    expect(w.agreementEffectiveAt).toBe(cst('2026-09-04T16:00:00'));
    // 09-04 + 30 days = 10-04, inside the holiday 10-01…10-07 → the last day is 10-08 (民法典 第二百零三条)
    for (const x of [v, w]) expect(clockOf(x, 'judicial_confirmation')).toMatchObject({ purpose: 'window', dueAt: cst('2026-10-09T00:00:00') });

    const APPLY = { court: '测试市东区人民法院', joint: true };
    h.clock.set('2026-10-08T23:59:00+08:00');
    // 共同向人民法院申请: both parties together
    expect(fields(await refused(org.users.streetMediator, inside, 'apply_judicial_confirmation', { court: '测试市东区人民法院' }, 400, 'VALIDATION_FAILED'))).toEqual(['joint']);
    await refused(org.users.mediator, inside, 'apply_judicial_confirmation', APPLY, 403, 'FORBIDDEN');
    await refused(org.users.streetMediator, inside, 'record_confirmation_result', { result: 'confirmed' }, 409, 'ACTION_NOT_ALLOWED');
    v = await ok(org.users.streetMediator, inside, 'apply_judicial_confirmation', APPLY);
    expect(v).toMatchObject({ status: 'agreement', confirmationCourt: '测试市东区人民法院' });
    expect(v.confirmationAppliedAt).toBe(cst('2026-10-08T23:59:00'));
    expect(clockOf(v, 'judicial_confirmation').status).toBe('met');
    await refused(org.users.streetMediator, inside, 'apply_judicial_confirmation', APPLY, 409, 'ACTION_NOT_ALLOWED');

    h.clock.set('2026-10-09T00:00:01+08:00');
    expect((await view(late, org.users.streetMediator)).allowedActions).not.toContain('apply_judicial_confirmation');
    const r = await dsp(org.users.streetMediator, late, 'apply_judicial_confirmation', APPLY);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('DEADLINE_PASSED');
    expect(r.body.error.message).toContain('第三十三条');
    expect(r.body.error.message).toContain('三十日内');
    const en = await api(h, org.users.streetMediator, 'POST', `/api/disputes/${late}/actions/apply_judicial_confirmation`, APPLY, { 'accept-language': 'en' });
    expect(en.body.error.message).toContain('The time limit has passed');

    // 第三十三条第二款、第三款: the court confirms the agreement (enforceable) or finds it invalid
    expect(fields(await refused(org.users.streetMediator, inside, 'record_confirmation_result', { result: 'maybe' }, 400, 'VALIDATION_FAILED'))).toEqual(['result']);
    await refused(org.users.mediator, inside, 'record_confirmation_result', { result: 'confirmed' }, 403, 'FORBIDDEN');
    v = await ok(org.users.streetMediator, inside, 'record_confirmation_result', { result: 'confirmed', note: '法院裁定调解协议有效。' });
    expect(v.confirmationResult).toBe('confirmed');
    await refused(org.users.streetMediator, inside, 'record_confirmation_result', { result: 'invalid' }, 409, 'ACTION_NOT_ALLOWED');

    // a window is not a deadline: the sweep never marks it overdue
    await sweepOrg(h, org);
    expect(clockOf(await view(late, org.users.streetMediator), 'judicial_confirmation')).toMatchObject({ status: 'running', overdueAt: null });
  });

  it('the mediation clock runs 30 days from acceptance across the holiday, and the sweep marks it overdue once', async () => {
    // accepted Sunday 2026-09-06: + 30 = 10-06, a National Day holiday → the last day is Thursday 10-08
    h.clock.set('2026-09-06T10:00:00+08:00');
    const id = await mediating();
    expect(clockOf(await view(id), 'mediation').dueAt).toBe(cst('2026-10-09T00:00:00'));
    h.clock.set('2026-10-08T23:00:00+08:00');
    await sweepOrg(h, org);
    expect(clockOf(await view(id), 'mediation').overdueAt).toBeNull();
    h.clock.set('2026-10-09T08:00:00+08:00');
    await sweepOrg(h, org);
    await sweepOrg(h, org);
    const v = await view(id);
    expect(clockOf(v, 'mediation').overdueAt).toBe(cst('2026-10-09T08:00:00'));
    expect(v.events.filter((e: any) => e.type === 'clock_overdue')).toHaveLength(1);
    expect(v.events.find((e: any) => e.type === 'clock_overdue').data.rule).toBe('mediation');
    // overdue does not forbid concluding; the clock is met when the outcome is recorded
    const done = await ok(org.users.streetMediator, id, 'conclude_no_agreement', { reason: '申请人要求终止调解（第二十三条第二项）。', remediesExplained: true });
    expect(clockOf(done, 'mediation').status).toBe('met');
  });
});

describe('follow-up of an agreement’s performance (第三十一条第二款)', () => {
  it('not performed opens a supervision item on the committee (source mediation_performance), once; a late performance is recorded', async () => {
    h.clock.set('2026-06-01T09:00:00+08:00');
    const id = await agreed({}, { performBy: '2026-06-15' });
    h.clock.set('2026-06-16T09:00:00+08:00');
    const NOTE = { note: '被申请人至履行期限届满仍未支付赔偿款，经督促表示拒绝履行。' };
    expect(fields(await refused(org.users.streetMediator, id, 'record_not_performed', { note: '没给', openSupervision: 'yes' }, 400, 'VALIDATION_FAILED'))).toEqual(
      expect.arrayContaining(['note', 'openSupervision']),
    );
    await refused(org.users.mediator, id, 'record_not_performed', NOTE, 403, 'FORBIDDEN');
    await refused(org.users.otherDispatcher, id, 'record_not_performed', NOTE, 404, 'RECORD_NOT_FOUND');
    const v = await ok(org.users.streetMediator, id, 'record_not_performed', NOTE);
    expect(v).toMatchObject({ status: 'not_performed', performance: 'not_performed' });
    expect(clockOf(v, 'agreement_performance').status).toBe('stopped');
    expect(v.supervisionId).toBeTruthy();
    expect(v.events.at(-1).data.supervisionId).toBe(v.supervisionId);
    // the petition office's supervisor sees it as an open item on the committee's unit
    const item = (await api(h, org.users.supervisor, 'GET', `/api/supervision/${v.supervisionId}`)).body;
    expect(item).toMatchObject({
      status: 'open',
      source: 'mediation_performance',
      subjectEntity: 'dispute',
      subjectId: id,
      unitId: org.units.street.id,
      officeUnitId: org.units.office.id,
      caseId: null,
    });
    expect(item.reason).toContain(v.regNo);
    await refused(org.users.streetMediator, id, 'record_not_performed', NOTE, 409, 'ACTION_NOT_ALLOWED');
    expect(v.allowedActions).toEqual(['apply_judicial_confirmation', 'confirm_performed']);
    // performed after all (after supervision): recorded, the item stays for the supervisor to close
    const done = await ok(org.users.streetMediator, id, 'confirm_performed', { note: '经督办，被申请人已支付赔偿款。' });
    expect(done.status).toBe('performed');

    const quiet = await agreed();
    const q = await ok(org.users.streetMediator, quiet, 'record_not_performed', { ...NOTE, openSupervision: false });
    expect(q.supervisionId).toBeNull();
    expect((await api(h, org.users.supervisor, 'GET', `/api/supervision?source=mediation_performance&limit=500`)).body.items.filter((i: any) => i.subjectId === quiet)).toHaveLength(0);
  });
});

describe('a petition converted to a dispute and back, both timelines linked', () => {
  async function acceptedCase(over: Record<string, unknown> = {}) {
    const c = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase(over));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    for (const [user, action, input] of [
      [org.users.dispatcher, 'route', { mode: 'forward', leadUnitId: org.units.street.id }],
      [org.users.streetHandler, 'sign', {}],
      [org.users.streetHandler, 'accept', { procedure: '依法受理，组织双方调解' }],
    ] as const) {
      const r = await act(h, user, c.body.id, action, input);
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    }
    return c.body as { id: string; regNo: string };
  }
  const convert = (user: TestUser, caseId: string, over: Record<string, unknown> = {}) =>
    api(h, user, 'POST', '/api/disputes/from-petition', { caseId, type: 'property_management', parties: [{ role: 'respondent', name: '幸福小区物业服务有限公司', phone: '02788886666' }], ...over });
  const caseView = async (id: string) => (await api(h, org.users.dispatcher, 'GET', `/api/cases/${id}`)).body;

  it('petition → dispute → agreement → petition closed → not performed → back to the petition, which reopens', async () => {
    h.clock.set('2026-07-01T09:00:00+08:00');
    const c = await acceptedCase();

    // who may convert, and what
    expect((await convert(org.users.analyst, c.id)).status).toBe(403);
    const hidden = await convert(org.users.handlerA, c.id);
    expect([hidden.status, hidden.body.error.code]).toEqual([404, 'CASE_NOT_FOUND']);
    const other = await convert(org.users.otherDispatcher, c.id);
    expect([other.status, other.body.error.code]).toEqual([404, 'CASE_NOT_FOUND']);
    const badParties = await convert(org.users.streetHandler, c.id, { parties: [{ role: 'applicant', name: '张三丰' }] });
    expect(badParties.status).toBe(400);
    expect(fields(badParties.body)).toContain('parties.0.role');
    const noRespondent = await convert(org.users.streetHandler, c.id, { parties: [{ role: 'other', name: '业主委员会' }] });
    expect(fields(noRespondent.body)).toEqual(['parties']);
    const notUuid = await convert(org.users.streetHandler, 'nope');
    expect(fields(notUuid.body)).toEqual(['caseId']);
    const registered = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase());
    const early = await convert(org.users.dispatcher, registered.body.id);
    expect([early.status, early.body.error.code]).toEqual([409, 'ACTION_NOT_ALLOWED']);
    // 信访工作条例 第三十三条 speaks of 申诉求决类 matters: a suggestion or an accusation is never mediated
    const suggestion = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ kind: 'suggestion', title: '建议增设公交站点' }));
    const sug = await convert(org.users.dispatcher, suggestion.body.id);
    expect(sug.status).toBe(400);
    expect(fields(sug.body)).toEqual(['caseId']);

    const r = await convert(org.users.streetHandler, c.id);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.id as string;
    const again = await convert(org.users.streetHandler, c.id);
    expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_EXISTS']);

    // the dispute shows its petition; the petitioner is the applicant (the same person, masked), the respondent as given
    let v = await view(id, org.users.streetMediator);
    expect(v).toMatchObject({
      status: 'registered',
      source: 'petition',
      caseId: c.id,
      case: { id: c.id, regNo: c.regNo, title: '小区楼顶漏水长期无人维修' },
      caseRegNo: c.regNo,
      title: '小区楼顶漏水长期无人维修',
      place: '青山街道幸福小区3号楼',
      officeUnitName: '东区青山街道',
    });
    expect(v.parties).toEqual([
      expect.objectContaining({ role: 'applicant', name: '张**', phone: '138****1234', masked: true }),
      expect.objectContaining({ role: 'respondent', name: '幸***', masked: true }),
    ]);
    expect(v.events[0]).toMatchObject({ type: 'from_petition', data: { caseId: c.id, caseRegNo: c.regNo } });
    // the petition's timeline names the dispute
    let cv = await caseView(c.id);
    expect(cv.events.find((e: any) => e.type === 'dispute_opened').data).toMatchObject({ disputeId: id, regNo: r.body.regNo });
    expect((await api(h, org.users.dispatcher, 'GET', `/api/disputes?caseId=${c.id}`)).body.items.map((i: any) => i.id)).toEqual([id]);

    // mediation by the street's committee
    await ok(org.users.streetMediator, id, 'assign', assignInput());
    await ok(org.users.streetMediator, id, 'accept', { initiation: 'applied', consent: true });
    await ok(org.users.streetMediator, id, 'record_session', { heldOn: '2026-07-01', notes: '信访人与物业公司就楼顶漏水维修责任进行协商。' });
    // no agreement yet: no 调解协议书 to issue
    const noAgreement = await api(h, org.users.streetMediator, 'POST', `/api/cases/${c.id}/documents/mediation_agreement`);
    expect(noAgreement.status, JSON.stringify(noAgreement.body)).toBe(409);
    expect(noAgreement.body.error.code).toBe('DOCUMENT_NOT_APPLICABLE');
    h.clock.set('2026-07-03T10:00:00+08:00');
    await ok(org.users.streetMediator, id, 'conclude_agreement', { content: '物业公司于7月20日前完成3号楼楼顶防水层维修，费用从维修基金中列支；信访人配合入户查看。', performBy: '2026-07-20' });
    // 第三十三条: "经调解、和解达成一致意见的，应当制作调解协议书或者和解协议书" — issued by the committee, opened again
    const agreementDoc = await api(h, org.users.streetMediator, 'POST', `/api/cases/${c.id}/documents/mediation_agreement`);
    expect(agreementDoc.status, JSON.stringify(agreementDoc.body)).toBe(201);
    const docx = await docxText((await documentFile(h, org.users.streetMediator, c.id, agreementDoc.body.id, 'docx')).rawPayload);
    for (const words of ['调解协议书', r.body.regNo, '第三十三条', '物业公司于7月20日前完成3号楼楼顶防水层维修', '2026年7月20日']) expect(docx, words).toContain(words);
    const pdf = pdfText((await documentFile(h, org.users.streetMediator, c.id, agreementDoc.body.id, 'pdf')).rawPayload);
    expect(pdf).toContain('调解协议书');
    expect(pdf).toContain('费用从维修基金中列支');
    cv = await caseView(c.id);
    expect(cv.events.filter((e: any) => e.type === 'dispute_progress').map((e: any) => e.data.action)).toEqual(['assign', 'accept', 'record_session', 'conclude_agreement']);
    expect(cv.events.filter((e: any) => e.type === 'dispute_progress').at(-1).data).toMatchObject({ disputeId: id, from: 'mediating', to: 'agreement' });

    // the agreement answers the petition (信访工作条例 第三十三条: 经调解…达成一致意见的，应当制作调解协议书), which is closed
    for (const [user, action, input] of [
      [org.users.streetHandler, 'draft_reply', { decision: 'mediation_agreement', facts: '经青山街道人民调解委员会调解，双方达成协议。', reasons: '双方自愿达成调解协议。', text: '经调解，双方自愿达成调解协议，详见调解协议书。' }],
      [org.users.streetHandler, 'approve_reply', {}],
      [org.users.dispatcher, 'close', {}],
    ] as const) {
      const x = await act(h, user, c.id, action, input);
      expect(x.status, `${action}: ${JSON.stringify(x.body)}`).toBe(200);
    }
    expect((await caseView(c.id)).status).toBe('closed');

    // not performed: supervision is opened about the petition too
    h.clock.set('2026-07-22T10:00:00+08:00');
    v = await ok(org.users.streetMediator, id, 'record_not_performed', { note: '物业公司逾期未维修，楼顶仍漏水。' });
    const item = (await api(h, org.users.supervisor, 'GET', `/api/supervision/${v.supervisionId}`)).body;
    expect(item).toMatchObject({ caseId: c.id, source: 'mediation_performance', subjectId: id });
    expect((await caseView(c.id)).events.map((e: any) => e.type)).toContain('supervision_opened');

    // back to the petition
    await refused(org.users.analyst, id, 'return_to_petition', { reason: '协议未履行，回到信访程序依法处理。' }, 403, 'FORBIDDEN');
    await refused(org.users.handlerA, id, 'return_to_petition', { reason: '协议未履行，回到信访程序依法处理。' }, 404, 'RECORD_NOT_FOUND');
    expect(fields(await refused(org.users.streetMediator, id, 'return_to_petition', { reason: '退' }, 400, 'VALIDATION_FAILED'))).toEqual(['reason']);
    v = await ok(org.users.streetMediator, id, 'return_to_petition', { reason: '协议未履行，回到信访程序依法处理。' });
    expect(v).toMatchObject({ status: 'returned', allowedActions: [] });
    expect(v.returnedAt).toBe(cst('2026-07-22T10:00:00'));
    expect(v.events.at(-1)).toMatchObject({ type: 'return_to_petition', data: { caseId: c.id, caseReopened: true } });
    expect(v.clocks.filter((k: any) => k.status === 'running')).toEqual([]);
    // the petition was closed on the strength of the agreement: it is reopened by the rule, and says so
    cv = await caseView(c.id);
    expect(cv.status).toBe('accepted');
    const tail = cv.events.slice(-2);
    expect(tail[0]).toMatchObject({ type: 'dispute_returned', data: { disputeId: id, reopened: true, from: 'not_performed' } });
    expect(tail[1]).toMatchObject({ type: 'reopen', from: 'closed', to: 'accepted', data: { byRule: 'dispute_returned_to_petition' } });
    expect(cv.clocks.filter((k: any) => k.rule === 'handle' && k.status === 'running')).toHaveLength(1);
    await refused(org.users.streetMediator, id, 'return_to_petition', { reason: '再次退回信访程序。' }, 409, 'ACTION_NOT_ALLOWED');

    // once returned, the petition may be mediated again; a refusal hands it back, the petition (still in handling) goes on
    const second = await convert(org.users.streetHandler, c.id);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    await ok(org.users.streetMediator, second.body.id, 'party_refuses', { reason: '物业公司明确拒绝再次调解。' });
    v = await ok(org.users.streetHandler, second.body.id, 'return_to_petition', { reason: '对方拒绝调解，由街道依法出具处理意见。' });
    expect(v.events.at(-1).data).toMatchObject({ caseReopened: false });
    cv = await caseView(c.id);
    expect(cv.status).toBe('accepted');
    expect(cv.events.at(-1)).toMatchObject({ type: 'dispute_returned', data: { disputeId: second.body.id, reopened: false, from: 'not_mediated' } });
  });

  it('an anonymous petition has no parties to mediate; two conversions at once: exactly one', async () => {
    h.clock.set('2026-07-06T09:00:00+08:00');
    const anon = await acceptedCase({ anonymous: true, petitioner: undefined });
    const r = await convert(org.users.streetHandler, anon.id);
    expect(r.status).toBe(400);
    expect(fields(r.body)).toEqual(['caseId']);

    const c = await acceptedCase();
    const [a, b] = await Promise.all([convert(org.users.streetHandler, c.id), convert(org.users.mediator, c.id)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect((a.status === 409 ? a : b).body.error.code).toBe('ALREADY_EXISTS');
    expect((await api(h, org.users.dispatcher, 'GET', `/api/disputes?caseId=${c.id}`)).body.total).toBe(1);
    expect((await caseView(c.id)).events.filter((e: any) => e.type === 'dispute_opened')).toHaveLength(1);
  });
});

describe('parties: masked, revealed only on an audited request, never listed', () => {
  it('masks by default, reveals to a mediator with an audit row, refuses other roles and other cities', async () => {
    h.clock.set('2026-05-18T09:00:00+08:00');
    const id = await create();
    const masked = await api(h, org.users.analyst, 'GET', `/api/disputes/${id}/parties`);
    expect(masked.status).toBe(200);
    expect(masked.body.items).toEqual([
      { role: 'applicant', name: '李**', idNumber: null, phone: '139****1111', address: '测试市东区青****', email: null, masked: true },
      { role: 'respondent', name: '王**', idNumber: null, phone: '139****2222', address: null, email: null, masked: true },
    ]);
    const audits = () => h.rt.deps.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'dispute').where('entity_id', '=', id).where('action', '=', 'petitioner.read').execute();
    expect(await audits()).toHaveLength(0);
    for (const who of [org.users.analyst, org.users.supervisor]) {
      const r = await api(h, who, 'GET', `/api/disputes/${id}/parties?reveal=true`);
      expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    const other = await api(h, org.users.otherDispatcher, 'GET', `/api/disputes/${id}/parties?reveal=true`);
    expect([other.status, other.body.error.code]).toEqual([404, 'RECORD_NOT_FOUND']);
    expect(await audits()).toHaveLength(0);
    const shown = await api(h, org.users.mediator, 'GET', `/api/disputes/${id}/parties?reveal=true`);
    expect(shown.body.items[0]).toMatchObject({ role: 'applicant', name: '李四海', phone: '13900001111', address: '测试市东区青山街道幸福小区3号楼401室', masked: false });
    const rows = await audits();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_user_id: org.users.mediator.id, actor_kind: 'staff' });
    expect(rows[0]!.data).toMatchObject({ parties: 2 });
    // the record shows parties masked; the list shows none
    expect((await view(id, org.users.mediator)).parties[0].name).toBe('李**');
    const list = await api(h, org.users.mediator, 'GET', '/api/disputes?limit=500');
    const mine = list.body.items.find((i: any) => i.id === id);
    expect(mine).toBeTruthy();
    expect(mine.parties).toBeUndefined();
    expect(JSON.stringify(list.body)).not.toContain('13900001111');
    expect(JSON.stringify(list.body)).not.toContain('李**');
  });
});

describe('scope', () => {
  it('another city sees nothing; the street’s mediator sees the street’s disputes, not the other district’s', async () => {
    h.clock.set('2026-05-25T09:00:00+08:00');
    const streets = await create(org.users.streetMediator, { title: '青山街道网格发现的邻里纠纷' });
    const wests = await create(westMediator, { title: '西区枫林街道的土地纠纷', type: 'land' });
    const city = await create(org.users.mediator, { title: '市信访局登记的消费纠纷', type: 'consumer' });
    expect((await view(streets, org.users.streetMediator)).officeUnitName).toBe('东区青山街道');
    expect((await api(h, org.users.streetMediator, 'GET', `/api/disputes/${wests}`)).status).toBe(404);
    expect((await api(h, org.users.streetMediator, 'GET', `/api/disputes/${city}`)).status).toBe(404);
    expect((await api(h, westMediator, 'GET', `/api/disputes/${streets}`)).status).toBe(404);
    await refused(org.users.streetMediator, wests, 'assign', assignInput(), 404, 'RECORD_NOT_FOUND');
    // the city's petition office sees all three; a city department sees none
    for (const id of [streets, wests, city]) expect((await api(h, org.users.mediator, 'GET', `/api/disputes/${id}`)).status).toBe(200);
    expect((await api(h, org.users.handlerA, 'GET', `/api/disputes/${streets}`)).status).toBe(404);

    const list = (await api(h, org.users.streetMediator, 'GET', '/api/disputes?limit=500')).body;
    const ids = list.items.map((i: any) => i.id);
    expect(ids).toContain(streets);
    expect(ids).not.toContain(wests);
    expect(ids).not.toContain(city);
    for (const i of list.items) expect([i.officeUnitId, i.unitId]).toContain(org.units.street.id);
    expect(list.total).toBe(list.items.length);

    // another city: 404 on the record, its parties, every action; nothing in its list or board
    expect((await api(h, org.users.otherDispatcher, 'GET', `/api/disputes/${city}`)).status).toBe(404);
    expect((await api(h, org.users.otherDispatcher, 'GET', `/api/disputes/${city}/parties`)).status).toBe(404);
    expect((await api(h, org.users.otherDispatcher, 'GET', '/api/disputes')).body.items.map((i: any) => i.id)).not.toContain(city);
    expect((await api(h, org.users.otherDispatcher, 'GET', '/api/disputes/board')).body.cells).toEqual([]);
    expect((await api(h, org.users.otherDispatcher, 'GET', '/api/disputes/stats?from=2026-01-01&to=2026-12-31')).body.total.concluded).toBe(0);
    const reg = await api(h, org.users.otherDispatcher, 'POST', '/api/disputes', SAMPLE());
    expect(reg.status).toBe(201); // a dispatcher may register one in their own city …
    expect((await api(h, org.users.mediator, 'GET', `/api/disputes/${reg.body.id}`)).status).toBe(404); // … which ours never see
  });

  it('refuses every action of the table: wrong state 409, a role or place that may not act 403, another city 404', async () => {
    h.clock.set('2026-06-08T09:00:00+08:00');
    const inState: Record<string, string> = {
      registered: await create(),
      assigned: await (async () => {
        const id = await create();
        await ok(org.users.mediator, id, 'assign', assignInput());
        return id;
      })(),
      mediating: await mediating(),
      agreement: await agreed(),
      not_performed: await (async () => {
        const id = await agreed();
        await ok(org.users.streetMediator, id, 'record_not_performed', { note: '被申请人拒绝履行协议。', openSupervision: false });
        return id;
      })(),
    };
    const INPUT: Record<string, unknown> = {
      assign: assignInput(),
      reassign: { mediatorUserId: streetMediator2.id, reason: '当事人申请更换调解员。' },
      accept: ACCEPT,
      party_refuses: { reason: '被申请人明确拒绝调解。' },
      record_session: { heldOn: '2026-06-08', notes: '双方到场陈述纠纷经过。' },
      conclude_agreement: AGREEMENT,
      conclude_no_agreement: { reason: '双方分歧较大。', remediesExplained: true },
      refer: { to: 'court', authority: '测试市东区人民法院', reason: '当事人要求诉讼解决。' },
      apply_judicial_confirmation: { court: '测试市东区人民法院', joint: true },
      record_confirmation_result: { result: 'confirmed' },
      confirm_performed: {},
      record_partly_performed: { note: '已履行部分义务。' },
      record_not_performed: { note: '被申请人拒绝履行协议。', openSupervision: false },
      return_to_petition: { reason: '回到信访程序依法处理。' },
    };
    const actions = DISPUTE_WORKFLOW.transitions.filter((t) => t.from.length > 0);
    expect(Object.keys(INPUT).sort()).toEqual(actions.map((t) => t.action).sort());
    for (const t of actions) {
      const from = t.from.find((s) => s in inState)!;
      const wrong = Object.keys(inState).find((s) => !(t.from as readonly string[]).includes(s))!;
      expect(from, t.action).toBeTruthy();
      // state first: anyone who can see it is told the state does not allow it
      await refused(org.users.mediator, inState[wrong]!, t.action, INPUT[t.action], 409, 'ACTION_NOT_ALLOWED');
      // the analyst sees the city office's disputes and holds no role in the table
      await refused(org.users.analyst, inState[from]!, t.action, INPUT[t.action], 403, 'FORBIDDEN');
      await refused(org.users.otherDispatcher, inState[from]!, t.action, INPUT[t.action], 404, 'RECORD_NOT_FOUND');
    }
    // none of those attempts changed anything
    for (const [status, id] of Object.entries(inState)) expect((await view(id)).status).toBe(status);
    const unknown = await dsp(org.users.mediator, inState.registered!, 'fly', {});
    expect(unknown.status).toBe(404);
  });
});

describe('concurrency', () => {
  it('two mediators accepting the same dispute at once: exactly one wins, one clock, one event', async () => {
    h.clock.set('2026-06-10T09:00:00+08:00');
    const id = await create();
    await ok(org.users.mediator, id, 'assign', assignInput());
    const [a, b] = await Promise.all([dsp(org.users.streetMediator, id, 'accept', ACCEPT), dsp(streetMediator2, id, 'accept', ACCEPT)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(['STATE_CONFLICT', 'ACTION_NOT_ALLOWED']).toContain((a.status === 409 ? a : b).body.error.code);
    const v = await view(id);
    expect(v.events.filter((e: any) => e.type === 'accept')).toHaveLength(1);
    expect(v.clocks.filter((k: any) => k.rule === 'mediation')).toHaveLength(1);
    expect(v.version).toBe(3);
  });

  it('two identical not-performed records at once open one supervision item', async () => {
    const id = await agreed();
    const NOTE = { note: '被申请人拒绝履行协议。' };
    const [a, b] = await Promise.all([dsp(org.users.streetMediator, id, 'record_not_performed', NOTE), dsp(org.users.streetMediator, id, 'record_not_performed', NOTE)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const items = (await api(h, org.users.supervisor, 'GET', '/api/supervision?source=mediation_performance&limit=500')).body.items.filter((i: any) => i.subjectId === id);
    expect(items).toHaveLength(1);
  });
});

describe('the board and the success rate', () => {
  it('counts open disputes by type × status, and agreements over concluded disputes by type, committee and mediator', async () => {
    // a fresh city, so the counts are exactly this test's
    const o = await makeOrg(h);
    const m = o.users.streetMediator;
    const make = async (type: string, committee: UnitRow = o.units.street, mediator: TestUser = m) => {
      const r = await api(h, o.users.mediator, 'POST', '/api/disputes', SAMPLE({ type }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { id: r.body.id as string, committee, mediator };
    };
    const start = async (d: { id: string; committee: UnitRow; mediator: TestUser }) => {
      await ok(o.users.mediator, d.id, 'assign', { committeeUnitId: d.committee.id, mediatorUserId: d.mediator.id });
      await ok(d.mediator, d.id, 'accept', ACCEPT);
      return d;
    };
    h.clock.set('2026-11-02T09:00:00+08:00');
    const a = await start(await make('neighbours'));
    const b = await start(await make('neighbours'));
    const c = await start(await make('family', o.units.office, o.users.mediator));
    const d = await start(await make('family'));
    const e = await start(await make('consumer'));
    const f = await make('labour_wages');
    const g = await start(await make('family'));
    h.clock.set('2026-11-10T10:00:00+08:00');
    await ok(m, a.id, 'conclude_agreement', AGREEMENT);
    await ok(m, b.id, 'conclude_no_agreement', { reason: '双方分歧较大。', remediesExplained: true });
    await ok(o.users.mediator, c.id, 'conclude_agreement', AGREEMENT);
    await ok(m, d.id, 'refer', { to: 'court', authority: '测试市东区人民法院', reason: '当事人坚持诉讼。' });
    h.clock.set('2026-11-20T10:00:00+08:00');
    await ok(m, g.id, 'conclude_agreement', AGREEMENT); // outside the period

    const stats = await api(h, o.users.analyst, 'GET', '/api/disputes/stats?from=2026-11-01&to=2026-11-15');
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    expect(stats.body.definition.zh).toContain('调解成功率');
    expect(stats.body.total).toEqual({ concluded: 4, agreement: 2, noAgreement: 1, referred: 1, rate: 0.5 });
    const type = (k: string) => stats.body.byType.find((x: any) => x.key === k);
    expect(type('neighbours')).toMatchObject({ label: { zh: '邻里纠纷' }, concluded: 2, agreement: 1, noAgreement: 1, rate: 0.5 });
    expect(type('family')).toMatchObject({ concluded: 2, agreement: 1, referred: 1, rate: 0.5 });
    expect(type('consumer')).toMatchObject({ concluded: 0, agreement: 0, rate: null });
    expect(stats.body.byCommittee).toEqual([
      { unitId: o.units.street.id, name: '东区青山街道', concluded: 3, agreement: 1, noAgreement: 1, referred: 1, rate: 1 / 3 },
      { unitId: o.units.office.id, name: '测试市信访局', concluded: 1, agreement: 1, noAgreement: 0, referred: 0, rate: 1 },
    ]);
    expect(stats.body.byMediator).toEqual([
      { userId: m.id, name: 'streetMediator测试员', concluded: 3, agreement: 1, noAgreement: 1, referred: 1, rate: 1 / 3 },
      { userId: o.users.mediator.id, name: 'mediator测试员', concluded: 1, agreement: 1, noAgreement: 0, referred: 0, rate: 1 },
    ]);
    // the street's mediator counts only what the street may see
    expect((await api(h, m, 'GET', '/api/disputes/stats?from=2026-11-01&to=2026-11-30')).body.total).toEqual({ concluded: 4, agreement: 2, noAgreement: 1, referred: 1, rate: 0.5 });
    const wide = await api(h, o.users.analyst, 'GET', '/api/disputes/stats?from=2026-11-01&to=2026-11-30');
    expect(wide.body.total).toEqual({ concluded: 5, agreement: 3, noAgreement: 1, referred: 1, rate: 0.6 });
    for (const [q, field] of [
      ['from=2026-11-15&to=2026-11-01', 'to'],
      ['to=2026-11-15', 'from'],
      ['from=2026-11-31&to=2026-12-01', 'from'],
    ] as const) {
      const bad = await api(h, o.users.analyst, 'GET', `/api/disputes/stats?${q}`);
      expect(bad.status, q).toBe(400);
      expect(fields(bad.body)).toContain(field);
    }

    const board = (await api(h, o.users.analyst, 'GET', '/api/disputes/board')).body;
    expect(board.rowLabel).toEqual({ zh: '纠纷类型', en: 'Type of dispute' });
    expect(board.rows.map((r: any) => r.key)).toEqual(['family', 'neighbours', 'consumer', 'medical', 'traffic', 'labour_wages', 'property_management', 'land', 'other']);
    expect(board.cols.map((c: any) => c.key)).toEqual(['registered', 'assigned', 'mediating', 'agreement', 'not_performed']);
    const sort = (cells: any[]) => [...cells].sort((x, y) => `${x.row}${x.col}`.localeCompare(`${y.row}${y.col}`));
    expect(sort(board.cells)).toEqual(
      sort([
        { row: 'neighbours', col: 'agreement', count: 1 },
        { row: 'family', col: 'agreement', count: 2 },
        { row: 'consumer', col: 'mediating', count: 1 },
        { row: 'labour_wages', col: 'registered', count: 1 },
      ]),
    );
    expect(e.id && f).toBeTruthy();
  });
});

describe('the table as the web app reads it', () => {
  it('GET /api/workflows describes the dispute table with each action’s input; OpenAPI documents the creating bodies', async () => {
    const w = (await api(h, null, 'GET', '/api/workflows')).body.items.find((x: any) => x.entity === 'dispute');
    expect(w).toMatchObject({ base: '/api/disputes', title: { zh: '矛盾纠纷调解' } });
    const accept = w.transitions.find((t: any) => t.action === 'accept');
    expect(accept.input.required).toEqual(expect.arrayContaining(['initiation', 'consent']));
    expect(w.transitions.find((t: any) => t.action === 'apply_judicial_confirmation')).toMatchObject({ guarded: true, basis: '人民调解法第三十三条第一款' });
    const doc = (await api(h, null, 'GET', '/api/openapi.json')).body;
    expect(doc.paths['/api/disputes'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['type', 'title', 'parties']));
    expect(doc.paths['/api/disputes/from-petition'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['caseId', 'type']));
  });
});
