/**
 * The dashboards (docs/dashboards.md) on a small world driven through the real API, every number computed by hand
 * below: the overview with 环比, 同比 (29 Feb → 28 Feb) and the 12-month trend; the breakdown by child unit (children
 * and the unit's own row add up to the unit) and by child category; rankings with the minimum count (a unit with 2 of
 * 2 cases closed is not ranked above units with 6 of 8), shared ranks and the composite; the counts per area for the
 * map; the boundaries file (validation, storage, scope); scope, roles, bad input, and no personal data anywhere.
 *
 * Everything happens in 2043–2044 (2044 is a leap year), years no other test file uses: on PostgreSQL the files share
 * one database; numbers are read for our org's units only. No clock sweep runs: nothing here reads overdue_at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastYearPeriod, monthsEnding, previousPeriod, yearEarlier } from '../../src/analytics/dashboard.js';
import { rankUnits } from '../../src/analytics/rankings.js';
import type { Role } from '../../src/org/roles.js';
import { createUnit, type UnitRow } from '../../src/org/units.js';
import { addUser as addUserTo, api, makeOrg, sampleCase, startHarness, type Harness, type Org, type TestUser } from '../helpers/harness.js';

let h: Harness;
let org: Org;
let district2: UnitRow; // 西区: a second district, without cases
let street2: UnitRow; // 东区白沙街道: a second street of 东区
let districtAnalyst: TestUser;
let districtHandler: TestUser;
let street2Handler: TestUser;
const cat = { K1: '', K1a: '', K2: '' };
const c: Record<string, { id: string; trackingCode: string; trackingSecret: string }> = {};
/** every answer read, searched for personal data at the end */
const answers: string[] = [];

const cst = (iso: string) => new Date(`${iso}+08:00`).toISOString();
const at = (iso: string) => h.clock.set(cst(iso));

const addUser = (key: string, unit: UnitRow, roles: Role[]) => addUserTo(h, org, key, unit, roles);

async function ok(user: TestUser, url: string, payload: unknown = {}, status = 200) {
  const r = await api(h, user, 'POST', url, payload);
  expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(status);
  return r.body;
}
const caseDo = (user: TestUser, id: string, action: string, input: unknown = {}) => ok(user, `/api/cases/${id}/actions/${action}`, input);
const hazardDo = (user: TestUser, id: string, action: string, input: unknown = {}) => ok(user, `/api/hazards/${id}/actions/${action}`, input);

async function register(name: string, when: string, over: Record<string, unknown> = {}) {
  at(when);
  const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase(over));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  c[name] = r.body;
  return r.body.id as string;
}

const GUIDE = { procedure: 'arbitration', authority: '测试市劳动人事争议仲裁委员会', explanation: '属于劳动争议，应当申请劳动仲裁。' };

/** received at `when`, routed to the unit; closed (导入法定途径, 第三十一条) the next day when `handler` is given */
async function caseAt(name: string, when: string, unitId: string, categoryId: string | null, handler?: TestUser) {
  const id = await register(name, `${when}T09:00:00`, categoryId ? { categoryId } : {});
  at(`${when}T10:00:00`);
  await caseDo(org.users.dispatcher, id, 'route', { mode: 'forward', leadUnitId: unitId });
  if (handler) {
    await caseDo(handler, id, 'sign');
    at(`${when}T15:00:00`);
    await caseDo(handler, id, 'guide_to_procedure', GUIDE);
  }
  return id;
}

async function hazard(when: string, grade: 'general' | 'major', unitId?: string) {
  at(when);
  const r = await api(h, org.users.dispatcher, 'POST', '/api/hazards', {
    source: 'inspection',
    type: 'gas',
    grade,
    title: '底商餐饮店燃气软管老化',
    description: '检查发现底商餐饮店燃气软管老化开裂，未安装燃气泄漏报警装置。',
    place: '东区青山街道幸福小区底商',
    foundBy: '区应急管理局检查组',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const id = r.body.id as string;
  if (unitId) await hazardDo(org.users.dispatcher, id, 'assign', { unitId, leader: { name: '王建国', post: '东区青山街道办事处副主任' }, requirements: '限期整改到位。' });
  return id;
}

beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
  const u = org.users;
  const db = h.rt.deps.db;
  district2 = await createUnit(db, { code: `D2-${org.tag}`, name: '西区', type: 'district', parentId: org.units.city.id });
  street2 = await createUnit(db, { code: `D1S2-${org.tag}`, name: '东区白沙街道', type: 'street', parentId: org.units.district.id });
  districtAnalyst = await addUser('districtAnalyst', org.units.district, ['analyst']);
  districtHandler = await addUser('districtHandler', org.units.district, ['handler']);
  street2Handler = await addUser('street2Handler', street2, ['handler']);
  const category = async (key: string, parentId?: string) => {
    const r = await api(h, u.admin, 'POST', '/api/categories', { code: `dash-${key}-${org.tag}`, name: `看板测试${key}`, kind: 'appeal', ...(parentId ? { parentId } : {}) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  cat.K1 = await category('K1');
  cat.K1a = await category('K1a', cat.K1);
  cat.K2 = await category('K2');
  // return visits only by hand: the one task below is all there is
  at('2043-01-02T09:00:00');
  const p = await api(h, u.admin, 'PUT', '/api/visits/policies', { officeUnitId: org.units.office.id, categoryId: null, samplePercent: 0, visitUnsatisfied: false, visitUrgent: false, maxAttempts: 1, onUnsolved: 'none' });
  expect(p.status, JSON.stringify(p.body)).toBe(200);

  // 2043 (同比 and the start of the trend), registered at the petition office and left there
  await register('Y0', '2043-01-31T23:59:00'); // before the trend's first month (2043-03)
  await register('Y1', '2043-02-10T09:00:00');
  await register('Y2', '2043-02-28T23:30:00'); // the last half hour of February 2043 (CST)
  await register('Y3', '2043-03-01T00:10:00');
  // January 2044 (环比 of February: 2044-01-03 … 2044-01-31)
  await register('J1', '2044-01-02T23:59:00');
  await register('J2', '2044-01-03T00:00:00');
  await register('J3', '2044-01-31T23:59:00');
  await hazard('2044-01-20T10:00:00', 'major', org.units.street.id); // HZ5: January

  // February 2044, the period measured
  // 东区青山街道: S1, S2 (K1a) closed, S3 (K1a) dispatched and left, S4, S5 (K1) closed
  await caseAt('S1', '2044-02-02', org.units.street.id, cat.K1a, u.streetHandler);
  await caseAt('S2', '2044-02-02', org.units.street.id, cat.K1a, u.streetHandler);
  await caseAt('S3', '2044-02-02', org.units.street.id, cat.K1a);
  await caseAt('S4', '2044-02-03', org.units.street.id, cat.K1, u.streetHandler);
  await caseAt('S5', '2044-02-03', org.units.street.id, cat.K1, u.streetHandler);
  // 东区白沙街道: T1 (K2) closed, T2 (K2) dispatched and left
  await caseAt('T1', '2044-02-02', street2.id, cat.K2, street2Handler);
  await caseAt('T2', '2044-02-02', street2.id, cat.K2);
  // 东区 itself: D1 (K1) closed
  await caseAt('D1', '2044-02-04', org.units.district.id, cat.K1, districtHandler);
  // 生态环境局: B1–B3 (K2) closed; H (K2, 12345) signed after 1 h, replied, evaluated 满意, visited: solved
  await caseAt('B1', '2044-02-05', org.units.deptB.id, cat.K2, u.handlerB);
  await caseAt('B2', '2044-02-05', org.units.deptB.id, cat.K2, u.handlerB);
  await caseAt('B3', '2044-02-05', org.units.deptB.id, cat.K2, u.handlerB);
  const H = await register('H', '2044-02-06T09:00:00', { channel: 'hotline', categoryId: cat.K2 });
  at('2044-02-06T10:00:00');
  await caseDo(u.dispatcher, H, 'route', { mode: 'forward', leadUnitId: org.units.deptB.id });
  at('2044-02-06T11:00:00');
  await caseDo(u.handlerB, H, 'sign');
  await caseDo(u.handlerB, H, 'accept', { procedure: '按《信访工作条例》第三十一条第六项办理。' });
  at('2044-02-08T09:00:00');
  await caseDo(u.handlerB, H, 'draft_reply', { decision: 'support', facts: '经现场核查，反映情况属实。', reasons: '属于本单位职责范围。', legalBasis: '《大气污染防治法》第八十一条', text: '经调查，您反映的问题属实，已督促整改。' });
  await caseDo(u.headB, H, 'approve_reply');
  at('2044-02-09T09:00:00');
  const ev = await api(h, null, 'POST', '/api/public/actions/evaluate', { code: c.H!.trackingCode, secret: c.H!.trackingSecret, input: { rating: 'satisfied' } });
  expect(ev.status, JSON.stringify(ev.body)).toBe(200);
  at('2044-02-10T09:00:00');
  const v = await api(h, u.visitor, 'POST', '/api/visits', { caseId: H });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  await ok(u.visitor, `/api/visits/${v.body.id}/actions/complete`, { channel: 'phone', solved: 'solved', satisfied: 'satisfied' });
  // 住建局: A1, A2 (K1a) closed — 100% of two
  await caseAt('A1', '2044-02-11', org.units.deptA.id, cat.K1a, u.handlerA);
  await caseAt('A2', '2044-02-11', org.units.deptA.id, cat.K1a, u.handlerA);
  // 测试市 itself: C1 closed; the petition office: O1–O3 never routed
  await caseAt('C1', '2044-02-12', org.units.city.id, null, u.cityHandler);
  await register('O1', '2044-02-13T09:00:00');
  await register('O2', '2044-02-13T09:10:00');
  await register('O3', '2044-02-29T23:50:00'); // the last minutes of the leap day
  // hazards: HZ1 major → 青山街道, HZ2 general → 白沙街道, HZ3 not assigned (the office's), HZ4 assigned then dismissed
  await hazard('2044-02-10T10:00:00', 'major', org.units.street.id);
  await hazard('2044-02-11T10:00:00', 'general', street2.id);
  await hazard('2044-02-12T10:00:00', 'general');
  const HZ4 = await hazard('2044-02-12T11:00:00', 'general', org.units.street.id);
  await hazardDo(u.dispatcher, HZ4, 'dismiss', { reason: '与已登记隐患重复。' });
  // March: after the period
  await register('M1', '2044-03-05T09:00:00');
  at('2044-03-15T12:00:00');
}, 300_000);
afterAll(async () => h?.close());

const FEB = 'from=2044-02-01&to=2044-02-29';

async function get(user: TestUser, url: string) {
  const r = await api(h, user, 'GET', url);
  expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
  answers.push(r.res.body);
  return r.body;
}
const nd = (rates: any) => Object.fromEntries(rates.metrics.map((m: any) => [m.key, [m.numerator, m.denominator]]));

describe('periods', () => {
  it('环比 is the same length just before; 同比 the same dates a year earlier, 29 Feb → 28 Feb; the trend 12 months', () => {
    expect(previousPeriod('2044-02-01', '2044-02-29')).toEqual({ from: '2044-01-03', to: '2044-01-31' });
    expect(previousPeriod('2044-03-01', '2044-03-31')).toEqual({ from: '2044-01-30', to: '2044-02-29' });
    expect(yearEarlier('2044-02-29')).toBe('2043-02-28');
    expect(yearEarlier('2044-03-01')).toBe('2043-03-01');
    expect(lastYearPeriod('2044-02-29', '2044-03-10')).toEqual({ from: '2043-02-28', to: '2043-03-10' });
    const t = monthsEnding('2044-01-15');
    expect(t).toHaveLength(12);
    expect(t[0]).toEqual({ month: '2043-02', from: '2043-02-01', to: '2043-02-28' });
    expect(t[10]).toEqual({ month: '2043-12', from: '2043-12-01', to: '2043-12-31' });
    expect(t[11]).toEqual({ month: '2044-01', from: '2044-01-01', to: '2044-01-15' });
  });
});

describe('overview', () => {
  it('February 2044 of the city: the period, 环比, 同比, the trend and the counts', async () => {
    const body = await get(org.users.analyst, `/api/dashboard/overview?${FEB}`);
    expect(body).toMatchObject({ unit: { id: org.units.city.id, name: '测试市', type: 'city' }, category: null, from: '2044-02-01', to: '2044-02-29', asOf: cst('2044-03-01T00:00:00') });
    // received in February: S1–S5, T1, T2, D1, B1–B3, H, A1, A2, C1, O1–O3 = 18 (O3 at 23:50 on the 29th)
    expect(body.current).toMatchObject({ from: '2044-02-01', to: '2044-02-29', intake: 18 });
    // closed of those: S1, S2, S4, S5, T1, D1, B1–B3, A1, A2, C1 = 12; H is replied, not closed
    const cur = nd(body.current);
    expect(cur.closure).toEqual([12, 18]);
    expect(cur.response).toEqual([1, 1]); // H signed 1 h after dispatch
    expect(cur.resolution).toEqual([1, 1]);
    expect(cur.satisfaction).toEqual([1, 1]);
    expect(body.current.composite.score).toBeCloseTo(100, 9);
    // 2044-01-03 00:00 … 2044-01-31 24:00: J2, J3 (J1 a minute before)
    expect(body.previous).toMatchObject({ from: '2044-01-03', to: '2044-01-31', intake: 2 });
    expect(nd(body.previous).closure).toEqual([0, 2]);
    expect(body.previous.composite.score).toBeNull();
    // 2043-02-01 … 2043-02-28: Y1, Y2 (Y3 ten minutes into March)
    expect(body.lastYear).toMatchObject({ from: '2043-02-01', to: '2043-02-28', intake: 2 });
    expect(body.trend.map((m: any) => [m.month, m.from, m.to, m.intake])).toEqual([
      ['2043-03', '2043-03-01', '2043-03-31', 1], // Y3
      ['2043-04', '2043-04-01', '2043-04-30', 0],
      ['2043-05', '2043-05-01', '2043-05-31', 0],
      ['2043-06', '2043-06-01', '2043-06-30', 0],
      ['2043-07', '2043-07-01', '2043-07-31', 0],
      ['2043-08', '2043-08-01', '2043-08-31', 0],
      ['2043-09', '2043-09-01', '2043-09-30', 0],
      ['2043-10', '2043-10-01', '2043-10-31', 0],
      ['2043-11', '2043-11-01', '2043-11-30', 0],
      ['2043-12', '2043-12-01', '2043-12-31', 0],
      ['2044-01', '2044-01-01', '2044-01-31', 3], // J1, J2, J3
      ['2044-02', '2044-02-01', '2044-02-29', 18],
    ]);
    expect(body.trend[11].metrics).toEqual(body.current.metrics);
    // the counts are GET /api/metrics's for the period
    const m = await get(org.users.analyst, `/api/metrics?${FEB}`);
    expect(body.counts).toEqual(m.counts);
    expect(body.current.metrics).toEqual(m.metrics);
    expect(body.counts.intake.total).toBe(18);
  });

  it('a period ending on a leap day, and one cut inside a month', async () => {
    const body = await get(org.users.analyst, '/api/dashboard/overview?from=2044-02-29&to=2044-03-10');
    expect(body.previous).toMatchObject({ from: '2044-02-18', to: '2044-02-28', intake: 0 });
    expect(body.lastYear).toMatchObject({ from: '2043-02-28', to: '2043-03-10', intake: 2 }); // Y2, Y3
    expect(body.current).toMatchObject({ intake: 2 }); // O3 (02-29 23:50), M1
    expect(body.trend[0]).toMatchObject({ month: '2043-04', from: '2043-04-01', to: '2043-04-30' });
    expect(body.trend[11]).toMatchObject({ month: '2044-03', from: '2044-03-01', to: '2044-03-10', intake: 1 });
  });

  it('a category subtree (K1 = K1 + K1a)', async () => {
    const body = await get(org.users.analyst, `/api/dashboard/overview?${FEB}&categoryId=${cat.K1}`);
    expect(body.category).toEqual({ id: cat.K1, name: '看板测试K1' });
    // S1–S5, D1, A1, A2; closed all but S3
    expect(body.current.intake).toBe(8);
    expect(nd(body.current).closure).toEqual([7, 8]);
  });
});

describe('breakdown', () => {
  it('by unit: the city’s children and its own row add up to the city', async () => {
    const body = await get(org.users.analyst, `/api/dashboard/breakdown?${FEB}`);
    expect(body.by).toBe('unit');
    expect(body.unit).toEqual({ id: org.units.city.id, name: '测试市' });
    const rows = body.rows.map((r: any) => [r.unit.name, r.own, r.intake]);
    // 东区 8 (S1–S5, T1, T2, D1), 生态环境局 4, 信访局 3, 住建局 2, the city itself 1 (C1); then the units without, by name
    expect(rows.slice(0, 5)).toEqual([
      ['东区', false, 8],
      ['测试市生态环境局', false, 4],
      ['测试市信访局', false, 3],
      ['测试市住建局', false, 2],
      ['测试市', true, 1],
    ]);
    expect(rows.slice(5).map((r: any) => r[2])).toEqual([0, 0, 0]);
    expect(new Set(rows.slice(5).map((r: any) => r[0]))).toEqual(new Set(['西区', '测试市中级人民法院', '测试市纪委监委']));
    expect(body.rows.find((r: any) => r.unit.name === '东区').unit).toMatchObject({ id: org.units.district.id, type: 'district', hasChildren: true });
    expect(body.rows.find((r: any) => r.unit.name === '西区').unit.hasChildren).toBe(false);
    expect(body.rows.reduce((a: number, r: any) => a + r.intake, 0)).toBe(18);
    const own = body.rows.find((r: any) => r.own);
    expect(nd(own).closure).toEqual([1, 1]);
    // every numerator and denominator of the rows adds up to the city's
    const city = nd((await get(org.users.analyst, `/api/dashboard/overview?${FEB}`)).current);
    for (const [key, [num, den]] of Object.entries(city) as Array<[string, [number, number]]>) {
      expect(body.rows.reduce((a: number, r: any) => a + nd(r)[key][0], 0), key).toBeCloseTo(num, 9);
      expect(body.rows.reduce((a: number, r: any) => a + nd(r)[key][1], 0), key).toBe(den);
    }
  });

  it('by unit inside a district: its office, streets and the district’s own row', async () => {
    const body = await get(districtAnalyst, `/api/dashboard/breakdown?${FEB}`);
    expect(body.unit.id).toBe(org.units.district.id);
    expect(body.rows.map((r: any) => [r.unit.name, r.own, r.intake, nd(r).closure])).toEqual([
      ['东区青山街道', false, 5, [4, 5]],
      ['东区白沙街道', false, 2, [1, 2]],
      ['东区', true, 1, [1, 1]],
      ['东区信访办', false, 0, [0, 0]],
    ]);
  });

  it('by category: the top-level categories, and the children of one', async () => {
    const top = await get(org.users.analyst, `/api/dashboard/breakdown?${FEB}&by=category`);
    expect(top.by).toBe('category');
    const row = (body: any, id: string) => body.rows.find((r: any) => r.category.id === id);
    // K1 subtree: S1–S5, D1, A1, A2 (7 closed); K2: T1, T2, B1–B3, H (4 closed)
    expect(row(top, cat.K1)).toMatchObject({ category: { id: cat.K1, name: '看板测试K1', hasChildren: true }, intake: 8 });
    expect(nd(row(top, cat.K1)).closure).toEqual([7, 8]);
    expect(row(top, cat.K2)).toMatchObject({ category: { name: '看板测试K2', hasChildren: false }, intake: 6 });
    expect(nd(row(top, cat.K2)).closure).toEqual([4, 6]);
    expect(row(top, cat.K1a)).toBeUndefined();
    const k1 = await get(org.users.analyst, `/api/dashboard/breakdown?${FEB}&by=category&categoryId=${cat.K1}`);
    // K1a: S1, S2, S3, A1, A2 (S3 open)
    expect(k1.rows.map((r: any) => [r.category.id, r.intake, nd(r).closure])).toEqual([[cat.K1a, 5, [4, 5]]]);
  });
});

describe('rankings', () => {
  const R = (q: string) => get(org.users.analyst, `/api/dashboard/rankings?month=2044-02&${q}`);

  it('a unit with 2 of 2 closed is not ranked above 6 of 8: the minimum count', async () => {
    const body = await R('metric=closure&minCount=3');
    expect(body).toMatchObject({ month: '2044-02', from: '2044-02-01', to: '2044-02-29', metric: 'closure', metricLabel: { zh: '结案率' }, minCount: 3, among: 'children', better: 'higher' });
    // 东区 6/8 and 生态环境局 3/4 tie at 75%: the larger denominator first; the office 0/3
    expect(body.ranked.map((r: any) => [r.rank, r.unit.name, r.value, r.numerator, r.denominator])).toEqual([
      [1, '东区', 0.75, 6, 8],
      [2, '测试市生态环境局', 0.75, 3, 4],
      [3, '测试市信访局', 0, 0, 3],
    ]);
    expect(body.ranked[0].metrics.find((m: any) => m.key === 'closure')).toMatchObject({ numerator: 6, denominator: 8 });
    expect(body.unranked.map((r: any) => [r.unit.name, r.reason, r.denominator, r.value])).toEqual([
      ['测试市住建局', 'below_min_count', 2, 1],
      ...['测试市中级人民法院', '测试市纪委监委', '西区'].sort((a, b) => a.localeCompare(b, 'zh')).map((n) => [n, 'no_data', 0, null]),
    ]);
  });

  it('the default minimum count is MINSHENG_METRIC_RANKING_MIN_COUNT (10)', async () => {
    const body = await R('metric=closure');
    expect(body.minCount).toBe(10);
    expect(body.ranked).toEqual([]);
    expect(body.unranked.filter((r: any) => r.reason === 'below_min_count').map((r: any) => [r.unit.name, r.denominator])).toEqual([
      ['东区', 8],
      ['测试市生态环境局', 4],
      ['测试市信访局', 3],
      ['测试市住建局', 2],
    ]);
    const settings = h.rt.deps.config.metrics;
    const saved = settings.rankingMinCount;
    try {
      settings.rankingMinCount = 4;
      expect((await R('metric=closure')).ranked.map((r: any) => r.unit.name)).toEqual(['东区', '测试市生态环境局']);
    } finally {
      settings.rankingMinCount = saved;
    }
  });

  it('the composite: the smallest denominator of its three parts counts; a unit missing a part has no score', async () => {
    const one = await R('minCount=1');
    expect(one.metric).toBe('composite');
    expect(one.ranked.map((r: any) => [r.rank, r.unit.name, r.value, r.denominator, r.numerator])).toEqual([[1, '测试市生态环境局', 100, 1, null]]);
    expect(one.unranked.every((r: any) => r.reason === 'no_data' && r.value === null)).toBe(true);
    const two = await R('minCount=2');
    expect(two.ranked).toEqual([]);
    expect(two.unranked[0]).toEqual({ unit: { id: org.units.deptB.id, name: '测试市生态环境局', type: 'department' }, reason: 'below_min_count', denominator: 1, value: 100 });
  });

  it('among the streets of a district, and lower-is-better rates', async () => {
    const body = await R(`unitId=${org.units.district.id}&among=street&metric=closure&minCount=3`);
    expect(body.ranked.map((r: any) => [r.rank, r.unit.name, r.value])).toEqual([[1, '东区青山街道', 0.8]]);
    expect(body.unranked.map((r: any) => [r.unit.name, r.reason])).toEqual([['东区白沙街道', 'below_min_count']]);
    const districts = await R('among=district&metric=closure&minCount=1');
    expect(districts.ranked.map((r: any) => r.unit.name)).toEqual(['东区']);
    expect(districts.unranked.map((r: any) => r.unit.name)).toEqual(['西区']);
    // 退单率 (lower is better): nothing was returned; lead dispatches 东区 8, 生态环境局 4, 住建局 2; the office dispatched to nobody
    const ret = await R('metric=return&minCount=1');
    expect(ret.better).toBe('lower');
    expect(ret.ranked.map((r: any) => [r.rank, r.unit.name, r.value, r.denominator])).toEqual([
      [1, '东区', 0, 8],
      [2, '测试市生态环境局', 0, 4],
      [3, '测试市住建局', 0, 2],
    ]);
  });

  it('orders ties by denominator, then name, and shares the rank of an exact tie (1, 2, 2, 4)', () => {
    const u = (name: string, value: number, denominator: number) => ({ unit: { name }, value, denominator });
    const r = rankUnits([u('丙', 0.5, 10), u('乙', 0.9, 10), u('甲', 0.5, 10), u('丁', 0.5, 20), u('戊', 0.2, 10)], false);
    expect(r.map((x) => [x.rank, x.unit.name])).toEqual([
      [1, '乙'],
      [2, '丁'],
      [3, '丙'],
      [3, '甲'],
      [5, '戊'],
    ]);
    expect(rankUnits([u('甲', 0.1, 5), u('乙', 0.3, 5)], true).map((x) => x.unit.name)).toEqual(['甲', '乙']);
  });
});

describe('map', () => {
  it('per street of a district: cases, overdue clocks at the period end, hazards of the period', async () => {
    const body = await get(districtAnalyst, `/api/dashboard/map?${FEB}`);
    expect(body.level).toBe('street'); // the default inside a district
    expect(body.boundaries).toBe('/api/geo/boundaries');
    // overdue at 03-01 00:00: S3 and T2, dispatched 02-02 and never decided (accept_notice due 02-17); HZ5 is January's, HZ4 dismissed
    expect(body.areas).toEqual([
      { unit: { id: org.units.street.id, name: '东区青山街道', code: org.units.street.code }, cases: 5, overdue: 1, hazards: 1, majorHazards: 1 },
      { unit: { id: street2.id, name: '东区白沙街道', code: street2.code }, cases: 2, overdue: 1, hazards: 1, majorHazards: 0 },
    ]);
    for (const a of body.areas) {
      const m = await get(org.users.analyst, `/api/metrics?${FEB}&unitId=${a.unit.id}`);
      expect(a.overdue).toBe(m.counts.overdue.total);
      expect(a.cases).toBe(m.counts.intake.total);
    }
  });

  it('per district of the city', async () => {
    const body = await get(org.users.analyst, `/api/dashboard/map?${FEB}`);
    expect(body.level).toBe('district');
    expect(body.areas.map((a: any) => [a.unit.name, a.cases, a.overdue, a.hazards, a.majorHazards])).toEqual([
      ['东区', 8, 2, 2, 1],
      ['西区', 0, 0, 0, 0],
    ]);
    const streets = await get(org.users.analyst, `/api/dashboard/map?${FEB}&level=street`);
    expect(streets.areas.map((a: any) => a.unit.name)).toEqual(['东区青山街道', '东区白沙街道']);
  });
});

describe('boundaries', () => {
  const square = (x: number, y: number) => [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]];
  const feature = (code: string, coordinates: unknown = square(114, 30), extra: Record<string, unknown> = {}) => ({ type: 'Feature', properties: { code, ...extra }, geometry: { type: 'Polygon', coordinates } });
  const put = (user: TestUser, body: unknown, query = '') => api(h, user, 'PUT', `/api/admin/geo/boundaries${query}`, body);

  it('404 before the office has a file; 400 naming the field for what is not a valid file', async () => {
    const none = await api(h, org.users.analyst, 'GET', '/api/geo/boundaries');
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('NOT_FOUND');
    const fields = async (body: unknown) => {
      const r = await put(org.users.admin, body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      return r.body.error.details.issues.map((i: any) => i.field);
    };
    const code = org.units.district.code;
    expect(await fields({ type: 'Feature', features: [feature(code)] })).toEqual(['type']);
    expect(await fields({ type: 'FeatureCollection', features: [] })).toEqual(['features']);
    expect(await fields({ type: 'FeatureCollection', features: [{ ...feature(code), geometry: { type: 'Point', coordinates: [114, 30] } }] })).toEqual(['features[0].geometry.type']);
    expect(await fields({ type: 'FeatureCollection', features: [feature(code), { type: 'Feature', properties: { name: '无编码' }, geometry: feature(code).geometry }] })).toEqual(['features[1].properties.code']);
    expect(await fields({ type: 'FeatureCollection', features: [feature(code), feature(code, square(115, 30))] })).toEqual(['features[1].properties.code']);
    expect(await fields({ type: 'FeatureCollection', features: [feature(code, [[[114, 30], [115, 30], [115, 31], [114, 31]]])] })).toEqual(['features[0].geometry.coordinates']); // not closed
    expect(await fields({ type: 'FeatureCollection', features: [feature(code, square(30, 114))] })).toEqual(['features[0].geometry.coordinates']); // [lat, lng]
    expect(await fields({ type: 'FeatureCollection', features: [feature(code, undefined, { level: 'province' })] })).toEqual(['features[0].properties.level']);
    // above the size limit (1.5 MiB stored)
    const ring = Array.from({ length: 95_000 }, (_, i) => [(114_000 + (i % 1000)) / 1000, (30_000 + Math.floor(i / 1000)) / 1000]);
    const big = { type: 'FeatureCollection', features: [feature(code, [[...ring, ring[0]]])] };
    expect(JSON.stringify(big).length).toBeGreaterThan(1_572_864); // under the 2 MiB request limit, over the file limit
    expect(JSON.stringify(big).length).toBeLessThan(2_000_000);
    const r = await put(org.users.admin, big);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    // only administrators store, only for a unit in their scope
    expect((await put(org.users.analyst, { type: 'FeatureCollection', features: [feature(code)] })).status).toBe(403);
    expect((await put(org.users.admin, { type: 'FeatureCollection', features: [feature(code)] }, `?unitId=${org.units.otherCity.id}`)).status).toBe(404);
    expect((await api(h, org.users.analyst, 'GET', '/api/geo/boundaries')).status).toBe(404);
  });

  it('stores a valid file for the city, fills names and levels from the units, and serves it by scope', async () => {
    const file = {
      type: 'FeatureCollection',
      features: [
        feature(org.units.district.code, square(114, 30)),
        feature(district2.code, square(114.2, 30), { name: '西区（示意）' }),
        { ...feature(org.units.street.code, square(114, 30)), geometry: { type: 'MultiPolygon', coordinates: [square(114, 30), square(114.05, 30.05)] } },
        feature(street2.code, square(114.1, 30.1)),
        feature(`nowhere-${org.tag}`, square(113, 29), { name: '别处', level: 'district' }),
      ],
    };
    const r = await put(org.users.admin, file);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ unit: { id: org.units.city.id }, features: 5, unknownCodes: [`nowhere-${org.tag}`] });
    const full = await api(h, org.users.analyst, 'GET', '/api/geo/boundaries');
    expect(full.status).toBe(200);
    expect(full.res.headers['content-type']).toMatch(/^application\/geo\+json/);
    answers.push(full.res.body);
    const geo = JSON.parse(full.res.body);
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.map((f: any) => [f.properties.code, f.properties.name, f.properties.level, f.geometry.type])).toEqual([
      [org.units.district.code, '东区', 'district', 'Polygon'],
      [district2.code, '西区（示意）', 'district', 'Polygon'],
      [org.units.street.code, '东区青山街道', 'street', 'MultiPolygon'],
      [street2.code, '东区白沙街道', 'street', 'Polygon'],
      [`nowhere-${org.tag}`, '别处', 'district', 'Polygon'],
    ]);
    expect(geo.features[0].geometry.coordinates).toEqual(square(114, 30));
    // a district sees its own areas only
    const mine = await api(h, districtAnalyst, 'GET', '/api/geo/boundaries');
    expect(mine.status).toBe(200);
    expect(JSON.parse(mine.res.body).features.map((f: any) => f.properties.code)).toEqual([org.units.district.code, org.units.street.code, street2.code]);
    // another city has none of ours; a handler may not read it
    expect((await api(h, org.users.otherDispatcher, 'GET', '/api/geo/boundaries')).status).toBe(404);
    expect((await api(h, org.users.handlerA, 'GET', '/api/geo/boundaries')).status).toBe(403);
    // replaced as a whole
    const again = await put(org.users.admin, { type: 'FeatureCollection', features: [feature(org.units.district.code)] });
    expect(again.body.features).toBe(1);
    expect(JSON.parse((await api(h, org.users.admin, 'GET', '/api/geo/boundaries')).res.body).features).toHaveLength(1);
  });

  it('the demo ships a valid file for 江城市: 3 districts and 8 streets that match the demo units', async () => {
    const fs = await import('node:fs');
    const { DEMO_BOUNDARIES_FILE } = await import('../../src/seed/geo/boundaries.js');
    const { unitDefs } = await import('../../src/seed/org.js');
    const { validateBoundaries } = await import('../../src/analytics/geo.js');
    const units = new Map(unitDefs().map((u) => [u.code, { name: u.name, type: u.type }]));
    const { collection, issues, unknownCodes } = validateBoundaries(JSON.parse(fs.readFileSync(DEMO_BOUNDARIES_FILE, 'utf8')), units);
    expect(issues).toEqual([]);
    expect(unknownCodes).toEqual([]);
    const areas = unitDefs().filter((u) => u.type === 'district' || u.type === 'street');
    expect(collection.features.map((f) => f.properties.code).sort()).toEqual(areas.map((u) => u.code).sort());
    for (const f of collection.features) expect(f.properties.name).toBe(units.get(f.properties.code)!.name);
  });
});

describe('scope, roles and bad input', () => {
  const urls = [`/api/dashboard/overview?${FEB}`, `/api/dashboard/breakdown?${FEB}`, '/api/dashboard/rankings?month=2044-02', `/api/dashboard/map?${FEB}`];

  it('a district user gets its subtree; a unit outside the scope answers 404', async () => {
    const body = await get(districtAnalyst, `/api/dashboard/overview?${FEB}`);
    expect(body.unit).toEqual({ id: org.units.district.id, name: '东区', type: 'district' });
    expect(body.current.intake).toBe(8);
    const ranks = await get(districtAnalyst, '/api/dashboard/rankings?month=2044-02&metric=closure&minCount=1');
    expect([...ranks.ranked, ...ranks.unranked].map((r: any) => r.unit.name).sort()).toEqual(['东区信访办', '东区白沙街道', '东区青山街道'].sort());
    for (const url of urls)
      for (const unitId of [org.units.city.id, org.units.deptA.id, district2.id, org.units.otherCity.id, '999999999']) {
        const r = await api(h, districtAnalyst, 'GET', `${url}&unitId=${unitId}`);
        expect(r.status, `${url} ${unitId}`).toBe(404);
        expect(r.body.error.code).toBe('NOT_FOUND');
      }
    for (const url of urls) expect((await api(h, org.users.otherDispatcher, 'GET', `${url}&unitId=${org.units.street.id}`)).status).toBe(404);
  });

  it('roles analyst, supervisor, dispatcher, unit_head; a handler gets 403, no session 401', async () => {
    for (const url of urls) {
      expect((await api(h, null, 'GET', url)).status).toBe(401);
      for (const who of [org.users.handlerA, org.users.intake, org.users.visitor, org.users.admin]) {
        const r = await api(h, who, 'GET', url);
        expect(r.status, `${url} ${who.username}`).toBe(403);
        expect(r.body.error.code).toBe('FORBIDDEN');
      }
      for (const who of [org.users.supervisor, org.users.dispatcher, org.users.headA]) expect((await api(h, who, 'GET', url)).status, `${url} ${who.username}`).toBe(200);
    }
  });

  it('400 naming the field', async () => {
    const fields = async (url: string) => {
      const r = await api(h, org.users.analyst, 'GET', url);
      expect(r.status, url).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      return r.body.error.details.issues.map((i: any) => i.field);
    };
    expect(await fields('/api/dashboard/overview?to=2044-02-29')).toEqual(['from']);
    expect(await fields('/api/dashboard/overview?from=2043-02-29&to=2043-03-31')).toEqual(['from']);
    expect(await fields('/api/dashboard/overview?from=2044-03-01&to=2044-02-01')).toEqual(['to']);
    expect(await fields('/api/dashboard/overview?from=2043-01-01&to=2044-02-29')).toEqual(['to']);
    expect(await fields(`/api/dashboard/overview?${FEB}&unitId=abc`)).toEqual(['unitId']);
    expect(await fields(`/api/dashboard/overview?${FEB}&categoryId=999999999999`)).toEqual(['categoryId']);
    expect(await fields(`/api/dashboard/breakdown?${FEB}&by=street`)).toEqual(['by']);
    expect(await fields(`/api/dashboard/breakdown?${FEB}&by=category&categoryId=999999999999`)).toEqual(['categoryId']);
    expect(await fields(`/api/dashboard/map?${FEB}&level=community`)).toEqual(['level']);
    expect(await fields('/api/dashboard/rankings')).toEqual(['month']);
    expect(await fields('/api/dashboard/rankings?month=2044-13')).toEqual(['month']);
    expect(await fields('/api/dashboard/rankings?month=2044-04')).toEqual(['month']); // not begun (now is 2044-03-15)
    expect(await fields('/api/dashboard/rankings?month=2044-02&metric=speed')).toEqual(['metric']);
    expect(await fields('/api/dashboard/rankings?month=2044-02&among=grid')).toEqual(['among']);
    expect(await fields('/api/dashboard/rankings?month=2044-02&minCount=-1')).toEqual(['minCount']);
  });

  it('the current month is cut at today', async () => {
    const body = await get(org.users.analyst, '/api/dashboard/rankings?month=2044-03&metric=closure&minCount=0');
    expect(body).toMatchObject({ from: '2044-03-01', to: '2044-03-15' });
  });

  it('is in the OpenAPI document', async () => {
    const r = await api(h, null, 'GET', '/api/openapi.json');
    for (const p of ['/api/dashboard/overview', '/api/dashboard/breakdown', '/api/dashboard/rankings', '/api/dashboard/map', '/api/geo/boundaries']) expect(r.body.paths[p].get.summary, p).toBeTruthy();
    expect(r.body.paths['/api/admin/geo/boundaries'].put.tags).toEqual(['admin']);
    expect(r.body.paths['/api/dashboard/rankings'].get.parameters.map((p: any) => [p.name, p.required])).toEqual([
      ['month', true],
      ['unitId', false],
      ['among', false],
      ['metric', false],
      ['minCount', false],
    ]);
  });

  it('no personal data in any answer: only units, categories and numbers', () => {
    expect(answers.length).toBeGreaterThan(20);
    const text = answers.join('\n');
    for (const secret of ['张三丰', '13812341234', '110101199001010000', '王建国', ...Object.values(c).map((x) => x.id), ...Object.values(c).map((x) => x.trackingCode)])
      expect(text).not.toContain(secret);
  });
});
