/**
 * Webhooks (issue 10, docs/webhooks.md): subscriptions per event type, an outbox written in the event's own
 * transaction, HMAC-signed payloads, retries with backoff through pg-boss, a delivery log. A real receiver listens on
 * 127.0.0.1 in this file; one of its URLs fails twice and then succeeds. Simulated year 2054.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type PgBoss from 'pg-boss';
import { startJobs } from '../../src/jobs/boss.js';
import { WEBHOOK_QUEUE } from '../../src/jobs/webhooks.js';
import { appendEvent } from '../../src/cases/events.js';
import { attemptDelivery, pumpOutbox } from '../../src/webhooks/deliver.js';
import { verify } from '../../src/webhooks/sign.js';
import { act, addUser, api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let h: Harness;
let org: Org;
let boss: PgBoss | undefined;
let server: http.Server;
let base = '';
const received: Received[] = [];
let flakyFailures = 0;

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2054-03-02T09:00:00+08:00');
  org = await makeOrg(h);
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      // /flaky answers 500 to its first two requests, then 200
      if (req.url === '/flaky' && flakyFailures < 2) {
        flakyFailures++;
        res.writeHead(500).end('not yet');
        return;
      }
      res.writeHead(req.url === '/gone' ? 410 : 200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true, timeout: 5000 });
  await new Promise((r) => server?.close(r));
  await h?.close();
});

// retries from 1 s, 5 attempts in all: the policy is the subscription's, so whichever node sends applies it
const subscribe = (user: TestUser, name: string, path: string, eventTypes: string[]) =>
  api(h, user, 'POST', '/api/webhooks', { name, url: `${base}${path}`, eventTypes, maxAttempts: 5, retryBaseSeconds: 1 });

const deliveries = async (user: TestUser, subId: string) => (await api(h, user, 'GET', `/api/webhooks/${subId}/deliveries`)).body.items as any[];

/** Waits (bounded) until every delivery of the subscriptions is in a final state. Not a timing assertion: it only waits. */
async function settled(user: TestUser, subIds: string[]) {
  for (let i = 0; i < 240; i++) {
    const all = (await Promise.all(subIds.map((s) => deliveries(user, s)))).flat();
    if (all.length > 0 && all.every((d) => ['delivered', 'failed', 'cancelled'].includes(d.status))) return all;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('deliveries did not settle');
}

describe('webhooks', () => {
  let ok: any;
  let flaky: any;
  let caseId = '';

  it('an administrator subscribes; the secret is answered once', async () => {
    expect((await subscribe(org.users.dispatcher, 'x', '/ok', ['register'])).status).toBe(403);
    const bad = await subscribe(org.users.admin, 'x', '/ok', ['no_such_event']);
    expect(bad.status).toBe(400);
    const types = await api(h, org.users.admin, 'GET', '/api/webhooks/event-types');
    expect(types.body.items).toEqual(expect.arrayContaining(['register', 'route', 'accept', 'clock_overdue', 'hazard.report']));
    const r1 = await subscribe(org.users.admin, '区平台', '/ok', ['register', 'route']);
    expect(r1.status).toBe(201);
    expect(r1.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    ok = r1.body;
    flaky = (await subscribe(org.users.admin, '不稳定的接收方', '/flaky', ['register'])).body;
    expect(flaky).toMatchObject({ active: true, paused: false, maxAttempts: 5, retryBaseSeconds: 1 });
    const list = await api(h, org.users.admin, 'GET', '/api/webhooks');
    expect(list.body.items.map((s: any) => s.id)).toEqual(expect.arrayContaining([ok.id, flaky.id]));
    expect(JSON.stringify(list.body)).not.toContain(ok.secret);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
  });

  it('events written while the sender is down wait in the outbox', async () => {
    // No sender runs in this process yet. Other test files on a shared PostgreSQL database do run one, so the two
    // subscriptions are also paused: no node may send them until they are resumed, and the outbox must keep them.
    for (const s of [ok, flaky]) expect((await api(h, org.users.admin, 'POST', `/api/webhooks/${s.id}/pause`)).body.paused).toBe(true);
    const c = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase());
    expect(c.status).toBe(201);
    caseId = c.body.id;
    expect((await act(h, org.users.dispatcher, caseId, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id })).status).toBe(200);
    const a = await deliveries(org.users.admin, ok.id);
    expect(a.map((d) => [d.eventType, d.status]).sort()).toEqual([['register', 'pending'], ['route', 'pending']]);
    expect((await deliveries(org.users.admin, flaky.id)).map((d) => d.status)).toEqual(['pending']);
    expect(received).toHaveLength(0);
  });

  it('an event whose transaction rolls back leaves no delivery', async () => {
    await expect(
      h.rt.deps.db.transaction().execute(async (tx) => {
        await appendEvent(tx, { kind: 'system', job: 'test' }, { caseId, type: 'register' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await deliveries(org.users.admin, ok.id)).toHaveLength(2);
  });

  it('once the sender runs, every delivery arrives signed; the flaky receiver gets it on the third attempt', async () => {
    boss = await startJobs(h.rt.database, h.rt.deps, {
      databaseUrl: process.env.TEST_DATABASE_URL,
      sweepCron: '0 0 1 1 *',
      webhooks: { pumpMs: 250, timeoutMs: 5000 },
    });
    for (const s of [ok, flaky]) expect((await api(h, org.users.admin, 'POST', `/api/webhooks/${s.id}/resume`)).body.paused).toBe(false);
    const all = await settled(org.users.admin, [ok.id, flaky.id]);
    expect(all.map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);

    const toOk = received.filter((r) => r.path === '/ok');
    expect(toOk).toHaveLength(2); // register and route, once each
    for (const r of toOk) {
      expect(verify(ok.secret, r.headers, r.body)).toBe(true);
      expect(verify(flaky.secret, r.headers, r.body)).toBe(false); // another subscription's secret does not verify
      expect(verify(ok.secret, r.headers, r.body.replace('register', 'regisster'))).toBe(false); // nor a changed body
    }
    const reg = JSON.parse(toOk.find((r) => r.body.includes('"register"'))!.body);
    expect(reg.type).toBe('register');
    expect(reg.data).toMatchObject({ caseId, eventType: 'register', to: 'registered', kind: 'appeal' });
    expect(reg.data.regNo).toMatch(/\d/);
    const route = JSON.parse(toOk.find((r) => r.body.includes('"route"'))!.body);
    expect(route.data).toMatchObject({ caseId, eventType: 'route', from: 'registered', to: 'dispatched' });
    expect(route.data.leadUnit.id).toBe(String(org.units.deptA.id));

    // 信访工作条例 第四十六条: personal data of petitioners must not leak; the payload is matter-level only
    for (const r of received) {
      for (const personal of ['张三丰', '13812341234', '110101199001010000', '幸福小区3号楼601室', '漏水']) expect(r.body).not.toContain(personal);
    }

    const toFlaky = received.filter((r) => r.path === '/flaky');
    expect(toFlaky).toHaveLength(3);
    // every attempt repeats the delivery id (receivers dedupe on it) and the same body; each is signed afresh
    expect(new Set(toFlaky.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(toFlaky.map((r) => r.body)).size).toBe(1);
    for (const r of toFlaky) expect(verify(flaky.secret, r.headers, r.body)).toBe(true);
    const [d] = await deliveries(org.users.admin, flaky.id);
    expect(d).toMatchObject({ id: toFlaky[0]!.headers['webhook-id'], status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    const attempts = (await api(h, org.users.admin, 'GET', `/api/webhooks/${flaky.id}/deliveries/${d.id}/attempts`)).body.items;
    expect(attempts.map((a: any) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 500, 'HTTP 500'],
      [3, 200, null],
    ]);
  }, 90_000);

  it('a delivery is never sent twice: handing it over again or running its job again sends nothing', async () => {
    const before = received.length;
    const [d] = await deliveries(org.users.admin, flaky.id);
    // the same job id again: pg-boss refuses a second job for the delivery
    expect(await boss!.send(WEBHOOK_QUEUE, { deliveryId: d.id }, { id: d.id })).toBeNull();
    // the job's work run again by hand (as after a crash between the answer and the mark): delivered stays delivered
    await attemptDelivery(h.rt.deps, d.id, { retryCount: 0, retryLimit: 4, retryDelaySeconds: 1 });
    // and the pump finds nothing pending
    expect(await pumpOutbox(h.rt.deps, async () => undefined)).toBe(0);
    expect(received.length).toBe(before);
  });

  it('a receiver that keeps failing is marked failed after the retry limit, with the log of each attempt', async () => {
    const gone = (await subscribe(org.users.admin, '已下线', '/gone', ['accept'])).body;
    expect((await act(h, org.users.handlerA, caseId, 'sign')).status).toBe(200);
    expect((await act(h, org.users.handlerA, caseId, 'accept', { procedure: '按《信访工作条例》第三十一条办理。' })).status).toBe(200);
    const [d] = await settled(org.users.admin, [gone.id]);
    expect(d).toMatchObject({ eventType: 'accept', status: 'failed', attempts: 5, lastStatusCode: 410, lastError: 'HTTP 410', nextAttemptAt: null });
    const attempts = (await api(h, org.users.admin, 'GET', `/api/webhooks/${gone.id}/deliveries/${d.id}/attempts`)).body.items;
    expect(attempts.map((a: any) => a.statusCode)).toEqual([410, 410, 410, 410, 410]);
  }, 120_000);

  it('an accusation never reaches a subscription of the accused unit (信访工作条例 第三十条)', async () => {
    // an administrator of the accused department subscribes to everything
    const adminA = await addUser(h, org, 'adminA', org.units.deptA, ['admin']);
    const accused = (await subscribe(adminA, '住建局平台', '/ok', ['*'])).body;
    const city = (await subscribe(org.users.admin, '市平台全部', '/ok', ['*'])).body;
    const acc = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ kind: 'accusation', title: '举报住建局工作人员', content: '住建局工作人员违规收费，请求调查。', accusedUnitId: org.units.deptA.id }));
    expect(acc.status).toBe(201);
    await act(h, org.users.dispatcher, acc.body.id, 'route', { mode: 'forward', leadUnitId: org.units.discipline.id, routeType: 'discipline' });
    // a plain matter handled by the department does reach it
    const plain = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: '小区道路破损' }));
    await act(h, org.users.dispatcher, plain.body.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    await settled(org.users.admin, [city.id]);
    const cityIds = (await deliveries(org.users.admin, city.id)).map((d) => d.payload.caseId);
    expect(cityIds).toContain(acc.body.id);
    const accusedDeliveries = await deliveries(adminA, accused.id);
    expect(accusedDeliveries.map((d) => d.payload.caseId)).not.toContain(acc.body.id);
    expect(accusedDeliveries.map((d) => d.payload.caseId)).toContain(plain.body.id);
    expect(received.some((r) => r.body.includes(acc.body.id) && verify(accused.secret, r.headers, r.body))).toBe(false);
    // nor can the accused unit's administrator read the city's subscription and its log
    expect((await api(h, adminA, 'GET', `/api/webhooks/${city.id}/deliveries`)).status).toBe(404);
  }, 90_000);

  it('register events go out as <entity>.<type>', async () => {
    const sub = (await subscribe(org.users.admin, '隐患', '/ok', ['hazard.report'])).body;
    const hz = await api(h, org.users.dispatcher, 'POST', '/api/hazards', { source: 'inspection', type: 'gas', grade: 'general', title: '燃气软管老化', description: '底商餐饮店燃气软管老化开裂。', place: '青山街道', foundBy: '检查组' });
    expect(hz.status).toBe(201);
    const [d] = await settled(org.users.admin, [sub.id]);
    expect(d).toMatchObject({ eventType: 'hazard.report', status: 'delivered' });
    expect(d.payload).toMatchObject({ entity: 'hazard', entityId: hz.body.id, eventType: 'hazard.report' });
  }, 60_000);

  it('a disabled subscription gets nothing new; a deleted one is gone with its log', async () => {
    const before = (await deliveries(org.users.admin, ok.id)).length;
    const r = await api(h, org.users.admin, 'POST', `/api/webhooks/${ok.id}/disable`);
    expect(r.body.active).toBe(false);
    const later = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: '停用后的事项' }));
    expect(later.status).toBe(201);
    expect(await deliveries(org.users.admin, ok.id)).toHaveLength(before);
    expect((await api(h, org.users.admin, 'DELETE', `/api/webhooks/${ok.id}`)).status).toBe(200);
    expect((await api(h, org.users.admin, 'GET', `/api/webhooks/${ok.id}/deliveries`)).status).toBe(404);
    expect((await api(h, org.users.admin, 'GET', '/api/webhooks')).body.items.map((s: any) => s.id)).not.toContain(ok.id);
  });
});
