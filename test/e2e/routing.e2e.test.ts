/**
 * Routing in the workbench, in a real browser against the real server (docs/units.md, "Routing in the workbench"):
 * the route drawer shows the units computed for the case first — the office's routing rule that matches and the
 * classifier's units with the words behind them — "use this unit" fills 主办单位 with its full path, and the unit
 * picker lists every district's 住房和城乡建设局 by path, the case's own district first. Then 撤回 (recall): a
 * dispatch the unit has not signed for is taken back with a reason and is in the dispatcher's queue again; after
 * signing, recall is no longer offered and the unit's 退单 is the way (信访工作条例 第二十三条第三款).
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { pickUnit, shot } from './server.js';
import { field, openAction, submitAction } from './forms.js';
import { workbenchJourney } from './workbench.js';

const { staff } = workbenchJourney('routing-failed');

const PLACE = '江城市东湖区湖滨街道锦绣花园小区3栋';
const routed = { id: '', regNo: '', title: '锦绣花园小区楼下餐馆油烟噪音扰民' };
const recalled = { id: '', regNo: '', title: '锦绣花园小区电梯长期停运无人维修' };

async function register(page: Page, m: { id: string; regNo: string; title: string }, content: string) {
  const r = await page.request.post('/api/cases', { data: { channel: 'phone', kind: 'appeal', title: m.title, content, location: PLACE, anonymous: true } });
  expect(r.status(), await r.text()).toBe(201);
  const body = (await r.json()) as { id: string; regNo: string };
  m.id = body.id;
  m.regNo = body.regNo;
}


async function allowed(page: Page): Promise<string[]> {
  await page.getByTestId('case-regno').waitFor();
  if ((await page.getByTestId('no-actions').count()) > 0) return [];
  return page.locator('[data-testid="case-actions"] [data-action]').evaluateAll((els) => els.map((el) => el.getAttribute('data-action') ?? ''));
}

const status = (page: Page) => page.getByTestId('case-status').textContent();

/** The cases of "my queue" (mine=true) that match a registration number, as the queue page asks for them. */
async function inMyQueue(page: Page, regNo: string): Promise<string[]> {
  const r = await page.request.get('/api/cases', { params: { mine: 'true', q: regNo } });
  expect(r.ok()).toBe(true);
  return ((await r.json()) as { items: Array<{ regNo: string }> }).items.map((c) => c.regNo);
}

describe('the route drawer: suggested units first, a picker that shows paths', () => {
  it('a dispatcher sees the routing rule and the classifier’s units first, each with its path and the words behind it', async () => {
    const page = await staff('dispatcher');
    await register(page, routed, '东湖区湖滨街道锦绣花园小区楼下新开的餐馆每天油烟直排，排风机噪音到深夜，居民无法开窗休息，多次投诉未果。');
    await register(page, recalled, '东湖区湖滨街道锦绣花园小区2号楼电梯停运两个月，物业称维修资金申请未批，老人上下楼困难。');
    await page.goto(`/cases/${routed.id}`);
    expect(await allowed(page)).toContain('route');
    const drawer = await openAction(page, 'route');
    const box = drawer.getByTestId('route-suggestions');
    await box.waitFor();
    // the office's rule 油烟、噪音、污染 → 生态环境局 (seeded), with its name and the keywords that matched
    const ruleRow = box.getByTestId('route-suggestion').filter({ has: drawer.page().locator('[data-unit-name="江城市生态环境局"]') });
    await expect(ruleRow.getByTestId('route-suggestion-rule').textContent()).resolves.toContain('油烟、噪音、污染 → 生态环境局');
    await expect(ruleRow.getByTestId('route-suggestion-rule').textContent()).resolves.toMatch(/关键词 .*油烟/);
    await expect(ruleRow.locator('.unit-path').textContent()).resolves.toBe('江城市 › 生态环境局');
    // the classifier's units: each with a score and the words that drove it
    const model = box.getByTestId('route-suggestion-model');
    expect(await model.count()).toBeGreaterThan(0);
    await expect(model.first().textContent()).resolves.toMatch(/得分 \d\.\d\d，依据词：\S+/);
    // every row shows its unit's full path; a unit of another district than the case's (东湖区) is marked so
    for (const row of await box.getByTestId('route-suggestion').all()) {
      const p = (await row.locator('.unit-path').textContent()) ?? '';
      expect(p).toMatch(/^江城市 › /);
      const district = /^江城市 › (\S+区) › /.exec(p)?.[1];
      const mark = row.getByTestId('route-suggestion-other-area');
      if (district && district !== '东湖区') await expect(mark.textContent()).resolves.toBe(`属于${district}，事项在东湖区`);
      else expect(await mark.count()).toBe(0);
    }
    await shot(page, 'routing-1-suggestions', false);

    // "use this unit" fills 主办单位, shown by its full path
    await ruleRow.getByTestId('route-suggestion-use').click();
    const lead = field(drawer, '主办单位');
    await lead.locator('[data-unit-name="江城市生态环境局"]').waitFor();
    await expect(lead.locator('.unit-path').textContent()).resolves.toBe('江城市 › 生态环境局');
    await expect(ruleRow.getByTestId('route-suggestion-use').textContent()).resolves.toContain('已选为主办单位');
  });

  it('typing 住房和城乡建设局 lists every district’s bureau by its path, the case’s district first; Enter picks the highlighted one', async () => {
    const page = await staff('dispatcher', '/queue');
    await page.goto(`/cases/${routed.id}`);
    const drawer = await openAction(page, 'route');
    await drawer.getByTestId('route-suggestions').waitFor();
    await drawer.getByTestId('route-suggestion').filter({ has: page.locator('[data-unit-name="江城市生态环境局"]') }).getByTestId('route-suggestion-use').click();
    const assist = field(drawer, '协办单位');
    // a taller window, so the list opens below the field and the chosen lead's path stays in the picture
    await page.setViewportSize({ width: 1400, height: 1250 });
    await assist.locator('.ant-select').click();
    await assist.locator('input').fill('住房和城乡建设局');
    const list = page.locator('.ant-select-dropdown:visible');
    await list.locator('[data-unit-name="西山区住房和城乡建设局"]').first().waitFor();
    const shown = await list.locator('.ant-select-item-option .unit-path').allTextContents();
    expect(shown).toEqual(
      expect.arrayContaining(['江城市 › 住房和城乡建设局', '江城市 › 东湖区 › 住房和城乡建设局', '江城市 › 江北区 › 住房和城乡建设局', '江城市 › 西山区 › 住房和城乡建设局']),
    );
    expect(shown.every((p) => p.endsWith('住房和城乡建设局'))).toBe(true);
    // the case's place (东湖区湖滨街道…) puts 东湖区's units first; the rest stays listed below
    expect(shown[0]).toBe('江城市 › 东湖区 › 住房和城乡建设局');
    expect(shown[1]).toBe('江城市 › 住房和城乡建设局'); // then the city's own bureau, before other districts'
    await expect(list.locator('.ant-select-item-group').first().textContent()).resolves.toBe('事项所在地：东湖区');
    await shot(page, 'routing-2-picker-paths', false);
    // the switch narrows the list to the case's district, and back
    await list.getByTestId('unit-picker-only-area').click();
    await expect(list.locator('.ant-select-item-option .unit-path').allTextContents()).resolves.toEqual(['江城市 › 东湖区 › 住房和城乡建设局']);
    await list.getByTestId('unit-picker-only-area').click();
    await list.locator('[data-unit-name="江城市住房和城乡建设局"]').waitFor();
    await assist.locator('input').press('Enter'); // keyboard: the highlighted (first) option
    await assist.locator('[data-unit-name="东湖区住房和城乡建设局"]').waitFor();
    await assist.locator('input').press('Escape');
    await submitAction(page, 'route');
    await expect(status(page)).resolves.toBe('已交办');
  });

  it('the handler of the chosen unit has it in their queue and may sign for it; the assisting district bureau sees it too', async () => {
    const page = await staff('sthj.handler', `/queue?q=${routed.regNo}`);
    await page.getByRole('link', { name: routed.regNo }).click();
    await page.waitForURL(/\/cases\//);
    expect(await allowed(page)).toEqual(['sign', 'object']);
    const units = await page.request.get(`/api/cases/${routed.id}`);
    const view = (await units.json()) as { units: Array<{ name: string; role: string; active: boolean }> };
    expect(view.units.filter((u) => u.active && u.role === 'lead').map((u) => u.name)).toEqual(['江城市生态环境局']);
    expect(view.units.filter((u) => u.active && u.role === 'assist').map((u) => u.name)).toEqual(['东湖区住房和城乡建设局']);
  });
});

describe('撤回 (recall) before the unit signs; 退单 after', () => {
  it('the dispatcher routes a case, then recalls it with a reason before the unit signs: it is registered again, in the dispatcher’s queue', async () => {
    const page = await staff('dispatcher');
    await page.goto(`/cases/${recalled.id}`);
    const route = await openAction(page, 'route');
    await pickUnit(route, '主办单位', '江城市住房和城乡建设局');
    await expect(field(route, '主办单位').locator('.unit-path').textContent()).resolves.toBe('江城市 › 住房和城乡建设局');
    await submitAction(page, 'route');
    await expect(status(page)).resolves.toBe('已交办');
    expect(await allowed(page)).toEqual(expect.arrayContaining(['recall', 'reroute']));

    const drawer = await openAction(page, 'recall');
    await drawer.getByText(/依据.*第二十二条/).waitFor();
    await drawer.getByLabel('理由').fill('电梯停运应先由东湖区属地核查，误派市住建局，撤回后重新转送。');
    await shot(page, 'recall-1-drawer', false);
    await submitAction(page, 'recall');
    await expect(status(page)).resolves.toBe('已登记');
    expect(await allowed(page)).toContain('route');
    expect(await inMyQueue(page, recalled.regNo)).toEqual([recalled.regNo]);
    await page.goto(`/queue?q=${recalled.regNo}`);
    await page.getByRole('link', { name: recalled.regNo }).waitFor();
    await shot(page, 'recall-2-back-in-queue', false);
  });

  it('the unit no longer has it: not in its queue, nothing it can do', async () => {
    const page = await staff('zjj.handler');
    expect(await inMyQueue(page, recalled.regNo)).toEqual([]);
    await page.goto(`/cases/${recalled.id}`);
    expect(await allowed(page)).toEqual([]);
  });

  it('once the unit has signed, recall is not offered; the unit’s 退单 (第二十三条第三款) and the office’s 改派 are the correction paths', async () => {
    const dispatcher = await staff('dispatcher');
    const r = await dispatcher.request.post(`/api/cases/${recalled.id}/actions/route`, { data: { mode: 'forward', leadUnitId: await unitId(dispatcher, '江城市住房和城乡建设局') } });
    expect(r.status(), await r.text()).toBe(200);
    const handler = await staff('zjj.handler');
    const s = await handler.request.post(`/api/cases/${recalled.id}/actions/sign`, { data: {} });
    expect(s.status(), await s.text()).toBe(200);
    // 第二十三条第三款: “不属于本机关、单位或者本系统职权范围的，有关机关、单位应当自收到之日起5个工作日内提出异议”
    await handler.goto(`/cases/${recalled.id}`);
    expect(await allowed(handler)).toContain('object');
    await dispatcher.goto(`/cases/${recalled.id}`);
    const actions = await allowed(dispatcher);
    expect(actions).not.toContain('recall');
    expect(actions).toContain('reroute');
    await expect(dispatcher.getByTestId('correction-hint').textContent()).resolves.toContain('不能撤回');
    // and the server refuses it too
    const refused = await dispatcher.request.post(`/api/cases/${recalled.id}/actions/recall`, { data: { reason: '已签收后尝试撤回' } });
    expect(refused.status()).toBe(409);
  });
});

async function unitId(page: Page, name: string): Promise<string> {
  const r = await page.request.get('/api/units');
  return ((await r.json()) as { items: Array<{ id: string; name: string }> }).items.find((u) => u.name === name)!.id;
}
