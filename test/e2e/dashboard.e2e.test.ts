/**
 * The dashboards in a real browser against the real server and the seeded demo city: an analyst reads the overview
 * (the 三率, the composite, every rate beside its numerator / denominator), flips a chart to its table and exports it as
 * CSV, drills into a district, and opens the rankings, the map and the big screen; screenshots of each.
 */
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPerson, signIn, shot, startE2E, type E2E } from './server.js';

let e: E2E;
const pages: Page[] = [];

beforeAll(async () => {
  e = await startE2E();
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  for (const [i, p] of pages.entries()) await shot(p, `failed-dashboard-${ctx.task.name.slice(0, 30)}-${i}`, false).catch(() => {});
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

/** Picks an option of an antd Select by its visible text. */
async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/** The overview has answered for the period shown (the tiles carry the figures). */
async function overviewReady(page: Page) {
  await page.getByTestId('headline').waitFor();
  await page.getByTestId('rate-response-counts').first().waitFor();
  await page.locator('.ant-card-loading').first().waitFor({ state: 'detached' }).catch(() => {});
}

let overviewUrl = '';

describe('dashboards in the browser', () => {
  it('an analyst opens the overview: the 三率 and the composite with their denominators, all twelve rates', async () => {
    const page = await as('analyst');
    await page.getByRole('menuitem', { name: '综合态势' }).click();
    await page.waitForURL(/\/analytics\/overview/);
    await overviewReady(page);
    // the demo's cases span the last three months: this year has figures in every tile
    await choose(page, 'period-select', '本年');
    await page.waitForURL(/period=this_year/);
    await overviewReady(page);
    // the figures of this year have replaced those of this month (which has data too, late in a month of the demo)
    await page.waitForFunction(() => /-01-01 – /.test(document.querySelector('[data-testid="all-rates"]')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelector('[data-testid="headline"] [data-testid="rate-response-counts"]')?.textContent !== '0 / 0');
    const headline = page.getByTestId('headline');
    for (const k of ['response', 'resolution', 'satisfaction']) {
      const counts = (await headline.getByTestId(`rate-${k}-counts`).textContent())!.trim();
      expect(counts).toMatch(/^[\d.]+ \/ \d+$/);
      const [num, den] = counts.split(' / ').map(Number);
      const value = (await headline.getByTestId(`rate-${k}`).locator('.ms-tile-value').textContent())!;
      // the rate shown is numerator ÷ denominator, or "—" (no data) when there is no denominator — never 0%
      if (den === 0) expect(value).toContain('—');
      else expect(value).toContain(`${((num! / den!) * 100).toFixed(1)}%`);
      await expect(headline.getByTestId(`rate-${k}-mom`).textContent()).resolves.toMatch(/环比\s*(—|[↑↓→][\d.]+个百分点)/);
      await expect(headline.getByTestId(`rate-${k}-yoy`).textContent()).resolves.toMatch(/同比\s*(—|[↑↓→][\d.]+个百分点)/);
    }
    await expect(headline.getByTestId('composite').locator('.ms-tile-value').textContent()).resolves.toMatch(/^(\d+\.\d|—)/);
    const tiles = page.getByTestId('all-rates').locator('[data-testid^="rate-"][data-rate]');
    await expect(tiles.count()).resolves.toBe(12);
    for (let i = 0; i < 12; i++) {
      const tile = tiles.nth(i);
      const counts = (await tile.locator('.ms-tile-counts').textContent())!.trim();
      expect(counts).toMatch(/^[\d.]+ \/ \d+$/);
      if (counts.endsWith(' / 0')) await expect(tile.locator('.ms-tile-value').textContent()).resolves.toMatch(/^—/);
    }
    overviewUrl = new URL(page.url()).pathname + new URL(page.url()).search;
    await shot(page, 'dashboard-1-overview');
  });

  it('the trend tooltip shows the denominator; the chart flips to a table and exports as CSV (UTF-8 with BOM)', async () => {
    const page = await as('analyst');
    await page.goto(overviewUrl);
    await overviewReady(page);
    const chart = page.getByTestId('trend-chart');
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    // the last month (the current one) is at the right end of the axis
    await page.mouse.move(box.x + box.width * 0.93, box.y + box.height * 0.5);
    const tip = chart.locator('div').filter({ hasText: /响应率/ }).last();
    await expect.poll(async () => (await tip.textContent().catch(() => '')) ?? '').toMatch(/响应率（热线）\s*(\d+\.\d%|—)（[\d.]+ \/ \d+）/);
    await shot(page, 'dashboard-2-tooltip', false);

    await page.getByTestId('trend-view').locator('.ant-segmented-item').nth(1).click();
    const table = page.getByTestId('trend-table');
    await table.waitFor();
    await expect(table.locator('tbody tr.ant-table-row').count()).resolves.toBe(12);
    await expect(table.locator('tbody tr.ant-table-row').last().textContent()).resolves.toMatch(/（[\d.]+ \/ \d+）|\([\d.]+ \/ \d+\)/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('trend-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^trend-core-.*\.csv$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toContain('月份');
    expect(lines[0]).toContain('响应率（热线）分母');
    expect(lines).toHaveLength(13);
    expect(lines[12]).toMatch(/^\d{4}-\d{2},\d+,/);
    await shot(page, 'dashboard-3-table');
  });

  it('drills down from the city into a district and back up by the breadcrumb', async () => {
    const page = await as('analyst');
    await page.goto(overviewUrl);
    await overviewReady(page);
    const card = page.getByTestId('breakdown-unit');
    await card.getByTestId('breakdown-unit-chart').waitFor();
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'dashboard-4-breakdown', false);
    // the table view of the breakdown: a row per child unit with its rates and their counts
    await card.getByTestId('breakdown-unit-view').locator('.ant-segmented-item').nth(1).click();
    const row = card.getByTestId('breakdown-unit-table').locator('tbody tr.ant-table-row', { hasText: '东湖区' }).first();
    await expect(row.textContent()).resolves.toMatch(/\([\d.]+ \/ \d+\)/);
    await row.click();
    await page.waitForURL(/unitId=\d+/);
    const crumbs = page.getByTestId('unit-breadcrumb');
    await crumbs.getByText('东湖区').waitFor();
    await expect(crumbs.getByText('江城市').first().isVisible()).resolves.toBe(true);
    await overviewReady(page);
    // the district's own streets in the breakdown now
    await page.getByTestId('breakdown-unit').locator('[data-testid="breakdown-unit-chart"], [data-testid="breakdown-unit-table"]').first().waitFor();
    await expect(page.getByTestId('breakdown-unit').textContent()).resolves.toMatch(/街道/);
    await shot(page, 'dashboard-5-district');
    await crumbs.getByText('江城市').first().click();
    await page.waitForURL((u) => !u.search.includes('unitId'));
  });

  it('the rankings show numerator / denominator beside each value; units below the minimum count are listed apart', async () => {
    const page = await as('analyst');
    await page.getByRole('menuitem', { name: '排名' }).click();
    await page.waitForURL(/\/analytics\/rankings/);
    await page.getByTestId('unranked').waitFor();
    await page.locator('.ant-card-loading').first().waitFor({ state: 'detached' }).catch(() => {});
    const min = page.getByTestId('ranking-min');
    await min.fill('1');
    await min.press('Enter');
    await page.waitForURL(/minCount=1/);
    const card = page.getByTestId('ranking');
    await card.getByTestId('ranking-chart').waitFor();
    await card.getByTestId('ranking-view').locator('.ant-segmented-item').nth(1).click();
    const first = card.getByTestId('ranking-table').locator('tbody tr.ant-table-row').first();
    await expect(first.textContent()).resolves.toMatch(/^1\D.*\d+\.\d\s*\(\d+\)|^1\D.*\(\d+ \/ \d+\)/);
    await card.getByTestId('ranking-view').locator('.ant-segmented-item').nth(0).click();
    // a high minimum leaves everyone unranked, each with the reason
    await min.fill('100000');
    await min.press('Enter');
    await page.waitForURL(/minCount=100000/);
    await page.getByTestId('unranked').getByText(/样本量不足|无数据/).first().waitFor();
    // let the answer for 100000 arrive first: a re-render of the controlled input mid-fill can swallow the keystroke
    await page.locator('.ant-card-loading').first().waitFor({ state: 'detached' }).catch(() => {});
    await expect.poll(() => min.inputValue()).toBe('100000');
    await min.fill('1');
    await min.press('Enter');
    await page.waitForURL(/minCount=1$|minCount=1&/).catch(async (e) => {
      throw new Error(`minimum count 1 not applied: url ${page.url()}, input ${await min.inputValue()}`, { cause: e });
    });
    await card.getByTestId('ranking-chart').waitFor();
    await page.locator('.ant-card-loading').first().waitFor({ state: 'detached' }).catch(() => {});
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500);
    await shot(page, 'dashboard-6-rankings');
  });

  it('the map draws the districts from the GeoJSON with counts; a click opens the district’s streets', async () => {
    const page = await as('analyst');
    await page.getByRole('menuitem', { name: '分布地图' }).click();
    await page.waitForURL(/\/analytics\/map/);
    await choose(page, 'period-select', '本年');
    const chart = page.getByTestId('area-map-chart');
    await chart.locator('canvas').waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'dashboard-7-map');
    // the table view lists every area with its counts; a row opens that district's streets
    await page.getByTestId('area-map-view').locator('.ant-segmented-item').nth(1).click();
    const row = page.getByTestId('area-map-table').locator('tbody tr.ant-table-row', { hasText: '东湖区' }).first();
    await expect(row.textContent()).resolves.toMatch(/东湖区.*\d/);
    await row.click();
    await page.waitForURL(/level=street/);
    await page.getByTestId('area-map-view').locator('.ant-segmented-item').nth(0).click();
    await page.getByTestId('area-map-chart').locator('canvas').waitFor();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(800);
    await shot(page, 'dashboard-8-map-streets');
  });

  it('the big screen: dark, no staff menu, key figures, trend, map, top 10 and categories, refreshed every minute', async () => {
    const page = await as('analyst', { width: 1920, height: 1080 });
    await page.goto('/analytics/overview');
    await page.getByTestId('open-bigscreen').click();
    await page.waitForURL(/\/analytics\/bigscreen/);
    await page.getByTestId('bigscreen').waitFor();
    await expect(page.locator('.ant-layout-sider').count()).resolves.toBe(0);
    await expect.poll(async () => (await page.getByTestId('bigscreen-updated').textContent()) ?? '').toMatch(/更新于 \d{2}:\d{2}:\d{2}/);
    await page.getByTestId('big-response').waitFor();
    await expect(page.getByTestId('big-response').textContent()).resolves.toMatch(/(\d+\.\d%|—)[\d.]+ \/ \d+/);
    for (const id of ['big-trend-chart', 'big-map-chart', 'big-categories-chart']) await page.getByTestId(id).locator('canvas').waitFor();
    await page.waitForTimeout(1000);
    await shot(page, 'dashboard-9-bigscreen', false);
    await page.getByTestId('bigscreen-back').click();
    await page.waitForURL(/\/analytics\/overview/);
  });

  it('the big screen asks for a login first', async () => {
    const { page } = await newPerson(e);
    pages.push(page);
    await page.goto('/analytics/bigscreen');
    await page.waitForURL(/\/login\?next=%2Fanalytics%2Fbigscreen/);
  });

  it('in English the overview keeps its layout', async () => {
    const page = await as('analyst');
    await page.getByTestId('lang-switch').click();
    await page.goto(overviewUrl);
    await overviewReady(page);
    await page.getByText('Composite score').first().waitFor();
    await expect(page.getByTestId('headline').getByTestId('rate-response-mom').textContent()).resolves.toMatch(/vs prev\.\s*(—|[↑↓→][\d.]+ pp)/);
    await page.waitForTimeout(500);
    await shot(page, 'dashboard-10-overview-en');
  });
});
