/** Administration data: reply templates (答复模板), categories, routing rules (派单规则) and their use at intake. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, makeOrg, startHarness, type Harness, type Org } from '../helpers/harness.js';

let h: Harness;
let org: Org;
beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

const fields = (body: any) => (body.error?.details?.issues ?? []).map((i: any) => i.field);
const audited = async (action: string, entityId: string) =>
  (await h.rt.deps.db.selectFrom('audit_log').select('id').where('action', '=', action).where('entity_id', '=', entityId).execute()).length;

async function newCategory(code: string, name = `分类${code}`) {
  const r = await api(h, org.users.admin, 'POST', '/api/categories', { code: `${code}-${org.tag}`, name, nameEn: `Cat ${code}`, kind: 'appeal' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; code: string };
}

describe('categories administration', () => {
  it('creates, lists, renames and deactivates; duplicate code 409; non-admin 403; bad input 400', async () => {
    const cat = await newCategory('housing', '住房保障');
    expect(await audited('category.create', cat.id)).toBe(1);
    let list = await api(h, null, 'GET', '/api/categories');
    expect(list.body.items.find((c: any) => c.id === cat.id)).toMatchObject({ name: '住房保障', kind: 'appeal', active: true });
    list = await api(h, null, 'GET', '/api/categories?lang=en');
    expect(list.body.items.find((c: any) => c.id === cat.id).name).toBe('Cat housing');

    const child = await api(h, org.users.admin, 'POST', '/api/categories', { code: `housing.rent-${org.tag}`, name: '公租房', kind: 'appeal', parentId: cat.id });
    expect(child.status).toBe(201);
    expect(child.body.parentId).toBe(cat.id);

    const dup = await api(h, org.users.admin, 'POST', '/api/categories', { code: cat.code, name: '重复', kind: 'appeal' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('ALREADY_EXISTS');
    expect(fields(dup.body)).toEqual(['code']);
    expect(dup.body.error.message).toContain('code');

    const bad = await api(h, org.users.admin, 'POST', '/api/categories', { code: 'has space', name: '', kind: 'complaint' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(fields(bad.body).sort()).toEqual(['code', 'kind', 'name']);
    const badParent = await api(h, org.users.admin, 'POST', '/api/categories', { code: `x-${org.tag}`, name: '无父', kind: 'appeal', parentId: '999999999' });
    expect(badParent.status).toBe(400);
    expect(fields(badParent.body)).toEqual(['parentId']);

    for (const user of [org.users.intake, org.users.dispatcher]) {
      expect((await api(h, user, 'POST', '/api/categories', { code: `no-${org.tag}`, name: '不行', kind: 'appeal' })).status).toBe(403);
      expect((await api(h, user, 'PUT', `/api/categories/${cat.id}`, { name: '不行' })).status).toBe(403);
    }
    expect((await api(h, null, 'POST', '/api/categories', { code: `no-${org.tag}`, name: '不行', kind: 'appeal' })).status).toBe(401);

    const renamed = await api(h, org.users.admin, 'PUT', `/api/categories/${cat.id}`, { name: '住房保障与公租房', nameEn: 'Housing' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '住房保障与公租房', nameEn: 'Housing', code: cat.code, active: true });
    const off = await api(h, org.users.admin, 'PUT', `/api/categories/${cat.id}`, { active: false });
    expect(off.body.active).toBe(false);
    expect(await audited('category.update', cat.id)).toBe(2);
    list = await api(h, null, 'GET', '/api/categories');
    expect(list.body.items.map((c: any) => c.id)).not.toContain(cat.id);
    list = await api(h, org.users.admin, 'GET', '/api/categories?all=true');
    expect(list.body.items.find((c: any) => c.id === cat.id)).toMatchObject({ active: false, nameZh: '住房保障与公租房' });
    expect((await api(h, org.users.admin, 'PUT', '/api/categories/999999999', { name: '无' })).status).toBe(404);
    const badPut = await api(h, org.users.admin, 'PUT', `/api/categories/${cat.id}`, { name: '', active: 'yes' });
    expect(badPut.status).toBe(400);
    expect(fields(badPut.body).sort()).toEqual(['active', 'name']);
  });
});

describe('reply templates', () => {
  it('creates, filters by category and decision, updates and deactivates; refusals and bad input', async () => {
    const cat = await newCategory('tpl');
    const other = await newCategory('tpl-other');
    const mk = async (body: Record<string, unknown>) => {
      const r = await api(h, org.users.admin, 'POST', '/api/templates', body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body as { id: string };
    };
    const general = await mk({ title: `通用答复${org.tag}`, body: '您反映的问题已收悉，经调查核实，现答复如下：' });
    const forCat = await mk({ title: `支持答复${org.tag}`, categoryId: cat.id, decision: 'support', body: '经调查，您的诉求合理，予以支持。' });
    const forOther = await mk({ title: `别类答复${org.tag}`, categoryId: other.id, body: '别的分类。' });
    const explain = await mk({ title: `解释答复${org.tag}`, categoryId: cat.id, decision: 'explain', body: '现就有关政策解释说明如下。' });
    expect(await audited('template.create', forCat.id)).toBe(1);

    const ids = async (query: string, user = org.users.handlerA) => {
      const r = await api(h, user, 'GET', `/api/templates${query}`);
      expect(r.status).toBe(200);
      return r.body.items.map((t: any) => t.id) as string[];
    };
    expect(await ids('')).toEqual(expect.arrayContaining([general.id, forCat.id, forOther.id, explain.id]));
    const inCat = await ids(`?categoryId=${cat.id}`);
    expect(inCat).toEqual(expect.arrayContaining([general.id, forCat.id, explain.id]));
    expect(inCat).not.toContain(forOther.id);
    const support = await ids(`?categoryId=${cat.id}&decision=support`);
    expect(support).toEqual(expect.arrayContaining([general.id, forCat.id]));
    expect(support).not.toContain(explain.id);
    const one = (await api(h, org.users.handlerA, 'GET', `/api/templates?categoryId=${cat.id}`)).body.items.find((t: any) => t.id === forCat.id);
    expect(one).toMatchObject({ categoryId: cat.id, decision: 'support', body: '经调查，您的诉求合理，予以支持。', active: true });

    const upd = await api(h, org.users.admin, 'PUT', `/api/templates/${forCat.id}`, { body: '经调查核实，您的诉求予以支持。', decision: null });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ body: '经调查核实，您的诉求予以支持。', decision: null, categoryId: cat.id });
    expect(await ids(`?categoryId=${cat.id}&decision=explain`)).toContain(forCat.id);

    const del = await api(h, org.users.admin, 'DELETE', `/api/templates/${forCat.id}`);
    expect(del.status).toBe(200);
    expect(del.body.active).toBe(false);
    expect(await ids('')).not.toContain(forCat.id);
    expect(await ids('?all=true', org.users.admin)).toContain(forCat.id);
    expect(await audited('template.deactivate', forCat.id)).toBe(1);
    const back = await api(h, org.users.admin, 'PUT', `/api/templates/${forCat.id}`, { active: true });
    expect(back.body.active).toBe(true);
    expect(await ids('')).toContain(forCat.id);

    for (const [method, url] of [['POST', '/api/templates'], ['PUT', `/api/templates/${general.id}`], ['DELETE', `/api/templates/${general.id}`]] as const) {
      const r = await api(h, org.users.headA, method, url, { title: '越权', body: '越权的模板' });
      expect(r.status, `${method} ${url}`).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    const bad = await api(h, org.users.admin, 'POST', '/api/templates', { title: '', decision: 'maybe', body: 'x' });
    expect(bad.status).toBe(400);
    expect(fields(bad.body).sort()).toEqual(['body', 'decision', 'title']);
    const noCat = await api(h, org.users.admin, 'POST', '/api/templates', { title: '无分类', categoryId: '999999999', body: '正文内容' });
    expect(noCat.status).toBe(400);
    expect(fields(noCat.body)).toEqual(['categoryId']);
    expect((await api(h, org.users.admin, 'PUT', '/api/templates/999999999', { title: '无' })).status).toBe(404);
    expect((await api(h, org.users.admin, 'DELETE', '/api/templates/abc')).status).toBe(400);
  });
});

describe('routing rules', () => {
  it('creates, lists, updates and deactivates; out-of-scope unit 422; refusals; and matches at intake', async () => {
    const cat = await newCategory('rules');
    const mk = async (body: Record<string, unknown>) => {
      const r = await api(h, org.users.admin, 'POST', '/api/routing-rules', body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body as { id: string; unitName: string };
    };
    const leak = await mk({ name: '漏水归住建', keywords: ['漏水', '防水'], unitId: org.units.deptA.id, priority: 20 });
    expect(leak.unitName).toBe('测试市住建局');
    const leakQingshan = await mk({ name: '青山漏水归街道', keywords: ['漏水'], place: '青山街道', unitId: org.units.street.id, priority: 10 });
    const byCat = await mk({ name: '按分类归环保', categoryId: cat.id, unitId: org.units.deptB.id, priority: 30 });
    const noise = await mk({ name: '噪音归环保', keywords: ['噪音'], unitId: org.units.deptB.id });
    expect(await audited('routing_rule.create', leak.id)).toBe(1);

    const list = await api(h, org.users.dispatcher, 'GET', '/api/routing-rules');
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: any) => r.id)).toEqual([leakQingshan.id, leak.id, byCat.id, noise.id]);
    expect(list.body.items[0]).toMatchObject({ keywords: ['漏水'], place: '青山街道', unitId: org.units.street.id, priority: 10, active: true });
    // rules of another tree are not listed to it
    expect((await api(h, org.users.otherDispatcher, 'GET', '/api/routing-rules')).body.items).toEqual([]);

    const suggest = (body: Record<string, unknown>, user = org.users.intake) => api(h, user, 'POST', '/api/intake/suggest', body);
    let s = await suggest({ title: '楼顶漏水', content: '楼顶防水层老化，雨天漏水', location: '青山街道幸福小区3号楼' });
    expect(s.status).toBe(200);
    expect(s.body.rules.map((r: any) => r.ruleId)).toEqual([leakQingshan.id, leak.id]);
    expect(s.body.rules[0]).toMatchObject({ name: '青山漏水归街道', unitId: org.units.street.id, unitName: '东区青山街道' });
    expect(s.body.rules[0].reason).toContain('漏水');
    expect(s.body.rules[0].reason).toContain('青山街道');
    s = await suggest({ title: '楼顶漏水', content: '楼顶漏水无人修', location: '别的街道' });
    expect(s.body.rules.map((r: any) => r.ruleId)).toEqual([leak.id]);
    s = await suggest({ title: '工地夜间施工', content: '夜里施工噪音很大', categoryId: cat.id });
    expect(s.body.rules.map((r: any) => r.ruleId)).toEqual([byCat.id, noise.id]);
    s = await suggest({ title: '其他问题', content: '与规则无关的内容' });
    expect(s.body.rules).toEqual([]);
    s = await suggest({ title: 'Leak', content: 'roof leak 漏水', location: '青山街道' }, org.users.otherDispatcher);
    expect(s.body.rules).toEqual([]);

    // update: keywords, priority; then deactivate
    const upd = await api(h, org.users.admin, 'PUT', `/api/routing-rules/${noise.id}`, { keywords: ['噪音', '扰民'], priority: 5 });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ keywords: ['噪音', '扰民'], priority: 5, name: '噪音归环保' });
    s = await suggest({ title: '扰民', content: '广场舞音响扰民', categoryId: cat.id });
    expect(s.body.rules.map((r: any) => r.ruleId)).toEqual([noise.id, byCat.id]);
    const del = await api(h, org.users.admin, 'DELETE', `/api/routing-rules/${noise.id}`);
    expect(del.status).toBe(200);
    expect(del.body.active).toBe(false);
    expect(await audited('routing_rule.deactivate', noise.id)).toBe(1);
    s = await suggest({ title: '扰民', content: '广场舞音响扰民', categoryId: cat.id });
    expect(s.body.rules.map((r: any) => r.ruleId)).toEqual([byCat.id]);
    expect((await api(h, org.users.admin, 'GET', '/api/routing-rules')).body.items.map((r: any) => r.id)).not.toContain(noise.id);
    expect((await api(h, org.users.admin, 'GET', '/api/routing-rules?all=true')).body.items.map((r: any) => r.id)).toContain(noise.id);

    // a unit outside the admin's scope
    const out = await api(h, org.users.admin, 'POST', '/api/routing-rules', { name: '外市', keywords: ['漏水'], unitId: org.units.otherCity.id });
    expect(out.status).toBe(422);
    expect(out.body.error.code).toBe('INVALID_TARGET_UNIT');
    const outPut = await api(h, org.users.admin, 'PUT', `/api/routing-rules/${leak.id}`, { unitId: org.units.otherCity.id });
    expect(outPut.status).toBe(422);
    expect(outPut.body.error.code).toBe('INVALID_TARGET_UNIT');

    // refusals and bad input
    for (const [method, url] of [['POST', '/api/routing-rules'], ['PUT', `/api/routing-rules/${leak.id}`], ['DELETE', `/api/routing-rules/${leak.id}`]] as const) {
      const r = await api(h, org.users.dispatcher, method, url, { name: '越权', keywords: ['x'], unitId: org.units.deptA.id });
      expect(r.status, `${method} ${url}`).toBe(403);
    }
    const bad = await api(h, org.users.admin, 'POST', '/api/routing-rules', { name: '', keywords: 'x', unitId: 'abc', priority: 1.5 });
    expect(bad.status).toBe(400);
    expect(fields(bad.body).sort()).toEqual(['keywords', 'name', 'priority', 'unitId']);
    const none = await api(h, org.users.admin, 'POST', '/api/routing-rules', { name: '无条件', unitId: org.units.deptA.id });
    expect(none.status).toBe(400);
    expect(fields(none.body)).toEqual(['keywords']);
    expect((await api(h, org.users.admin, 'PUT', '/api/routing-rules/999999999', { priority: 1 })).status).toBe(404);
  });
});
