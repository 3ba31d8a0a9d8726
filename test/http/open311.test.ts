import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { act, api, makeOrg, sampleCase, startHarness, type Harness, type Org } from '../helpers/harness.js';
import { get, makeKey, makeServices, postForm } from './open311-helpers.js';

// Contract tests of the GeoReport v2 server, written from the spec (http://wiki.open311.org/GeoReport_v2) and the
// mySociety update extension. Simulated year 2052.
let h: Harness;
let org: Org;
let svc: Awaited<ReturnType<typeof makeServices>>;
let key: string;
const V2 = '/open311/v2';
const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['service', 'attribute', 'value', 'request', 'error', 'request_update', 'endpoint', 'format'].includes(name) });

const PERSON = { first_name: '小明', last_name: '欧阳', email: 'xiaoming.ouyang@example.cn', phone: '13987654321', device_id: 'DEVICE-7788', account_id: 'ACCOUNT-4455' };
const SECRETS = ['欧阳', '小明', 'xiaoming.ouyang', '13987654321', 'DEVICE-7788', 'ACCOUNT-4455', '张三丰', '13812341234', '110101199001010000'];

const submit = (over: Record<string, string | string[]> = {}, fmt = 'json') =>
  postForm(h, `${V2}/requests.${fmt}`, {
    api_key: key,
    service_code: svc.road.code,
    lat: '30.5928',
    long: '114.3055',
    description: '青山路口有一个大坑，电动车已经摔倒两次',
    'attribute[size]': 'large',
    'attribute[depth]': '12.5',
    'attribute[hazards][]': ['school', 'bus'],
    ...PERSON,
    ...over,
  });

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2052-03-02T09:00:00+08:00');
  org = await makeOrg(h);
  svc = await makeServices(h, org);
  key = (await makeKey(h, org)).apiKey;
});
afterAll(async () => h?.close());

describe('discovery and services', () => {
  it('discovery names the v2 endpoint, its formats and changeset, in JSON and XML', async () => {
    const j = await get(h, '/open311/discovery.json');
    expect(j.status).toBe(200);
    expect(j.type).toBe('application/json; charset=utf-8');
    const d = j.json();
    expect(d).toMatchObject({ changeset: expect.any(String), contact: expect.any(String), key_service: expect.any(String) });
    expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] });
    expect(d.endpoints[0].url).toMatch(/\/open311\/v2$/);
    const x = await get(h, '/open311/discovery.xml');
    expect(x.type).toBe('text/xml; charset=utf-8');
    const p = xml.parse(x.text);
    expect(p.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
  });

  it('services are our categories, accusation categories not offered (第三十条); metadata says which have attributes', async () => {
    const list = (await get(h, `${V2}/services.json`)).json() as Record<string, unknown>[];
    const mine = list.filter((s) => String(s.service_code).endsWith(org.tag));
    expect(mine.map((s) => s.service_code).sort()).toEqual([svc.noise.code, svc.road.code].sort());
    expect(mine.find((s) => s.service_code === svc.road.code)).toMatchObject({ service_name: '道路坑洼', metadata: true, type: 'realtime' });
    expect(mine.find((s) => s.service_code === svc.noise.code)).toMatchObject({ metadata: false });
    const x = await get(h, `${V2}/services.xml`);
    expect(x.type).toBe('text/xml; charset=utf-8');
    const codes = xml.parse(x.text).services.service.map((s: { service_code: string }) => s.service_code);
    expect(codes).toContain(svc.road.code);
    expect(codes).not.toContain(svc.graft.code);
  });

  it('a service definition lists its attributes in order with values; a dotted code works; unknown and accusation codes are 404', async () => {
    const j = await get(h, `${V2}/services/${svc.road.code}.json`);
    expect(j.status).toBe(200);
    const def = j.json();
    expect(def.service_code).toBe(svc.road.code);
    expect(def.attributes.map((a: { code: string }) => a.code)).toEqual(['size', 'depth', 'hazards', 'note']);
    expect(def.attributes[0]).toEqual({ variable: true, code: 'size', datatype: 'singlevaluelist', required: true, datatype_description: '', order: 1, description: '坑洼大小', values: [{ key: 'small', name: '小于脸盆' }, { key: 'large', name: '大于脸盆' }] });
    expect(def.attributes[3]).toMatchObject({ variable: false, datatype: 'text' });
    const x = xml.parse((await get(h, `${V2}/services/${svc.road.code}.xml`)).text);
    expect(x.service_definition.attributes.attribute[2].values.value.map((v: { key: string }) => v.key)).toEqual(['school', 'bus']);
    for (const code of ['no-such-service', svc.graft.code]) {
      const nf = await get(h, `${V2}/services/${code}.json`);
      expect(nf.status).toBe(404);
      expect(nf.json()).toEqual([{ code: '404', description: expect.stringContaining('not found') }]);
    }
    const nfx = await get(h, `${V2}/services/nothing.xml`);
    expect(nfx.status).toBe(404);
    expect(xml.parse(nfx.text).errors.error[0].code).toBe('404');
  });
});

describe('POST requests', () => {
  it('403 without, with a wrong, or with a revoked api_key — in the requested format', async () => {
    for (const fmt of ['json', 'xml']) {
      const none = await submit({ api_key: '' }, fmt);
      expect(none.status).toBe(403);
      const wrong = await submit({ api_key: 'o311_not-a-real-key-000000' }, fmt);
      expect(wrong.status).toBe(403);
      if (fmt === 'json') expect(wrong.json()).toEqual([{ code: '403', description: expect.any(String) }]);
      else expect(xml.parse(wrong.text).errors.error[0].code).toBe('403');
    }
    const k = await makeKey(h, org, 'to-revoke');
    expect((await submit({ api_key: k.apiKey })).status).toBe(201);
    expect((await api(h, org.users.admin, 'POST', `/api/open311/keys/${k.id}/revoke`)).status).toBe(200);
    expect((await submit({ api_key: k.apiKey })).status).toBe(403);
  });

  it('400 for what the spec requires and we check; 404 for an unknown service_code', async () => {
    const cases: [Record<string, string | string[]>, number, string][] = [
      [{ service_code: '' }, 400, 'service_code'],
      [{ service_code: 'no-such-service' }, 404, 'service_code'],
      [{ service_code: svc.graft.code }, 404, 'service_code'],
      [{ lat: '', long: '' }, 400, 'location'],
      [{ long: '' }, 400, 'lat and long'],
      [{ lat: '91', long: '10' }, 400, 'lat'],
      [{ description: '坑'.repeat(4001) }, 400, 'description'],
      [{ 'attribute[size]': '' }, 400, 'attribute[size]'],
      [{ 'attribute[size]': 'huge' }, 400, 'attribute[size]'],
      [{ 'attribute[depth]': 'deep' }, 400, 'attribute[depth]'],
      [{ 'attribute[hazards][]': ['school', 'zoo'] }, 400, 'attribute[hazards]'],
      [{ 'attribute[colour]': 'red' }, 400, 'attribute[colour]'],
      [{ email: 'not-an-email' }, 400, 'email'],
      [{ media_url: 'javascript:alert(1)' }, 400, 'media_url'],
    ];
    for (const [over, status, word] of cases) {
      const r = await submit(over);
      expect(r.status, JSON.stringify(over).slice(0, 80)).toBe(status);
      expect(r.json()[0].code).toBe(String(status));
      expect(r.json()[0].description).toContain(word);
    }
    // a JSON body is not what the spec sends
    const res = await h.app.inject({ method: 'POST', url: `${V2}/requests.json`, payload: { api_key: key, service_code: svc.road.code } });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)[0].code).toBe('400');
  });

  it('4,000 characters of description are accepted (the spec’s limit)', async () => {
    expect((await submit({ description: '坑'.repeat(4000) })).status).toBe(201);
  });

  it('registers a case (channel api) with the answers and the submitter as petitioner; answers id, token and notice', async () => {
    const r = await submit();
    expect(r.status).toBe(201);
    const [out] = r.json();
    expect(out).toEqual({ service_request_id: expect.stringMatching(/^XF20520302\d{6}$/), token: expect.any(String), service_notice: expect.stringContaining('15') });
    const c = await h.rt.deps.db.selectFrom('cases').selectAll().where('reg_no', '=', out.service_request_id).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ channel: 'api', category_id: svc.road.id, intake_unit_id: org.units.office.id, status: 'registered', anonymous: false });
    expect(c.content).toContain('坑洼大小：大于脸盆');
    expect(c.content).toContain('附近情况：学校、公交站');
    // staff see the petitioner through the one access path, masked by default
    const view = await api(h, org.users.intake, 'GET', `/api/cases/${c.id}`);
    expect(view.body.parties[0]).toMatchObject({ role: 'petitioner', masked: true });
    expect(view.body.parties[0].name.startsWith('欧')).toBe(true);
    // device_id and account_id are not kept anywhere
    const stored = JSON.stringify(await h.rt.deps.db.selectFrom('open311_requests').selectAll().where('case_id', '=', c.id).execute());
    expect(stored).not.toContain('DEVICE-7788');
    expect(stored).not.toContain('ACCOUNT-4455');
    // XML answers the same shape
    const x = await submit({}, 'xml');
    expect(x.status).toBe(201);
    expect(xml.parse(x.text).service_requests.request[0].service_request_id).toMatch(/^XF/);
  });

  it('without any contact field the matter is anonymous', async () => {
    const r = await submit({ first_name: '', last_name: '', email: '', phone: '' });
    const c = await h.rt.deps.db.selectFrom('cases').select('anonymous').where('reg_no', '=', r.json()[0].service_request_id).executeTakeFirstOrThrow();
    expect(c.anonymous).toBe(true);
  });

  it('token flow: tokens/{token} answers the service_request_id, then requests/{id} the request', async () => {
    const [out] = (await submit()).json();
    const t = await get(h, `${V2}/tokens/${out.token}.json`);
    expect(t.status).toBe(200);
    expect(t.json()).toEqual([{ service_request_id: out.service_request_id, token: out.token }]);
    const tx = xml.parse((await get(h, `${V2}/tokens/${out.token}.xml`)).text);
    expect(tx.service_requests.request[0]).toEqual({ service_request_id: out.service_request_id, token: out.token });
    expect((await get(h, `${V2}/tokens/unknown-token.json`)).status).toBe(404);
    const one = await get(h, `${V2}/requests/${out.service_request_id}.json`);
    expect(one.status).toBe(200);
    expect(one.json()[0].service_request_id).toBe(out.service_request_id);
  });

  it('a form body is parsed only under /open311/: other routes still answer 415', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/public/cases', payload: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(415);
    expect(JSON.parse(res.body).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('GET requests', () => {
  it('a request: open, W3C times at +08:00, the responsible unit, expected from the statutory clock (第二十二条: 15 days)', async () => {
    const [out] = (await submit({ description: '路灯不亮 <b>&"整条街"</b>' })).json();
    const [r] = (await get(h, `${V2}/requests/${out.service_request_id}.json`)).json();
    expect(r).toMatchObject({
      service_request_id: out.service_request_id,
      status: 'open',
      service_code: svc.road.code,
      service_name: '道路坑洼',
      agency_responsible: '测试市信访局',
      requested_datetime: '2052-03-02T09:00:00+08:00',
      updated_datetime: '2052-03-02T09:00:00+08:00',
      lat: '30.5928',
      long: '114.3055',
    });
    expect(r.status_notes).toContain('已登记');
    const due = await h.rt.deps.db.selectFrom('case_clocks').innerJoin('cases', 'cases.id', 'case_clocks.case_id').select('due_at').where('cases.reg_no', '=', out.service_request_id).where('rule_key', '=', 'route').executeTakeFirstOrThrow();
    expect(r.expected_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(new Date(r.expected_datetime).getTime()).toBe(due.due_at!.getTime());
    expect(r.description).toContain('<b>&"整条街"</b>');
    // the XML escapes it and an independent parser reads it back
    const x = await get(h, `${V2}/requests/${out.service_request_id}.xml`);
    expect(XMLValidator.validate(x.text)).toBe(true);
    expect(x.text.startsWith('<?xml version="1.0" encoding="utf-8"?><service_requests><request>')).toBe(true);
    expect(x.text).not.toContain('xmlns');
    expect(xml.parse(x.text).service_requests.request[0].description).toContain('<b>&"整条街"</b>');
  });

  it('personal data never appears in GET output: not the submitter’s, not a petitioner’s, not staff names', async () => {
    const [out] = (await submit()).json();
    const staff = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ categoryId: svc.noise.id }))).body;
    const texts = [
      (await get(h, `${V2}/requests/${out.service_request_id}.json`)).text,
      (await get(h, `${V2}/requests/${staff.regNo}.xml`)).text,
      (await get(h, `${V2}/requests.json?service_code=${svc.road.code},${svc.noise.code}`)).text,
      (await get(h, `${V2}/requests.xml?service_code=${svc.road.code},${svc.noise.code}`)).text,
      (await get(h, `${V2}/servicerequestupdates.json`)).text,
    ];
    for (const t of texts) for (const s of [...SECRETS, '测试员']) expect(t).not.toContain(s);
    // a petition registered by staff is listed without its words or place
    const [r] = (await get(h, `${V2}/requests/${staff.regNo}.json`)).json();
    expect(r).toMatchObject({ service_code: svc.noise.code, description: '', address: '', lat: '', long: '' });
  });

  it('accusations are not listed and answer 404 like an unknown id (第三十条：不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位)', async () => {
    const acc = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ kind: 'accusation', categoryId: svc.graft.id, title: '举报街道工作人员违规收费', content: '青山街道城管工作人员违规收取商户费用，请求调查处理。', accusedUnitId: org.units.street.id }))).body;
    expect(acc.regNo).toMatch(/^XF/);
    const one = await get(h, `${V2}/requests/${acc.regNo}.json`);
    expect(one.status).toBe(404);
    expect(one.json()).toEqual((await get(h, `${V2}/requests/XF20520302999999.json`)).json().map((e: { code: string }) => ({ ...e, description: expect.any(String) })));
    expect((await get(h, `${V2}/requests.json?service_request_id=${acc.regNo}`)).json()).toEqual([]);
    expect((await get(h, `${V2}/requests.json?service_code=${svc.graft.code}`)).json()).toEqual([]);
    const upd = (await get(h, `${V2}/servicerequestupdates.json`)).json() as { service_request_id: string }[];
    expect(upd.some((u) => u.service_request_id === acc.regNo)).toBe(false);
  });

  it('status open/closed follows the lifecycle; agency_responsible follows the lead unit', async () => {
    const [a] = (await submit()).json();
    const [b] = (await submit()).json();
    const idOf = async (regNo: string) => (await h.rt.deps.db.selectFrom('cases').select('id').where('reg_no', '=', regNo).executeTakeFirstOrThrow()).id;
    expect((await act(h, org.users.dispatcher, await idOf(a.service_request_id), 'route', { mode: 'forward', leadUnitId: org.units.deptA.id })).status).toBe(200);
    expect((await act(h, org.users.dispatcher, await idOf(b.service_request_id), 'not_accept', { reason: '属于民事纠纷，应向人民法院起诉', suggestedAuthority: '东区人民法院' })).status).toBe(200);
    const [ra] = (await get(h, `${V2}/requests/${a.service_request_id}.json`)).json();
    expect(ra).toMatchObject({ status: 'open', agency_responsible: '测试市住建局' });
    expect(ra.status_notes).toContain('转送/交办');
    const [rb] = (await get(h, `${V2}/requests/${b.service_request_id}.json`)).json();
    expect(rb.status).toBe('closed');
    const both = `service_request_id=${a.service_request_id},${b.service_request_id}`;
    const closed = (await get(h, `${V2}/requests.json?service_code=${svc.road.code}&status=closed`)).json() as { service_request_id: string }[];
    expect(closed.map((r) => r.service_request_id)).toContain(b.service_request_id);
    expect(closed.map((r) => r.service_request_id)).not.toContain(a.service_request_id);
    const open = (await get(h, `${V2}/requests.json?service_code=${svc.road.code}&status=open`)).json() as { service_request_id: string }[];
    expect(open.map((r) => r.service_request_id)).toContain(a.service_request_id);
    expect(open.map((r) => r.service_request_id)).not.toContain(b.service_request_id);
    // service_request_id overrides the other filters
    expect((await get(h, `${V2}/requests.json?${both}&status=open&service_code=nothing`)).json()).toHaveLength(2);
    expect((await get(h, `${V2}/requests.json?status=pending`)).status).toBe(400);
  });

  it('dates: W3C with a zone, a span of at most 90 days, the last 90 days by default', async () => {
    const old = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ categoryId: svc.noise.id, receivedAt: '2051-11-01T10:00:00+08:00' }))).body;
    const mine = async (qs: string) => ((await get(h, `${V2}/requests.json?service_code=${svc.noise.code}${qs}`)).json() as { service_request_id: string }[]).map((r) => r.service_request_id);
    expect(await mine('')).not.toContain(old.regNo);
    expect(await mine('&start_date=2051-10-15T00:00:00%2B08:00&end_date=2051-12-31T00:00:00%2B08:00')).toEqual([old.regNo]);
    expect(await mine('&end_date=2051-12-01T00:00:00Z')).toEqual([old.regNo]);
    expect(await mine('&start_date=2051-10-01T00:00:00Z')).toEqual([old.regNo]);
    const bad = ['start_date=2051-01-01T00:00:00Z&end_date=2051-04-02T00:00:00Z', 'start_date=2052-01-01', 'start_date=2052-01-01T00:00:00', 'start_date=yesterday', 'start_date=2052-02-01T00:00:00Z&end_date=2052-01-01T00:00:00Z'];
    for (const qs of bad) {
      const r = await get(h, `${V2}/requests.json?${qs}`);
      expect(r.status, qs).toBe(400);
      expect(r.json()[0].code).toBe('400');
    }
    expect((await get(h, `${V2}/requests.json?start_date=2052-01-01T00:00:00Z&end_date=2052-03-31T00:00:00Z`)).status).toBe(200);
    const x = await get(h, `${V2}/requests.xml?start_date=bad`);
    expect(x.status).toBe(400);
    expect(xml.parse(x.text).errors.error[0].code).toBe('400');
  });

  it('at most 1,000 results', async () => {
    const { sql } = await import('kysely');
    // 1,001 matters in one category on one day, written directly (registering each would only slow the test)
    await sql`INSERT INTO cases (reg_no, tracking_code, tracking_secret_hash, channel, kind, category_id, title, content, status, intake_unit_id, received_at, registered_at)
      SELECT 'LIM' || ${org.tag} || lpad(g::text, 5, '0'), 'LIM' || ${org.tag} || g, 'x', 'api', 'suggestion', ${svc.noise.id}, '批量', '批量测试内容', 'registered', ${org.units.office.id}, ${'2052-02-20T10:00:00+08:00'}::timestamptz, now()
      FROM generate_series(1, 1001) g`.execute(h.rt.deps.db);
    const list = (await get(h, `${V2}/requests.json?service_code=${svc.noise.code}&start_date=2052-02-20T00:00:00%2B08:00&end_date=2052-02-21T00:00:00%2B08:00`)).json();
    expect(list).toHaveLength(1000);
  });
});

describe('mySociety update extension', () => {
  it('GET servicerequestupdates lists the public steps; POST adds a public note once per update_id and never changes the state', async () => {
    const [out] = (await submit()).json();
    const upd = (await get(h, `${V2}/servicerequestupdates.json?service_request_id=${out.service_request_id}`)).json();
    expect(upd).toEqual([{ update_id: expect.any(String), service_request_id: out.service_request_id, status: 'OPEN', updated_datetime: '2052-03-02T09:00:00+08:00', description: '登记', media_url: '', external_status_code: 'registered' }]);
    const body = { api_key: key, service_request_id: out.service_request_id, update_id: 'FMS-1', status: 'CLOSED', updated_datetime: '2052-03-02T10:00:00+08:00', description: '市民反映坑已经填平' };
    const p = await postForm(h, `${V2}/servicerequestupdates.json`, body);
    expect(p.status).toBe(200);
    const [{ update_id }] = p.json();
    expect(update_id).toMatch(/^\d+$/);
    // a retry records nothing new
    expect((await postForm(h, `${V2}/servicerequestupdates.json`, body)).json()).toEqual([{ update_id }]);
    const c = await h.rt.deps.db.selectFrom('cases').select(['id', 'status']).where('reg_no', '=', out.service_request_id).executeTakeFirstOrThrow();
    expect(c.status).toBe('registered');
    const notes = await h.rt.deps.db.selectFrom('case_events').select(['type', 'public']).where('case_id', '=', c.id).where('type', '=', 'open311_update').execute();
    expect(notes).toEqual([{ type: 'open311_update', public: true }]);
    const after = (await get(h, `${V2}/servicerequestupdates.xml?service_request_id=${out.service_request_id}`)).text;
    const ups = xml.parse(after).service_request_updates.request_update;
    expect(ups.map((u: { description: string }) => u.description)).toEqual(['登记', '市民反映坑已经填平']);
    expect(ups[1]).toMatchObject({ update_id, status: 'OPEN' });
    const [r] = (await get(h, `${V2}/requests/${out.service_request_id}.json`)).json();
    expect(r).toMatchObject({ status: 'open' });
    expect(r.status_notes).toContain('市民反映坑已经填平');
  });

  it('POST servicerequestupdates: 403 without a key, 404 for a request the key did not submit, 400 for missing fields', async () => {
    const [out] = (await submit()).json();
    const base = { service_request_id: out.service_request_id, update_id: 'X-1', status: 'OPEN', updated_datetime: '2052-03-02T10:00:00+08:00', description: '补充说明' };
    expect((await postForm(h, `${V2}/servicerequestupdates.json`, base)).status).toBe(403);
    const other = await makeKey(h, org, 'other-client');
    expect((await postForm(h, `${V2}/servicerequestupdates.json`, { ...base, api_key: other.apiKey })).status).toBe(404);
    const staff = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ categoryId: svc.noise.id }))).body;
    expect((await postForm(h, `${V2}/servicerequestupdates.json`, { ...base, api_key: key, service_request_id: staff.regNo })).status).toBe(404);
    for (const f of ['update_id', 'status', 'description', 'updated_datetime', 'service_request_id']) {
      const r = await postForm(h, `${V2}/servicerequestupdates.xml`, { ...base, api_key: key, [f]: '' });
      expect(r.status, f).toBe(400);
      expect(xml.parse(r.text).errors.error[0].description).toContain(f);
    }
  });
});

describe('the rest of the contract', () => {
  it('an unknown resource under /open311/v2/ is 404 in the spec’s shape, in the format asked', async () => {
    const j = await get(h, `${V2}/nothing.json`);
    expect(j.status).toBe(404);
    expect(j.json()).toEqual([{ code: '404', description: 'unknown resource' }]);
    const x = await get(h, `${V2}/requests/abc.txt`);
    expect(x.status).toBe(404);
    expect(x.type).toBe('text/xml; charset=utf-8');
    expect(xml.parse(x.text).errors.error[0].code).toBe('404');
  });

  it('jurisdiction_id is accepted; with MINSHENG_OPEN311_JURISDICTION set, another one is 404', async () => {
    expect((await get(h, `${V2}/services.json?jurisdiction_id=anything`)).status).toBe(200);
    process.env.MINSHENG_OPEN311_JURISDICTION = 'jiangcheng.gov.cn';
    try {
      expect((await get(h, `${V2}/services.json?jurisdiction_id=jiangcheng.gov.cn`)).status).toBe(200);
      expect((await get(h, `${V2}/services.json?jurisdiction_id=other.gov.cn`)).status).toBe(404);
      expect((await submit({ jurisdiction_id: 'other.gov.cn' })).status).toBe(404);
    } finally {
      delete process.env.MINSHENG_OPEN311_JURISDICTION;
    }
  });

  it('every XML answer is well-formed for an independent parser, with the spec’s root elements', async () => {
    const [out] = (await submit()).json();
    const urls: [string, string][] = [
      ['/open311/discovery.xml', 'discovery'],
      [`${V2}/services.xml`, 'services'],
      [`${V2}/services/${svc.road.code}.xml`, 'service_definition'],
      [`${V2}/requests.xml?service_code=${svc.road.code}`, 'service_requests'],
      [`${V2}/requests/${out.service_request_id}.xml`, 'service_requests'],
      [`${V2}/tokens/${out.token}.xml`, 'service_requests'],
      [`${V2}/servicerequestupdates.xml`, 'service_request_updates'],
      [`${V2}/requests/none.xml`, 'errors'],
    ];
    for (const [url, root] of urls) {
      const r = await get(h, url);
      expect(r.type, url).toBe('text/xml; charset=utf-8');
      expect(XMLValidator.validate(r.text), url).toBe(true);
      const parsed = xml.parse(r.text);
      expect(Object.keys(parsed).filter((k) => k !== '?xml'), url).toEqual([root]);
    }
  });

  it('keys and attributes are administered by an admin only; the key list never holds a key', async () => {
    expect((await api(h, org.users.dispatcher, 'POST', '/api/open311/keys', { name: 'x', unitId: org.units.office.id })).status).toBe(403);
    expect((await api(h, org.users.dispatcher, 'PUT', `/api/open311/services/${svc.noise.id}/attributes`, { attributes: [] })).status).toBe(403);
    expect((await api(h, org.users.otherDispatcher, 'GET', '/api/open311/keys')).status).toBe(403);
    const list = await api(h, org.users.admin, 'GET', '/api/open311/keys');
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThan(0);
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(JSON.stringify(list.body)).not.toContain('apiKey');
  });
});
