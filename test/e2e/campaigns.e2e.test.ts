/**
 * 积案化解专项行动 in a real browser against the real server and the seeded demo city: the office's dispatcher creates a
 * campaign from a filter (cases open longer than 30 days under one department, 信访工作条例 第十条、第三十八条), assigns a
 * leader and a plan to a case (第十八条第二款 包案; 一案一策), the responsible unit reports progress and the case resolved
 * (第三十七条), the supervisor — not the reporter — verifies it, and the board (挂图作战) shows the counts (清仓见底).
 * Screenshots: docs/screenshots/campaign-*.png.
 */
import { describe, expect, it } from 'vitest';
import { pickUnit, shot } from './server.js';
import { act, choose, cstDay, day, submit, text, write } from './forms.js';
import { workbenchJourney } from './workbench.js';

const { staff } = workbenchJourney('failed-campaign');

describe('积案化解 (backlog campaign) in the browser', () => {
  let campaignId = '';
  let itemPath = '';
  let unitName = '';

  it('the dispatcher creates a campaign from a filter and sees its board', async () => {
    const page = await staff('dispatcher');
    const request = page.request;
    // a department of the demo city with a handful of long-running cases (the dry run says how many)
    const units = (await (await request.get('/api/units')).json()) as { items?: Array<{ id: string; name: string; type: string }> } | Array<{ id: string; name: string; type: string }>;
    const list = Array.isArray(units) ? units : (units.items ?? []);
    let count = 0;
    for (const u of list.filter((x) => x.type === 'department')) {
      const r = await request.post('/api/campaigns/preview', { data: { filter: { openLongerThanDays: 30, unitId: u.id } } });
      const body = (await r.json()) as { count: number };
      if (body.count >= 1 && body.count <= 12) {
        unitName = u.name;
        count = body.count;
        break;
      }
    }
    expect(unitName, 'a department with long-running cases in the demo city').not.toBe('');

    await page.getByRole('menuitem', { name: '积案化解' }).click();
    await page.waitForURL(/\/registers\/campaigns$/);
    await page.getByTestId('register-create').click();
    const drawer = page.getByTestId('schema-drawer');
    await drawer.waitFor();
    await write(drawer, '专项行动名称', `${unitName}信访积案化解专项行动`);
    await day(drawer, '开始日期', cstDay(0));
    await day(drawer, '结束日期', cstDay(90));
    await day(drawer, '清仓见底目标日期', cstDay(90));
    await write(drawer, '工作要求', '登记超过30日未办结的信访事项逐案明确包案领导，一案一策，限期化解，清仓见底。');
    const group = drawer.getByTestId('group-filter');
    await write(group, '登记超过（天）未办结', '30');
    await pickUnit(group, '责任单位', unitName);
    await shot(page, 'campaign-1-create', false);
    await submit(page, drawer, 'register-create-submit');
    await page.waitForURL(/\/registers\/campaigns\/board\?campaignId=/);
    campaignId = new URL(page.url()).searchParams.get('campaignId')!;
    const board = page.getByTestId('register-board');
    await board.waitFor();
    const summary = page.getByTestId('register-board-summary');
    await expect(text(summary)).resolves.toContain(`列入总数${count}`);
    await expect(text(board)).resolves.toContain('已列入，待定方案');
    await shot(page, 'campaign-2-board-selected');
  });

  it('the dispatcher assigns a leader and a plan to one case (一案一策)', async () => {
    const page = await staff('dispatcher', `/registers/campaigns?campaignId=${campaignId}`);
    const first = page.locator('tbody tr.ant-table-row td:first-child a').first();
    await first.waitFor();
    await first.click();
    await page.locator('[data-status="selected"]').first().waitFor();
    itemPath = new URL(page.url()).pathname;
    await act(page, 'assign_plan', '已包案定方案', async (d) => {
      // the list offers leaders as "name · unit" (a name only: roles are shown apart); any leader in scope may take charge
      await choose(d, '包案领导', / · 江城市/);
      await write(d, '包案领导职务', '分管副局长');
      await write(d, '化解方案（一案一策）', '分管副局长包案，约见信访人当面听取诉求，会同属地街道制定解决方案并限期落实。');
      await write(d, '化解措施', '约访；现场核查；政策解释；落实后回访。');
      await day(d, '化解期限', cstDay(30));
    });
    await expect(text(page.locator('[data-field="leaderPost"]'))).resolves.toBe('分管副局长');
    await shot(page, 'campaign-3-plan');
  });

  it('the responsible unit reports progress and the case resolved', async () => {
    const request = (await staff('admin')).request;
    const users = (await (await request.get('/api/users')).json()) as { items: Array<{ username: string; unitName: string; roles: string[] }> };
    const item = (await (await request.get(`/api/campaigns/items/${itemPath.split('/').pop()}`)).json()) as { unitName: string };
    const handler = users.items.find((u) => u.unitName === item.unitName && u.roles.includes('handler'));
    expect(handler, `a handler of ${item.unitName}`).toBeTruthy();
    const page = await staff(handler!.username, itemPath);
    await page.locator('[data-status="planned"]').first().waitFor();
    await act(page, 'report_progress', '化解中', async (d) => {
      await write(d, '说明', '已约见信访人，现场核查情况属实，正在协调落实解决。');
    });
    await act(page, 'report_resolved', '已报化解，待核验', async (d) => {
      await choose(d, '化解结果', '化解（息诉罢访）');
      await write(d, '说明', '问题已按方案解决，信访人书面表示满意，息诉罢访。');
    });
    await expect(text(page.getByTestId('record-list-progress'))).resolves.toContain('已约见信访人');
    await shot(page, 'campaign-4-reported');
  });

  it('the supervisor verifies, and the board counts the case resolved', async () => {
    const page = await staff('supervisor', itemPath);
    await page.locator('[data-status="resolved_claimed"]').first().waitFor();
    await act(page, 'verify', '已化解销号', async (d) => {
      await write(d, '说明', '经电话回访信访人核实，已化解。');
    });
    await shot(page, 'campaign-5-verified');
    await page.goto(`/registers/campaigns/board?campaignId=${campaignId}`);
    const board = page.getByTestId('register-board');
    await board.waitFor();
    await expect(text(page.getByTestId('register-board-summary'))).resolves.toContain('已化解1');
    await expect(text(board)).resolves.toContain('已化解销号');
    await shot(page, 'campaign-6-board-progress');
  });
});
