import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, api, makeOrg, startHarness, type Harness, type Org } from '../helpers/harness.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { caseIdForExternal } from '../../src/interop/external-refs.js';
import { syncAllRemotes } from '../../src/open311/client.js';
import { get, makeKey, makeServices, postForm } from './open311-helpers.js';

// The Open311 client against our own GeoReport v2 server, a second server instance listening on another port of
// 127.0.0.1 (over real HTTP). Both share one database, as two offices' systems would not — so the remote office is
// another org subtree, and everything is compared per subtree. Simulated year 2052.
let local: Harness;
let remote: Harness;
let remoteApp: FastifyInstance;
let lorg: Org;
let rorg: Org;
let rsvc: Awaited<ReturnType<typeof makeServices>>;
let rkey: string;
let base: string;
let remoteId: string;
let localCategory: string;
const submitted: string[] = [];

beforeAll(async () => {
  local = await startHarness();
  local.clock.set('2052-03-02T09:00:00+08:00');
  remoteApp = await buildApp({ deps: local.rt.deps, backend: local.rt.database.backend, logger: false });
  remote = { ...local, app: remoteApp };
  rorg = await makeOrg(remote);
  rsvc = await makeServices(remote, rorg);
  rkey = (await makeKey(remote, rorg, 'minsheng-local')).apiKey;
  await remoteApp.listen({ port: 0, host: '127.0.0.1' });
  const addr = remoteApp.server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}/open311/v2`;
  lorg = await makeOrg(local);
  const cat = await api(local, lorg.users.admin, 'POST', '/api/categories', { code: `pothole-${lorg.tag}`, name: '道路坑洼（外部）', kind: 'appeal' });
  localCategory = cat.body.id;
  // two requests of a mapped service (one with contact data), one of a service we do not map
  for (const [code, extra] of [
    [rsvc.road.code, { 'attribute[size]': 'small', first_name: '小红', last_name: '李', phone: '13700001111' }],
    [rsvc.road.code, { 'attribute[size]': 'large' }],
    [rsvc.noise.code, {}],
  ] as const) {
    const r = await postForm(remote, `${base.replace(/^http:\/\/[^/]+/, '')}/requests.json`, { api_key: rkey, service_code: code, address_string: '江城市东湖路18号门口', description: '路面塌陷，请尽快修复', ...extra });
    expect(r.status).toBe(201);
    submitted.push(r.json()[0].service_request_id);
  }
  local.clock.set('2052-03-02T10:00:00+08:00');
}, 120_000);
afterAll(async () => {
  // on PostgreSQL the database outlives the run: a later run's job must not call this run's closed port
  if (remoteId) await local.rt.deps.db.updateTable('open311_remotes').set({ active: false }).where('id', '=', remoteId).execute();
  await remoteApp?.close();
  await local?.close();
});

describe('Open311 client', () => {
  it('an administrator adds a remote; its api_key is never answered', async () => {
    const bad = await api(local, lorg.users.dispatcher, 'POST', '/api/open311/remotes', {});
    expect(bad.status).toBe(403);
    const r = await api(local, lorg.users.admin, 'POST', '/api/open311/remotes', { name: '外部311', baseUrl: base, apiKey: rkey, serviceMap: { [rsvc.road.code]: localCategory }, intakeUnitId: lorg.units.office.id });
    expect(r.status).toBe(201);
    remoteId = r.body.id;
    const list = await api(local, lorg.users.admin, 'GET', '/api/open311/remotes');
    expect(JSON.stringify(list.body)).not.toContain(rkey);
    expect(JSON.stringify(r.body)).not.toContain(rkey);
  });

  it('pulls the mapped requests into cases, once: a second pull registers nothing', async () => {
    const first = await api(local, lorg.users.admin, 'POST', `/api/open311/remotes/${remoteId}/sync`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 2, invalid: 0, error: null });
    // the unmapped service's request (and, on a shared test database, other files' requests) are skipped
    expect(first.body.skipped).toBeGreaterThanOrEqual(1);
    const source = `open311:${base}`;
    const caseId = await caseIdForExternal(local.rt.deps.db, source, submitted[0]!);
    expect(caseId).toBeDefined();
    expect(await caseIdForExternal(local.rt.deps.db, source, submitted[2]!)).toBeUndefined();
    const c = await local.rt.deps.db.selectFrom('cases').selectAll().where('id', '=', caseId!).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ channel: 'api', category_id: localCategory, intake_unit_id: lorg.units.office.id, anonymous: true, location: '江城市东湖路18号门口' });
    expect(c.received_at.toISOString()).toBe('2052-03-02T01:00:00.000Z');
    // the remote's feed carried no personal data, so none arrived
    expect(JSON.stringify(c)).not.toContain('13700001111');
    const second = (await api(local, lorg.users.admin, 'POST', `/api/open311/remotes/${remoteId}/sync`)).body;
    expect(second).toMatchObject({ created: 0, already: 2, pushed: 0, error: null });
    const n = await local.rt.deps.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).where('intake_unit_id', '=', lorg.units.office.id).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2);
  });

  it('pushes our public steps back through servicerequestupdates, each once', async () => {
    const caseId = (await caseIdForExternal(local.rt.deps.db, `open311:${base}`, submitted[1]!))!;
    expect((await act(local, lorg.users.dispatcher, caseId, 'not_accept', { reason: '不属于本部门职责', suggestedAuthority: '江城市城管局' })).status).toBe(200);
    const r = await syncAllRemotes(local.rt.deps);
    expect(r[remoteId]).toMatchObject({ created: 0, pushed: 1, error: null });
    const updates = (await get(remote, `/open311/v2/servicerequestupdates.json?service_request_id=${submitted[1]}`)).json() as { description: string; update_id: string }[];
    expect(updates.map((u) => u.description)).toEqual(['登记', '不予受理：不予受理']);
    // the note changes nothing on the remote side: its state is its own staff's decision
    const [req] = (await get(remote, `/open311/v2/requests/${submitted[1]}.json`)).json();
    expect(req.status).toBe('open');
    expect(req.status_notes).toContain('不予受理');
    // the next run pushes nothing again
    expect((await syncAllRemotes(local.rt.deps))[remoteId]).toMatchObject({ pushed: 0, error: null });
    const again = (await get(remote, `/open311/v2/servicerequestupdates.json?service_request_id=${submitted[1]}`)).json();
    expect(again).toHaveLength(2);
  });

  it('an unreachable remote is recorded as the remote’s last error, and nothing is lost', async () => {
    const down = await api(local, lorg.users.admin, 'POST', '/api/open311/remotes', { name: '停用的311', baseUrl: `http://127.0.0.1:9/open311/v2/${lorg.tag}`, apiKey: 'x', serviceMap: {}, intakeUnitId: lorg.units.office.id });
    const r = await api(local, lorg.users.admin, 'POST', `/api/open311/remotes/${down.body.id}/sync`);
    expect(r.body.error).toEqual(expect.any(String));
    const list = (await api(local, lorg.users.admin, 'GET', '/api/open311/remotes')).body as { id: string; lastError: string | null }[];
    expect(list.find((x) => x.id === down.body.id)?.lastError).toEqual(expect.any(String));
    await local.rt.deps.db.updateTable('open311_remotes').set({ active: false }).where('id', '=', down.body.id).execute();
  });
});
