/**
 * Periodic reports in a real browser against the real server and the seeded demo city (its cases span the last three
 * months of the real clock): an analyst opens 定期报告, generates the monthly report of the last whole month, watches
 * its progress bar, then downloads the .xlsx (a real workbook with the 督查督办 sheet); from a hotspot topic she
 * starts a 专题 report (每月一题) and is taken to the reports page, where it finishes too. The page in English keeps
 * its layout. Screenshots: docs/screenshots/reports.png (also reports-progress.png, reports-en.png).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lastWholePeriod, today } from '../../src/reports/periods.js';
import { shot, signIn, startE2E, type E2E } from './server.js';

let e: E2E;
const pages: Page[] = [];
const DOCS = path.resolve('docs/screenshots');

// the demo seed and the report jobs share two cores with other work: generous limits, no timing assertions
beforeAll(async () => {
  e = await startE2E();
}, 600_000);
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  for (const [i, p] of pages.entries()) await shot(p, `failed-reports-${ctx.task.name.slice(0, 30)}-${i}`, false).catch(() => {});
});
afterAll(async () => {
  for (const p of pages) expect((p as Page & { errors: string[] }).errors, 'uncaught errors in the page').toEqual([]);
  await e?.close();
});

async function as(username: string) {
  const page = await signIn(e, username);
  pages.push(page);
  return page;
}

/** The row of the report the page was sent to (?highlight=id), once the list shows it. */
async function highlightedRow(page: Page) {
  await page.waitForURL(/\/analytics\/reports\?highlight=\d+/);
  const id = new URL(page.url()).searchParams.get('highlight')!;
  const row = page.getByTestId(`report-row-${id}`);
  await row.waitFor();
  return { id, row };
}

/** Screenshot of the page's main area (the whole window's width) into docs/screenshots. */
async function docShot(page: Page, name: string) {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 6000 }).catch(() => {});
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(DOCS, name), fullPage: true });
}

describe('periodic reports in the browser', () => {
  it('an analyst generates the monthly report of the last whole month, sees its progress, then downloads the xlsx', async () => {
    const page = await as('analyst');
    await page.getByRole('menuitem', { name: '定期报告' }).click();
    await page.waitForURL(/\/analytics\/reports$/);
    await page.getByTestId('report-form').waitFor();
    // the default: 月分析 of the last whole month (the server's rule), internal version, the top unit of the scope
    const month = lastWholePeriod('monthly', today(new Date()));
    const [y, m] = month.from.split('-').map(Number);
    await expect(page.getByTestId('report-period').textContent()).resolves.toContain(`${y}年${m}月`);
    await expect(page.getByTestId('report-kind').locator('.ant-radio-button-wrapper-checked').textContent()).resolves.toBe('月分析');
    await expect(page.getByTestId('unit-picker').textContent()).resolves.toContain('江城市');

    await page.getByTestId('report-generate').click();
    const { row } = await highlightedRow(page);
    // queued or generating first, with a progress bar; the list polls until the files are there
    await row.getByTestId('report-progress').waitFor({ timeout: 10_000 });
    await expect(row.getByTestId('report-status').textContent()).resolves.toMatch(/排队中|生成中/);
    // the server generates in this process, so the browser's answer may wait for the renderer: a long limit
    await page.screenshot({ path: path.join(DOCS, 'reports-progress.png'), timeout: 120_000 });
    await row.getByTestId('report-file-xlsx').waitFor({ timeout: 180_000 });
    await expect(row.getByTestId('report-status').textContent()).resolves.toBe('已完成');
    await expect(row.getByTestId('report-progress').count()).resolves.toBe(0);
    const title = `江城市${y}年${m}月信访工作月分析`;
    await expect(row.textContent()).resolves.toContain(title);
    await expect(row.textContent()).resolves.toMatch(/民声析〔\d{4}〕\d+号/);
    for (const f of ['docx', 'pdf']) await row.getByTestId(`report-file-${f}`).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('report-file-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const buf = fs.readFileSync((await download.path())!);
    expect(buf.length).toBeGreaterThan(5000);
    expect(buf.subarray(0, 2).toString()).toBe('PK'); // a zip container, as every .xlsx is
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('封面')!.getCell('A1').value).toBe(title);
    expect(wb.worksheets.map((w) => w.name)).toContain('8 督查督办情况');
  }, 240_000);

  it('from a hotspot topic the analyst starts a topic report (每月一题) and follows it on the reports page', async () => {
    const page = await as('analyst');
    await page.goto('/analytics/hotspots');
    const first = page.getByTestId('hotspots').locator('tbody tr.ant-table-row').first();
    await first.waitFor();
    // the hotspots list offers the button on every topic, and so does the topic's page, used here
    await expect(first.locator('[data-testid^="topic-report-"]').count()).resolves.toBe(1);
    const label = (await first.locator('td').first().textContent())!.trim();
    await first.locator('td').first().getByRole('link').click();
    await page.getByTestId('topic-report').waitFor();
    await shot(page, 'reports-topic-page', false);
    await page.getByRole('button', { name: '生成专题报告' }).click();
    const { row } = await highlightedRow(page);
    await row.getByTestId('report-file-docx').waitFor({ timeout: 180_000 });
    await expect(row.textContent()).resolves.toContain(label);
    await expect(row.textContent()).resolves.toContain('专题（每月一题）');
    await docShot(page, 'reports.png');
    await page.goto('/analytics/hotspots');
    await page.getByTestId('hotspots').locator('[data-testid^="topic-report-"]').first().waitFor();
    await shot(page, 'reports-hotspots', false);
  }, 240_000);

  it('in English the page keeps its layout; a refused request shows the server’s error', async () => {
    const page = await as('analyst');
    await page.getByTestId('lang-switch').click();
    await page.goto('/analytics/reports');
    await page.getByText('Periodic reports').first().waitFor();
    await page.getByTestId('report-list').locator('tbody tr.ant-table-row').first().waitFor();
    await expect(page.getByTestId('report-kind').textContent()).resolves.toContain('Quarterly');
    await expect(page.getByTestId('report-list').textContent()).resolves.toContain('Done');
    await expect(page.getByTestId('report-period').textContent()).resolves.toMatch(/[A-Z][a-z]{2} \d{4} \(last whole period\)/);
    // no label spills: every button of the kind switch and every field lies inside the form
    const form = (await page.getByTestId('report-form').boundingBox())!;
    for (const el of [...(await page.getByTestId('report-kind').locator('.ant-radio-button-wrapper').all()), page.getByTestId('report-period'), page.getByTestId('report-version')]) {
      const box = (await el.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(form.x + form.width + 1);
    }
    await docShot(page, 'reports-en.png');

    // the server's refusal, as it answers a period it does not accept, appears above the form with the field named
    await page.route('**/api/reports', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: 'Invalid input', details: { issues: [{ field: 'to', message: 'a period is at most 366 days' }] } } }) })
        : route.continue(),
    );
    await page.getByTestId('report-generate').click();
    const alert = page.getByTestId('report-error');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('The request failed');
    await expect(alert.textContent()).resolves.toContain('to: a period is at most 366 days');
    await page.unroute('**/api/reports');
  }, 120_000);
});
