/**
 * Scoping and the protection of petitioners' personal data.
 * 信访工作条例 第三十条: accusation materials are never passed to the accused person or unit;
 * 第四十六条: leaking them is sanctioned. 北京市接诉即办工作条例 第八条: personal information is protected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, api, makeOrg, sampleCase, startHarness, type Harness, type Org } from '../helpers/harness.js';

let h: Harness;
let org: Org;
beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

async function register(over: Record<string, unknown> = {}) {
  const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; trackingCode: string; trackingSecret: string };
}

describe('scoping: a case outside the actor’s subtree answers 404', () => {
  it('a user of another city gets 404 for the case, its actions, parties and events, and never lists it', async () => {
    const c = await register();
    const other = org.users.otherDispatcher;
    for (const url of [`/api/cases/${c.id}`, `/api/cases/${c.id}/events`, `/api/cases/${c.id}/parties`]) {
      const r = await api(h, other, 'GET', url);
      expect(r.status, url).toBe(404);
      expect(r.body.error.code).toBe('CASE_NOT_FOUND');
    }
    expect((await act(h, other, c.id, 'route', { mode: 'forward', leadUnitId: org.units.otherCity.id })).status).toBe(404);
    const list = await api(h, other, 'GET', '/api/cases?pageSize=200');
    expect(list.body.items.map((i: any) => i.id)).not.toContain(c.id);
  });

  it('a department sees only cases routed to it; the petition office sees its whole city', async () => {
    const c = await register();
    expect((await api(h, org.users.handlerA, 'GET', `/api/cases/${c.id}`)).status).toBe(404);
    await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    expect((await api(h, org.users.handlerA, 'GET', `/api/cases/${c.id}`)).status).toBe(200);
    expect((await api(h, org.users.handlerB, 'GET', `/api/cases/${c.id}`)).status).toBe(404);
    expect((await api(h, org.users.analyst, 'GET', `/api/cases/${c.id}`)).status).toBe(200);
    const mine = await api(h, org.users.handlerA, 'GET', '/api/cases?mine=true&pageSize=200');
    expect(mine.body.items.map((i: any) => i.id)).toContain(c.id);
  });

  it('an unknown or malformed id is 404, and no session is 401', async () => {
    expect((await api(h, org.users.intake, 'GET', '/api/cases/not-a-uuid')).status).toBe(404);
    expect((await api(h, org.users.intake, 'GET', '/api/cases/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const anon = await api(h, null, 'GET', '/api/cases');
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('personal data: one access path', () => {
  it('is masked by default, revealed only to roles that need it, and every reveal is audited', async () => {
    const c = await register();
    const masked = await api(h, org.users.analyst, 'GET', `/api/cases/${c.id}`);
    expect(masked.body.parties[0]).toMatchObject({ name: '张**', phone: '138****1234', idNumber: '110***********0000', masked: true });
    expect(JSON.stringify(masked.body)).not.toContain('13812341234');
    const denied = await api(h, org.users.analyst, 'GET', `/api/cases/${c.id}/parties?reveal=true`);
    expect(denied.status).toBe(403);
    const before = await h.rt.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'petitioner.read').where('entity_id', '=', c.id).execute();
    const shown = await api(h, org.users.intake, 'GET', `/api/cases/${c.id}/parties?reveal=true`);
    expect(shown.status).toBe(200);
    expect(shown.body.items[0]).toMatchObject({ name: '张三丰', phone: '13812341234', masked: false });
    const after = await h.rt.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'petitioner.read').where('entity_id', '=', c.id).execute();
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)!.actor_user_id).toBe(org.users.intake.id);
  });

  it('the citizen view and the public timeline never carry staff names or personal data', async () => {
    const c = await register();
    await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    const pub = await api(h, null, 'POST', '/api/public/lookup', { code: c.trackingCode.toLowerCase().replace(/-/g, ''), secret: c.trackingSecret });
    expect(pub.status).toBe(200);
    const text = JSON.stringify(pub.body);
    for (const secret of ['13812341234', '张三丰', '110101199001010000', '测试员']) expect(text).not.toContain(secret);
    const wrong = await api(h, null, 'POST', '/api/public/lookup', { code: c.trackingCode, secret: 'WRONG123' });
    expect(wrong.status).toBe(404);
  });
});

describe('accusations (检举控告): the accused never sees the accuser', () => {
  it('hides the case from the accused unit and accused staff, and refuses to route it to them', async () => {
    const c = await register({
      kind: 'accusation',
      title: '举报街道工作人员违规收取费用',
      content: '青山街道城管工作人员在执法过程中违规收取商户费用，请求调查处理。',
      accusedUnitId: org.units.street.id,
      accusedUserIds: [org.users.headA.id],
    });
    // 第三十条: the accused unit (the street) cannot be made the handling unit
    const bad = await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.street.id });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('ACCUSATION_TO_ACCUSED');
    const viaDistrict = await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.district.id, routeType: 'discipline' });
    expect(viaDistrict.body.error.code).toBe('INVALID_TARGET_UNIT');
    const ok = await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.discipline.id, routeType: 'discipline', assistUnitIds: [org.units.deptA.id] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await api(h, org.users.disciplineHandler, 'GET', `/api/cases/${c.id}`)).status).toBe(200);
    // the street's own staff, and the accused member of staff in the assisting unit, see nothing at all
    for (const u of [org.users.streetHandler, org.users.headA]) {
      expect((await api(h, u, 'GET', `/api/cases/${c.id}`)).status).toBe(404);
      expect((await api(h, u, 'GET', `/api/cases/${c.id}/parties?reveal=true`)).status).toBe(404);
      const list = await api(h, u, 'GET', '/api/cases?pageSize=200');
      expect(list.body.items.map((i: any) => i.id)).not.toContain(c.id);
    }
    // the assisting unit's other staff still work on it
    expect((await api(h, org.users.handlerA, 'GET', `/api/cases/${c.id}`)).status).toBe(200);
  });

  it('routes 涉法涉诉 matters only to a legal organ', async () => {
    const c = await register({ title: '不服法院判决请求再审', content: '对东区人民法院的民事判决不服，请求重新审理。' });
    expect((await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id, routeType: 'legal' })).status).toBe(422);
    expect((await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.court.id, routeType: 'legal' })).status).toBe(200);
  });
});

describe('API tokens for integrations', () => {
  it('acts as its user through a Bearer header, and only a session may mint one', async () => {
    const t = await api(h, org.users.intake, 'POST', '/api/tokens', { name: '12345 平台对接' });
    expect(t.status).toBe(200);
    expect(t.body.token).toMatch(/^msk_/);
    const r = await h.app.inject({ method: 'POST', url: '/api/cases', headers: { authorization: `Bearer ${t.body.token}` }, payload: sampleCase({ channel: 'api' }) });
    expect(r.statusCode).toBe(201);
    const again = await h.app.inject({ method: 'POST', url: '/api/tokens', headers: { authorization: `Bearer ${t.body.token}` }, payload: { name: 'x' } });
    expect(again.statusCode).toBe(403);
    const bogus = await h.app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: 'Bearer msk_nope' } });
    expect(bogus.statusCode).toBe(401);
  });

  it('logs out: the cookie no longer works', async () => {
    const { login } = await import('../helpers/harness.js');
    const cookie = await login(h, org.users.analyst.username);
    const user = { ...org.users.analyst, cookie };
    expect((await api(h, user, 'GET', '/api/auth/me')).status).toBe(200);
    await api(h, user, 'POST', '/api/auth/logout');
    expect((await api(h, user, 'GET', '/api/auth/me')).status).toBe(401);
    const bad = await api(h, null, 'POST', '/api/auth/login', { username: org.users.analyst.username, password: 'wrong-password' });
    expect(bad.status).toBe(401);
  });
});

describe('user administration', () => {
  it('an administrator changes roles and deactivates a user, who is signed out at once; others may not', async () => {
    const { login, PASSWORD } = await import('../helpers/harness.js');
    const created = await api(h, org.users.admin, 'POST', '/api/users', {
      username: `temp-${org.tag}`, displayName: '临时用户', password: PASSWORD, unitId: org.units.deptA.id, roles: ['handler'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const cookie = await login(h, `temp-${org.tag}`);
    const temp = { username: `temp-${org.tag}`, id: created.body.id, cookie };
    expect((await api(h, temp, 'GET', '/api/auth/me')).body.roles).toEqual(['handler']);
    expect((await api(h, org.users.intake, 'PUT', `/api/users/${temp.id}`, { active: false })).status).toBe(403);
    const bad = await api(h, org.users.admin, 'PUT', `/api/users/${temp.id}`, { roles: ['wizard'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].field).toMatch(/^roles/);
    expect((await api(h, org.users.admin, 'PUT', `/api/users/${temp.id}`, { roles: ['handler', 'unit_head'] })).status).toBe(200);
    expect((await api(h, temp, 'GET', '/api/auth/me')).body.roles).toEqual(['handler', 'unit_head']);
    expect((await api(h, org.users.admin, 'PUT', `/api/users/${temp.id}`, { unitId: org.units.otherCity.id })).status).toBe(422);
    expect((await api(h, org.users.admin, 'PUT', `/api/users/${org.users.admin.id}`, { active: false })).status).toBe(400);
    expect((await api(h, org.users.admin, 'PUT', `/api/users/${temp.id}`, { active: false })).status).toBe(200);
    expect((await api(h, temp, 'GET', '/api/auth/me')).status).toBe(401);
    const again = await api(h, null, 'POST', '/api/auth/login', { username: temp.username, password: PASSWORD });
    expect(again.status).toBe(401);
  });
});
