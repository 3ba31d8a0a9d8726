/** Search, routing suggestions, near-duplicates and hotspots wired into intake and the API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, makeOrg, sampleCase, startHarness, type Harness, type Org } from '../helpers/harness.js';

let h: Harness;
let org: Org;
const cats: Record<string, string> = {};

const TOPICS = {
  water: { title: '小区楼顶漏水无人维修', content: '幸福小区3号楼楼顶防水层老化，每逢下雨室内漏水严重，物业拖延不修。', location: '青山街道幸福小区3号楼' },
  noise: { title: '夜间施工噪音扰民', content: '滨江路地铁工地每天夜里十二点后仍在施工，噪音很大，影响周边居民休息。', location: '滨江路地铁工地' },
  wage: { title: '建筑工地拖欠农民工工资', content: '我们在城南建筑工地干了半年，包工头拖欠工资三个月共计八万元，多次讨要无果。', location: '城南建筑工地' },
};

beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
  for (const [key, name] of [['build', '城乡建设'], ['env', '环境保护'], ['labour', '劳动和社会保障']] as const) {
    const row = await h.rt.deps.db
      .insertInto('categories')
      .values({ code: `${key}-${org.tag}`, name: `${name}${org.tag}`, kind: 'appeal' })
      .returning('id')
      .executeTakeFirstOrThrow();
    cats[key] = row.id;
  }
});
afterAll(async () => h?.close());

async function register(t: { title: string; content: string; location: string }, over: Record<string, unknown> = {}) {
  const r = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ ...t, ...over }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; regNo: string };
}

describe('full-text search (jieba tokens in a tsvector)', () => {
  it('finds by words, phrases and filters, excludes with -, and highlights the matches', async () => {
    const water = await register(TOPICS.water);
    const noise = await register(TOPICS.noise, { channel: 'web' });
    const search = async (q: string) => (await api(h, org.users.dispatcher, 'GET', `/api/cases?pageSize=50&q=${encodeURIComponent(q)}`)).body;
    let r = await search('漏水 物业');
    expect(r.items.map((i: any) => i.id)).toContain(water.id);
    expect(r.items.map((i: any) => i.id)).not.toContain(noise.id);
    expect(r.items.find((i: any) => i.id === water.id).highlight.title).toContain('<mark>漏水</mark>');
    expect(r.totalCapped).toBe(false);
    const ranked = (await api(h, org.users.dispatcher, 'GET', `/api/cases?sort=relevance&q=${encodeURIComponent('漏水 物业')}`)).body;
    expect(ranked.items[0].id).toBe(water.id);
    expect(ranked.items[0].rank).toBeGreaterThan(0);
    r = await search('"夜间施工"');
    expect(r.items.map((i: any) => i.id)).toEqual([noise.id]);
    r = await search('噪音 -地铁');
    expect(r.items.map((i: any) => i.id)).not.toContain(noise.id);
    r = await search('channel:web 施工');
    expect(r.items.map((i: any) => i.id)).toEqual([noise.id]);
    r = await search(water.regNo.slice(0, 12));
    expect(r.items.map((i: any) => i.id)).toContain(water.id);
    // hostile input never breaks the query
    for (const q of ["'\\&|!()<->:*", '"unterminated', '-', 'from:not-a-date 漏水']) {
      const res = await api(h, org.users.dispatcher, 'GET', `/api/cases?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
    // outside the actor's scope nothing is found
    const other = await api(h, org.users.otherDispatcher, 'GET', `/api/cases?q=${encodeURIComponent('漏水')}`);
    expect(other.body.items.map((i: any) => i.id)).not.toContain(water.id);
  });
});

describe('near-duplicates at intake', () => {
  it('shows an earlier case about the same matter, reworded, and not a different matter at the same place', async () => {
    const first = await register(TOPICS.wage);
    const s = await api(h, org.users.intake, 'POST', '/api/intake/suggest', {
      title: '城南工地包工头拖欠工资',
      content: '我们在城南建筑工地干了半年活，包工头拖欠我们三个月工资，一共八万元，讨要多次没有结果。',
      location: '城南建筑工地',
    });
    expect(s.status).toBe(200);
    expect(s.body.duplicates.map((d: any) => d.id)).toContain(first.id);
    const different = await api(h, org.users.intake, 'POST', '/api/intake/suggest', {
      title: '城南工地扬尘污染',
      content: '城南建筑工地没有覆盖裸土，刮风时扬尘严重，周边小区居民无法开窗。',
      location: '城南建筑工地',
    });
    expect(different.body.duplicates.map((d: any) => d.id)).not.toContain(first.id);
    const dupCase = await register({ title: '城南工地包工头拖欠工资', content: s.body.duplicates[0] ? '我们在城南建筑工地干了半年活，包工头拖欠我们三个月工资，一共八万元，讨要多次没有结果。' : '', location: '城南建筑工地' });
    const list = await api(h, org.users.intake, 'GET', `/api/cases/${dupCase.id}/duplicates`);
    expect(list.body.items.map((d: any) => d.id)).toContain(first.id);
  });
});

describe('routing suggestions from the office’s own settled cases', () => {
  it('trains on demand, stores a version, and suggests category and unit with the words that drove them', async () => {
    const before = await api(h, org.users.intake, 'POST', '/api/intake/suggest', { title: '楼顶漏水', content: '楼顶漏水物业不修' });
    expect(before.body.category).toEqual([]);
    const plan: Array<[keyof typeof TOPICS, string, string]> = [
      ['water', cats.build!, org.units.deptA.id],
      ['noise', cats.env!, org.units.deptB.id],
      ['wage', cats.labour!, org.units.district.id],
    ];
    const variants = ['', '，请尽快处理', '，希望政府重视', '，已经反映多次', '，严重影响生活', '，请求帮助解决', '，盼复', '，十分着急', '，谢谢'];
    for (const [topic, cat, unit] of plan) {
      for (const v of variants) {
        const c = await register({ ...TOPICS[topic], content: TOPICS[topic].content + v });
        await h.rt.deps.db.updateTable('cases').set({ status: 'closed', category_id: cat, lead_unit_id: unit }).where('id', '=', c.id).execute();
      }
    }
    const denied = await api(h, org.users.intake, 'POST', '/api/admin/text-models/train');
    expect(denied.status).toBe(403);
    const trained = await api(h, org.users.admin, 'POST', '/api/admin/text-models/train');
    expect(trained.status).toBe(200);
    expect(trained.body.results.map((r: any) => r.target).sort()).toEqual(['category', 'unit']);
    const s = await api(h, org.users.intake, 'POST', '/api/intake/suggest', { title: '工地老板拖欠工资', content: '包工头拖欠农民工工资好几个月了' });
    expect(s.body.category[0].id).toBe(cats.labour);
    expect(s.body.category[0].words.length).toBeGreaterThan(0);
    expect(s.body.unit[0].id).toBe(org.units.district.id);
    expect(s.body.category).toHaveLength(3);
    const models = await api(h, org.users.admin, 'GET', '/api/admin/text-models');
    expect(models.body.items.filter((m: any) => m.active)).toHaveLength(2);
  });
});

describe('hotspot topics', () => {
  it('refreshes and returns topics with size and case ids in the actor’s scope', async () => {
    for (let i = 0; i < 4; i++) await register({ ...TOPICS.noise, content: `${TOPICS.noise.content}第${i + 1}次反映。` });
    const r = await api(h, org.users.analyst, 'POST', '/api/admin/hotspots/refresh', { periodDays: 30 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const got = await api(h, org.users.analyst, 'GET', '/api/analytics/hotspots');
    expect(got.body.topics.length).toBeGreaterThan(0);
    const top = got.body.topics[0];
    expect(top.size).toBeGreaterThanOrEqual(4);
    expect(typeof top.label).toBe('string');
    const other = await api(h, org.users.otherDispatcher, 'GET', '/api/analytics/hotspots');
    for (const t of other.body.topics) expect(t.caseIds).toEqual([]);

    // 每月一题 (北京市接诉即办工作条例 第二十四条): the topic as a report, with its cases in words, no personal data
    const report = await api(h, org.users.analyst, 'GET', `/api/analytics/hotspots/${top.index}`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.topic.label).toBe(top.label);
    expect(report.body.cases.map((c: any) => c.id).sort()).toEqual([...top.caseIds].sort());
    expect(report.body.cases[0]).toMatchObject({ regNo: expect.any(String), title: expect.any(String), status: expect.any(String) });
    expect(JSON.stringify(report.body)).not.toContain('张三丰');
    expect((await api(h, org.users.otherDispatcher, 'GET', `/api/analytics/hotspots/${top.index}`)).status).toBe(404);
    expect((await api(h, org.users.analyst, 'GET', '/api/analytics/hotspots/abc')).status).toBe(400);
  });
});

describe('user dictionary', () => {
  it('keeps an office’s place names whole for cases indexed afterwards', async () => {
    expect((await api(h, org.users.admin, 'POST', '/api/admin/dictionary', { words: ['锦绣江南苑'], kind: 'community' })).status).toBe(200);
    const c = await register({ title: '锦绣江南苑停车难', content: '锦绣江南苑小区车位严重不足，晚上无处停车。', location: '锦绣江南苑' });
    const r = await api(h, org.users.dispatcher, 'GET', `/api/cases?q=${encodeURIComponent('锦绣江南苑')}`);
    expect(r.body.items.map((i: any) => i.id)).toContain(c.id);
  });
});
