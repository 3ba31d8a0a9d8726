/**
 * The in-app message centre (issue 13, docs/notifications.md "Message centre", 0031_staff_inbox.sql): the trigger that
 * decides who is told of an event (staff_notice_rules of 0030) puts a message in the bell of every member told, whatever
 * their e-mail/SMS channel; never the person who caused the event, never the accused of an accusation (信访工作条例
 * 第三十条第三款). A member reads, counts and marks only their own messages; a message names what awaits, the
 * registration number, the time and the case — no content of the matter, no personal data. Simulated year 2065.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../../src/cases/events.js';
import { withDbActor } from '../../src/db/actor-context.js';
import { MESSAGE_KIND_LABELS } from '../../src/notifications/inbox.js';
import { act, addUser, api, makeOrg, sampleCase, startHarness, sweepOrg, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2065-04-02T09:00:00+08:00');
  org = await makeOrg(h);
}, 60_000);
afterAll(async () => h?.close());

type Message = { id: string; kind: string; kindLabel: string; basis: string; caseId: string; regNo: string; link: string; at: string; read: boolean };
const messages = async (u: TestUser, query = '') => {
  const r = await api(h, u, 'GET', `/api/me/messages${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { total: number; unread: number; page: number; pageSize: number; items: Message[] };
};
const onCase = async (u: TestUser, caseId: string) => (await messages(u, '?pageSize=100')).items.filter((m) => m.caseId === caseId);
const count = async (u: TestUser) => {
  const r = await api(h, u, 'GET', '/api/me/messages/count');
  expect(r.status).toBe(200);
  return r.body.unread as number;
};

async function ok(user: TestUser, caseId: string, action: string, input: unknown = {}) {
  const r = await act(h, user, caseId, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
}

describe('the message centre', () => {
  let caseId = '';
  let regNo = '';

  it('every kind of staff_notice_rules has words in both languages', async () => {
    const rules = await h.rt.deps.db.selectFrom('staff_notice_rules').select('kind').execute();
    for (const r of rules) expect(MESSAGE_KIND_LABELS[r.kind], r.kind).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
  });

  it('a route to a unit puts a message in the bell of its handler and head, whatever their channel; not other units’, not the dispatcher’s (第二十二条)', async () => {
    // 第二十二条: 信访部门 … 转送、交办有权处理的机关、单位 — the receiving unit must sign for it
    const c = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: '楼道堆物（消息中心测试）' }));
    expect(c.status).toBe(201);
    caseId = c.body.id;
    regNo = c.body.regNo;
    // nobody of the org has an e-mail or SMS channel: the outbox stays empty, the bells do not
    await ok(org.users.dispatcher, caseId, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    for (const u of [org.users.handlerA, org.users.headA]) {
      const box = await messages(u);
      expect(box).toMatchObject({ total: 1, unread: 1, page: 1 });
      expect(box.items).toMatchObject([{ caseId, regNo, kind: 'dispatch_notice', kindLabel: '新交办，请签收', basis: '信访工作条例 第二十二条', link: `/cases/${caseId}`, read: false }]);
      expect(new Date(box.items[0]!.at).toISOString()).toBe(new Date('2065-04-02T01:00:00Z').toISOString());
      expect(await count(u)).toBe(1);
    }
    const outbox = await withDbActor(h.rt.deps.db, { kind: 'system' }, (tx) => tx.selectFrom('notifications').select('id').where('case_id', '=', caseId).where('audience', '=', 'staff').execute());
    expect(outbox).toEqual([]);
    for (const u of [org.users.dispatcher, org.users.handlerB, org.users.headB, org.users.cityHandler, org.users.intake]) expect(await count(u), u.username).toBe(0);
  });

  it('the label comes in the reader’s language; the message carries no content of the matter nor personal data', async () => {
    const en = await api(h, org.users.handlerA, 'GET', '/api/me/messages', undefined, { 'accept-language': 'en' });
    expect(en.body.items[0]).toMatchObject({ kindLabel: 'New dispatch to sign for' });
    const text = JSON.stringify(en.body);
    for (const secret of ['楼道堆物', '张三丰', '13812341234', '110101199001010000', '幸福小区']) expect(text).not.toContain(secret);
    expect(Object.keys(en.body.items[0]).sort()).toEqual(['at', 'basis', 'caseId', 'eventType', 'id', 'kind', 'kindLabel', 'link', 'read', 'regNo']);
  });

  it('a member who also chose a channel gets both the notice and the message, from the one decision', async () => {
    expect((await api(h, org.users.headA, 'PUT', '/api/me/notify', { email: `${org.users.headA.username}@xf.example.gov.cn` })).status).toBe(200);
    // 第二十三条第三款: "不属于本机关、单位职权范围的，应当自收到之日起5个工作日内提出异议"
    await ok(org.users.handlerA, caseId, 'object', { reason: '该楼道属于物业管理区域，不属于本局职权范围，请改派。' });
    const disp = await onCase(org.users.dispatcher, caseId);
    expect(disp).toMatchObject([{ kind: 'objection_notice', basis: '信访工作条例 第二十三条第三款', read: false }]);
    await ok(org.users.dispatcher, caseId, 'reject_objection', { reason: '经核实属于住建局监管范围。' });
    expect((await onCase(org.users.headA, caseId)).map((m) => m.kind)).toEqual(['objection_rejected_notice', 'dispatch_notice']);
    const outbox = await withDbActor(h.rt.deps.db, { kind: 'system' }, (tx) =>
      tx.selectFrom('notifications').select(['user_id', 'kind']).where('case_id', '=', caseId).where('audience', '=', 'staff').execute(),
    );
    expect(outbox).toEqual([{ user_id: org.users.headA.id, kind: 'objection_rejected_notice' }]);
  });

  it('a drafted reply reaches only the unit head who approves it (第三十二条)', async () => {
    await ok(org.users.handlerA, caseId, 'sign');
    await ok(org.users.handlerA, caseId, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理，60日内出具处理意见书。' });
    // 第三十二条: 对信访人提出的事项 … 出具信访处理意见书 — approved by the unit
    await ok(org.users.handlerA, caseId, 'draft_reply', { decision: 'support', facts: '经现场核查，楼道确有堆物。', reasons: '影响消防通道。', legalBasis: '《中华人民共和国消防法》第二十八条', text: '已督促物业公司于3日内清理。' });
    expect((await onCase(org.users.headA, caseId))[0]).toMatchObject({ kind: 'reply_approval_notice', kindLabel: '处理意见待审批', basis: '信访工作条例 第三十二条' });
    expect((await onCase(org.users.handlerA, caseId)).map((m) => m.kind)).not.toContain('reply_approval_notice');
  });

  it('read, unread and read-all; the count follows', async () => {
    const head = org.users.headA;
    expect(await count(head)).toBe(3);
    const [newest, , oldest] = (await messages(head)).items;
    const r = await api(h, head, 'POST', `/api/me/messages/${oldest!.id}/read`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: oldest!.id, read: true, unread: 2 });
    // again: still read, no harm
    expect((await api(h, head, 'POST', `/api/me/messages/${oldest!.id}/read`)).body).toMatchObject({ read: true, unread: 2 });
    expect(await count(head)).toBe(2);
    const unread = await messages(head, '?unread=true');
    expect(unread.total).toBe(2);
    expect(unread.items.map((m) => m.id)).not.toContain(oldest!.id);
    expect(unread.items.every((m) => !m.read)).toBe(true);
    // paging: newest first, one a page
    const p2 = await messages(head, '?pageSize=1&page=2');
    expect(p2).toMatchObject({ total: 3, unread: 2, page: 2, pageSize: 1 });
    expect(p2.items).toHaveLength(1);
    expect((await messages(head, '?pageSize=1')).items[0]!.id).toBe(newest!.id);
    const all = await api(h, head, 'POST', '/api/me/messages/read-all');
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ marked: 2, unread: 0 });
    expect(await count(head)).toBe(0);
    expect((await messages(head)).items.every((m) => m.read)).toBe(true);
    // the handler's own messages are untouched
    expect(await count(org.users.handlerA)).toBe(2);
  });

  it('another member’s message id answers 404, exactly as an unknown id, and stays unread', async () => {
    const theirs = (await messages(org.users.handlerA, '?unread=true')).items[0]!;
    const foreign = await api(h, org.users.handlerB, 'POST', `/api/me/messages/${theirs.id}/read`);
    const unknown = await api(h, org.users.handlerB, 'POST', `/api/me/messages/${randomUUID()}/read`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
    expect((await api(h, org.users.handlerB, 'POST', '/api/me/messages/not-a-uuid/read')).status).toBe(404);
    expect((await messages(org.users.handlerA, '?unread=true')).items.map((m) => m.id)).toContain(theirs.id);
    // read-all of another member touches only their own
    await api(h, org.users.handlerB, 'POST', '/api/me/messages/read-all');
    expect(await count(org.users.handlerA)).toBe(2);
    // no session, no messages
    expect((await api(h, null, 'GET', '/api/me/messages/count')).status).toBe(401);
  });

  it('a clock’s warning and its overdue mark reach the people of the clock’s unit (第二十三条第二款)', async () => {
    const c = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: '噪音扰民（消息中心时限测试）' }));
    await ok(org.users.dispatcher, c.body.id, 'route', { mode: 'forward', leadUnitId: org.units.deptB.id });
    // 第二十三条第二款: "自收到之日起15日内 … 告知信访人" whether it is accepted; the 80% warning falls on day 12
    h.clock.advanceDays(13);
    await sweepOrg(h, org);
    for (const u of [org.users.handlerB, org.users.headB]) expect((await onCase(u, c.body.id)).map((m) => m.kind)).toEqual(['deadline_warning_notice', 'dispatch_notice']);
    h.clock.advanceDays(4);
    await sweepOrg(h, org);
    const hb = await onCase(org.users.handlerB, c.body.id);
    expect(hb[0]).toMatchObject({ kind: 'overdue_notice', kindLabel: '已超期', basis: '信访工作条例 第二十三条、第三十二条、第三十四条（办理时限）' });
    // not the other unit's people
    expect(await onCase(org.users.handlerA, c.body.id)).toEqual([]);
  });

  it('an accusation never reaches the accused unit nor accused staff, whatever the event (第三十条第三款)', async () => {
    // 第三十条第三款: "不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位"
    const accusedDispatcher = await addUser(h, org, 'accusedDispatcher', org.units.office, ['dispatcher']);
    const acc = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({
      kind: 'accusation',
      title: '举报住建局工作人员违规审批（消息中心测试）',
      content: '住建局工作人员违规审批小区改造项目，请求调查处理。',
      accusedUnitId: org.units.deptA.id,
      accusedUserIds: [accusedDispatcher.id],
    }));
    expect(acc.status, JSON.stringify(acc.body)).toBe(201);
    await ok(org.users.dispatcher, acc.body.id, 'route', { mode: 'forward', leadUnitId: org.units.discipline.id, routeType: 'discipline' });
    // the discipline organ that handles it is told
    expect(await onCase(org.users.disciplineHandler, acc.body.id)).toMatchObject([{ kind: 'dispatch_notice' }]);
    // events naming the accused unit (a clock of its own) and the intake unit of the accused dispatcher, written straight
    // to the table: the trigger itself leaves the accused out, and tells the other dispatcher of the return
    await withDbActor(h.rt.deps.db, { kind: 'system' }, async (tx) => {
      await appendEvent(tx, { kind: 'system', job: 'test' }, { caseId: acc.body.id, type: 'clock_overdue', data: { rule: 'handle', unit: String(org.units.deptA.id), dueAt: h.clock.now.toISOString() } });
      await appendEvent(tx, { kind: 'system', job: 'test' }, { caseId: acc.body.id, type: 'object' });
    });
    const rows = await withDbActor(h.rt.deps.db, { kind: 'system' }, (tx) => tx.selectFrom('staff_inbox').select(['user_id', 'kind']).where('case_id', '=', acc.body.id).execute());
    expect(rows.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { user_id: org.users.disciplineHandler.id, kind: 'dispatch_notice' },
      { user_id: org.users.dispatcher.id, kind: 'objection_notice' },
    ]);
    for (const u of [org.users.handlerA, org.users.headA, accusedDispatcher]) expect(await onCase(u, acc.body.id), u.username).toEqual([]);
  });

  it('a member moved to another unit no longer sees the old unit’s messages (the case list’s rule), and sees them again on return', async () => {
    const mover = await addUser(h, org, 'mover', org.units.deptA, ['handler']);
    const c = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: '井盖缺失（消息中心调动测试）' }));
    await ok(org.users.dispatcher, c.body.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    expect(await count(mover)).toBe(1);
    expect((await api(h, org.users.admin, 'PUT', `/api/users/${mover.id}`, { unitId: org.units.deptB.id })).status).toBe(200);
    expect((await api(h, mover, 'GET', `/api/cases/${c.body.id}`)).status).toBe(404);
    expect(await count(mover)).toBe(0);
    expect((await messages(mover)).items).toEqual([]);
    // nor marks them read: they are not shown
    expect((await api(h, mover, 'POST', '/api/me/messages/read-all')).body).toEqual({ marked: 0, unread: 0 });
    expect((await api(h, org.users.admin, 'PUT', `/api/users/${mover.id}`, { unitId: org.units.deptA.id })).status).toBe(200);
    expect((await messages(mover)).items).toMatchObject([{ caseId: c.body.id, read: false }]);
  });
});
