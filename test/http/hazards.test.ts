/**
 * 风险隐患排查整治 end to end: registration (inspection, citizen, petition), assignment with deadline and 包干领导,
 * 一案一策, rectification with photos, on-site verification by another person, 销号; every transition allowed and
 * refused; major and overdue hazards supervised (安全生产法 第四十一条第三款); the board by area × grade and the
 * GeoJSON map; scope; concurrency; bad input; clocks across the 2026 National Day holiday.
 *
 * Most tests run in 2040 so that a clock sweep of another test file sharing the PostgreSQL database (its simulated
 * time lies in 2026) never reaches these hazards' deadlines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnit, type UnitRow } from '../../src/org/units.js';
import type { Role } from '../../src/org/roles.js';
import { api, login, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser, sweepOrg } from '../helpers/harness.js';

let h: Harness;
let org: Org;
beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

const cst = (iso: string) => new Date(`${iso}+08:00`).toISOString();
const db = () => h.rt.deps.db;

/** A further user of a test org (the harness makes one per role; some tests need a second, or one elsewhere). */
async function addUser(tag: string, key: string, unit: UnitRow, roles: Role[]): Promise<TestUser> {
  const hash = (await db().selectFrom('users').select('password_hash').where('username', '=', org.users.intake.username).executeTakeFirstOrThrow()).password_hash;
  const username = `${key}-${tag}`.toLowerCase();
  const row = await db().insertInto('users').values({ username, display_name: `${key}测试员`, password_hash: hash, unit_id: unit.id, roles }).returning('id').executeTakeFirstOrThrow();
  return { username, id: row.id, cookie: await login(h, username) };
}

const sampleHazard = (over: Record<string, unknown> = {}) => ({
  source: 'inspection',
  type: 'gas',
  grade: 'general',
  title: '幸福小区底商餐饮店燃气软管老化',
  description: '检查发现幸福小区底商3家餐饮店燃气软管老化开裂，未安装燃气泄漏报警装置。',
  place: '东区青山街道幸福小区底商',
  lat: 30.5123,
  lng: 114.3051,
  foundBy: '区应急管理局第二检查组',
  ...over,
});
const LEADER = { name: '王建国', post: '测试市住建局副局长' };
const PLAN = { measures: '责令3家餐饮店立即停用老化软管，7日内更换金属波纹管并加装燃气泄漏报警装置，街道安全员每日巡查。' };
const DONE = { rectification: '3家餐饮店已全部更换金属波纹管，加装燃气泄漏报警装置并与燃气公司联网，经试验报警正常。' };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function report(user: TestUser, over: Record<string, unknown> = {}) {
  const r = await api(h, user, 'POST', '/api/hazards', sampleHazard(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; regNo: string; status: string };
}

const hz = (user: TestUser, id: string, action: string, input: unknown = {}) => api(h, user, 'POST', `/api/hazards/${id}/actions/${action}`, input);

async function ok(user: TestUser, id: string, action: string, input: unknown = {}) {
  const r = await hz(user, id, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

async function refused(user: TestUser, id: string, action: string, input: unknown, status: number, code: string) {
  const r = await hz(user, id, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(status);
  expect(r.body.error.code).toBe(code);
  return r.body;
}

const view = async (user: TestUser, id: string) => {
  const r = await api(h, user, 'GET', `/api/hazards/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

function upload(user: TestUser, id: string, stage: string | null, file: { data: Buffer; type: string; name: string } | null = { data: PNG, type: 'image/png', name: '现场.png' }) {
  const boundary = '----hazard' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  if (stage) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="stage"\r\n\r\n${stage}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return h.app.inject({ method: 'POST', url: `/api/hazards/${id}/photos`, headers: { cookie: user.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) });
}

async function photo(user: TestUser, id: string, stage: 'found' | 'rectified') {
  const r = await upload(user, id, stage);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().items[0];
}

const assignTo = (unitId: string, over: Record<string, unknown> = {}) => ({ unitId, leader: LEADER, requirements: '限期整改到位，整改期间落实临时管控措施。', ...over });

const clockOf = (v: any, rule: string, status = 'running') => v.clocks.find((k: any) => k.rule === rule && k.status === status);

const itemsAbout = (hazardId: string) =>
  db().selectFrom('supervision_items').selectAll().where('subject_entity', '=', 'hazard').where('subject_id', '=', hazardId).orderBy('created_at').execute();

/** Up to 'verifying' at deptA, as the city office would drive it. */
async function toVerifying(over: Record<string, unknown> = {}) {
  const { id } = await report(org.users.dispatcher, over);
  await ok(org.users.dispatcher, id, 'assign', assignTo(org.units.deptA.id));
  await ok(org.users.handlerA, id, 'plan', PLAN);
  await photo(org.users.handlerA, id, 'rectified');
  await ok(org.users.handlerA, id, 'report_rectified', DONE);
  return id;
}

describe('the closed loop: found → assigned → plan → rectified → verified on site → 销号', () => {
  it('walks every step, refusing what the table forbids at each (安全生产法 第四十一条第二款: 及时发现并消除事故隐患)', async () => {
    h.clock.set('2040-03-05T09:00:00+08:00');
    // analysts read, they do not register
    expect((await api(h, org.users.analyst, 'POST', '/api/hazards', sampleHazard())).status).toBe(403);
    const { id, regNo, status } = await report(org.users.dispatcher);
    expect(status).toBe('reported');
    expect(regNo).toMatch(/^YH20400305\d{6}$/);
    let v = await view(org.users.dispatcher, id);
    expect(v).toMatchObject({ status: 'reported', grade: 'general', gradeLabel: { zh: '一般隐患' }, typeLabel: { zh: '燃气安全' }, foundBy: '区应急管理局第二检查组', foundOn: '2040-03-05', officeUnitName: '测试市信访局', unitId: null, reporter: null });
    expect(v.allowedActions.sort()).toEqual(['assign', 'dismiss', 'regrade']);
    expect(v.events.map((e: any) => e.type)).toEqual(['report']);

    // before assignment the department does not see it; another city never does
    await refused(org.users.handlerA, id, 'plan', PLAN, 404, 'RECORD_NOT_FOUND');
    expect((await api(h, org.users.otherDispatcher, 'GET', `/api/hazards/${id}`)).status).toBe(404);
    await refused(org.users.otherDispatcher, id, 'assign', assignTo(org.units.deptA.id), 404, 'RECORD_NOT_FOUND');
    // wrong state first, then wrong role
    await refused(org.users.dispatcher, id, 'plan', PLAN, 409, 'ACTION_NOT_ALLOWED');
    await refused(org.users.dispatcher, id, 'report_rectified', DONE, 409, 'ACTION_NOT_ALLOWED');
    await refused(org.users.dispatcher, id, 'verify_pass', { verification: '现场核查通过。' }, 409, 'ACTION_NOT_ALLOWED');
    await refused(org.users.dispatcher, id, 'close', {}, 409, 'ACTION_NOT_ALLOWED');
    await refused(org.users.intake, id, 'assign', assignTo(org.units.deptA.id), 403, 'FORBIDDEN');
    await refused(org.users.supervisor, id, 'assign', assignTo(org.units.deptA.id), 403, 'FORBIDDEN');

    v = await ok(org.users.dispatcher, id, 'assign', assignTo(org.units.deptA.id));
    expect(v).toMatchObject({ status: 'assigned', unitName: '测试市住建局', leaderName: '王建国', leaderPost: '测试市住建局副局长' });
    // 30 calendar days from 03-05: 04-04 (Wednesday) → due at the end of 04-04
    expect(clockOf(v, 'hazard_rectify').dueAt).toBe(cst('2040-04-05T00:00:00'));
    expect(v.rectifyDueAt).toBe(cst('2040-04-05T00:00:00'));
    expect(await itemsAbout(id)).toHaveLength(0); // a general hazard is not supervised at assignment
    await refused(org.users.dispatcher, id, 'assign', assignTo(org.units.deptA.id), 409, 'ACTION_NOT_ALLOWED');

    // the unit now sees it and may plan; the office may not plan for it; another department does not see it
    expect((await view(org.users.handlerA, id)).allowedActions).toEqual(['plan']);
    await refused(org.users.dispatcher, id, 'plan', PLAN, 403, 'FORBIDDEN');
    await refused(org.users.handlerB, id, 'plan', PLAN, 404, 'RECORD_NOT_FOUND');
    await refused(org.users.handlerA, id, 'plan', { measures: '马上改' }, 400, 'VALIDATION_FAILED');
    v = await ok(org.users.handlerA, id, 'plan', PLAN);
    expect(v).toMatchObject({ status: 'rectifying', measures: PLAN.measures });
    expect(v.plannedAt).toBeTruthy();

    // 整改前后对比: no report without a photo of the rectified site; the office adds photos as found, not as rectified
    await refused(org.users.handlerA, id, 'report_rectified', DONE, 409, 'EVIDENCE_REQUIRED');
    expect((await upload(org.users.dispatcher, id, 'rectified')).statusCode).toBe(403);
    expect((await upload(org.users.handlerB, id, 'found')).statusCode).toBe(404);
    const found = await photo(org.users.dispatcher, id, 'found');
    expect(found).toMatchObject({ stage: 'found', round: 0, mimeType: 'image/png', size: PNG.length });
    await photo(org.users.handlerA, id, 'rectified');
    await refused(org.users.dispatcher, id, 'report_rectified', DONE, 403, 'FORBIDDEN');
    v = await ok(org.users.headA, id, 'report_rectified', DONE);
    expect(v.status).toBe('verifying');
    expect(v.rectifiedBy).toBe(org.users.headA.id);
    expect(clockOf(v, 'hazard_rectify', 'met')).toBeTruthy();
    expect(clockOf(v, 'hazard_verify')).toMatchObject({ unit: 'workday', amount: 3 });
    expect(v.photos.map((p: any) => p.stage).sort()).toEqual(['found', 'rectified']);
    expect((await upload(org.users.handlerA, id, 'rectified')).statusCode).toBe(409);

    // the responsible unit does not verify its own work (the place check refuses it before the guard)
    expect((await view(org.users.headA, id)).allowedActions).toEqual([]);
    await refused(org.users.headA, id, 'verify_pass', { verification: '自查合格。' }, 403, 'FORBIDDEN');
    await refused(org.users.headA, id, 'verify_fail', { reason: '自查不合格。', rectifyDays: 3 }, 403, 'FORBIDDEN');
    // another city never finds it, whatever the action (existence is not disclosed)
    for (const action of ['assign', 'regrade', 'plan', 'report_rectified', 'verify_pass', 'verify_fail', 'close', 'dismiss'])
      await refused(org.users.otherDispatcher, id, action, {}, 404, 'RECORD_NOT_FOUND');
    expect((await upload(org.users.otherDispatcher, id, 'found')).statusCode).toBe(404);
    expect((await view(org.users.supervisor, id)).allowedActions.sort()).toEqual(['verify_fail', 'verify_pass']);
    // failed on site: back to rectifying with a new deadline, and fresh photos are needed
    await refused(org.users.supervisor, id, 'verify_fail', { reason: '1家餐饮店仍使用橡胶软管。' }, 400, 'VALIDATION_FAILED');
    h.clock.set('2040-03-12T10:00:00+08:00');
    v = await ok(org.users.supervisor, id, 'verify_fail', { reason: '现场核查发现1家餐饮店仍使用橡胶软管。', rectifyDays: 5 });
    expect(v).toMatchObject({ status: 'rectifying', verifyFailures: 1, verification: '现场核查发现1家餐饮店仍使用橡胶软管。' });
    expect(clockOf(v, 'hazard_verify', 'met')).toBeTruthy();
    // 5 days from Monday 03-12: Saturday 03-17 → the period ends on Monday 03-19
    expect(clockOf(v, 'hazard_rectify').dueAt).toBe(cst('2040-03-20T00:00:00'));
    await refused(org.users.handlerA, id, 'report_rectified', DONE, 409, 'EVIDENCE_REQUIRED');
    expect((await photo(org.users.handlerA, id, 'rectified')).round).toBe(1);
    await ok(org.users.handlerA, id, 'report_rectified', DONE);

    await refused(org.users.dispatcher, id, 'close', {}, 409, 'ACTION_NOT_ALLOWED');
    v = await ok(org.users.dispatcher, id, 'verify_pass', { verification: '现场核查：全部更换金属波纹管，报警装置有效。' });
    expect(v).toMatchObject({ status: 'verified', verifiedBy: org.users.dispatcher.id });
    expect(v.allowedActions).toEqual(['close']);
    await refused(org.users.supervisor, id, 'close', {}, 403, 'FORBIDDEN');
    await refused(org.users.handlerA, id, 'close', {}, 403, 'FORBIDDEN');
    v = await ok(org.users.dispatcher, id, 'close', { note: '整改到位，予以销号。' });
    expect(v).toMatchObject({ status: 'closed', closeNote: '整改到位，予以销号。' });
    expect(v.closedAt).toBeTruthy();
    expect(v.allowedActions).toEqual([]);
    for (const [action, input] of [['dismiss', { reason: '重复登记。' }], ['regrade', { grade: 'major', reason: '升级为重大隐患。' }], ['verify_fail', { reason: '再次核查。', rectifyDays: 3 }]] as const)
      await refused(org.users.dispatcher, id, action, input, 409, 'ACTION_NOT_ALLOWED');
    expect((await upload(org.users.dispatcher, id, 'found')).statusCode).toBe(409);
    expect(v.events.map((e: any) => e.type)).toEqual([
      'report', 'assign', 'plan', 'photo_added', 'photo_added', 'report_rectified', 'verify_fail', 'photo_added', 'report_rectified', 'verify_pass', 'close',
    ]);
  });

  it('dismisses a registration that is not a hazard, before the work starts; regrades while open', async () => {
    h.clock.set('2040-03-06T09:00:00+08:00');
    const a = await report(org.users.dispatcher);
    await refused(org.users.dispatcher, a.id, 'dismiss', { reason: '重复' }, 400, 'VALIDATION_FAILED');
    await refused(org.users.handlerA, a.id, 'dismiss', { reason: '经核实不构成隐患。' }, 404, 'RECORD_NOT_FOUND');
    await refused(org.users.intake, a.id, 'dismiss', { reason: '经核实不构成隐患。' }, 403, 'FORBIDDEN');
    expect((await ok(org.users.dispatcher, a.id, 'dismiss', { reason: '经现场核实不构成隐患。' })).status).toBe('dismissed');
    await refused(org.users.dispatcher, a.id, 'assign', assignTo(org.units.deptA.id), 409, 'ACTION_NOT_ALLOWED');

    // an assigned hazard may still be dismissed (its clock stops); one being rectified may not
    const b = await report(org.users.dispatcher);
    await ok(org.users.dispatcher, b.id, 'assign', assignTo(org.units.deptA.id));
    const d = await ok(org.users.dispatcher, b.id, 'dismiss', { reason: '与另一条登记重复，合并办理。' });
    expect(clockOf(d, 'hazard_rectify', 'stopped')).toBeTruthy();
    const c = await report(org.users.dispatcher);
    await ok(org.users.dispatcher, c.id, 'assign', assignTo(org.units.deptA.id));
    await ok(org.users.handlerA, c.id, 'plan', PLAN);
    await refused(org.users.dispatcher, c.id, 'dismiss', { reason: '经核实不构成隐患。' }, 409, 'ACTION_NOT_ALLOWED');

    // 第四十一条第三款: a hazard found to be major while being rectified is supervised from then on
    await refused(org.users.dispatcher, c.id, 'regrade', { grade: 'general', reason: '维持一般隐患。' }, 400, 'VALIDATION_FAILED');
    await refused(org.users.handlerA, c.id, 'regrade', { grade: 'major', reason: '专家论证属重大隐患。' }, 403, 'FORBIDDEN');
    const v = await ok(org.users.dispatcher, c.id, 'regrade', { grade: 'major', reason: '经专家论证属重大事故隐患。' });
    expect(v).toMatchObject({ status: 'rectifying', grade: 'major' });
    const items = await itemsAbout(c.id);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ source: 'hazard_major', unit_id: org.units.deptA.id, office_unit_id: org.units.office.id, status: 'open' });
    expect(v.events.at(-1).data.supervisionId).toBe(items[0]!.id);
  });
});

describe('supervision of major and overdue hazards (安全生产法 第四十一条第三款)', () => {
  it('a major hazard opens one supervision item at its assignment, and may get a shorter deadline', async () => {
    h.clock.set('2040-03-07T09:00:00+08:00');
    const { id, regNo } = await report(org.users.dispatcher, { grade: 'major', type: 'building', title: '青山街道自建房墙体开裂', description: '一栋四层自建出租房外墙出现贯穿裂缝，楼内住有12户租户。' });
    // a reported (unassigned) major hazard is not yet supervised: there is no responsible unit
    expect(await itemsAbout(id)).toHaveLength(0);
    const v = await ok(org.users.dispatcher, id, 'assign', assignTo(org.units.deptA.id, { rectifyDays: 7 }));
    // 7 days from Wednesday 03-07: 03-14 → due at the end of 03-14
    expect(clockOf(v, 'hazard_rectify')).toMatchObject({ amount: 7, dueAt: cst('2040-03-15T00:00:00') });
    const items = await itemsAbout(id);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ source: 'hazard_major', unit_id: org.units.deptA.id, office_unit_id: org.units.office.id, status: 'open' });
    expect(items[0]!.reason).toContain(regNo);
    expect(items[0]!.reason).toContain('2040-03-14');
    expect(v.events.find((e: any) => e.type === 'assign').data.supervisionId).toBe(items[0]!.id);
    // the supervisor works it in the supervision register; the supervised unit sees it there
    const asUnit = (await api(h, org.users.handlerA, 'GET', `/api/supervision/${items[0]!.id}`)).body;
    expect(asUnit).toMatchObject({ source: 'hazard_major', subjectEntity: 'hazard', subjectId: id });
  });

  it('an overdue rectification opens one item, however many sweeps run; a rectification done in time opens none', async () => {
    h.clock.set('2040-05-02T09:00:00+08:00');
    const late = await report(org.users.dispatcher, { title: '松林路路口信号灯损坏', type: 'traffic' });
    await ok(org.users.dispatcher, late.id, 'assign', assignTo(org.units.deptA.id));
    const onTime = await report(org.users.dispatcher, { title: '翠竹巷井盖缺失', type: 'traffic' });
    await ok(org.users.dispatcher, onTime.id, 'assign', assignTo(org.units.deptA.id));
    await ok(org.users.handlerA, onTime.id, 'plan', PLAN);
    await photo(org.users.handlerA, onTime.id, 'rectified');
    h.clock.set('2040-05-20T09:00:00+08:00');
    await ok(org.users.handlerA, onTime.id, 'report_rectified', DONE);
    // 30 days from 05-02: 06-01 (Friday) → due at the end of 06-01
    expect(clockOf(await view(org.users.dispatcher, late.id), 'hazard_rectify').dueAt).toBe(cst('2040-06-02T00:00:00'));

    h.clock.set('2040-06-01T23:00:00+08:00');
    await sweepOrg(h, org);
    expect(await itemsAbout(late.id)).toHaveLength(0);
    h.clock.set('2040-06-02T08:00:00+08:00');
    await Promise.all([sweepOrg(h, org), sweepOrg(h, org)]);
    await sweepOrg(h, org);
    const items = await itemsAbout(late.id);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ source: 'hazard_overdue', unit_id: org.units.deptA.id, status: 'open', dedup_key: `hazard_overdue:${late.id}` });
    expect(items[0]!.reason).toContain('2040-06-01');
    const v = await view(org.users.dispatcher, late.id);
    expect(v.events.filter((e: any) => e.type === 'clock_overdue')).toHaveLength(1);
    expect(v.events.filter((e: any) => e.type === 'supervision_opened')).toEqual([expect.objectContaining({ data: { supervisionId: items[0]!.id, source: 'hazard_overdue' } })]);
    expect(clockOf(v, 'hazard_rectify').overdueAt).toBeTruthy();
    // the list can show the overdue ones
    const overdue = (await api(h, org.users.dispatcher, 'GET', `/api/hazards?overdue=true&unitId=${org.units.deptA.id}`)).body.items.map((i: any) => i.id);
    expect(overdue).toContain(late.id);
    expect(overdue).not.toContain(onTime.id);
    expect(await itemsAbout(onTime.id)).toHaveLength(0);
  });
});

describe('on-site verification by another person', () => {
  it('refuses the user who recorded the rectification, even after moving to the office', async () => {
    h.clock.set('2040-03-08T09:00:00+08:00');
    const mover = await addUser(org.tag, 'mover', org.units.deptA, ['handler', 'dispatcher']);
    const { id } = await report(org.users.dispatcher);
    await ok(org.users.dispatcher, id, 'assign', assignTo(org.units.deptA.id));
    await ok(mover, id, 'plan', PLAN);
    await photo(mover, id, 'rectified');
    await ok(mover, id, 'report_rectified', DONE);
    // transferred to the petition office: the place check now holds, the guard does not
    await db().updateTable('users').set({ unit_id: org.units.office.id }).where('id', '=', mover.id).execute();
    expect((await view(mover, id)).allowedActions).toEqual([]);
    const body = await refused(mover, id, 'verify_pass', { verification: '现场核查通过。' }, 403, 'VERIFIER_NOT_INDEPENDENT');
    expect(body.error.message).toContain('填报人');
    await refused(mover, id, 'verify_fail', { reason: '仍有问题。', rectifyDays: 3 }, 403, 'VERIFIER_NOT_INDEPENDENT');
    await ok(org.users.dispatcher, id, 'verify_pass', { verification: '现场核查通过。' });
  });

  it('a street that keeps its own register and rectifies itself is verified from outside the street', async () => {
    h.clock.set('2040-03-09T09:00:00+08:00');
    const streetHead2 = await addUser(org.tag, 'streethead2', org.units.street, ['unit_head']);
    const districtDispatcher = await addUser(org.tag, 'ddisp', org.units.districtOffice, ['dispatcher']);
    const { id } = await report(org.users.streetHandler, { title: '青山街道菜市场消防通道堵塞', type: 'fire' });
    let v = await ok(org.users.streetHandler, id, 'assign', assignTo(org.units.street.id, { leader: { name: '李明', post: '青山街道办事处副主任' } }));
    expect(v.officeUnitName).toBe('东区青山街道');
    await ok(org.users.streetHandler, id, 'plan', PLAN);
    await photo(org.users.streetHandler, id, 'rectified');
    await ok(org.users.streetHandler, id, 'report_rectified', DONE);
    v = await view(org.users.streetHandler, id);
    expect(v.allowedActions).toEqual([]);
    expect((await refused(org.users.streetHandler, id, 'verify_pass', { verification: '自查合格。' }, 403, 'VERIFIER_NOT_INDEPENDENT')).error.message).toContain('填报人');
    expect((await refused(streetHead2, id, 'verify_pass', { verification: '同事核查合格。' }, 403, 'VERIFIER_NOT_INDEPENDENT')).error.message).toContain('责任单位');
    // the district's office oversees the street and is outside it
    expect((await view(districtDispatcher, id)).allowedActions.sort()).toEqual(['verify_fail', 'verify_pass']);
    v = await ok(districtDispatcher, id, 'verify_pass', { verification: '区信访办现场核查：消防通道已清理，设置禁停标识。' });
    expect(v.status).toBe('verified');
    expect((await ok(org.users.streetHandler, id, 'close', {})).status).toBe('closed');
  });
});

describe('clocks on the calendar', () => {
  it('rectification in calendar days and verification in working days, across the 2026 National Day holiday (10-01…10-07)', async () => {
    // assigned Wednesday 2026-09-02: +30 days = 10-02, inside the holiday → the period ends on 10-08
    h.clock.set('2026-09-02T10:00:00+08:00');
    const { id } = await report(org.users.dispatcher);
    let v = await ok(org.users.dispatcher, id, 'assign', assignTo(org.units.deptA.id));
    expect(clockOf(v, 'hazard_rectify')).toMatchObject({ amount: 30, unit: 'day', dueAt: cst('2026-10-09T00:00:00') });
    await ok(org.users.handlerA, id, 'plan', PLAN);
    await photo(org.users.handlerA, id, 'rectified');
    // reported done 2026-09-30: 3 working days = 10-08, 10-09 and Saturday 10-10 (调休 working day)
    h.clock.set('2026-09-30T15:00:00+08:00');
    v = await ok(org.users.handlerA, id, 'report_rectified', DONE);
    expect(clockOf(v, 'hazard_verify')).toMatchObject({ amount: 3, unit: 'workday', dueAt: cst('2026-10-11T00:00:00') });
    const ev = v.events.find((e: any) => e.type === 'report_rectified');
    expect(ev.data).toMatchObject({ onTime: true, photos: 1 });
  });
});

describe('who found it, and the citizen who reported it', () => {
  it('a citizen report records 群众 as the finder; the reporter is masked, revealed only to roles that need it, audited', async () => {
    h.clock.set('2040-03-10T09:00:00+08:00');
    const reporter = { name: '李四海', phone: '13912345678', address: '测试市东区青山街道幸福小区5号楼202室' };
    const { id } = await report(org.users.intake, { source: 'citizen', foundBy: undefined, reporter });
    const v = await view(org.users.dispatcher, id);
    expect(v.foundBy).toBe('群众');
    expect(v.reporter).toEqual({ name: '李**', idNumber: null, phone: '139****5678', address: '测试市东区青****', email: null, masked: true });
    const everywhere = JSON.stringify([v, (await api(h, org.users.dispatcher, 'GET', '/api/hazards?source=citizen')).body, (await api(h, org.users.dispatcher, 'GET', '/api/hazards/map')).body]);
    expect(everywhere).not.toContain('李四海');
    expect(everywhere).not.toContain('13912345678');
    expect((await api(h, org.users.analyst, 'GET', `/api/hazards/${id}/reporter?reveal=true`)).status).toBe(403);
    expect((await api(h, org.users.analyst, 'GET', `/api/hazards/${id}/reporter`)).body.item.masked).toBe(true);
    expect((await api(h, org.users.otherDispatcher, 'GET', `/api/hazards/${id}/reporter`)).status).toBe(404);
    const revealed = await api(h, org.users.dispatcher, 'GET', `/api/hazards/${id}/reporter?reveal=true`);
    expect(revealed.body.item).toMatchObject({ name: '李四海', phone: '13912345678', masked: false });
    const audits = await db().selectFrom('audit_log').selectAll().where('action', '=', 'petitioner.read').where('entity_type', '=', 'hazard').where('entity_id', '=', id).execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actor_user_id).toBe(org.users.dispatcher.id);
  });

  it('a hazard from a petition names the case, shows on its timeline, and needs a case the actor may see', async () => {
    h.clock.set('2040-03-11T09:00:00+08:00');
    const c = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: '小区燃气管道锈蚀漏气', content: '本人所住幸福小区3号楼燃气立管锈蚀严重，楼道内常有燃气味，请求尽快处理消除隐患。' }));
    expect(c.status).toBe(201);
    const { id } = await report(org.users.dispatcher, { source: 'petition', caseId: c.body.id, foundBy: undefined });
    const v = await view(org.users.dispatcher, id);
    expect(v).toMatchObject({ caseId: c.body.id, caseRegNo: c.body.regNo, foundBy: `信访事项${c.body.regNo}`, sourceLabel: { zh: '信访事项转入' } });
    const cv = (await api(h, org.users.dispatcher, 'GET', `/api/cases/${c.body.id}`)).body;
    expect(cv.events.find((e: any) => e.type === 'hazard_opened').data).toMatchObject({ hazardId: id });
    const other = await api(h, org.users.otherDispatcher, 'POST', '/api/cases', sampleCase());
    const hidden = await api(h, org.users.dispatcher, 'POST', '/api/hazards', sampleHazard({ source: 'petition', caseId: other.body.id, foundBy: undefined }));
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('CASE_NOT_FOUND');
  });
});

describe('bad input names the field', () => {
  const fields = (r: any) => r.body.error.details.issues.map((i: any) => i.field);

  it('refuses a registration with a point off the globe, half a point, a wrong finder, a future date', async () => {
    h.clock.set('2040-03-12T09:00:00+08:00');
    const post = (over: Record<string, unknown>) => api(h, org.users.dispatcher, 'POST', '/api/hazards', sampleHazard(over));
    let r = await post({ lat: 91, lng: 181 });
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual(expect.arrayContaining(['lat', 'lng']));
    expect(fields(await post({ lat: -90.5 }))).toEqual(['lat']);
    expect(fields(await post({ lng: undefined }))).toEqual(['lng']);
    expect(fields(await post({ lat: undefined, lng: undefined, type: 'volcano', grade: 'huge' }))).toEqual(expect.arrayContaining(['type', 'grade']));
    expect(fields(await post({ source: 'petition', foundBy: undefined }))).toEqual(['caseId']);
    expect(fields(await post({ source: 'citizen' }))).toEqual(['foundBy']);
    expect(fields(await post({ foundBy: undefined }))).toEqual(['foundBy']);
    expect(fields(await post({ reporter: { name: '张三' } }))).toEqual(['reporter']);
    expect(fields(await post({ foundOn: '2040-02-30' }))).toEqual(['foundOn']);
    r = await post({ foundOn: '2040-03-13' });
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual(['foundOn']);
    expect(fields(await post({ title: '', place: '' }))).toEqual(expect.arrayContaining(['title', 'place']));
    // a point without a map is fine: it is kept off the map
    const noPoint = await post({ lat: undefined, lng: undefined, foundOn: '2040-03-01' });
    expect(noPoint.status).toBe(201);
    expect((await view(org.users.dispatcher, noPoint.body.id)).foundOn).toBe('2040-03-01');
  });

  it('refuses an assignment outside the scope, without a leader, or a shortened deadline for a general hazard', async () => {
    const { id } = await report(org.users.dispatcher);
    expect(fields(await hz(org.users.dispatcher, id, 'assign', { unitId: org.units.deptA.id }))).toEqual(expect.arrayContaining(['leader']));
    expect(fields(await hz(org.users.dispatcher, id, 'assign', assignTo(org.units.deptA.id, { leader: { name: '王', post: '' } })))).toEqual(['leader.post']);
    expect(fields(await hz(org.users.dispatcher, id, 'assign', assignTo(org.units.deptA.id, { rectifyDays: 0 })))).toEqual(['rectifyDays']);
    expect(fields(await hz(org.users.dispatcher, id, 'assign', assignTo(org.units.deptA.id, { rectifyDays: 10 })))).toEqual(['rectifyDays']);
    await refused(org.users.dispatcher, id, 'assign', assignTo(org.units.otherCity.id), 422, 'INVALID_TARGET_UNIT');
    // nothing of the refused attempts stayed
    const v = await view(org.users.dispatcher, id);
    expect(v).toMatchObject({ status: 'reported', unitId: null });
    expect(v.clocks).toEqual([]);
    const major = await report(org.users.dispatcher, { grade: 'major' });
    expect(fields(await hz(org.users.dispatcher, major.id, 'assign', assignTo(org.units.deptA.id, { rectifyDays: 31 })))).toEqual(['rectifyDays']);
    expect(await itemsAbout(major.id)).toHaveLength(0);
    const verifying = await toVerifying();
    expect(fields(await hz(org.users.dispatcher, verifying, 'verify_fail', { reason: '仍未整改到位。', rectifyDays: 31 }))).toEqual(['rectifyDays']);
    expect((await view(org.users.dispatcher, verifying)).status).toBe('verifying');
  });

  it('refuses a photo without a stage, without a file, or not an image', async () => {
    const { id } = await report(org.users.dispatcher);
    const noStage = await upload(org.users.dispatcher, id, null);
    expect(noStage.statusCode).toBe(400);
    expect(noStage.json().error.details.issues[0].field).toBe('stage');
    expect((await upload(org.users.dispatcher, id, 'before')).json().error.details.issues[0].field).toBe('stage');
    expect((await upload(org.users.dispatcher, id, 'found', null)).json().error.details.issues[0].field).toBe('file');
    expect((await upload(org.users.dispatcher, id, 'found', { data: Buffer.from('%PDF-1.4'), type: 'application/pdf', name: 'a.pdf' })).statusCode).toBe(415);
    expect((await upload(org.users.dispatcher, id, 'found', { data: Buffer.alloc(300_000, 1), type: 'image/jpeg', name: 'big.jpg' })).statusCode).toBe(413);
    expect((await view(org.users.dispatcher, id)).photos).toEqual([]);
  });
});

describe('photos', () => {
  it('are served within the hazard’s scope only, the bytes as uploaded, each read audited', async () => {
    const { id } = await report(org.users.dispatcher);
    await ok(org.users.dispatcher, id, 'assign', assignTo(org.units.deptA.id));
    // found-stage photos come from the unit too, before the rectification is reported
    const p = await photo(org.users.handlerA, id, 'found');
    const get = (user: TestUser, photoId = p.id) => h.app.inject({ method: 'GET', url: `/api/hazards/${id}/photos/${photoId}`, headers: { cookie: user.cookie } });
    const r = await get(org.users.dispatcher);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.rawPayload.equals(PNG)).toBe(true);
    expect((await get(org.users.handlerB)).statusCode).toBe(404);
    expect((await get(org.users.otherDispatcher)).statusCode).toBe(404);
    expect((await get(org.users.dispatcher, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const reads = await db().selectFrom('audit_log').select('actor_user_id').where('action', '=', 'attachment.read').where('entity_id', '=', p.id).execute();
    expect(reads.map((x) => x.actor_user_id)).toEqual([org.users.dispatcher.id]);
    const v = await view(org.users.handlerA, id);
    expect(v.photos).toEqual([expect.objectContaining({ id: p.id, stage: 'found', filename: '现场.png', sha256: p.sha256 })]);
  });
});

describe('two identical actions at once', () => {
  it('exactly one assignment of a major hazard wins: one event, one clock, one supervision item', async () => {
    h.clock.set('2040-03-13T09:00:00+08:00');
    const { id } = await report(org.users.dispatcher, { grade: 'major' });
    const [a, b] = await Promise.all([hz(org.users.dispatcher, id, 'assign', assignTo(org.units.deptA.id)), hz(org.users.dispatcher, id, 'assign', assignTo(org.units.deptA.id))]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const v = await view(org.users.dispatcher, id);
    expect(v.events.filter((e: any) => e.type === 'assign')).toHaveLength(1);
    expect(v.clocks.filter((k: any) => k.rule === 'hazard_rectify')).toHaveLength(1);
    expect(await itemsAbout(id)).toHaveLength(1);
  });

  it('exactly one on-site check wins', async () => {
    const id = await toVerifying();
    const [a, b] = await Promise.all([
      hz(org.users.dispatcher, id, 'verify_pass', { verification: '现场核查通过。' }),
      hz(org.users.supervisor, id, 'verify_fail', { reason: '现场核查未通过。', rectifyDays: 5 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const v = await view(org.users.dispatcher, id);
    expect(v.events.filter((e: any) => e.type === 'verify_pass' || e.type === 'verify_fail')).toHaveLength(1);
    expect(v.clocks.filter((k: any) => k.rule === 'hazard_verify')).toHaveLength(1);
  });
});

describe('挂图作战: the board by area × grade, the map, and who sees what', () => {
  let o: Org;
  let district2: UnitRow;
  let street2: UnitRow;
  let street2Handler: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h.clock.set('2040-04-02T09:00:00+08:00');
    // a fresh org, so the counts are exactly these hazards; with a second district and its street
    o = await makeOrg(h);
    district2 = await createUnit(db(), { code: `D2-${o.tag}`, name: '西区', type: 'district', parentId: o.units.city.id });
    street2 = await createUnit(db(), { code: `D2S1-${o.tag}`, name: '西区白沙街道', type: 'street', parentId: district2.id });
    street2Handler = await addUser(o.tag, 'street2', street2, ['handler', 'unit_head']);
    const mk = async (key: string, over: Record<string, unknown>, unitId?: string) => {
      const r = await api(h, o.users.dispatcher, 'POST', '/api/hazards', sampleHazard(over));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids[key] = r.body.id;
      if (unitId) expect((await hz(o.users.dispatcher, r.body.id, 'assign', assignTo(unitId))).status).toBe(200);
    };
    await mk('streetGeneral', { lat: 30.51, lng: 114.31 }, o.units.street.id);
    await mk('streetMajor', { grade: 'major', type: 'building', lat: 30.52, lng: 114.32 }, o.units.street.id);
    await mk('street2Major', { grade: 'major', type: 'flood', lat: 30.41, lng: 114.11 }, street2.id);
    await mk('deptGeneral', { type: 'food', lat: 30.6, lng: 114.4 }, o.units.deptA.id);
    await mk('unassigned', { lat: undefined, lng: undefined });
    await mk('dismissed', { lat: 30.5, lng: 114.5 });
    expect((await hz(o.users.dispatcher, ids.dismissed!, 'dismiss', { reason: '经核实不构成隐患。' })).status).toBe(200);
  });

  const cellsOf = (board: any) => Object.fromEntries(board.cells.map((c: any) => [`${board.rows.find((r: any) => r.key === c.row).label.zh}|${c.col}`, c.count]));

  it('counts open hazards by district for the city, by street on request', async () => {
    const byDistrict = (await api(h, o.users.dispatcher, 'GET', '/api/hazards/board')).body;
    expect(byDistrict).toMatchObject({ by: 'district', rowLabel: { zh: '区（县）' }, colLabel: { zh: '隐患等级' } });
    expect(byDistrict.cols).toEqual([{ key: 'general', label: { zh: '一般隐患', en: 'General' } }, { key: 'major', label: { zh: '重大隐患', en: 'Major' } }]);
    expect(byDistrict.rows.map((r: any) => r.label.zh)).toEqual(['东区', '西区', '测试市（市直）']);
    // the unassigned one counts where its office is (city level), the dismissed one not at all
    expect(cellsOf(byDistrict)).toEqual({ '东区|general': 1, '东区|major': 1, '西区|major': 1, '测试市（市直）|general': 2 });
    const byStreet = (await api(h, o.users.dispatcher, 'GET', '/api/hazards/board?by=street')).body;
    expect(cellsOf(byStreet)).toEqual({ '东区青山街道|general': 1, '东区青山街道|major': 1, '西区白沙街道|major': 1, '测试市（市直）|general': 2 });
    expect((await api(h, o.users.dispatcher, 'GET', '/api/hazards/board?by=county')).status).toBe(400);
  });

  it('a street sees its own hazards by street; not another district’s; another city sees none of ours', async () => {
    const mine = (await api(h, o.users.streetHandler, 'GET', '/api/hazards/board')).body;
    expect(mine.by).toBe('street');
    expect(cellsOf(mine)).toEqual({ '东区青山街道|general': 1, '东区青山街道|major': 1 });
    expect((await api(h, o.users.streetHandler, 'GET', `/api/hazards/${ids.streetMajor}`)).status).toBe(200);
    expect((await api(h, o.users.streetHandler, 'GET', `/api/hazards/${ids.street2Major}`)).status).toBe(404);
    await refused(o.users.streetHandler, ids.street2Major!, 'plan', PLAN, 404, 'RECORD_NOT_FOUND');
    const list = (await api(h, o.users.streetHandler, 'GET', '/api/hazards')).body;
    expect(list.items.map((i: any) => i.id).sort()).toEqual([ids.streetGeneral, ids.streetMajor].sort());
    expect(list.total).toBe(2);
    expect(list.items[0]).toMatchObject({ gradeLabel: expect.any(Object), typeLabel: expect.any(Object), dueAt: expect.any(String), overdue: false });

    const other = (await api(h, street2Handler, 'GET', '/api/hazards')).body;
    expect(other.items.map((i: any) => i.id)).toEqual([ids.street2Major]);
    expect((await api(h, street2Handler, 'GET', `/api/hazards/${ids.streetGeneral}`)).status).toBe(404);
    expect(cellsOf((await api(h, street2Handler, 'GET', '/api/hazards/board')).body)).toEqual({ '西区白沙街道|major': 1 });

    const outsider = o.users.otherDispatcher;
    expect((await api(h, outsider, 'GET', `/api/hazards/${ids.streetGeneral}`)).status).toBe(404);
    const theirs = (await api(h, outsider, 'GET', '/api/hazards/map')).body.features.map((f: any) => f.id);
    for (const id of Object.values(ids)) expect(theirs).not.toContain(id);
    const board = (await api(h, outsider, 'GET', '/api/hazards/board')).body;
    expect(board.rows.map((r: any) => r.label.zh)).not.toContain('东区');
  });

  it('answers the map as GeoJSON: open hazards with a point, [lng, lat], grade, type, status, no personal data', async () => {
    const r = await api(h, o.users.dispatcher, 'GET', '/api/hazards/map');
    expect(r.status).toBe(200);
    expect(r.res.headers['content-type']).toContain('application/geo+json');
    expect(r.body.type).toBe('FeatureCollection');
    const byId = Object.fromEntries(r.body.features.map((f: any) => [f.id, f]));
    expect(Object.keys(byId).sort()).toEqual([ids.streetGeneral, ids.streetMajor, ids.street2Major, ids.deptGeneral].sort());
    expect(byId[ids.streetMajor!]).toEqual({
      type: 'Feature',
      id: ids.streetMajor,
      geometry: { type: 'Point', coordinates: [114.32, 30.52] },
      properties: { id: ids.streetMajor, grade: 'major', type: 'building', status: 'assigned', overdue: false },
    });
    const majors = (await api(h, o.users.dispatcher, 'GET', '/api/hazards/map?grade=major')).body.features.map((f: any) => f.id);
    expect(majors.sort()).toEqual([ids.streetMajor, ids.street2Major].sort());
    expect((await api(h, o.users.streetHandler, 'GET', '/api/hazards/map')).body.features.map((f: any) => f.id).sort()).toEqual([ids.streetGeneral, ids.streetMajor].sort());
  });
});

describe('the table is published for the web app', () => {
  it('GET /api/workflows describes the hazard table with each action’s input schema', async () => {
    const w = (await api(h, null, 'GET', '/api/workflows')).body.items.find((x: any) => x.entity === 'hazard');
    expect(w).toMatchObject({ base: '/api/hazards', title: { zh: '风险隐患排查整治' } });
    expect(w.transitions.map((t: any) => t.action)).toEqual(['report', 'assign', 'regrade', 'plan', 'report_rectified', 'verify_pass', 'verify_fail', 'close', 'dismiss']);
    const assign = w.transitions.find((t: any) => t.action === 'assign');
    expect(assign.input.required).toEqual(expect.arrayContaining(['unitId', 'leader']));
    expect(w.transitions.find((t: any) => t.action === 'verify_pass').guarded).toBe(true);
  });
});
