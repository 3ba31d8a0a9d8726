/**
 * Statutory clocks end to end: the case's clocks, the windows that refuse late actions, warnings and overdue marks.
 * Dates are China Standard Time; a period ends at 24:00 of its last day (民法典 第二百零三条).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepClocks } from '../../src/clocks/sweep.js';
import { act, api, makeOrg, sampleCase, startHarness, type Harness, type Org, sweepOrg } from '../helpers/harness.js';

let h: Harness;
let org: Org;
beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

const clockOf = (view: any, rule: string) => view.clocks.filter((k: any) => k.rule === rule).at(-1);
const cst = (iso: string) => new Date(`${iso}+08:00`).toISOString();

async function registerAt(when: string, over: Record<string, unknown> = {}) {
  h.clock.set(`${when}+08:00`);
  const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; trackingCode: string; trackingSecret: string };
}

async function view(id: string, user = org.users.dispatcher) {
  const r = await api(h, user, 'GET', `/api/cases/${id}`);
  expect(r.status).toBe(200);
  return r.body;
}

describe('clocks of the 信访工作条例', () => {
  it('第二十二条: the petition office routes within 15 days of receipt', async () => {
    // 第二十二条 "收到信访事项，应当予以登记，并区分情况，在15日内分别按照下列方式处理"
    const c = await registerAt('2026-03-02T10:00:00');
    const k = clockOf(await view(c.id), 'route');
    expect(k.dueAt).toBe(cst('2026-03-18T00:00:00')); // 03-17 (Tue) 24:00
    expect(k.purpose).toBe('deadline');
  });

  it('第二十三条第三款: a unit objects within 5 working days — across the 2026 Spring Festival', async () => {
    // "不属于本机关、单位或者本系统职权范围的，有关机关、单位应当自收到之日起5个工作日内提出异议"
    // Dispatched Thursday 2026-02-12: 02-13, 02-14 (调休 working Saturday), then after 02-15…23: 02-24, 25, 26.
    const c = await registerAt('2026-02-12T09:00:00');
    expect((await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id })).status).toBe(200);
    const k = clockOf(await view(c.id), 'object');
    expect(k.dueAt).toBe(cst('2026-02-27T00:00:00'));
    h.clock.set('2026-02-27T00:00:01+08:00');
    const late = await act(h, org.users.handlerA, c.id, 'object', { reason: '不属于本单位职责范围，请改派。' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('DEADLINE_PASSED');
    expect(late.body.error.message).toContain('5个工作日');
    h.clock.set('2026-02-26T23:59:00+08:00');
    expect((await act(h, org.users.handlerA, c.id, 'object', { reason: '不属于本单位职责范围，请改派。' })).status).toBe(200);
  });

  it('第二十三条: acceptance is notified within 15 days of receipt by the unit; a last day on a weekend rolls to Monday', async () => {
    // dispatched Wednesday 2026-04-15 → +15 = Thursday 04-30; 2026 Labour Day holiday is 05-01…05-05
    const c = await registerAt('2026-04-15T09:00:00');
    await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    expect(clockOf(await view(c.id), 'accept_notice').dueAt).toBe(cst('2026-05-01T00:00:00'));
    // dispatched Friday 2026-03-06 → +15 = Saturday 03-21 → 民法典 第二百零三条: ends Monday 03-23
    const d = await registerAt('2026-03-06T09:00:00');
    await act(h, org.users.dispatcher, d.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    expect(clockOf(await view(d.id), 'accept_notice').dueAt).toBe(cst('2026-03-24T00:00:00'));
  });

  it('第三十四条: 60 days from acceptance, extended once by at most 30 days; National Day 2026 rolls the last day', async () => {
    // accepted 2026-08-02 (Sunday) → +60 = 10-01, inside the National Day holiday (10-01…10-07) → ends 10-08
    const c = await registerAt('2026-08-01T09:00:00');
    await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    await act(h, org.users.handlerA, c.id, 'sign');
    h.clock.set('2026-08-02T10:00:00+08:00');
    await act(h, org.users.handlerA, c.id, 'accept', { procedure: '依法办理' });
    expect(clockOf(await view(c.id), 'handle').dueAt).toBe(cst('2026-10-09T00:00:00'));
    await act(h, org.users.handlerA, c.id, 'request_extension', { days: 30, reason: '情况复杂，需要多部门会商' });
    const v = (await act(h, org.users.headA, c.id, 'approve_extension')).body;
    // 60 + 30 = 90 days after 08-02 = 10-31 (Saturday) → Monday 11-02
    expect(clockOf(v, 'handle').dueAt).toBe(cst('2026-11-03T00:00:00'));
    const pub = await api(h, null, 'POST', '/api/public/lookup', { code: c.trackingCode, secret: c.trackingSecret });
    const ext = pub.body.timeline.find((e: any) => e.type === 'approve_extension');
    // "并告知信访人延期理由": the reason is on the citizen's timeline
    expect(ext.data.reason).toBe('情况复杂，需要多部门会商');
  });

  it('第三十五条: review may be requested within 30 days of the written reply, not after', async () => {
    const c = await registerAt('2026-03-02T09:00:00');
    await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    await act(h, org.users.handlerA, c.id, 'sign');
    await act(h, org.users.handlerA, c.id, 'accept', { procedure: '依法办理' });
    await act(h, org.users.handlerA, c.id, 'draft_reply', { decision: 'explain', facts: '经核查情况属实', reasons: '缺乏法律依据', legalBasis: '无', text: '特此答复' });
    h.clock.set('2026-03-10T15:00:00+08:00');
    await act(h, org.users.headA, c.id, 'approve_reply');
    // replied 03-10 → +30 = 04-09 (Thursday): the window closes at 04-09 24:00
    expect(clockOf(await view(c.id), 'review_request').dueAt).toBe(cst('2026-04-10T00:00:00'));
    h.clock.set('2026-04-10T08:00:00+08:00');
    const late = await api(h, null, 'POST', '/api/public/actions/request_review', { code: c.trackingCode, secret: c.trackingSecret, input: { reason: '不服' } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('DEADLINE_PASSED');
    const pub = await api(h, null, 'POST', '/api/public/lookup', { code: c.trackingCode, secret: c.trackingSecret });
    expect(pub.body.allowedActions).toEqual(['evaluate']);
  });

  it('第三十五条: closing the case does not cut the citizen’s 30 days short', async () => {
    const c = await registerAt('2026-05-06T09:00:00');
    await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    await act(h, org.users.handlerA, c.id, 'sign');
    await act(h, org.users.handlerA, c.id, 'accept', { procedure: '依法办理' });
    await act(h, org.users.handlerA, c.id, 'draft_reply', { decision: 'explain', facts: '经核查', reasons: '说明', legalBasis: '相关规定', text: '特此答复' });
    await act(h, org.users.headA, c.id, 'approve_reply');
    expect((await act(h, org.users.dispatcher, c.id, 'close')).status).toBe(200);
    h.clock.set('2026-05-20T09:00:00+08:00');
    const creds = { code: c.trackingCode, secret: c.trackingSecret };
    const r = await api(h, null, 'POST', '/api/public/actions/request_review', { ...creds, input: { reason: '对答复不服' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('review');
  });

  it('第三十六条: re-review answered within 30 days, hearing time not counted', async () => {
    // "收到复核请求的机关、单位应当自收到复核请求之日起30日内提出复核意见…听证所需时间不计算在前款规定的期限内"
    const c = await registerAt('2026-03-02T09:00:00');
    await act(h, org.users.dispatcher, c.id, 'route', { mode: 'forward', leadUnitId: org.units.deptA.id });
    await act(h, org.users.handlerA, c.id, 'sign');
    await act(h, org.users.handlerA, c.id, 'accept', { procedure: '依法办理' });
    await act(h, org.users.handlerA, c.id, 'draft_reply', { decision: 'not_support', facts: '经核查', reasons: '无依据', legalBasis: '相关规定', text: '不予支持' });
    await act(h, org.users.headA, c.id, 'approve_reply');
    const creds = { code: c.trackingCode, secret: c.trackingSecret };
    h.clock.set('2026-03-05T09:00:00+08:00');
    await api(h, null, 'POST', '/api/public/actions/request_review', { ...creds, input: { reason: '不服' } });
    // 第三十五条: review decided within 30 days of the request: 03-05 + 30 = 04-04 (Saturday, 清明 holiday) → 04-07
    expect(clockOf(await view(c.id), 'review_decide').dueAt).toBe(cst('2026-04-08T00:00:00'));
    await act(h, org.users.cityHandler, c.id, 'decide_review', { decision: 'upheld', opinion: '维持原意见' });
    h.clock.set('2026-03-09T09:00:00+08:00');
    await api(h, null, 'POST', '/api/public/actions/request_rereview', { ...creds, input: { reason: '不服复查' } });
    // 03-09 + 30 = 04-08 (Wednesday)
    expect(clockOf(await view(c.id), 'rereview_decide').dueAt).toBe(cst('2026-04-09T00:00:00'));
    h.clock.set('2026-03-16T09:00:00+08:00');
    let v = (await act(h, org.users.provHandler, c.id, 'pause_clock', { reason: '举行听证' })).body;
    expect(clockOf(v, 'rereview_decide').dueAt).toBeNull();
    expect(clockOf(v, 'rereview_decide').status).toBe('paused');
    h.clock.set('2026-03-20T09:00:00+08:00');
    v = (await act(h, org.users.provHandler, c.id, 'resume_clock')).body;
    // 4 days (03-16…03-19) not counted → 04-12 (Sunday) → Monday 04-13
    expect(clockOf(v, 'rereview_decide').dueAt).toBe(cst('2026-04-14T00:00:00'));
  });
});

describe('交办 report-back deadline', () => {
  it('第二十二条第三项: an assignment carries the report-back limit the dispatcher set, met by the reply', async () => {
    // "可以交由有权处理的机关、单位办理，要求其在指定办理期限内反馈结果，提交办结报告"
    const c = await registerAt('2026-03-02T09:00:00');
    await act(h, org.users.dispatcher, c.id, 'route', { mode: 'assign', leadUnitId: org.units.deptA.id, reportBackDays: 20 });
    const k = clockOf(await view(c.id), 'report_back');
    expect(k.dueAt).toBe(cst('2026-03-24T00:00:00')); // 03-02 + 20 = 03-22 (Sunday) → ends Monday 03-23 at 24:00
    await act(h, org.users.handlerA, c.id, 'sign');
    await act(h, org.users.handlerA, c.id, 'accept', { procedure: '依法办理' });
    await act(h, org.users.handlerA, c.id, 'draft_reply', { decision: 'support', facts: '属实', reasons: '符合规定', legalBasis: '相关规定', text: '已解决' });
    await act(h, org.users.headA, c.id, 'approve_reply');
    expect(clockOf(await view(c.id), 'report_back').status).toBe('met');
  });
});

describe('warnings and overdue marks (the sweep job)', () => {
  it('warns at 80% of the time and 24 h before, then marks overdue, once each', async () => {
    const c = await registerAt('2026-06-01T09:00:00'); // route clock: 15 days → 06-16 24:00
    const count = async (type: string) => (await view(c.id)).events.filter((e: any) => e.type === type).length;
    h.clock.set('2026-06-10T09:00:00+08:00');
    await sweepOrg(h, org);
    expect(await count('clock_warning')).toBe(0);
    h.clock.set('2026-06-14T09:00:00+08:00'); // 80% of 06-01 09:00 → 06-17 00:00 is 06-13 21:00
    await sweepOrg(h, org);
    await sweepOrg(h, org);
    expect(await count('clock_warning')).toBe(1);
    let list = await api(h, org.users.dispatcher, 'GET', `/api/cases?overdue=true&pageSize=200`);
    expect(list.body.items.map((i: any) => i.id)).not.toContain(c.id);
    h.clock.set('2026-06-16T01:00:00+08:00'); // within the last 24 h
    await sweepOrg(h, org);
    expect(await count('clock_warning')).toBe(2);
    h.clock.set('2026-06-17T00:00:01+08:00');
    await sweepOrg(h, org);
    await sweepOrg(h, org);
    expect(await count('clock_overdue')).toBe(1);
    const k = clockOf(await view(c.id), 'route');
    expect(k.level).toBe('overdue');
    expect(k.overdueAt).not.toBeNull();
    list = await api(h, org.users.dispatcher, 'GET', `/api/cases?overdue=true&pageSize=200`);
    const item = list.body.items.find((i: any) => i.id === c.id);
    expect(item.nextDueLevel).toBe('overdue');
    const stats = await api(h, org.users.dispatcher, 'GET', '/api/cases/stats?overdue=true');
    expect(stats.body.overdue).toBe(list.body.total);
    expect(stats.body.byStatus.registered).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /api/calendar/deadline', () => {
  const deadline = async (q: string) => (await api(h, null, 'GET', `/api/calendar/deadline?${q}`)).body;

  it('counts working days across the 2026 Spring Festival (DOMAIN.md example)', async () => {
    expect((await deadline('from=2026-02-12&amount=5&unit=workday')).due).toBe('2026-02-26');
  });

  it('moves a calendar-day period ending in National Day 2026 to the first working day after it', async () => {
    // 民法典 第二百零三条 "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日"
    expect((await deadline('from=2026-09-21&amount=10&unit=day')).due).toBe('2026-10-08');
    // 2026-09-20 (Sunday) is an adjusted working day (调休): a period ending on it does not move
    expect((await deadline('from=2026-09-10&amount=10&unit=day')).due).toBe('2026-09-20');
  });

  it('rejects bad input with the field named', async () => {
    const r = await api(h, null, 'GET', '/api/calendar/deadline?from=2026-02-30&amount=-1', undefined, { 'accept-language': 'en' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.details.issues.map((i: any) => i.field).sort()).toEqual(['amount', 'from']);
  });

  it('answers 400, not 500, for a start the calendar cannot count from (found by the fuzzer: 9999-12-31 + 965 days)', async () => {
    const r = await api(h, null, 'GET', '/api/calendar/deadline?from=9999-12-31&amount=965');
    expect(r.status).toBe(400);
    expect(r.body.error.details.issues.map((i: any) => i.field)).toEqual(['from']);
    expect((await deadline('from=2199-12-31&amount=3650')).due).toMatch(/^22\d\d-/);
  });
});

describe('a sweep of one area', () => {
  it('marks only the clocks of units in that subtree', async () => {
    const c = await registerAt('2026-03-02T10:00:00'); // routing due at the end of 03-17
    h.clock.set('2026-03-20T09:00:00+08:00');
    await sweepClocks(h.rt.deps, { under: org.units.otherCity.path });
    expect(clockOf(await view(c.id), 'route').overdueAt).toBeNull();
    await sweepOrg(h, org);
    expect(clockOf(await view(c.id), 'route').overdueAt).toBe(new Date('2026-03-20T09:00:00+08:00').toISOString());
  });
});
