/**
 * Work notices in the browser (issue 11, docs/notifications.md): a unit head sets their own channel under 通知设置 —
 * SMS without a mobile is refused with the field named — then, when the dispatcher routes a matter to the unit
 * (信访工作条例 第二十二条), the dialog lists the notice with its registration number, which opens the case.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, SHOTS, newPerson, shot, startE2E, type E2E } from './server.js';

let e: E2E;
beforeAll(async () => void (e = await startE2E()));
afterAll(async () => e?.close());

const DOCS = path.resolve(import.meta.dirname, '../../docs/screenshots');

it('a unit head chooses e-mail for work notices and finds a new dispatch listed, linking to its case', async () => {
  const head = await newPerson(e);
  expect((await head.ctx.request.post('/api/auth/login', { data: { username: 'zjj.head', password: DEMO_PASSWORD } })).ok()).toBe(true);
  const page = head.page;
  await page.goto('/queue');
  await page.getByTestId('notify-settings-open').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('暂无通知').waitFor();
  await dialog.getByLabel('短信', { exact: true }).check();
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await dialog.getByText('选择短信通知须填写手机号').waitFor();
  await dialog.getByLabel('工作邮箱').fill('zjj.head@xf.example.gov.cn');
  await dialog.getByLabel('邮件', { exact: true }).check();
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await dialog.waitFor({ state: 'hidden' });

  // the dispatcher routes a registered matter to 住房和城乡建设局 (through the API: routing has its own journeys)
  const disp = await newPerson(e);
  expect((await disp.ctx.request.post('/api/auth/login', { data: { username: 'dispatcher', password: DEMO_PASSWORD } })).ok()).toBe(true);
  const units = (await (await disp.ctx.request.get('/api/units')).json()).items as Array<{ id: string; code: string }>;
  const zjj = units.find((u) => u.code === 'JC-ZJJ')!;
  const list = (await (await disp.ctx.request.get('/api/cases?status=registered&kind=appeal&pageSize=20')).json()).items as Array<{ id: string; regNo: string }>;
  let routed: { id: string; regNo: string } | undefined;
  for (const c of list) {
    const r = await disp.ctx.request.post(`/api/cases/${c.id}/actions/route`, { data: { mode: 'forward', leadUnitId: zjj.id } });
    if (r.ok()) {
      routed = c;
      break;
    }
  }
  expect(routed, 'a registered matter routed to 住建局').toBeDefined();

  await page.getByTestId('notify-settings-open').click();
  await dialog.getByText(routed!.regNo).waitFor();
  expect(await dialog.getByRole('row').filter({ hasText: routed!.regNo }).innerText()).toContain('新交办');
  await shot(page, 'notify-settings', false);
  fs.copyFileSync(path.join(SHOTS, 'notify-settings.png'), path.join(DOCS, 'notify-settings.png'));
  await dialog.getByRole('link', { name: routed!.regNo }).click();
  await page.waitForURL(new RegExp(`/cases/${routed!.id}$`));
});
