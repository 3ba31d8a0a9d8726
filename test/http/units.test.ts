/**
 * Editing the unit tree (issue 11): rename, move with the whole subtree, deactivate only once nothing is left on the
 * unit — its open cases re-routed first (改派, 信访工作条例 第二十二条: the petition office forwards and assigns), its
 * staff moved — and reactivate. Never leaves a matter with a unit nobody works in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, addUser, api, makeOrg, sampleCase, startHarness, type Harness, type Org } from '../helpers/harness.js';

let h: Harness;
let org: Org;

beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2046-03-05T09:00:00+08:00');
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

const put = (id: string, body: unknown, user = org.users.admin) => api(h, user, 'PUT', `/api/units/${id}`, body);
const unitRow = (id: string) => h.rt.deps.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function newUnit(code: string, name: string, type: string, parentId: string) {
  const r = await api(h, org.users.admin, 'POST', '/api/units', { code: `${code}-${org.tag}`, name, type, parentId });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { id: string; path: string; code: string };
}

describe('editing units', () => {
  it('renames and re-codes a unit; refuses a taken code, a unit outside the scope and a non-administrator', async () => {
    const u = await newUnit('WSJ', '测试市卫生局', 'department', org.units.city.id);
    const r = await put(u.id, { name: '测试市卫生健康委员会', nameEn: 'Health Commission', code: `WJW-${org.tag}` });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ name: '测试市卫生健康委员会', nameEn: 'Health Commission', code: `WJW-${org.tag}`, active: true });
    expect((await put(u.id, { code: org.units.deptA.code })).body.error.code).toBe('ALREADY_EXISTS');
    expect((await put(org.units.otherCity.id, { name: '别处' })).status).toBe(404);
    expect((await put(u.id, { name: '无权修改' }, org.users.dispatcher)).status).toBe(403);
    expect((await put(u.id, {})).status).toBe(400);
    const audit = await h.rt.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', u.id).where('action', '=', 'unit.update').execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('moves a unit with its whole subtree: paths and depths follow, so scopes follow at once', async () => {
    const street = await newUnit('S9', '东区新城街道', 'street', org.units.district.id);
    const community = await newUnit('S9C1', '新城社区', 'community', street.id);
    const d2 = await newUnit('D2', '西区', 'district', org.units.city.id);
    const r = await put(street.id, { parentId: d2.id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.moved).toBe(2);
    const s = await unitRow(street.id);
    const c = await unitRow(community.id);
    expect(s.path).toBe(`${d2.path}${street.id}/`);
    expect(c.path).toBe(`${d2.path}${street.id}/${community.id}/`);
    expect(c.depth).toBe(s.depth + 1);
    // a unit cannot go under itself or its own sub-unit; the admin's own root cannot move
    expect((await put(street.id, { parentId: community.id })).body.error.code).toBe('INVALID_TARGET_UNIT');
    expect((await put(org.units.city.id, { parentId: org.units.province.id })).body.error.code).toBe('INVALID_TARGET_UNIT');
    // a user of the moved street now sees with the new district's dispatcher, not the old one's
    const units = (await api(h, org.users.admin, 'GET', '/api/units')).body.items as { id: string; path: string }[];
    expect(units.find((u) => u.id === community.id)!.path.startsWith(d2.path)).toBe(true);
  });

  it('deactivates a unit only once its open cases are re-routed and its staff moved; a deactivated unit gets no new work', async () => {
    const dept = await newUnit('SWJ', '测试市水务局', 'department', org.units.city.id);
    const deptUnit = await unitRow(dept.id);
    const handler = await addUser(h, org, 'swjHandler', deptUnit, ['handler']);
    const reg = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: '小区自来水水压不足' }));
    expect(reg.status).toBe(201);
    const caseId = reg.body.id as string;
    expect((await act(h, org.users.dispatcher, caseId, 'route', { mode: 'forward', leadUnitId: dept.id })).status).toBe(200);
    expect((await act(h, handler, caseId, 'sign')).status).toBe(200);

    let r = await put(dept.id, { active: false });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('UNIT_HAS_OPEN_WORK');
    expect(r.body.error.message).toContain('1件在办信访事项');
    expect(r.body.error.message).toContain('1名在岗人员');
    expect(r.body.error.details.openWork.cases).toHaveLength(1);
    const work = await api(h, org.users.admin, 'GET', `/api/units/${dept.id}/open-work`);
    expect(work.body.cases).toEqual([{ id: caseId, regNo: reg.body.regNo, status: 'signed', role: 'lead' }]);
    expect(work.body.users.map((u: { username: string }) => u.username)).toEqual([handler.username]);
    // the listing names matters by number and status only: no petitioner
    expect(JSON.stringify(work.body)).not.toContain('张三丰');

    // 改派: the petition office moves the case on; the unit's handler moves to the successor
    expect((await act(h, org.users.dispatcher, caseId, 'reroute', { leadUnitId: org.units.deptA.id, reason: '水务局并入住建局（机构调整）' })).status).toBe(200);
    expect((await api(h, org.users.admin, 'PUT', `/api/users/${handler.id}`, { unitId: org.units.deptA.id })).status).toBe(200);
    r = await put(dept.id, { active: false });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.active).toBe(false);

    // nothing new goes to it (第二十二条: to a unit that can handle it), and nothing can be placed under it
    const next = await api(h, org.users.intake, 'POST', '/api/cases', sampleCase({ title: '供水管道破裂' }));
    expect((await act(h, org.users.dispatcher, next.body.id, 'route', { mode: 'forward', leadUnitId: dept.id })).body.error.code).toBe('INVALID_TARGET_UNIT');
    const sub = await newUnit('SWJ1', '供水科', 'department', org.units.city.id);
    expect((await put(sub.id, { parentId: dept.id })).body.error.code).toBe('UNIT_INACTIVE');
    expect((await api(h, org.users.admin, 'GET', '/api/units')).body.items.find((u: { id: string }) => u.id === dept.id).active).toBe(false);

    // reactivated, it can take work again
    expect((await put(dept.id, { active: true })).status).toBe(200);
    expect((await act(h, org.users.dispatcher, next.body.id, 'route', { mode: 'forward', leadUnitId: dept.id })).status).toBe(200);
  });

  it('a unit with an active sub-unit is not deactivated, and a sub-unit of a deactivated unit is not reactivated', async () => {
    const parent = await newUnit('JYJ', '测试市教育局', 'department', org.units.city.id);
    const child = await newUnit('JYJ1', '基础教育科', 'department', parent.id);
    let r = await put(parent.id, { active: false });
    expect(r.body.error.code).toBe('UNIT_HAS_OPEN_WORK');
    expect(r.body.error.message).toContain('1个在用下级单位');
    expect((await put(child.id, { active: false })).status).toBe(200);
    expect((await put(parent.id, { active: false })).status).toBe(200);
    r = await put(child.id, { active: true });
    expect(r.body.error.code).toBe('UNIT_INACTIVE');
  });
});
