/**
 * The workbench's two case lists on the demo city, in the browser:
 * - 待我处理 is each role's own work: the intake operator sees the evaluations due on what its office registered
 *   (评价: replied / reviewed / re-reviewed, not yet evaluated), not the dispatcher's routing queue;
 * - the "all cases" tab at 1400 × 900: a status chart with every status, one readable row each, and the table's
 *   first row above the fold; a search shows why each result matched (the marked words) and the full title on hover.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, shot } from './server.js';
import { workbenchJourney } from './workbench.js';

const { e, staff } = workbenchJourney('failed-queues');

async function apiAs(username: string, url: string) {
  const login = await fetch(`${e().url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return (await fetch(`${e().url}${url}`, { headers: { cookie } })).json();
}

const rowsOf = (page: Page) => page.locator('[data-testid="case-table"] tbody tr.ant-table-row');

async function firstRowInView(page: Page) {
  const box = await rowsOf(page).first().boundingBox();
  expect(box, 'the first row is laid out').not.toBeNull();
  expect(box!.y + box!.height, 'the first row is above the fold at 1400 × 900').toBeLessThanOrEqual(900);
}

describe('each role’s queue and the all-cases view', () => {
  it('the intake operator’s 待我处理 holds its own work: evaluations due, not the routing queue', async () => {
    const mine = (await apiAs('intake', '/api/cases?mine=true&pageSize=200')) as { total: number; items: { regNo: string; status: string; evaluation: string | null }[] };
    const dispatcher = (await apiAs('dispatcher', '/api/cases?mine=true&pageSize=200')) as { items: { regNo: string; status: string }[] };
    expect(mine.total).toBeGreaterThan(0);
    for (const c of mine.items) {
      expect(['replied', 'reviewed', 'rereviewed']).toContain(c.status);
      expect(c.evaluation).toBeNull();
    }
    expect(dispatcher.items.every((c) => c.status === 'registered' || c.status === 'objected')).toBe(true);
    expect(mine.items.some((c) => dispatcher.items.some((d) => d.regNo === c.regNo))).toBe(false);

    const page = await staff('intake', '/queue');
    await rowsOf(page).first().waitFor();
    // the page says what the queue holds for this role: the evaluations (评价)
    await expect(page.getByTestId('queue-holds').textContent()).resolves.toContain('评价');
    await expect(page.getByText(`共 ${mine.total} 条`).count()).resolves.toBe(1);
    const shown = await page.locator('[data-testid="case-table"] tbody tr.ant-table-row td:first-child a').allTextContents();
    expect(shown.length).toBe(Math.min(20, mine.total));
    for (const regNo of shown) expect(mine.items.map((c) => c.regNo)).toContain(regNo);
    const statuses = await page.locator('[data-testid="case-table"] tbody tr.ant-table-row .ant-tag').allTextContents();
    expect(statuses.filter((s) => s === '已登记' || s === '退单待裁定')).toEqual([]);
    await shot(page, 'queue-intake', false);
  });

  it('all cases at 1400 × 900: every status in the chart, a row each, and the table above the fold, in both languages', async () => {
    const stats = (await apiAs('dispatcher', '/api/cases/stats')) as { byStatus: Record<string, number> };
    const present = Object.values(stats.byStatus).filter((n) => n > 0).length;
    expect(present, 'the demo city has a case in every status').toBe(15);
    const page = await staff('dispatcher', '/queue?tab=all');
    await rowsOf(page).first().waitFor();
    const chart = page.getByTestId('status-chart');
    await chart.waitFor();
    // the chart's figures as text (for screen readers): every status, with its count
    const items = await page.locator('.ms-skip li').allTextContents();
    expect(items.length).toBe(present);
    // one row per status at least 18 px high: labels of 12 px never overlap
    const h = (await chart.boundingBox())!.height;
    expect(h / present).toBeGreaterThanOrEqual(18);
    await firstRowInView(page);
    await page.getByTestId('lang-switch').click();
    await page.getByText('All cases in my scope').first().waitFor();
    await rowsOf(page).first().waitFor();
    await firstRowInView(page);
    await page.getByTestId('lang-switch').click();
    await page.getByText('辖区全部事项').first().waitFor();
  });

  it('a search shows why each case matched and the full title on hover', async () => {
    const word = '施工';
    const found = (await apiAs('dispatcher', `/api/cases?q=${encodeURIComponent(word)}`)) as { items: { regNo: string; title: string }[] };
    expect(found.items.length).toBeGreaterThan(0);
    const page = await staff('dispatcher', `/queue?tab=all&q=${encodeURIComponent(word)}`);
    await rowsOf(page).first().waitFor();
    await firstRowInView(page);
    // the matched word, marked in the first title and in its excerpt, visible on the screen
    const titleMark = page.getByTestId('case-title').first().locator('mark').first();
    await expect(titleMark.textContent()).resolves.toBe(word);
    await expect(titleMark.isVisible()).resolves.toBe(true);
    const excerpt = page.getByTestId('search-excerpt').first();
    await expect(excerpt.locator('mark').first().textContent()).resolves.toBe(word);
    const box = await excerpt.locator('mark').first().boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(900);
    // the full title on hover, though the column cuts it
    const titles = await page.getByTestId('case-title').evaluateAll((els) => els.map((el) => el.getAttribute('title')));
    expect(titles).toEqual(found.items.map((c) => c.title));
    await shot(page, 'all-cases', false);
  });
});
