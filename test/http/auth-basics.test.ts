/**
 * Auth basics (issue 9, docs/security.md "Passwords and sessions" and "Uploads"): the password policy where a
 * password is set, session expiry (idle and absolute) and revocation, and the checks on uploaded files.
 * Simulated year 2050.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { COMMON_PASSWORDS, passwordProblem } from '../../src/org/auth.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { PASSWORD, api, login, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';
import { withDbActor } from '../../src/db/actor-context.js';

let h: Harness;
let org: Org;
const db = () => h.rt.deps.db;

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2050-03-02T02:00:00Z');
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

const expectField = (r: { status: number; body: any }, field: string) => {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.code).toBe('VALIDATION_FAILED');
  expect(r.body.error.details.issues.map((i: any) => i.field)).toContain(field);
};

/** A fresh user of the org with the test password, and a signed-in copy of it */
async function freshUser(key: string): Promise<TestUser> {
  const username = `${key}-${org.tag}`.toLowerCase();
  const created = await api(h, org.users.admin, 'POST', '/api/users', { username, displayName: '会话测试员', password: PASSWORD, unitId: org.units.deptA.id, roles: ['handler'] });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return { username, id: created.body.id, cookie: await login(h, username) };
}

const sessionCount = async (userId: string) => (await db().selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length;

describe('password policy', () => {
  it('the test password and the demo password satisfy it, for every username they are used with', () => {
    expect(passwordProblem(PASSWORD, 'intake-abc')).toBeNull();
    for (const u of ['intake', 'dispatcher', 'admin', 'zjj.handler', 'dh.hb.head']) expect(passwordProblem(DEMO_PASSWORD, u)).toBeNull();
    expect(COMMON_PASSWORDS.has(PASSWORD)).toBe(false);
    expect(COMMON_PASSWORDS.has(DEMO_PASSWORD)).toBe(false);
  });

  it('an administrator cannot create a user with a short, common or username password, nor reset to one', async () => {
    const username = `policy-${org.tag}`;
    const base = { username, displayName: '策略测试', unitId: org.units.deptA.id, roles: ['handler'] };
    for (const password of ['short-pw1', 'password123', 'Password123', 'qwertyuiop', 'aaaaaaaaaaaa', username, username.toUpperCase()])
      expectField(await api(h, org.users.admin, 'POST', '/api/users', { ...base, password }), 'password');
    const en = await api(h, org.users.admin, 'POST', '/api/users', { ...base, password: 'woaini1314' }, { 'accept-language': 'en' });
    expect(en.body.error.details.issues[0].message).toMatch(/common/);
    const zh = await api(h, org.users.admin, 'POST', '/api/users', { ...base, password: username });
    expect(zh.body.error.details.issues.find((i: any) => i.field === 'password').message).toBe('密码不能与用户名相同');
    // nothing was created by the refusals
    expect(await db().selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()).toBeUndefined();
    const ok = await api(h, org.users.admin, 'POST', '/api/users', { ...base, password: 'Qingshan-river-42' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expectField(await api(h, org.users.admin, 'PUT', `/api/users/${ok.body.id}`, { password: '1234567890' }), 'password');
    expectField(await api(h, org.users.admin, 'PUT', `/api/users/${ok.body.id}`, { password: username }), 'password');
    expect((await api(h, org.users.admin, 'PUT', `/api/users/${ok.body.id}`, { password: 'Another-good-one-7' })).status).toBe(200);
  });
});

describe('changing one’s own password', () => {
  it('needs the current password, follows the policy, ends the other sessions and tokens, keeps this one', async () => {
    const u = await freshUser('chpw');
    const other = await login(h, u.username);
    const token = (await api(h, u, 'POST', '/api/tokens', { name: '对接' })).body.token as string;
    expectField(await api(h, u, 'POST', '/api/auth/password', { currentPassword: 'wrong-password-0', newPassword: 'Brand-new-secret-9' }), 'currentPassword');
    expectField(await api(h, u, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' }), 'newPassword');
    expectField(await api(h, u, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: u.username }), 'newPassword');
    expectField(await api(h, u, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'admin123456' }), 'newPassword');
    // refusals changed nothing: both sessions still work
    expect((await api(h, { ...u, cookie: other }, 'GET', '/api/auth/me')).status).toBe(200);
    // an API token cannot change the password of its user
    const viaToken = await h.app.inject({ method: 'POST', url: '/api/auth/password', headers: { authorization: `Bearer ${token}` }, payload: { currentPassword: PASSWORD, newPassword: 'Brand-new-secret-9' } });
    expect(viaToken.statusCode).toBe(403);

    const ok = await api(h, u, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Brand-new-secret-9' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.sessionsEnded).toBe(1);
    expect((await api(h, u, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await api(h, { ...u, cookie: other }, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await api(h, null, 'POST', '/api/auth/login', { username: u.username, password: PASSWORD })).status).toBe(401);
    expect((await api(h, null, 'POST', '/api/auth/login', { username: u.username, password: 'Brand-new-secret-9' })).status).toBe(200);
    const row = await db().selectFrom('users').select('password_changed_at').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.password_changed_at).toBeInstanceOf(Date);
    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', u.id).where('action', '=', 'auth.password_change').execute();
    expect(audit).toHaveLength(1);
  });

  it('a wrong current password counts towards the login lockout', async () => {
    const u = await freshUser('chpwlock');
    const max = h.rt.deps.config.security.loginMaxFailures;
    const statuses: number[] = [];
    for (let i = 0; i < max; i++)
      statuses.push((await api(h, u, 'POST', '/api/auth/password', { currentPassword: `wrong-${i}-password`, newPassword: 'Brand-new-secret-9' })).status);
    expect(statuses.slice(0, max - 1).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const locked = await api(h, u, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Brand-new-secret-9' });
    expect(locked.body.error.code).toBe('LOGIN_LOCKED');
  });
});

describe('session expiry', () => {
  it('defaults: 8 hours idle, 7 days absolute; both configurable', () => {
    const c = loadConfig({});
    expect(c.sessionIdleMinutes).toBe(480);
    expect(c.sessionTtlHours).toBe(168);
    const set = loadConfig({ MINSHENG_SESSION_IDLE_MINUTES: '30', MINSHENG_SESSION_TTL_HOURS: '12' });
    expect([set.sessionIdleMinutes, set.sessionTtlHours]).toEqual([30, 12]);
    expect(() => loadConfig({ MINSHENG_SESSION_IDLE_MINUTES: 'soon' })).toThrow(/MINSHENG_SESSION_IDLE_MINUTES/);
  });

  it('the cookie lives as long as the absolute lifetime', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: org.users.analyst.username, password: PASSWORD } });
    const c = res.cookies.find((x) => x.name === 'ms_session')!;
    expect(c.maxAge).toBe(168 * 3600);
    expect(c.httpOnly).toBe(true);
  });

  it('a session unused for longer than the idle time ends; use keeps it alive', async () => {
    const u = await freshUser('idle');
    const hash = async () => (await db().selectFrom('sessions').select(['id', 'last_seen_at']).where('user_id', '=', u.id).executeTakeFirstOrThrow());
    // used 7 h 59 min ago: still valid, and this use moves last_seen_at to now
    await db().updateTable('sessions').set({ last_seen_at: new Date(Date.now() - (8 * 60 - 1) * 60_000) }).where('user_id', '=', u.id).execute();
    expect((await api(h, u, 'GET', '/api/auth/me')).status).toBe(200);
    expect(Date.now() - (await hash()).last_seen_at.getTime()).toBeLessThan(60_000);
    // unused for 8 h 1 min: ended, and the row is gone
    await db().updateTable('sessions').set({ last_seen_at: new Date(Date.now() - (8 * 60 + 1) * 60_000) }).where('user_id', '=', u.id).execute();
    const r = await api(h, u, 'GET', '/api/auth/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
    expect(await sessionCount(u.id)).toBe(0);
  });

  it('the idle time follows the configuration', async () => {
    const u = await freshUser('idlecfg');
    const config = h.rt.deps.config;
    const saved = config.sessionIdleMinutes;
    config.sessionIdleMinutes = 5;
    try {
      await db().updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 6 * 60_000) }).where('user_id', '=', u.id).execute();
      expect((await api(h, u, 'GET', '/api/auth/me')).status).toBe(401);
    } finally {
      config.sessionIdleMinutes = saved;
    }
  });

  it('a session ends at its absolute end however busy it is', async () => {
    const u = await freshUser('absolute');
    expect((await api(h, u, 'GET', '/api/auth/me')).status).toBe(200);
    const s = await db().selectFrom('sessions').select(['created_at', 'expires_at']).where('user_id', '=', u.id).executeTakeFirstOrThrow();
    expect(Math.round((s.expires_at.getTime() - s.created_at.getTime()) / 3600_000)).toBe(168);
    await db().updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000), last_seen_at: new Date() }).where('user_id', '=', u.id).execute();
    expect((await api(h, u, 'GET', '/api/auth/me')).status).toBe(401);
  });
});

describe('session revocation', () => {
  it('logout deletes the session on the server: the same token replayed is refused', async () => {
    const u = await freshUser('logout');
    expect(await sessionCount(u.id)).toBe(1);
    expect((await api(h, u, 'POST', '/api/auth/logout')).status).toBe(200);
    expect(await sessionCount(u.id)).toBe(0);
    expect((await api(h, u, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('a user lists their sessions, ends one, or ends all the others; another user’s session id is 404', async () => {
    const u = await freshUser('revoke');
    const second = { ...u, cookie: await login(h, u.username) };
    const third = { ...u, cookie: await login(h, u.username) };
    const list = await api(h, u, 'GET', '/api/auth/sessions');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items.filter((s: any) => s.current)).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toMatch(/token/i);
    const mine = list.body.items.find((s: any) => s.current).id;
    const otherIds = list.body.items.filter((s: any) => !s.current).map((s: any) => s.id);
    // another user cannot end (or learn of) these sessions
    const foreign = await api(h, org.users.analyst, 'DELETE', `/api/auth/sessions/${otherIds[0]}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual((await api(h, org.users.analyst, 'DELETE', `/api/auth/sessions/${randomUUID()}`)).body);
    expect(await sessionCount(u.id)).toBe(3);
    // end the second one by id
    const secondId = (await api(h, second, 'GET', '/api/auth/sessions')).body.items.find((s: any) => s.current).id;
    expect((await api(h, u, 'DELETE', `/api/auth/sessions/${secondId}`)).status).toBe(200);
    expect((await api(h, second, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await api(h, third, 'GET', '/api/auth/me')).status).toBe(200);
    // end all the others
    const r = await api(h, u, 'POST', '/api/auth/sessions/revoke-others');
    expect(r.body.sessionsEnded).toBe(1);
    expect((await api(h, third, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await api(h, u, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await api(h, u, 'GET', '/api/auth/sessions')).body.items.map((s: any) => s.id)).toEqual([mine]);
  });

  it('an administrator resetting a password or deactivating a user ends all of that user’s sessions and tokens', async () => {
    const u = await freshUser('reset');
    const second = { ...u, cookie: await login(h, u.username) };
    const token = (await api(h, u, 'POST', '/api/tokens', { name: '对接' })).body.token as string;
    expect((await api(h, org.users.admin, 'PUT', `/api/users/${u.id}`, { password: 'Reset-by-admin-55' })).status).toBe(200);
    expect(await sessionCount(u.id)).toBe(0);
    for (const x of [u, second]) expect((await api(h, x, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    const back = { ...u, cookie: await login(h, u.username, 'Reset-by-admin-55') };
    expect((await api(h, org.users.admin, 'PUT', `/api/users/${u.id}`, { active: false })).status).toBe(200);
    expect(await sessionCount(u.id)).toBe(0);
    expect((await api(h, back, 'GET', '/api/auth/me')).status).toBe(401);
  });
});

describe('uploads: allow-list, content matches the declared type, size limit', () => {
  const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\u0000'), Buffer.alloc(200, 7)]);
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from('WAVEfmt '), Buffer.alloc(24, 1)]);
  const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60, 2)]);
  const HTML = Buffer.from('<html><script>alert(document.cookie)</script></html>');

  const multipart = (files: { data: Buffer; type: string; name: string }[]) => {
    const boundary = '----ms' + randomUUID();
    const parts = files.flatMap((f) => [
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`),
      f.data,
      Buffer.from('\r\n'),
    ]);
    return { payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), type: `multipart/form-data; boundary=${boundary}` };
  };
  const upload = (caseId: string, files: { data: Buffer; type: string; name: string }[]) => {
    const m = multipart(files);
    return h.app.inject({ method: 'POST', url: `/api/cases/${caseId}/attachments`, headers: { cookie: org.users.intake.cookie, 'content-type': m.type }, payload: m.payload });
  };
  // attachments is shielded by row-level security (0015_rls.sql): counted as the system
  const attachmentCount = async (caseId: string) =>
    (await withDbActor(db(), { kind: 'system' }, (tx) => tx.selectFrom('attachments').select('id').where('case_id', '=', caseId).execute())).length;
  const storedFiles = (dir: string): number =>
    fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? storedFiles(path.join(dir, e.name)) : 1), 0) : 0;

  it('accepts each allowed type whose bytes are of that type', async () => {
    const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body;
    const good = [
      { data: JPEG, type: 'image/jpeg', name: '现场.jpg' },
      { data: PNG, type: 'image/png', name: '来信.png' },
      { data: PDF, type: 'application/pdf', name: '材料.pdf' },
      { data: WAV, type: 'audio/wav', name: '录音.wav' },
      { data: Buffer.from('来电记录：夜间施工噪声。\n'), type: 'text/plain', name: '记录.txt' },
      { data: DOCX, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: '答复.docx' },
    ];
    for (const f of good) {
      const r = await upload(c.id, [f]);
      expect(r.statusCode, `${f.type}: ${r.body}`).toBe(200);
    }
    expect(await attachmentCount(c.id)).toBe(good.length);
  });

  it('refuses a type off the list, content that is not of the declared type, and an empty file; nothing is kept', async () => {
    const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body;
    const dir = h.rt.deps.config.attachmentsDir;
    const filesBefore = storedFiles(dir);
    const refusals: [string, { data: Buffer; type: string; name: string }, number, string][] = [
      ['executable', { data: Buffer.from('MZ\u0090\u0000'), type: 'application/x-msdownload', name: 'a.exe' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['html', { data: HTML, type: 'text/html', name: 'a.html' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['svg (scripts)', { data: Buffer.from('<svg onload="alert(1)"/>'), type: 'image/svg+xml', name: 'a.svg' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['html named png', { data: HTML, type: 'image/png', name: 'photo.png' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['png declared jpeg', { data: PNG, type: 'image/jpeg', name: 'photo.jpg' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['exe declared pdf', { data: Buffer.from('MZ\u0090\u0000\u0003'), type: 'application/pdf', name: 'doc.pdf' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['binary declared text', { data: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]), type: 'text/plain', name: 'a.txt' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['empty file', { data: Buffer.alloc(0), type: 'image/png', name: 'empty.png' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [what, f, status, code] of refusals) {
      const r = await upload(c.id, [f]);
      expect(r.statusCode, `${what}: ${r.body}`).toBe(status);
      expect(r.json().error.code, what).toBe(code);
      expect(r.json().error.message.length, what).toBeGreaterThan(0);
    }
    const mismatch = (await upload(c.id, [{ data: HTML, type: 'image/png', name: 'p.png' }])).json();
    expect(mismatch.error.details).toMatchObject({ reason: 'content_mismatch', declared: 'image/png' });
    expect(mismatch.error.message).toContain('内容与类型不符');
    const offList = (await upload(c.id, [{ data: HTML, type: 'text/html', name: 'a.html' }])).json();
    expect(offList.error.details.allowed).toContain('image/jpeg');
    expect(await attachmentCount(c.id)).toBe(0);
    expect(storedFiles(dir)).toBe(filesBefore);
  });

  it('a file over the limit is 413 PAYLOAD_TOO_LARGE naming the limit; a broken multipart body is 400', async () => {
    const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body;
    const limit = h.rt.deps.config.attachmentMaxBytes;
    const big = Buffer.concat([JPEG, Buffer.alloc(limit, 3)]);
    const r = await upload(c.id, [{ data: big, type: 'image/jpeg', name: 'big.jpg' }]);
    expect(r.statusCode).toBe(413);
    expect(r.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: `内容过大（上限 ${limit} 字节）` });
    const m = multipart([{ data: big, type: 'image/jpeg', name: 'b.jpg' }]);
    const en = await h.app.inject({ method: 'POST', url: `/api/cases/${c.id}/attachments`, headers: { cookie: org.users.intake.cookie, 'accept-language': 'en', 'content-type': m.type }, payload: m.payload });
    expect(en.statusCode).toBe(413);
    expect(en.json().error.message).toBe(`Too large (limit ${limit} bytes)`);
    // a multipart body whose boundary is not the declared one, or that is cut short: 400, not 500
    const wrong = await h.app.inject({ method: 'POST', url: `/api/cases/${c.id}/attachments`, headers: { cookie: org.users.intake.cookie, 'content-type': 'multipart/form-data; boundary=nope' }, payload: m.payload });
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(wrong.json().error.code).toBe('VALIDATION_FAILED');
    const cut = await h.app.inject({ method: 'POST', url: `/api/cases/${c.id}/attachments`, headers: { cookie: org.users.intake.cookie, 'content-type': m.type }, payload: m.payload.subarray(0, 300) });
    expect(cut.statusCode, cut.body).toBe(400);
    expect(await attachmentCount(c.id)).toBe(0);
    // exactly at the limit is accepted
    const edge = await upload(c.id, [{ data: Buffer.concat([JPEG, Buffer.alloc(limit - JPEG.length, 3)]), type: 'image/jpeg', name: 'edge.jpg' }]);
    expect(edge.statusCode, edge.body).toBe(200);
  });

  it('more than 10 files in one upload is 413, and a hazard photo is checked the same way', async () => {
    const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body;
    const many = await upload(c.id, Array.from({ length: 11 }, (_, i) => ({ data: PNG, type: 'image/png', name: `p${i}.png` })));
    expect(many.statusCode).toBe(413);
    expect(many.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const hz = await api(h, org.users.dispatcher, 'POST', '/api/hazards', {
      source: 'inspection', type: 'gas', grade: 'general', title: '底商餐饮店燃气软管老化', description: '检查发现底商餐饮店燃气软管老化开裂。',
      place: '东区青山街道幸福小区底商', lat: 30.5123, lng: 114.3051, foundBy: '区应急管理局第二检查组',
    });
    expect(hz.status, JSON.stringify(hz.body)).toBe(201);
    const photo = (data: Buffer) => {
      const m = multipart([{ data, type: 'image/jpeg', name: '现场.jpg' }]);
      return h.app.inject({ method: 'POST', url: `/api/hazards/${hz.body.id}/photos?stage=found`, headers: { cookie: org.users.dispatcher.cookie, 'content-type': m.type }, payload: m.payload });
    };
    const bad = await photo(HTML);
    expect(bad.statusCode, bad.body).toBe(415);
    expect(bad.json().error.details.reason).toBe('content_mismatch');
    const good = await photo(JPEG);
    expect(good.statusCode, good.body).toBe(200);
  });
});
