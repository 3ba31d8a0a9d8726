/**
 * What the workbench's generic register pages need from the register APIs: labels for every enumerated value of a
 * register's forms and records (GET /api/workflows → valueLabels), and whom a dispute may be assigned to
 * (GET /api/disputes/mediators: assign and reassign name a mediator by id; 人民调解法 第十九条 the committee designates them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, makeOrg, startHarness, type Harness, type Org } from '../helpers/harness.js';

let h: Harness;
let org: Org;

beforeAll(async () => {
  h = await startHarness();
  org = await makeOrg(h);
});
afterAll(async () => h?.close());

describe('value labels of the registers', () => {
  it('labels the return visit’s and the hazard’s codes in both languages', async () => {
    const r = await api(h, null, 'GET', '/api/workflows');
    expect(r.status).toBe(200);
    const labels = (entity: string) => (r.body.items as Array<{ entity: string; valueLabels: Record<string, { zh: string; en: string }> }>).find((w) => w.entity === entity)!.valueLabels;
    expect(labels('return_visit')).toMatchObject({ phone: { zh: '电话' }, partly_solved: { zh: '部分解决' }, basically_satisfied: { zh: '基本满意' }, reopen: { en: 'Reopen the case' } });
    expect(labels('hazard')).toMatchObject({ major: { zh: '重大隐患' }, gas: { zh: '燃气安全' }, inspection: { zh: '排查发现' }, rectified: { zh: '整改后' } });
  });
});

describe('GET /api/disputes/mediators', () => {
  const ids = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id);

  it('lists the mediators in the actor’s scope, with their units, and no one else', async () => {
    const r = await api(h, org.users.mediator, 'GET', '/api/disputes/mediators');
    expect(r.status).toBe(200);
    expect(ids(r.body)).toEqual(expect.arrayContaining([org.users.mediator.id, org.users.streetMediator.id]));
    expect(ids(r.body)).not.toContain(org.users.handlerA.id);
    expect(r.body.items.find((i: { id: string }) => i.id === org.users.streetMediator.id)).toEqual({
      id: org.users.streetMediator.id,
      displayName: 'streetMediator测试员',
      unitId: org.units.street.id,
      unitName: '东区青山街道',
    });
  });

  it('narrows to one committee and the units under it', async () => {
    const r = await api(h, org.users.dispatcher, 'GET', `/api/disputes/mediators?unitId=${org.units.district.id}`);
    expect(ids(r.body)).toEqual([org.users.streetMediator.id]);
  });

  it('a street mediator sees only their street; another city sees none of ours; a unit outside the scope gives nobody', async () => {
    expect(ids((await api(h, org.users.streetMediator, 'GET', '/api/disputes/mediators')).body)).toEqual([org.users.streetMediator.id]);
    const other = await api(h, org.users.otherDispatcher, 'GET', '/api/disputes/mediators');
    expect(ids(other.body)).not.toContain(org.users.mediator.id);
    expect((await api(h, org.users.mediator, 'GET', `/api/disputes/mediators?unitId=${org.units.otherCity.id}`)).body.items).toEqual([]);
  });

  it('refuses a unit that is not an id (400, the field named)', async () => {
    const r = await api(h, org.users.mediator, 'GET', '/api/disputes/mediators?unitId=abc');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('unitId');
  });

  it('a listed mediator is one assign accepts', async () => {
    const created = await api(h, org.users.mediator, 'POST', '/api/disputes', {
      type: 'neighbours',
      title: '楼道堆物引发邻里纠纷',
      description: '青山街道幸福小区2号楼楼道长期堆放杂物，相邻两户多次争吵。',
      source: 'grid',
      parties: [
        { role: 'applicant', name: '赵一', phone: '13900003333' },
        { role: 'respondent', name: '钱二' },
      ],
    });
    expect(created.status).toBe(201);
    const listed = await api(h, org.users.mediator, 'GET', `/api/disputes/mediators?unitId=${org.units.street.id}`);
    const r = await api(h, org.users.mediator, 'POST', `/api/disputes/${created.body.id}/actions/assign`, { committeeUnitId: org.units.street.id, mediatorUserId: listed.body.items[0].id });
    expect(r.status).toBe(200);
    expect(r.body.mediatorName).toBe('streetMediator测试员');
  });
});
