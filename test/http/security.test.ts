/**
 * Security basics (issue 9, docs/security.md): bad input never answers 500 and every refusal is in our error shape;
 * a case id outside the actor's scope or shielded as an accusation answers like an id that does not exist; login
 * lockout; Idempotency-Key; security headers; CSRF for cookie sessions.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { hashPassword } from '../../src/org/auth.js';
import type { Role } from '../../src/org/roles.js';
import type { UnitRow } from '../../src/org/units.js';
import { PASSWORD, act, api, login, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;
/** this file's client addresses: on PostgreSQL every test file shares the login_throttle table */
const ipBase = `10.${Math.floor(Math.random() * 200) + 20}.${Math.floor(Math.random() * 250)}`;
let ipN = 1;
const freshIp = () => `${ipBase}.${ipN++}`;

const expectShape = (body: any, code: string) => {
  expect(body?.error?.code, JSON.stringify(body)).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.details).toBeTypeOf('object');
};

async function addUser(key: string, unit: UnitRow, roles: Role[]): Promise<TestUser> {
  const username = `${key}-${org.tag}`.toLowerCase();
  const row = await h.rt.deps.db
    .insertInto('users')
    .values({ username, display_name: `${key}测试员`, password_hash: await hashPassword(PASSWORD), unit_id: unit.id, roles })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { username, id: row.id, cookie: await login(h, username) };
}

const loginFrom = (ip: string, username: string, password: string, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username, password }, headers });

beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

describe('bad input: NUL characters, long paths and the framework’s own errors', () => {
  it('a NUL character in login, token, registration, portal, query string and path answers 400 with the field, never 500', async () => {
    const nul = 'a\u0000b';
    const cases: [string, Promise<{ status: number; body: any }>, string][] = [
      ['login', api(h, null, 'POST', '/api/auth/login', { username: nul, password: 'x' }), 'username'],
      ['login password', api(h, null, 'POST', '/api/auth/login', { username: org.users.analyst.username, password: nul }), 'password'],
      ['token name', api(h, org.users.analyst, 'POST', '/api/tokens', { name: nul }), 'name'],
      ['registration title', api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: `标题${nul}` })), 'title'],
      ['registration nested', api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ petitioner: { name: `张${nul}` } })), 'petitioner.name'],
      ['registration key', api(h, org.users.intake, 'POST', '/api/cases', { ...sampleCase(), [`x${nul}`]: 1 }), 'xa\\u0000b'],
      ['portal', api(h, null, 'POST', '/api/public/cases', sampleCase({ content: `内容内容内容${nul}` })), 'content'],
      ['lookup', api(h, null, 'POST', '/api/public/lookup', { code: `ABCDEF${nul}`, secret: 'ABCD' }), 'code'],
      ['query', api(h, org.users.intake, 'GET', '/api/cases?q=%E6%BC%8F%00'), 'q'],
      ['path', api(h, org.users.intake, 'GET', '/api/cases/abc%00def'), '(path)'],
      ['admin path', api(h, org.users.admin, 'PUT', '/api/templates/1%00', { title: 'x' }), '(path)'],
    ];
    for (const [name, call, field] of cases) {
      const r = await call;
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBe(400);
      expectShape(r.body, 'VALIDATION_FAILED');
      expect(r.body.error.details.issues.map((i: any) => i.field), name).toContain(field);
    }
    const en = await api(h, null, 'POST', '/api/auth/login', { username: nul, password: 'x' }, { 'accept-language': 'en' });
    expect(en.body.error.details.issues[0].message).toMatch(/NUL character/);
    // a token header with NUL (only possible in-process: the HTTP parser refuses it) is just not a valid token
    const bearer = await api(h, null, 'GET', '/api/auth/me', undefined, { authorization: 'Bearer abc\u0000def' });
    expect(bearer.status).toBe(401);
    expectShape(bearer.body, 'UNAUTHENTICATED');
  });

  it('a NUL in a multipart field that reaches the database is 400 (the error mapper), not 500', async () => {
    const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body;
    const boundary = '----ms' + randomUUID();
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a\u0000b.png"\r\nContent-Type: image/png\r\n\r\n`),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${c.id}/attachments`,
      headers: { cookie: org.users.intake.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(r.statusCode, r.body).toBe(400);
    expectShape(r.json(), 'VALIDATION_FAILED');
    expect(r.json().error.details.issues[0].message).toContain('U+0000');
  });

  it('a long path parameter is 404 under the router’s limit and 414 URI_TOO_LONG in our shape above it', async () => {
    const mid = await api(h, org.users.intake, 'GET', `/api/cases/${'9'.repeat(99)}`);
    expect(mid.status).toBe(404);
    expectShape(mid.body, 'CASE_NOT_FOUND');
    const admin = await api(h, org.users.admin, 'PUT', `/api/templates/${'9'.repeat(99)}`, { title: '标题' });
    expect([400, 404]).toContain(admin.status);
    expect(admin.body.error.code).toBeTruthy();
    const long = await api(h, org.users.intake, 'GET', `/api/cases/${'x'.repeat(5000)}`, undefined, { 'accept-language': 'en' });
    expect(long.status).toBe(414);
    expectShape(long.body, 'URI_TOO_LONG');
    expect(long.body.error.message).toBe('The request URL is too long');
    const badUrl = await api(h, org.users.intake, 'GET', '/api/cases/%E0%A4%A');
    expect(badUrl.status).toBe(400);
    expectShape(badUrl.body, 'VALIDATION_FAILED');
    const longQuery = await api(h, org.users.intake, 'GET', `/api/cases?q=${'x'.repeat(5000)}`);
    expect(longQuery.status).toBe(400);
    expectShape(longQuery.body, 'VALIDATION_FAILED');
  });

  it('unknown ids on administration routes answer 404', async () => {
    const U = randomUUID();
    for (const [m, url, body] of [
      ['PUT', `/api/users/${U}`, { displayName: '某人' }],
      ['PUT', '/api/templates/987654321', { title: '模板标题' }],
      ['DELETE', '/api/templates/987654321', undefined],
      ['PUT', '/api/categories/987654321', { name: '类别' }],
      ['PUT', '/api/routing-rules/987654321', { name: '规则' }],
      ['DELETE', '/api/routing-rules/987654321', undefined],
    ] as const) {
      const r = await api(h, org.users.admin, m, url, body);
      expect(r.status, `${m} ${url}: ${JSON.stringify(r.body)}`).toBe(404);
      expect(r.body.error.code).toMatch(/NOT_FOUND/);
    }
  });

  it('framework errors (bad JSON, media type, body too large, unknown route) are in our shape, in Chinese or English', async () => {
    const inj = (headers: Record<string, string>, payload: string) =>
      h.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: org.users.intake.cookie, ...headers }, payload });
    const json = await inj({ 'content-type': 'application/json', 'accept-language': 'en' }, '{"title":');
    expect(json.statusCode).toBe(400);
    expectShape(json.json(), 'VALIDATION_FAILED');
    expect(json.json().error.message).toBe('Some fields are invalid; see details');
    const media = await inj({ 'content-type': 'application/xml' }, '<case/>');
    expect(media.statusCode).toBe(415);
    expectShape(media.json(), 'UNSUPPORTED_MEDIA_TYPE');
    expect(media.json().error.message).toContain('不支持');
    const big = await inj({ 'content-type': 'application/json', 'accept-language': 'en' }, JSON.stringify({ content: 'x'.repeat(3 * 1024 * 1024) }));
    expect(big.statusCode).toBe(413);
    expectShape(big.json(), 'PAYLOAD_TOO_LARGE');
    expect(big.json().error.message).toContain('2097152');
    const none = await api(h, null, 'GET', '/api/no-such-thing');
    expect(none.status).toBe(404);
    expectShape(none.body, 'NOT_FOUND');
  });

  it('over real HTTP: headers too large (431), a URL too long for the parser and a broken request line answer in our shape', async () => {
    const app = await buildApp({ deps: h.rt.deps, backend: h.rt.database.backend });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as net.AddressInfo).port;
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => s.write(text));
        let out = '';
        s.on('data', (d) => (out += d.toString('utf8')));
        s.on('end', () => resolve(out));
        s.on('close', () => resolve(out));
        s.on('error', (e) => (out ? resolve(out) : reject(e)));
      });
    const parse = (res: string) => {
      const [head = '', body = ''] = res.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), head: head.toLowerCase(), body: JSON.parse(body) };
    };
    try {
      const big = parse(await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`));
      expect(big.status).toBe(431);
      expectShape(big.body, 'HEADERS_TOO_LARGE');
      expect(big.body.error.message).toBe('The request headers are too large');
      expect(big.head).toContain("frame-ancestors 'none'");
      const longUrl = parse(await raw(`GET /api/cases?q=${'a'.repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
      expect(longUrl.status).toBe(431);
      expectShape(longUrl.body, 'HEADERS_TOO_LARGE');
      expect(longUrl.body.error.message).toBe('请求头过大');
      const garbage = parse(await raw('THIS IS NOT HTTP\r\n\r\n'));
      expect(garbage.status).toBe(400);
      expectShape(garbage.body, 'BAD_REQUEST');
      const longParam = await fetch(`http://127.0.0.1:${port}/api/cases/${'x'.repeat(500)}`, { headers: { 'accept-language': 'en' } });
      expect(longParam.status).toBe(414);
      expectShape(await longParam.json(), 'URI_TOO_LONG');
      expect(longParam.headers.get('content-security-policy')).toContain("default-src 'self'");
    } finally {
      await app.close();
    }
  });
});

describe('a case id outside the actor’s scope or shielded as an accusation answers like one that does not exist', () => {
  it('repeatOfCaseId: hidden accusation, another city’s case and a random id answer the same; a visible one is accepted', async () => {
    // a district intake operator registers an accusation against its own district: the accused subtree — the
    // operator included — must never see it again (信访工作条例 第三十条)
    const dhIntake = await addUser('dhIntake', org.units.districtOffice, ['intake', 'dispatcher']);
    const accusation = await api(h, dhIntake, 'POST', '/api/cases', sampleCase({ kind: 'accusation', accusedUnitId: org.units.district.id, title: '检举街道干部违规' }));
    expect(accusation.status, JSON.stringify(accusation.body)).toBe(201);
    expect((await api(h, dhIntake, 'GET', `/api/cases/${accusation.body.id}`)).status).toBe(404);
    const cityCase = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body;

    const answer = async (user: TestUser | null, id: string) => {
      const r = user ? await api(h, user, 'POST', '/api/cases', sampleCase({ repeatOfCaseId: id })) : await api(h, null, 'POST', '/api/public/cases', sampleCase({ repeatOfCaseId: id }));
      return { status: r.status, body: r.body };
    };
    const random = await answer(dhIntake, randomUUID());
    expect(random.status).toBe(400);
    expect(random.body.error.details.issues[0].field).toBe('repeatOfCaseId');
    expect(await answer(dhIntake, accusation.body.id)).toEqual(random);
    // another tree entirely
    expect(await answer(org.users.otherDispatcher, cityCase.id)).toEqual(await answer(org.users.otherDispatcher, randomUUID()));
    // the citizen portal can name no case at all
    expect(await answer(null, cityCase.id)).toEqual(await answer(null, randomUUID()));
    // the petition office that sees both may link the repeat
    const ok = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ repeatOfCaseId: cityCase.id }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const okAcc = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ repeatOfCaseId: accusation.body.id }));
    expect(okAcc.status, JSON.stringify(okAcc.body)).toBe(201);
  });

  it('link and merge targets: another city’s case answers like a random id', async () => {
    const own = (await api(h, org.users.otherDispatcher, 'POST', '/api/cases', sampleCase())).body;
    const cityCase = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body;
    for (const action of ['link_existing', 'merge_duplicate']) {
      const hidden = await act(h, org.users.otherDispatcher, own.id, action, { relatedCaseId: cityCase.id });
      const random = await act(h, org.users.otherDispatcher, own.id, action, { relatedCaseId: randomUUID() });
      expect(hidden.status).toBe(404);
      expect({ status: hidden.status, body: hidden.body }).toEqual({ status: random.status, body: random.body });
    }
  });
});

describe('login rate limiting and lockout', () => {
  it('5 wrong passwords lock the username for 15 minutes: 429 with Retry-After, even the right password; audited; then it works again', async () => {
    const u = await addUser('lockme', org.units.office, ['analyst']);
    const ip = freshIp();
    for (let i = 1; i <= 4; i++) {
      const r = await loginFrom(ip, u.username, 'wrong-password');
      expect(r.statusCode, `attempt ${i}`).toBe(401);
    }
    const fifth = await loginFrom(freshIp(), u.username, 'wrong-password', { 'accept-language': 'en' });
    expect(fifth.statusCode).toBe(429);
    expectShape(fifth.json(), 'LOGIN_LOCKED');
    expect(fifth.json().error.message).toMatch(/try again in 15 minutes/);
    expect(Number(fifth.headers['retry-after'])).toBe(900);
    // the right password during the lockout does not sign in, from any address, in either letter case
    for (const name of [u.username, u.username.toUpperCase()]) {
      const right = await loginFrom(freshIp(), name, PASSWORD);
      expect(right.statusCode).toBe(429);
      expect(right.cookies.find((c) => c.name === 'ms_session')).toBeUndefined();
      expect(right.json().error.message).toContain('分钟后再试');
    }
    const audit = await h.rt.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.lockout').where('entity_id', '=', u.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ scope: 'user', failures: 5 });
    h.clock.set(new Date(h.clock.now.getTime() + 14 * 60_000));
    expect((await loginFrom(freshIp(), u.username, PASSWORD)).statusCode).toBe(429);
    h.clock.set(new Date(h.clock.now.getTime() + 2 * 60_000));
    expect((await loginFrom(freshIp(), u.username, PASSWORD)).statusCode).toBe(200);
  });

  it('a successful login resets the username’s counter', async () => {
    const u = await addUser('resetme', org.units.office, ['analyst']);
    for (let i = 0; i < 4; i++) expect((await loginFrom(freshIp(), u.username, 'nope-nope')).statusCode).toBe(401);
    expect((await loginFrom(freshIp(), u.username, PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await loginFrom(freshIp(), u.username, 'nope-nope')).statusCode).toBe(401);
    expect((await loginFrom(freshIp(), u.username, PASSWORD)).statusCode).toBe(200);
  });

  it('an unknown username locks exactly like a real one (nothing reveals which names exist)', async () => {
    const ghost = `ghost-${org.tag}`;
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await loginFrom(freshIp(), ghost, 'whatever')).statusCode);
    expect(answers).toEqual([401, 401, 401, 401, 429, 429]);
    const audit = await h.rt.deps.db.selectFrom('audit_log').select('data').where('action', '=', 'auth.lockout').where('entity_type', '=', 'user').execute();
    expect(audit.some((a) => (a.data as any).unknownUser === true)).toBe(true);
  });

  it('20 wrong passwords from one address lock that address for every username; counters live in the database, shared by two server processes', async () => {
    const ip = freshIp();
    const victim = await addUser('ipvictim', org.units.office, ['analyst']);
    // a second app on the same database stands for a second server process
    const other: FastifyInstance = await buildApp({ deps: h.rt.deps, backend: h.rt.database.backend });
    try {
      const codes = [];
      for (let i = 0; i < 20; i++) {
        const app = i % 2 ? other : h.app;
        const r = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username: `spray${i}-${org.tag}`, password: 'x' } });
        codes.push(r.statusCode);
      }
      expect(codes.slice(0, 19).every((c) => c === 401)).toBe(true);
      expect(codes[19]).toBe(429);
      expect((await loginFrom(ip, victim.username, PASSWORD)).statusCode).toBe(429);
      expect((await other.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username: victim.username, password: PASSWORD } })).statusCode).toBe(429);
      expect((await loginFrom(freshIp(), victim.username, PASSWORD)).statusCode).toBe(200);
      const audit = await h.rt.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.lockout').where('entity_type', '=', 'client_ip').where('entity_id', '=', ip).execute();
      expect(audit).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});

describe('Idempotency-Key', () => {
  const countByTitle = async (title: string) =>
    Number((await h.rt.deps.db.selectFrom('cases').where('title', '=', title).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('the same key and body from the same user replays the first response; one case is made', async () => {
    const title = `幂等登记${org.tag}`;
    const key = randomUUID();
    const first = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const again = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.res.headers['idempotent-replayed']).toBe('true');
    expect(await countByTitle(title)).toBe(1);
    // the body is the same whatever the order of its keys
    const reordered = Object.fromEntries(Object.entries(sampleCase({ title })).reverse());
    expect((await api(h, org.users.intake, 'POST', '/api/cases', reordered, { 'idempotency-key': key })).body.id).toBe(first.body.id);
    // the response (it holds the tracking secret) is not stored in clear
    const rows = await h.rt.deps.db.selectFrom('idempotency_keys').select(['response', 'key_hash']).execute();
    expect(rows.some((r) => r.response?.includes(first.body.trackingSecret))).toBe(false);
    expect(rows.some((r) => r.key_hash.includes(key))).toBe(false);
    // another user with the same key is another request
    const dispatcherTitle = `${title}-2`;
    const other = await api(h, org.users.dispatcher, 'POST', '/api/cases', sampleCase({ title: dispatcherTitle }), { 'idempotency-key': key });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('the same key with another body is 422 IDEMPOTENCY_KEY_REUSED; a bad key is 400', async () => {
    const key = randomUUID();
    const title = `幂等复用${org.tag}`;
    expect((await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { 'idempotency-key': key })).status).toBe(201);
    const reused = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: `${title}改` }), { 'idempotency-key': key, 'accept-language': 'en' });
    expect(reused.status).toBe(422);
    expectShape(reused.body, 'IDEMPOTENCY_KEY_REUSED');
    expect(reused.body.error.message).toMatch(/already used/);
    expect(await countByTitle(`${title}改`)).toBe(0);
    const bad = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase(), { 'idempotency-key': 'x'.repeat(300) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].field).toBe('Idempotency-Key');
  });

  it('a refused request is not remembered: the key can be used again once the body is right', async () => {
    const key = randomUUID();
    const title = `幂等重试${org.tag}`;
    const wrong = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title, channel: 'pigeon' }), { 'idempotency-key': key });
    expect(wrong.status).toBe(400);
    const right = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { 'idempotency-key': key });
    expect(right.status).toBe(201);
    expect(await countByTitle(title)).toBe(1);
  });

  it('concurrent duplicates: exactly one executes and all get its answer', async () => {
    const key = randomUUID();
    const title = `幂等并发${org.tag}`;
    const calls = await Promise.all(Array.from({ length: 8 }, () => api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { 'idempotency-key': key })));
    expect(calls.map((c) => c.status)).toEqual(Array(8).fill(201));
    expect(new Set(calls.map((c) => c.body.id)).size).toBe(1);
    expect(await countByTitle(title)).toBe(1);
  });

  it('the citizen portal: the same submission twice is one case, the same tracking code and secret', async () => {
    const key = randomUUID();
    const title = `幂等网上信访${org.tag}`;
    const a = await api(h, null, 'POST', '/api/public/cases', sampleCase({ title }), { 'idempotency-key': key });
    const b = await api(h, null, 'POST', '/api/public/cases', sampleCase({ title }), { 'idempotency-key': key });
    expect(a.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(await countByTitle(title)).toBe(1);
  });

  it('a key is remembered for 24 hours', async () => {
    const key = randomUUID();
    const title = `幂等过期${org.tag}`;
    await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { 'idempotency-key': key });
    h.clock.set(new Date(h.clock.now.getTime() + 23 * 3600_000));
    await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { 'idempotency-key': key });
    expect(await countByTitle(title)).toBe(1);
    h.clock.set(new Date(h.clock.now.getTime() + 2 * 3600_000));
    const late = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { 'idempotency-key': key });
    expect(late.status).toBe(201);
    expect(await countByTitle(title)).toBe(2);
  });
});

describe('security headers and CSRF', () => {
  const expectHeaders = (headers: Record<string, unknown>) => {
    const csp = String(headers['content-security-policy']);
    for (const d of ["default-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"])
      expect(csp).toContain(d);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['x-frame-options']).toBe('DENY');
  };

  it('every response carries them: API, errors, the web app and its fallback route', async () => {
    expectHeaders((await api(h, null, 'GET', '/api/health')).res.headers);
    const err = await api(h, null, 'GET', '/api/cases');
    expect(err.status).toBe(401);
    expectHeaders(err.res.headers);
    expect(err.res.headers['cache-control']).toBe('no-store');
    expectHeaders((await api(h, null, 'GET', '/api/nothing-here')).res.headers);
    const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-web-'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>民声</title>');
    const web = await buildApp({ deps: h.rt.deps, backend: h.rt.database.backend, webDir });
    try {
      for (const url of ['/', '/portal', '/cases/123']) {
        const r = await web.inject({ method: 'GET', url });
        expect(r.statusCode).toBe(200);
        expectHeaders(r.headers);
      }
    } finally {
      await web.close();
      fs.rmSync(webDir, { recursive: true, force: true });
    }
  });

  it('the session cookie is httpOnly and SameSite=Strict', async () => {
    const r = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: org.users.analyst.username, password: PASSWORD } });
    const c = r.cookies.find((x) => x.name === 'ms_session')!;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe('Strict');
  });

  it('a cookie-authenticated POST from another Origin (or Referer) is 403 CSRF_ORIGIN_MISMATCH and does nothing; same origin and no Origin work', async () => {
    const title = `跨站请求${org.tag}`;
    const host = { host: 'xf.example.gov.cn' };
    const evil = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { ...host, origin: 'https://evil.example', 'accept-language': 'en' });
    expect(evil.status).toBe(403);
    expectShape(evil.body, 'CSRF_ORIGIN_MISMATCH');
    expect(evil.body.error.message).toContain('https://evil.example');
    const referer = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { ...host, referer: 'https://evil.example/page' });
    expect(referer.status).toBe(403);
    const nullOrigin = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { ...host, origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    const logout = await api(h, org.users.intake, 'POST', '/api/auth/logout', {}, { ...host, origin: 'https://evil.example' });
    expect(logout.status).toBe(403);
    expect((await api(h, org.users.intake, 'GET', '/api/auth/me')).status).toBe(200);
    const loginCsrf = await api(h, null, 'POST', '/api/auth/login', { username: org.users.analyst.username, password: PASSWORD }, { ...host, origin: 'https://evil.example' });
    expect(loginCsrf.status).toBe(403);
    expect(await h.rt.deps.db.selectFrom('cases').where('title', '=', title).select('id').execute()).toHaveLength(0);

    const same = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { ...host, origin: 'http://xf.example.gov.cn' });
    expect(same.status, JSON.stringify(same.body)).toBe(201);
    // behind a TLS proxy the server sees http, the browser says https: the host decides
    expect((await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { ...host, origin: 'https://xf.example.gov.cn' })).status).toBe(201);
    expect((await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), { ...host, referer: 'http://xf.example.gov.cn/cases/new' })).status).toBe(201);
    // no Origin, no Referer: a non-browser client
    expect((await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }), host)).status).toBe(201);
    // GET is never refused
    expect((await api(h, org.users.intake, 'GET', '/api/auth/me', undefined, { ...host, origin: 'https://evil.example' })).status).toBe(200);
  });

  it('a Bearer token is not a cookie session: another Origin does not matter; the public portal without a cookie is not refused', async () => {
    const token = (await api(h, org.users.intake, 'POST', '/api/tokens', { name: 'integration' })).body.token;
    const byToken = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { authorization: `Bearer ${token}`, origin: 'https://partner.example', host: 'xf.example.gov.cn' },
      payload: sampleCase(),
    });
    expect(byToken.statusCode, byToken.body).toBe(201);
    const portal = await api(h, null, 'POST', '/api/public/cases', sampleCase(), { origin: 'https://gov-portal.example', host: 'xf.example.gov.cn' });
    expect(portal.status).toBe(201);
  });
});
