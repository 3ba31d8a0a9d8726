/** Bad input never yields a 500 and never half-writes data; errors name the field, in Chinese or English. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, api, makeOrg, sampleCase, startHarness, type Harness, type Org } from '../helpers/harness.js';

let h: Harness;
let org: Org;
beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

// Only this org's intake operator's cases: on PostgreSQL other test files write cases into the same database at the same time.
const countCases = async () =>
  Number((await h.rt.deps.db.selectFrom('cases').where('created_by', '=', org.users.intake.id).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('registration input', () => {
  it('names each bad field, in Chinese by default and in English on request', async () => {
    const before = await countCases();
    const zh = await api(h, org.users.intake, 'POST', '/api/cases', { channel: 'pigeon', title: '', content: '短' });
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('VALIDATION_FAILED');
    expect(zh.body.error.message).toContain('输入有误');
    const fields = zh.body.error.details.issues.map((i: any) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['channel', 'title', 'content']));
    const en = await api(h, org.users.intake, 'POST', '/api/cases', { channel: 'pigeon' }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.body.error.message).toBe('Some fields are invalid; see details');
    expect(en.body.error.details.issues.find((i: any) => i.field === 'channel').message).toMatch(/Invalid option/);
    expect(await countCases()).toBe(before);
  });

  it('第二十条: a collective petition names 1 to 5 representatives', async () => {
    const rep = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `代表${i + 1}`, phone: `1390000000${i}` }));
    const six = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ collective: true, headcount: 30, petitioner: undefined, representatives: rep(6) }));
    expect(six.status).toBe(400);
    expect(six.body.error.details.issues[0].field).toBe('representatives');
    expect(six.body.error.details.issues[0].message).toContain('第二十条');
    const five = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ collective: true, headcount: 30, channel: 'visit', oral: true, petitioner: undefined, representatives: rep(5) }));
    expect(five.status, JSON.stringify(five.body)).toBe(201);
    const parties = await api(h, org.users.intake, 'GET', `/api/cases/${five.body.id}/parties`);
    expect(parties.body.items).toHaveLength(5);
  });

  it('accepts an anonymous matter and refuses one with no petitioner and no anonymity', async () => {
    const anon = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ anonymous: true, petitioner: undefined }));
    expect(anon.status).toBe(201);
    const none = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ petitioner: undefined }));
    expect(none.status).toBe(400);
    expect(none.body.error.details.issues[0].field).toBe('petitioner');
  });

  it('rejects malformed JSON, wrong content types, future receipt dates and unknown categories without a 500', async () => {
    const broken = await h.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: org.users.intake.cookie, 'content-type': 'application/json' }, payload: '{"title": ' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('VALIDATION_FAILED');
    const xml = await h.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: org.users.intake.cookie, 'content-type': 'application/xml' }, payload: '<case/>' });
    expect(xml.statusCode).toBe(415);
    const future = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ receivedAt: '2999-01-01T00:00:00Z' }));
    expect(future.body.error.details.issues[0].field).toBe('receivedAt');
    const cat = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ categoryId: '999999' }));
    expect(cat.body.error.details.issues[0].field).toBe('categoryId');
    const big = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ content: '很'.repeat(20001) }));
    expect(big.status).toBe(400);
  });
});

describe('action input', () => {
  it('an unknown action is 404, a bad body is 400 with the field, and the case is unchanged', async () => {
    const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body;
    expect((await act(h, org.users.dispatcher, c.id, 'teleport')).status).toBe(404);
    const r = await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: 'abc', assistUnitIds: 'x' });
    expect(r.status).toBe(400);
    expect(r.body.error.details.issues.map((i: any) => i.field)).toEqual(expect.arrayContaining(['leadUnitId', 'assistUnitIds']));
    const v = await api(h, org.users.dispatcher, 'GET', `/api/cases/${c.id}`);
    expect(v.body.status).toBe('registered');
    expect(v.body.version).toBe(1);
  });

  it('a failure inside an action rolls back everything it wrote', async () => {
    const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body;
    // the target unit check fails after nothing else; state, clocks and events stay as they were
    const r = await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id, assistUnitIds: [org.units.otherCity.id] });
    expect(r.status).toBe(422);
    const v = await api(h, org.users.dispatcher, 'GET', `/api/cases/${c.id}`);
    expect(v.body.status).toBe('registered');
    expect(v.body.clocks.map((k: any) => k.rule)).toEqual(['route']);
    expect(v.body.events.map((e: any) => e.type)).toEqual(['register']);
  });
});

describe('attachments', () => {
  const upload = (caseId: string, cookie: string, file: Buffer, type: string, name = 'scan.png') => {
    const boundary = '----minsheng' + Math.random().toString(16).slice(2);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return h.app.inject({ method: 'POST', url: `/api/cases/${caseId}/attachments`, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
  };

  it('stores by content hash, serves the same bytes only within scope, and refuses bad types and sizes', async () => {
    const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from('来信扫描件'.repeat(50))]);
    const up = await upload(c.id, org.users.intake.cookie, png, 'image/png', '来信.png');
    expect(up.statusCode, up.body).toBe(200);
    const att = up.json().items[0];
    expect(att).toMatchObject({ kind: 'photo', size: png.length, filename: '来信.png' });
    expect(att.sha256).toMatch(/^[0-9a-f]{64}$/);
    const get = await h.app.inject({ method: 'GET', url: `/api/cases/${c.id}/attachments/${att.id}`, headers: { cookie: org.users.intake.cookie } });
    expect(get.statusCode).toBe(200);
    expect(get.rawPayload.equals(png)).toBe(true);
    const outsider = await h.app.inject({ method: 'GET', url: `/api/cases/${c.id}/attachments/${att.id}`, headers: { cookie: org.users.otherDispatcher.cookie } });
    expect(outsider.statusCode).toBe(404);
    const exe = await upload(c.id, org.users.intake.cookie, Buffer.from('MZ'), 'application/x-msdownload', 'a.exe');
    expect(exe.statusCode).toBe(415);
    const huge = await upload(c.id, org.users.intake.cookie, Buffer.alloc(300_000, 1), 'image/png');
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const v = await api(h, org.users.intake, 'GET', `/api/cases/${c.id}`);
    expect(v.body.attachments).toHaveLength(1);
  });

  it('a citizen adds a photo with code and secret; staff evidence is not shown back to them', async () => {
    const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body;
    await upload(c.id, org.users.intake.cookie, Buffer.from('内部调查记录'), 'text/plain', 'internal.txt');
    const boundary = '----citizen';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="code"\r\n\r\n${c.trackingCode}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="secret"\r\n\r\n${c.trackingSecret}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="leak.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await h.app.inject({ method: 'POST', url: '/api/public/attachments', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(up.statusCode, up.body).toBe(200);
    const pub = await api(h, null, 'POST', '/api/public/lookup', { code: c.trackingCode, secret: c.trackingSecret });
    expect(pub.body.attachments.map((a: any) => a.filename)).toEqual(['leak.jpg']);
    const wrong = await h.app.inject({ method: 'POST', url: '/api/public/attachments', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body.toString('latin1').replace(c.trackingSecret, 'WRONGSEC') });
    expect(wrong.statusCode).toBe(404);
  });
});
