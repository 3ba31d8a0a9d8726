/**
 * Notices to staff (issue 11, docs/notifications.md, 0030_staff_notices.sql): when an event leaves work waiting for a
 * unit, the people of that unit whose roles may do the awaited action are told by their own channel, through the
 * outbox of the citizen's notices, in the event's own transaction; never the accused of an accusation (信访工作条例
 * 第三十条第三款); the text names the matter by number and links to the workbench, with no personal data.
 * Simulated year 2063.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../../src/cases/events.js';
import { transitionFor } from '../../src/cases/lifecycle.js';
import { withDbActor } from '../../src/db/actor-context.js';
import type { ChannelAdapter, Adapters } from '../../src/notifications/adapters.js';
import { attemptNotification } from '../../src/notifications/deliver.js';
import { act, api, makeOrg, sampleCase, startHarness, sweepOrg, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;
const sent: Array<{ id: string; address: string; subject: string; body: string }> = [];
const capture: ChannelAdapter = {
  async send(n) {
    sent.push({ id: n.id, address: n.address, subject: n.subject, body: n.body });
    return { provider: 'capture', messageId: `m-${sent.length}` };
  },
};
const adapters = { email: capture, sms: capture } as Adapters;

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2063-03-05T09:00:00+08:00');
  org = await makeOrg(h);
}, 60_000);
afterAll(async () => h?.close());

const mail = (u: TestUser) => `${u.username}@xf.example.gov.cn`;
const mine = async (u: TestUser) => (await api(h, u, 'GET', '/api/me/notifications')).body.items as any[];
const setContact = (u: TestUser, body: unknown) => api(h, u, 'PUT', '/api/me/notify', body);

async function ok(user: TestUser, caseId: string, action: string, input: unknown = {}) {
  const r = await act(h, user, caseId, action, input);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
}

describe('notices to staff', () => {
  let caseId = '';
  let regNo = '';

  it('every rule names the roles and unit of the awaited action in the case transition table', async () => {
    const rules = await h.rt.deps.db.selectFrom('staff_notice_rules').selectAll().execute();
    expect(rules.length).toBeGreaterThanOrEqual(10);
    const relationOf = { lead: 'lead', intake: 'intake', review: 'review' } as const;
    for (const r of rules) {
      if (r.unit_of === 'clock') {
        expect(r.awaits, r.event_type).toBeNull();
        continue;
      }
      const cause = transitionFor(r.event_type);
      const awaited = transitionFor(r.awaits!);
      expect(cause, `${r.event_type} is an action of the table`).toBeDefined();
      expect(awaited, `${r.awaits} is an action of the table`).toBeDefined();
      expect([...r.roles].sort(), `${r.event_type} → ${r.awaits}`).toEqual([...awaited!.roles].sort());
      expect(awaited!.relation, `${r.event_type} → ${r.awaits}`).toBe(relationOf[r.unit_of]);
      // the awaited action can follow the cause
      if (cause!.to !== 'same') expect(awaited!.from, `${r.event_type} → ${r.awaits}`).toContain(cause!.to);
    }
  });

  it('a member sets their own channel; a chosen channel needs its address', async () => {
    const bad = await setContact(org.users.handlerA, { notifyChannel: 'sms' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('phone');
    const badMail = await setContact(org.users.handlerA, { email: 'not-an-address' });
    expect(badMail.status).toBe(400);
    const r = await setContact(org.users.handlerA, { email: mail(org.users.handlerA) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ email: mail(org.users.handlerA), notifyChannel: null, effectiveChannel: 'email' });
    // the unit head by SMS, the dispatchers by e-mail; handlerB has an address but chose none
    expect((await setContact(org.users.headA, { phone: '13900632063', notifyChannel: 'sms' })).status).toBe(200);
    expect((await setContact(org.users.dispatcher, { email: mail(org.users.dispatcher) })).status).toBe(200);
    expect((await setContact(org.users.handlerB, { email: mail(org.users.handlerB), notifyChannel: 'none' })).status).toBe(200);
    // an administrator sets a member's contact too, and the audit keeps no address
    const adm = await api(h, org.users.admin, 'PUT', `/api/users/${org.users.headB.id}`, { email: mail(org.users.headB) });
    expect(adm.status, JSON.stringify(adm.body)).toBe(200);
    const listed = (await api(h, org.users.admin, 'GET', '/api/users')).body.items.find((u: any) => u.id === org.users.headB.id);
    expect(listed).toMatchObject({ email: mail(org.users.headB), notifyChannel: null });
    const audit = await h.rt.deps.db.selectFrom('audit_log').select('data').where('entity_id', '=', org.users.headB.id).where('action', '=', 'user.update').execute();
    expect(JSON.stringify(audit)).not.toContain(mail(org.users.headB));
  });

  it('a dispatch tells the receiving unit’s handlers and head, not the dispatcher who made it (第二十二条)', async () => {
    const c = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: '楼顶漏水（员工通知测试）' }));
    expect(c.status).toBe(201);
    caseId = c.body.id;
    regNo = c.body.regNo;
    await ok(org.users.dispatcher, caseId, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    const a = await mine(org.users.handlerA);
    expect(a).toMatchObject([{ caseId, regNo, eventType: 'route', kind: 'dispatch_notice', basis: '信访工作条例 第二十二条', channel: 'email', status: 'pending' }]);
    expect(await mine(org.users.headA)).toMatchObject([{ kind: 'dispatch_notice', channel: 'sms' }]);
    expect(await mine(org.users.dispatcher)).toEqual([]);
    // another unit, and a member who chose none, hear nothing
    expect(await mine(org.users.handlerB)).toEqual([]);
    expect(await mine(org.users.headB)).toEqual([]);
  });

  it('a return (退单) tells the dispatchers who decide it (第二十三条第三款)', async () => {
    // 第二十三条第三款: "不属于本机关、单位职权范围的，应当自收到之日起5个工作日内提出异议"
    await ok(org.users.handlerA, caseId, 'object', { reason: '该小区为自管房，不属于本局职权范围，请改派。' });
    expect(await mine(org.users.dispatcher)).toMatchObject([{ eventType: 'object', kind: 'objection_notice', basis: '信访工作条例 第二十三条第三款' }]);
    await ok(org.users.dispatcher, caseId, 'reject_objection', { reason: '经核实属于住建局监管范围。' });
    expect((await mine(org.users.handlerA)).map((n) => n.kind)).toEqual(['objection_rejected_notice', 'dispatch_notice']);
  });

  it('an extension request and a drafted reply tell only the unit head who approves (第三十四条、第三十二条)', async () => {
    await ok(org.users.handlerA, caseId, 'sign');
    await ok(org.users.handlerA, caseId, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理，60日内出具处理意见书。' });
    // 第三十四条: "经本机关、单位负责人批准，可以适当延长办理期限"
    await ok(org.users.handlerA, caseId, 'request_extension', { days: 15, reason: '需要委托第三方检测房屋结构' });
    await ok(org.users.headA, caseId, 'reject_extension', { note: '不同意，按期办结' });
    // 第三十二条: 信访处理意见书 issued by the unit
    await ok(org.users.handlerA, caseId, 'draft_reply', { decision: 'support', facts: '经现场核查，楼顶防水层确已老化。', reasons: '属于共用部位维修范围。', legalBasis: '《物业管理条例》第三十五条', text: '已督促物业公司于15日内完成维修。' });
    const head = (await mine(org.users.headA)).map((n) => [n.kind, n.basis]);
    expect(head).toEqual([
      ['reply_approval_notice', '信访工作条例 第三十二条'],
      ['extension_request_notice', '信访工作条例 第三十四条'],
      ['objection_rejected_notice', '信访工作条例 第二十三条第三款'],
      ['dispatch_notice', '信访工作条例 第二十二条'],
    ]);
    expect((await mine(org.users.handlerA)).map((n) => n.kind)).not.toContain('reply_approval_notice');
  });

  it('the job sends a short text with the number and a workbench link, and no personal data or content', async () => {
    const ids = [...(await mine(org.users.handlerA)), ...(await mine(org.users.headA))].map((n) => n.id);
    for (const id of ids) await attemptNotification(h.rt.deps, adapters, id, { retryCount: 0, retryLimit: 3, retryDelaySeconds: 1 }, 'https://xf.example.gov.cn');
    const head = sent.filter((s) => s.address === '13900632063');
    expect(head.map((s) => s.subject)).toContain(`处理意见待审批（${regNo}）`);
    for (const s of sent) {
      expect(s.body).toContain(regNo);
      expect(s.body).toContain(`https://xf.example.gov.cn/cases/${caseId}`);
      for (const secret of ['张三丰', '13812341234', '110101199001010000', '幸福小区', '楼顶漏水']) expect(s.body + s.subject).not.toContain(secret);
    }
    const after = await mine(org.users.headA);
    expect(after.every((n) => n.status === 'delivered')).toBe(true);
    // the case's record of notices shows the staff notices beside the citizen's, the address masked
    const listed = (await api(h, org.users.dispatcher, 'GET', `/api/cases/${caseId}/notifications`)).body.items as any[];
    const staffRows = listed.filter((n) => n.audience === 'staff');
    expect(staffRows.length).toBe(ids.length + 1);
    expect(staffRows.find((n) => n.kind === 'reply_approval_notice')).toMatchObject({ staffName: 'headA测试员', masked: true, status: 'delivered' });
    expect(JSON.stringify(staffRows)).not.toContain('13900632063');
  });

  it('a deadline warning tells the people of the clock’s unit, with the clock’s name and due time', async () => {
    const c = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: '噪音扰民（时限预警测试）' }));
    await ok(org.users.dispatcher, c.body.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    // 第二十三条第二款: 15 days to tell the petitioner whether the matter is accepted; the 80% warning falls on day 12
    h.clock.advanceDays(13);
    await sweepOrg(h, org);
    const warned = (await mine(org.users.handlerA)).filter((n) => n.caseId === c.body.id && n.kind === 'deadline_warning_notice');
    expect(warned.length).toBeGreaterThanOrEqual(1);
    await attemptNotification(h.rt.deps, adapters, warned[0].id, { retryCount: 0, retryLimit: 3, retryDelaySeconds: 1 }, 'https://xf.example.gov.cn');
    const text = sent.find((s) => s.id === warned[0].id)!;
    expect(text.body).toContain('书面告知信访人是否受理');
    expect(text.body).toMatch(/将于2063-03-\d\d \d\d:\d\d到期/);
  });

  it('an accusation never tells the accused unit nor accused staff, whatever the event (第三十条第三款)', async () => {
    // 第三十条第三款: "不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位"
    const acc = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({
      kind: 'accusation',
      title: '举报住建局工作人员违规审批（员工通知测试）',
      content: '住建局工作人员违规审批小区改造项目，请求调查处理。',
      accusedUnitId: org.units.deptA.id,
      accusedUserIds: [org.users.dispatcher.id],
    }));
    expect(acc.status, JSON.stringify(acc.body)).toBe(201);
    // events naming the accused unit and the unit of an accused member of staff, written straight to the table: the
    // trigger itself refuses them, whatever use case writes the event
    await withDbActor(h.rt.deps.db, { kind: 'system' }, async (tx) => {
      await appendEvent(tx, { kind: 'system', job: 'test' }, { caseId: acc.body.id, type: 'clock_overdue', data: { rule: 'handle', unit: String(org.units.deptA.id), dueAt: h.clock.now.toISOString() } });
      await appendEvent(tx, { kind: 'system', job: 'test' }, { caseId: acc.body.id, type: 'object' });
    });
    const rows = await withDbActor(h.rt.deps.db, { kind: 'system' }, (tx) => tx.selectFrom('notifications').select(['user_id', 'kind']).where('case_id', '=', acc.body.id).where('audience', '=', 'staff').execute());
    expect(rows).toEqual([]);
    expect((await mine(org.users.handlerA)).some((n) => n.caseId === acc.body.id)).toBe(false);
    expect((await mine(org.users.dispatcher)).some((n) => n.caseId === acc.body.id)).toBe(false);
  });
});
