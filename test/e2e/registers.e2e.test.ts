/**
 * One journey per register in a real browser against the real server and the seeded demo city: the generic register
 * pages (list, record, actions from the server's table, board), each register's own work, screenshots of each step.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn, pickUnit, shot, startE2E, type E2E } from './server.js';

let e: E2E;
const pages: Page[] = [];

beforeAll(async () => {
  e = await startE2E();
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  for (const [i, p] of pages.entries()) await shot(p, `failed-registers-${ctx.task.name.slice(0, 30)}-${i}`, false).catch(() => {});
});
afterAll(async () => {
  for (const p of pages) expect((p as Page & { errors: string[] }).errors, 'uncaught errors in the page').toEqual([]);
  await e?.close();
});

async function as(username: string, viewport?: { width: number; height: number }) {
  const page = await signIn(e, username, viewport);
  pages.push(page);
  return page;
}

/** Clicks an allowed action on a register record, fills the generated form, submits, waits for the new state. */
async function act(page: Page, action: string, fill: (drawer: ReturnType<Page['locator']>) => Promise<void>) {
  await page.locator(`[data-action="${action}"]`).click();
  const drawer = page.getByTestId('schema-drawer');
  await drawer.waitFor();
  await fill(drawer);
  await drawer.getByTestId('register-submit').click();
  await drawer.waitFor({ state: 'detached' });
  await page.locator('.ant-message-success').first().waitFor();
}

describe('督查督办 (supervision) in the browser', () => {
  let itemUrl = '';

  it('a supervisor opens an item by hand from the list, choosing the unit in the unit picker', async () => {
    const page = await as('supervisor');
    // the 台账 group of the menu is open by default
    await page.getByRole('menuitem', { name: '督查督办' }).click();
    await page.waitForURL(/\/registers\/supervision$/);
    await page.locator('tbody tr.ant-table-row').first().waitFor();
    await shot(page, 'registers-supervision-1-list');
    await page.getByTestId('register-create').click();
    const drawer = page.getByTestId('schema-drawer');
    await pickUnit(drawer, '被督办单位', '江城市生态环境局');
    await drawer.getByLabel('事由').fill('江堤人家小区夜间施工噪声扰民问题久拖未决，列入督办。');
    await shot(page, 'registers-supervision-2-create', false);
    await drawer.getByTestId('register-create-submit').click();
    await page.waitForURL(/\/registers\/supervision\/[0-9a-f-]{36}$/);
    itemUrl = new URL(page.url()).pathname;
    // the new item's page, once loaded (the picker's value, now shown as 江城市 › 生态环境局, no longer stands in for it)
    await page.getByText('江城市生态环境局').first().waitFor();
    await expect(page.getByText('待督办').first().isVisible()).resolves.toBe(true);
  });

  it('issues the notice (督办单); the clock shows the response deadline in words', async () => {
    const page = await as('supervisor');
    await page.goto(itemUrl);
    await act(page, 'issue_notice', async (d) => {
      await d.getByLabel('督办事项及要求').fill('请于5个工作日内查明施工噪声扰民问题的办理情况，书面反馈处理结果及整改措施。');
    });
    await page.getByText(/督〔\d{4}〕\d+号/).first().waitFor();
    await expect(page.getByText('被督办单位书面回复督办单').first().isVisible()).resolves.toBe(true);
    await shot(page, 'registers-supervision-3-notified');
  });

  it('the supervised unit responds in writing, the supervisor accepts and closes', async () => {
    const unit = await as('sthj.head');
    await unit.goto(itemUrl);
    await act(unit, 'respond', async (d) => {
      await d.locator('textarea').first().fill('已约谈施工单位负责人，夜间22时后停止高噪声作业，经回访居民确认噪声问题已解决。');
    });
    await expect(unit.getByText('已反馈，待审核').first().isVisible()).resolves.toBe(true);
    const sup = await as('supervisor');
    await sup.goto(itemUrl);
    await act(sup, 'accept_response', async (d) => {
      await d.locator('textarea, input').first().fill('反馈属实，同意办结。');
    });
    await expect(sup.getByText('已办结').first().isVisible()).resolves.toBe(true);
    await shot(sup, 'registers-supervision-4-closed');
  });

  it('the board counts open items by unit and level; a bulletin is issued for a period', async () => {
    const page = await as('supervisor');
    await page.goto('/registers/supervision');
    await page.getByTestId('register-board-link').click();
    await page.getByTestId('register-board').waitFor();
    await expect(page.getByTestId('register-board').getByText('挂牌督办').first().isVisible()).resolves.toBe(true);
    await shot(page, 'registers-supervision-5-board');
    await page.goto('/registers/supervision/bulletins');
    await page.locator('.ant-picker-range').click();
    const start = page.locator('.ant-picker-range input').first();
    await start.fill('2026-01-01');
    const end = page.locator('.ant-picker-range input').nth(1);
    await end.fill('2026-12-31');
    await end.press('Enter');
    await page.getByTestId('bulletin-submit').click();
    await page.getByTestId('bulletin').waitFor();
    await expect(page.getByTestId('bulletin').getByText('江城市生态环境局').first().isVisible()).resolves.toBe(true);
    await shot(page, 'registers-supervision-6-bulletin');
  });
});

describe('analysis pages and search in the browser', () => {
  it('the case search shows why each case matched (the words marked) and the full title on hover', async () => {
    const page = await as('dispatcher');
    await page.goto('/queue?tab=all');
    const search = page.getByTestId('case-search').locator('input');
    await search.fill('物业');
    await search.press('Enter');
    await page.getByTestId('search-excerpt').first().waitFor();
    await expect(page.locator('tbody mark').first().textContent()).resolves.toContain('物业');
    await shot(page, 'search-highlights', false);
  });

  it('an analyst opens the hotspot topics and a topic’s report (每月一题)', async () => {
    const page = await as('analyst');
    await page.getByRole('menuitem', { name: '热点问题' }).click();
    await page.getByTestId('hotspots').waitFor();
    await shot(page, 'analytics-hotspots');
    await page.getByTestId('hotspots').locator('tbody a').first().click();
    await page.getByTestId('topic-report').waitFor();
    await expect(page.getByTestId('topic-report').locator('tbody tr.ant-table-row').count()).resolves.toBeGreaterThan(0);
    await shot(page, 'analytics-topic-report');
  });
});
