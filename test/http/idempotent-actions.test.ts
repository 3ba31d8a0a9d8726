import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startHarness, makeOrg, api, act, sampleCase, type Harness, type Org } from '../helpers/harness.js';

/**
 * A case action that keeps the status (提交协办意见 stays 'accepted') is not refused by the lifecycle when it is run
 * again, so the Idempotency-Key alone must stop a retry from doing it twice — also when the server died after the
 * action committed and before it stored its answer. The action's transaction stores "done" with it
 * (src/core/idempotent-result.ts); a retry then answers the case as it is now and runs nothing.
 */
let h: Harness;
let org: Org;

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2026-03-02T09:00:00+08:00');
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

async function acceptedCaseWithAssist() {
  const c = (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body;
  for (const [user, action, input] of [
    [org.users.dispatcher, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id, assistUnitIds: [org.units.deptB.id] }],
    [org.users.handlerA, 'sign', {}],
    [org.users.handlerA, 'accept', { procedure: '依法办理' }],
  ] as const) {
    const r = await act(h, user, c.id, action, input);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  return c.id as string;
}

const opinions = async (caseId: string) =>
  (await h.rt.deps.db.selectFrom('case_events').select('id').where('case_id', '=', caseId).where('type', '=', 'add_assist_opinion').execute()).length;

/** Simulates a crash right after the commit: storing the answer of a request on this case fails. */
async function loseAnswersFor(caseId: string) {
  const fn = `test_lose_answer_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await h.rt.database.asOwner(async (c) => {
    await c.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated crash before the answer was stored'; END $$`);
    await c.query(`CREATE TRIGGER ${fn} BEFORE UPDATE ON idempotency_keys FOR EACH ROW
      WHEN (OLD.status IS NOT NULL AND OLD.path LIKE '%${caseId}%') EXECUTE FUNCTION ${fn}()`);
  });
  return () =>
    h.rt.database.asOwner(async (c) => {
      await c.query(`DROP TRIGGER ${fn} ON idempotency_keys`);
      await c.query(`DROP FUNCTION ${fn}()`);
    });
}

describe('Idempotency-Key on an action that keeps the status', () => {
  it('without a key the same opinion twice is recorded twice (the lifecycle allows it: the status stays accepted)', async () => {
    const id = await acceptedCaseWithAssist();
    await act(h, org.users.handlerB, id, 'add_assist_opinion', { opinion: '经检测，周边噪声超标。' });
    await act(h, org.users.handlerB, id, 'add_assist_opinion', { opinion: '经检测，周边噪声超标。' });
    expect(await opinions(id)).toBe(2);
  });

  it('with a key, a retry replays the answer and records the opinion once', async () => {
    const id = await acceptedCaseWithAssist();
    const key = randomUUID();
    const input = { opinion: '经检测，周边噪声超标，建议限期整改。' };
    const first = await api(h, org.users.handlerB, 'POST', `/api/cases/${id}/actions/add_assist_opinion`, input, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    const again = await api(h, org.users.handlerB, 'POST', `/api/cases/${id}/actions/add_assist_opinion`, input, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(again.res.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(id);
    expect(await opinions(id)).toBe(1);
  });

  it('a crash after the commit, before the answer was stored: the retry answers the case as it is now and runs nothing', async () => {
    const id = await acceptedCaseWithAssist();
    const key = randomUUID();
    const input = { opinion: '建议由属地街道牵头约谈施工单位。' };
    const restore = await loseAnswersFor(id);
    try {
      const crashed = await api(h, org.users.handlerB, 'POST', `/api/cases/${id}/actions/add_assist_opinion`, input, { 'idempotency-key': key });
      expect(crashed.status).toBe(500); // the client never got its answer
    } finally {
      await restore();
    }
    expect(await opinions(id)).toBe(1); // but the opinion committed
    const retry = await api(h, org.users.handlerB, 'POST', `/api/cases/${id}/actions/add_assist_opinion`, input, { 'idempotency-key': key });
    expect(retry.status).toBe(200);
    expect(retry.res.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.id).toBe(id);
    expect(retry.body.status).toBe('accepted');
    expect(await opinions(id)).toBe(1);
    // the same key with another body is still another request
    const reused = await api(h, org.users.handlerB, 'POST', `/api/cases/${id}/actions/add_assist_opinion`, { opinion: '另一条意见' }, { 'idempotency-key': key });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('an action that failed keeps nothing: the retry with the key runs it', async () => {
    const id = await acceptedCaseWithAssist();
    const key = randomUUID();
    const bad = await api(h, org.users.handlerB, 'POST', `/api/cases/${id}/actions/add_assist_opinion`, { opinion: '' }, { 'idempotency-key': key });
    expect(bad.status).toBe(400);
    expect(await opinions(id)).toBe(0);
    const good = await api(h, org.users.handlerB, 'POST', `/api/cases/${id}/actions/add_assist_opinion`, { opinion: '补充：已现场核实。' }, { 'idempotency-key': randomUUID() });
    expect(good.status).toBe(200);
    expect(await opinions(id)).toBe(1);
  });
});
