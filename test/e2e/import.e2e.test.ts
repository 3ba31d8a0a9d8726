/**
 * Bulk import in a real browser against the real server and the demo city: the dispatcher opens 批量导入, uploads a
 * 12345-style xlsx (made here with exceljs), checks the suggested column mapping and the preview, runs it, watches
 * the progress, and sees how many rows landed and why the others did not, with the error file to download.
 * Screenshots: docs/screenshots/import-mapping.png, docs/screenshots/import.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startE2E, type E2E } from './server.js';

let e: E2E;
let page: Page | undefined;
const DOCS = path.resolve('docs/screenshots');

beforeAll(async () => {
  e = await startE2E();
}, 600_000);
afterAll(async () => {
  if (page) expect((page as Page & { errors: string[] }).errors, 'uncaught errors in the page').toEqual([]);
  await e?.close();
});

async function sheet(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('工单');
  ws.addRow(['工单编号', '工单类型', '标题', '内容', '来电时间', '被反映区', '办理结果', '是否解决', '是否满意', '工单状态']);
  const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  const tag = Date.now().toString(36);
  ws.addRow([`E2E-${tag}-1`, '投诉', '小区路灯不亮', '东湖区湖滨街道某小区路灯连续一周不亮，夜间出行不便。', `${day} 09:00`, '东湖区', '已修复', '是', '满意', '已办结']);
  ws.addRow([`E2E-${tag}-2`, '建议', '建议增设公交站点', '湖滨街道一带居民出行不便，建议增设公交站点。', `${day} 10:30`, '', '', '', '', '办理中']);
  ws.addRow(['', '求助', '缺少编号的工单', '这一行没有工单编号，应当出现在错误文件里。', `${day} 11:00`, '', '', '', '', '办理中']);
  ws.addRow([`E2E-${tag}-4`, '投诉', '时间写错的工单', '这一行的来电时间无法识别，应当出现在错误文件里。', '上周二', '', '', '', '', '办理中']);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ms-import-')), '12345工单导出.xlsx');
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

describe('bulk import in the browser', () => {
  it('the dispatcher uploads a 12345 export, maps its columns, runs it and sees what landed and why the rest did not', async () => {
    page = await signIn(e, 'dispatcher');
    await page.getByRole('menuitem', { name: '批量导入' }).click();
    await page.waitForURL(/\/imports$/);
    await page.getByTestId('imports-page').waitFor();
    await page.locator('input[type=file]').setInputFiles(await sheet());
    const mapping = page.getByTestId('import-mapping');
    await mapping.waitFor();
    // the suggestion: 工单编号 → 外部编号, 被反映区 → 责任单位
    await expect.poll(() => mapping.locator('tr[data-row-key="工单编号"]').innerText()).toContain('外部编号');
    await expect.poll(() => mapping.locator('tr[data-row-key="被反映区"]').innerText()).toContain('责任单位');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(DOCS, 'import-mapping.png'), fullPage: true });
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-progress').waitFor();
    await expect.poll(() => page!.getByTestId('import-status').innerText(), { timeout: 60_000 }).toBe('已完成');
    expect(await page.getByTestId('import-count-total').innerText()).toBe('4');
    expect(await page.getByTestId('import-count-created').innerText()).toBe('2');
    expect(await page.getByTestId('import-count-invalid').innerText()).toBe('2');
    expect(await page.getByTestId('import-count-routed').innerText()).toBe('1');
    await expect.poll(() => page!.getByTestId('import-result').innerText()).toContain('缺少外部编号');
    const href = await page.getByTestId('import-errors-csv').getAttribute('href');
    const csv = await page.evaluate(async (u) => (await fetch(u!)).text(), href);
    expect(csv).toContain('无法识别的时间');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(DOCS, 'import.png'), fullPage: true });
  }, 180_000);
});
