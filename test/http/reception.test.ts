/**
 * 领导接访 and 包案 (docs/reception.md). Simulated year 2058.
 *
 * 信访工作条例 第十八条第一款："各级机关、单位应当向社会公布网络信访渠道、通信地址、咨询投诉电话、信访接待的时间和地点……"
 * 第十八条第二款："各级机关、单位领导干部应当阅办群众来信和网上信访、定期接待群众来访、定期下访，包案化解群众反映强烈的突出问题。"
 * 第三十条：不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位。
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, makeOrg, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;
let officeHead: TestUser;

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2058-03-03T09:00:00+08:00');
  org = await makeOrg(h);
  officeHead = await addUser(h, org, 'officeHead', org.units.office, ['unit_head']);
});
afterAll(async () => h?.close());

const DAY = '2058-03-10';
async function publish(over: Record<string, unknown> = {}, user: TestUser = org.users.dispatcher) {
  const r = await api(h, user, 'POST', '/api/reception/days', {
    day: DAY, place: '测试市信访局一楼接待大厅', leaderName: '王市长', leaderPost: '副市长', topic: '城建领域',
    slots: [{ start: '09:00', end: '10:00', capacity: 2 }, { start: '10:00', end: '11:00', capacity: 1 }], ...over,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}
const book = (slotId: string, over: Record<string, unknown> = {}) =>
  api(h, null, 'POST', '/api/public/reception/bookings', { slotId, name: '赵六一', phone: '13900001111', summary: '小区楼顶漏水多年无人维修', ...over });

describe('第十八条第一款: reception days are published with time, place and leader', () => {
  it('a published day is on the public list with its leader and free seats; a draft is not; nobody outside the office scope manages it', async () => {
    const d = await publish();
    expect(d.leader).toEqual({ name: '王市长', post: '副市长' });
    const draft = await publish({ publish: false, leaderName: '李局长' });
    const pub = await api(h, null, 'GET', '/api/public/reception/days');
    expect(pub.status).toBe(200);
    expect(pub.body.basis).toBe('信访工作条例 第十八条');
    const mine = pub.body.items.find((x: any) => x.id === d.id);
    expect(mine.place).toBe('测试市信访局一楼接待大厅');
    expect(mine.slots.map((s: any) => [s.capacity, s.remaining, s.open])).toEqual([[2, 2, true], [1, 1, true]]);
    expect(JSON.stringify(mine)).not.toContain('booked');
    expect(pub.body.items.some((x: any) => x.id === draft.id)).toBe(false);
    // another city cannot see or cancel it (404 like an unknown id); a handler may not publish
    expect((await api(h, org.users.otherDispatcher, 'GET', `/api/reception/days/${d.id}`)).status).toBe(404);
    expect((await api(h, org.users.otherDispatcher, 'POST', `/api/reception/days/${d.id}/cancel`)).status).toBe(404);
    expect((await api(h, org.users.handlerA, 'POST', '/api/reception/days', { day: DAY })).status).toBe(403);
    // the draft is published later, once
    expect((await api(h, org.users.dispatcher, 'POST', `/api/reception/days/${draft.id}/publish`)).body.status).toBe('published');
    expect((await api(h, org.users.dispatcher, 'POST', `/api/reception/days/${draft.id}/publish`)).status).toBe(409);
  });

  it('refuses a day in the past and a slot that ends before it starts', async () => {
    const r = await api(h, org.users.dispatcher, 'POST', '/api/reception/days', { day: '2058-03-01', place: '接待大厅', leaderName: '王', leaderPost: '副市长', slots: [{ start: '09:00', end: '10:00', capacity: 1 }] });
    expect(r.status).toBe(400);
    const s = await api(h, org.users.dispatcher, 'POST', '/api/reception/days', { day: DAY, place: '接待大厅', leaderName: '王', leaderPost: '副市长', slots: [{ start: '10:00', end: '09:00', capacity: 1 }] });
    expect(s.status).toBe(400);
  });
});

describe('booking a slot from the portal', () => {
  it('answers a code; the lookup masks the person; cancelling by code gives the seat back', async () => {
    const d = await publish();
    const slot = d.slots[0].id;
    const b = await book(slot);
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect(b.body.code).toMatch(/^JF[0-9A-Z]{10}$/);
    expect(b.body.person).toEqual({ name: '赵**', phone: '139****1111', masked: true });
    expect(b.body.leader.name).toBe('王市长');
    const look = await api(h, null, 'POST', '/api/public/reception/bookings/lookup', { code: b.body.code.toLowerCase() });
    expect(look.body.status).toBe('booked');
    expect((await api(h, null, 'POST', '/api/public/reception/bookings/lookup', { code: 'JF2222222222' })).status).toBe(404);
    const staff = await api(h, org.users.dispatcher, 'GET', `/api/reception/days/${d.id}`);
    expect(staff.body.slots[0].booked).toBe(1);
    const c = await api(h, null, 'POST', '/api/public/reception/bookings/cancel', { code: b.body.code });
    expect(c.body.status).toBe('cancelled');
    expect((await api(h, null, 'POST', '/api/public/reception/bookings/cancel', { code: b.body.code })).status).toBe(409);
    expect((await api(h, org.users.dispatcher, 'GET', `/api/reception/days/${d.id}`)).body.slots[0].booked).toBe(0);
  });

  it('capacity holds under concurrency: of 6 simultaneous bookings for 2 seats exactly 2 succeed (conditional update)', async () => {
    const d = await publish();
    const slot = d.slots[0].id;
    const rs = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => book(slot, { name: `并发${i}号` })));
    expect(rs.filter((r) => r.status === 201)).toHaveLength(2);
    expect(rs.filter((r) => r.status === 409)).toHaveLength(4);
    expect((await api(h, org.users.dispatcher, 'GET', `/api/reception/days/${d.id}`)).body.slots[0]).toMatchObject({ booked: 2, remaining: 0 });
  });

  it('a cancelled day takes no bookings; a draft day’s slot answers 404; bad input is 400', async () => {
    const d = await publish();
    await api(h, org.users.dispatcher, 'POST', `/api/reception/days/${d.id}/cancel`);
    expect((await book(d.slots[0].id)).status).toBe(404);
    const draft = await publish({ publish: false });
    expect((await book(draft.slots[0].id)).status).toBe(404);
    expect((await book(d.slots[0].id, { phone: 'abc' })).status).toBe(400);
    expect((await book(d.slots[0].id, { summary: '短' })).status).toBe(400);
  });
});

describe('第十八条第二款: cases registered at a reception are attributed to the leader; 包案', () => {
  it('the staff list is masked, revealed only for a personal-data role (audited); the registered case names the receiving leader', async () => {
    const d = await publish();
    const b = await book(d.slots[0].id);
    const list = await api(h, org.users.intake, 'GET', `/api/reception/days/${d.id}/bookings`);
    expect(list.body.items[0].person).toMatchObject({ name: '赵**', masked: true });
    const shown = await api(h, org.users.intake, 'GET', `/api/reception/days/${d.id}/bookings?reveal=true`);
    expect(shown.body.items[0].person).toMatchObject({ name: '赵六一', phone: '13900001111', masked: false });
    expect((await api(h, org.users.analyst, 'GET', `/api/reception/days/${d.id}/bookings?reveal=true`)).status).toBe(403);
    const bookingId = list.body.items[0].id;
    const r = await api(h, org.users.intake, 'POST', `/api/reception/bookings/${bookingId}/case`, { title: '楼顶漏水', kind: 'appeal' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.receivedBy).toEqual({ name: '王市长', post: '副市长' });
    expect((await api(h, org.users.intake, 'POST', `/api/reception/bookings/${bookingId}/case`, { title: '楼顶漏水', kind: 'appeal' })).status).toBe(409);
    const leaders = await api(h, org.users.dispatcher, 'GET', `/api/cases/${r.body.id}/leaders`);
    expect(leaders.body.receivedBy).toMatchObject({ name: '王市长', post: '副市长', day: DAY });
    const c = await api(h, org.users.dispatcher, 'GET', `/api/cases/${r.body.id}`);
    expect(c.body.channel).toBe('visit');
    expect((await api(h, null, 'POST', '/api/public/reception/bookings/lookup', { code: b.body.code })).body.status).toBe('attended');
    const lc = await api(h, org.users.analyst, 'GET', '/api/reception/leader-cases');
    expect(lc.body.received.some((x: any) => x.caseId === r.body.id && x.leader.name === '王市长')).toBe(true);
  });

  it('a leader takes charge (one at a time), only that leader releases; the dashboard lists the case with status and overdue flag', async () => {
    const c = await api(h, org.users.intake, 'POST', '/api/cases', { channel: 'phone', kind: 'appeal', title: '学校周边道路拥堵', content: '学校门口早晚高峰严重拥堵，请求增设交通疏导。', petitioner: { name: '钱七', phone: '13700002222' } });
    expect(c.status).toBe(201);
    const before = await api(h, officeHead, 'GET', `/api/cases/${c.body.id}/leaders`);
    expect(before.body.allowedActions).toEqual(['take_charge']);
    const [t1, t2] = await Promise.all([
      api(h, officeHead, 'POST', `/api/cases/${c.body.id}/leaders/take`, { post: '信访局局长' }),
      api(h, org.users.cityHandler, 'POST', `/api/cases/${c.body.id}/leaders/take`, {}),
    ]);
    expect([t1.status, t2.status].sort()).toEqual([200, 409]);
    const winner = t1.status === 200 ? officeHead : org.users.cityHandler;
    const loser = winner === officeHead ? org.users.cityHandler : officeHead;
    expect((await api(h, org.users.dispatcher, 'POST', `/api/cases/${c.body.id}/leaders/take`, {})).status).toBe(403);
    expect((await api(h, loser, 'POST', `/api/cases/${c.body.id}/leaders/release`, {})).status).toBe(409);
    expect((await api(h, org.users.otherDispatcher, 'GET', `/api/cases/${c.body.id}/leaders`)).status).toBe(404);
    const timeline = await api(h, org.users.dispatcher, 'GET', `/api/cases/${c.body.id}`);
    expect(JSON.stringify(timeline.body)).toContain('take_charge');
    let lc = await api(h, org.users.analyst, 'GET', '/api/reception/leader-cases');
    expect(lc.body.basis).toBe('信访工作条例 第十八条第二款');
    const item = lc.body.items.find((x: any) => x.caseId === c.body.id);
    expect(item).toMatchObject({ status: 'registered', open: true, overdue: false });
    // 第二十二条's 15 days pass: the same list marks it overdue
    h.clock.set('2058-03-25T09:00:00+08:00');
    lc = await api(h, org.users.analyst, 'GET', '/api/reception/leader-cases');
    expect(lc.body.items.find((x: any) => x.caseId === c.body.id).overdue).toBe(true);
    expect(lc.body.leaders.some((l: any) => l.overdue >= 1)).toBe(true);
    h.clock.set('2058-03-03T09:00:00+08:00');
    const rel = await api(h, winner, 'POST', `/api/cases/${c.body.id}/leaders/release`, {});
    expect(rel.status).toBe(200);
    expect(rel.body.charge).toBeNull();
    lc = await api(h, org.users.analyst, 'GET', '/api/reception/leader-cases');
    expect(lc.body.items.some((x: any) => x.caseId === c.body.id)).toBe(false);
  });

  it('第三十条: the booking of an accusation registered at the reception is not shown to the accused unit', async () => {
    const d = await publish({}, org.users.dispatcher);
    await book(d.slots[1].id, { summary: '举报街道工作人员违规收费' });
    const accusedStaff = await addUser(h, org, 'accusedDesk', org.units.office, ['intake', 'dispatcher']);
    const list = await api(h, org.users.intake, 'GET', `/api/reception/days/${d.id}/bookings`);
    const r = await api(h, org.users.intake, 'POST', `/api/reception/bookings/${list.body.items[0].id}/case`, {
      title: '举报违规收费', kind: 'accusation',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await h.rt.deps.db.updateTable('cases').set({ accused_user_ids: [accusedStaff.id] }).where('id', '=', r.body.id).execute();
    const seen = await api(h, accusedStaff, 'GET', `/api/reception/days/${d.id}/bookings?reveal=true`);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).not.toContain('违规收费');
    expect(JSON.stringify(seen.body)).not.toContain('赵');
    expect((await api(h, org.users.intake, 'GET', `/api/reception/days/${d.id}/bookings`)).body.items).toHaveLength(1);
  });
});
