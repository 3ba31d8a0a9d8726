/** Two people acting on the same case at once: exactly one wins, the other is told, nothing happens twice. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performAction } from '../../src/cases/perform-action.js';
import { actorFromSession } from '../../src/org/auth.js';
import { act, api, makeOrg, sampleCase, startHarness, type Harness, type Org } from '../helpers/harness.js';

let h: Harness;
let org: Org;
beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

const register = async () => (await api(h, org.users.intake, 'POST', '/api/cases', sampleCase())).body as { id: string };

describe('concurrent conflicting actions', () => {
  it('two simultaneous routes to different units: one wins, the other gets 409', async () => {
    const c = await register();
    const [a, b] = await Promise.all([
      act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id }),
      act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptB.id }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(['CASE_STATE_CONFLICT', 'ACTION_NOT_ALLOWED']).toContain(loser.body.error.code);
    const v = await api(h, org.users.dispatcher, 'GET', `/api/cases/${c.id}`);
    expect(v.body.events.filter((e: any) => e.type === 'route')).toHaveLength(1);
    expect(v.body.clocks.filter((k: any) => k.rule === 'accept_notice')).toHaveLength(1);
  });

  it('five simultaneous approvals of one extension: exactly one applies', async () => {
    const c = await register();
    await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    await act(h, org.users.handlerA, c.id, 'sign');
    await act(h, org.users.handlerA, c.id, 'accept', { procedure: '依法办理' });
    await act(h, org.users.handlerA, c.id, 'request_extension', { days: 10, reason: '需要补充调查材料' });
    const results = await Promise.all(Array.from({ length: 5 }, () => act(h, org.users.headA, c.id, 'approve_extension')));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(4);
    const v = await api(h, org.users.headA, 'GET', `/api/cases/${c.id}`);
    expect(v.body.clocks.find((k: any) => k.rule === 'handle').extendedDays).toBe(10);
  });

  it('a stale version loses with CASE_STATE_CONFLICT even when the state still allows the action', async () => {
    const c = await register();
    const token = org.users.dispatcher.cookie.split('=')[1]!;
    const actor = (await actorFromSession(h.rt.deps.db, token))!;
    // both attempts load version 1 before either writes: the conditional UPDATE … WHERE version = 1 lets one through
    const run = () => performAction(h.rt.deps, { actor, meta: {}, lang: 'zh', caseId: c.id, action: 'route', input: { mode: 'forward', leadUnitId: org.units.deptA.id } });
    const settled = await Promise.allSettled([run(), run(), run()]);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    for (const s of settled.filter((x) => x.status === 'rejected')) expect(['CASE_STATE_CONFLICT', 'ACTION_NOT_ALLOWED']).toContain((s as PromiseRejectedResult).reason.code);
  });
});
