/**
 * 待我处理 per role (GET /api/cases?mine=true, src/cases/queue.ts): each role's queue is its own work, derived from
 * the transition tables. An intake operator sees the evaluations due on what its office registered, not the
 * dispatcher's routing queue; a handler what to sign, accept and draft; a unit head the replies and extensions to
 * approve; the return-visit staff the visits due; the supervisor the notices to issue and responses to review.
 * Every case in a queue is one where the user has an allowed action now.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSITIONS } from '../../src/cases/lifecycle.js';
import { queueEntries } from '../../src/cases/queue.js';
import { ROLES } from '../../src/org/roles.js';
import { act, api, makeOrg, SAMPLE_REPLY, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2066-03-01T09:00:00+08:00'); // a Monday
  org = await makeOrg(h);
  // no sampled return visits: the office's tasks are the ones this test opens
  const p = await api(h, org.users.admin, 'PUT', '/api/visits/policies', { officeUnitId: org.units.office.id, categoryId: null, samplePercent: 0 });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
});
afterAll(async () => h?.close());

async function ok(user: TestUser, caseId: string, action: string, input: unknown = {}) {
  const r = await act(h, user, caseId, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
}

async function register(title: string) {
  const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

const REPLY = SAMPLE_REPLY;

async function routed(title: string) {
  const id = await register(title);
  await ok(org.users.dispatcher, id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
  return id;
}
async function accepted(title: string) {
  const id = await routed(title);
  await ok(org.users.handlerA, id, 'sign');
  await ok(org.users.handlerA, id, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理，60日内出具处理意见书。' });
  return id;
}
async function replied(title: string) {
  const id = await accepted(title);
  await ok(org.users.handlerA, id, 'draft_reply', REPLY);
  await ok(org.users.headA, id, 'approve_reply');
  return id;
}

async function mine(user: TestUser): Promise<string[]> {
  const r = await api(h, user, 'GET', '/api/cases?mine=true&pageSize=200');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.items as { id: string }[]).map((c) => c.id);
}

/** what the user may do on the case now: its case actions, and those of the register items hanging on it */
async function canAct(user: TestUser, caseId: string): Promise<string[]> {
  const c = await api(h, user, 'GET', `/api/cases/${caseId}`);
  expect(c.status).toBe(200);
  const out: string[] = [...c.body.allowedActions];
  for (const [list, one] of [['/api/visits', '/api/visits'], ['/api/supervision', '/api/supervision']] as const) {
    const items = await api(h, user, 'GET', `${list}?caseId=${caseId}`);
    for (const it of items.status === 200 ? (items.body.items as { id: string }[]) : []) {
      const v = await api(h, user, 'GET', `${one}/${it.id}`);
      if (v.status === 200) out.push(...(v.body.allowedActions as string[]).map((a) => `${one}:${a}`));
    }
  }
  return out;
}

const ids = {} as Record<'registered' | 'dispatched' | 'objected' | 'accepted' | 'extension' | 'pending' | 'replied' | 'evaluated' | 'visit' | 'supervised', string>;

describe('each role’s 待我处理 is its own work', () => {
  it('every guarded queue action of every table has its guard in SQL or is an alternative to an unguarded one', () => {
    for (const role of ROLES) expect(() => queueEntries([role])).not.toThrow();
    // corrections and actions on request never fill a queue
    for (const a of ['recall', 'reroute', 'reopen', 'request_review', 'request_rereview', 'close'])
      expect(TRANSITIONS.find((t) => t.action === a)!.queue, a).toEqual([]);
  });

  it('puts each case in the queue of the role that acts next, in its own unit', async () => {
    ids.registered = await register('待转送的事项');
    ids.dispatched = await routed('待签收的事项');
    ids.objected = await routed('被退单的事项');
    await ok(org.users.handlerA, ids.objected, 'object', { reason: '该事项属于生态环境部门职责，不属于本单位职权范围。' });
    ids.accepted = await accepted('办理中的事项');
    ids.extension = await accepted('申请延期的事项');
    await ok(org.users.handlerA, ids.extension, 'request_extension', { days: 30, reason: '需要多个部门联合现场勘查，情况复杂。' });
    ids.pending = await accepted('答复待审批的事项');
    await ok(org.users.handlerA, ids.pending, 'draft_reply', REPLY);
    ids.replied = await replied('待评价的事项');
    ids.evaluated = await replied('已评价的事项');
    await ok(org.users.intake, ids.evaluated, 'evaluate', { rating: 'satisfied' });
    ids.visit = await replied('待回访的事项');
    await ok(org.users.intake, ids.visit, 'evaluate', { rating: 'basically_satisfied' });
    const task = await api(h, org.users.visitor, 'POST', '/api/visits', { caseId: ids.visit });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    ids.supervised = await accepted('被督办的事项');
    const item = await api(h, org.users.supervisor, 'POST', '/api/supervision', { unitId: org.units.deptA.id, caseId: ids.supervised, reason: '办理进度缓慢，需督办。' });
    expect(item.status, JSON.stringify(item.body)).toBe(201);

    const intake = await mine(org.users.intake);
    const dispatcher = await mine(org.users.dispatcher);
    const handler = await mine(org.users.handlerA);
    const head = await mine(org.users.headA);
    const visitor = await mine(org.users.visitor);
    const supervisor = await mine(org.users.supervisor);
    const sorted = (xs: string[]) => [...xs].sort();

    // intake: the evaluations due on what its office registered — not the routing queue
    expect(sorted(intake)).toEqual(sorted([ids.replied]));
    expect(intake).not.toContain(ids.registered);
    // dispatcher: awaiting routing, objections to decide
    expect(sorted(dispatcher)).toEqual(sorted([ids.registered, ids.objected]));
    expect(sorted(intake)).not.toEqual(sorted(dispatcher));
    // handler: to sign, to handle (draft the reply); a supervision notice is not issued yet, the item is open
    expect(sorted(handler)).toEqual(sorted([ids.dispatched, ids.accepted, ids.extension, ids.supervised]));
    // unit head: the extension and the reply to approve (第三十四条, 第三十二条)
    expect(sorted(head)).toEqual(sorted([ids.extension, ids.pending]));
    // return-visit staff: the visit due (the policy samples none, so only the task opened by hand)
    expect(visitor).toEqual([ids.visit]);
    // supervisor: the notice to issue (信访工作条例 第四十条)
    expect(supervisor).toEqual([ids.supervised]);
    // another unit's handler has nothing of ours
    expect(await mine(org.users.handlerB)).toEqual([]);
  });

  it('moves a case from queue to queue as the work is done', async () => {
    await ok(org.users.handlerA, ids.dispatched, 'sign');
    expect(await mine(org.users.handlerA)).toContain(ids.dispatched); // now to accept
    await ok(org.users.headA, ids.extension, 'approve_extension');
    expect(await mine(org.users.headA)).not.toContain(ids.extension);
    await ok(org.users.intake, ids.replied, 'evaluate', { rating: 'satisfied' });
    expect(await mine(org.users.intake)).toEqual([]);
    const [item] = (await api(h, org.users.supervisor, 'GET', `/api/supervision?caseId=${ids.supervised}`)).body.items;
    const notice = await api(h, org.users.supervisor, 'POST', `/api/supervision/${item.id}/actions/issue_notice`, { content: '请于期限内书面反馈办理情况及整改措施。' });
    expect(notice.status, JSON.stringify(notice.body)).toBe(200);
    expect(await mine(org.users.supervisor)).toEqual([]); // the unit answers now
    expect(await mine(org.users.headA)).toContain(ids.supervised); // 第四十条第四款: the unit responds in writing
  });

  it('says what each queue waits for, and counts what it lists', async () => {
    const intake = await api(h, org.users.intake, 'GET', '/api/cases/stats?mine=true');
    expect(intake.body.queue.map((q: { action: string }) => q.action)).toEqual(['evaluate']);
    const visitor = await api(h, org.users.visitor, 'GET', '/api/cases/stats?mine=true');
    expect(visitor.body.queue).toContainEqual(expect.objectContaining({ entity: 'return_visit', action: 'complete', register: expect.objectContaining({ zh: expect.any(String) }) }));
    const head = await api(h, org.users.headA, 'GET', '/api/cases/stats?mine=true');
    expect(head.body.total).toBe((await mine(org.users.headA)).length);
    expect((await api(h, org.users.intake, 'GET', '/api/cases/stats')).body.queue).toBeUndefined();
  });

  it('lists in every queue only cases where that user has an allowed action', async () => {
    const users = ['intake', 'dispatcher', 'handlerA', 'headA', 'visitor', 'supervisor', 'cityHandler'] as const;
    for (const key of users) {
      const user = org.users[key];
      for (const id of await mine(user)) expect(await canAct(user, id), `${key} on ${id}`).not.toEqual([]);
    }
  });
});
