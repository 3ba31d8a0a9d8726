/**
 * 问政回复 (public reply board) in a real browser against the real server and the demo city: a citizen submits on the
 * portal and consents to anonymised publication; the matter is answered (through the API, as the lifecycle journey
 * covers those screens); the dispatcher proposes it from the case page and sees what the server redacted; the
 * supervisor (a second person) approves; anyone reads it on the portal board with no personal data; the citizen
 * withdraws consent with the tracking code and query code and it leaves the board at once. Screenshots of the board
 * in docs/screenshots/replyboard-*.png. (信访工作条例 第四十六条第五项: a petitioner's information is not disclosed.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, newPerson, signIn, shot, startE2E, type E2E } from './server.js';

let e: E2E;
const pages: Page[] = [];
const DOCS = path.resolve('docs/screenshots');

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  for (const p of pages) expect((p as Page & { errors: string[] }).errors, 'uncaught errors in the page').toEqual([]);
  await e?.close();
});

const NAME = '周丽华';
const PHONE = '13905551234';

async function as(username: string) {
  const page = await signIn(e, username);
  pages.push(page);
  return page;
}
async function person() {
  const { page } = await newPerson(e);
  pages.push(page);
  return page;
}
async function docShot(page: Page, name: string) {
  await shot(page, name);
  fs.mkdirSync(DOCS, { recursive: true });
  fs.copyFileSync(path.resolve('test-results/screenshots', `${name}.png`), path.join(DOCS, `${name}.png`));
}

/** A member of staff through the API (the screens of routing and replying are the lifecycle journey's). */
async function staffApi(username: string) {
  const r = await fetch(`${e.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  expect(r.status).toBe(200);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  return async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${e.url}${url}`, { method, headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body !== undefined ? JSON.stringify(body) : undefined });
    const json = (await res.json()) as any;
    expect(res.status, `${method} ${url}: ${JSON.stringify(json)}`).toBeLessThan(300);
    return json;
  };
}

const matter = { id: '', code: '', secret: '', recordUrl: '', publicId: '' };

describe('问政回复 in the browser', () => {
  it('a citizen submits on the portal and ticks the consent to anonymised publication (default unticked)', async () => {
    const page = await person();
    await page.goto('/portal/submit');
    await expect(page.getByTestId('portal-publish-consent').isChecked()).resolves.toBe(false);
    await page.getByLabel('申诉求决').check();
    await page.getByLabel('标题').fill('江堤人家小区楼顶漏水');
    await page.getByLabel('主要内容').fill(`我是${NAME}，住江堤人家小区5栋2单元1102室，电话${PHONE}。楼顶防水层老化，雨天室内漏水，物业一直不修。`);
    await page.getByLabel('您的姓名').fill(NAME);
    await page.getByLabel('联系电话').fill(PHONE);
    await page.getByTestId('portal-publish-consent').check();
    const submitted = page.waitForResponse((r) => r.url().endsWith('/api/public/cases') && r.request().method() === 'POST');
    await page.getByTestId('portal-submit').click();
    matter.id = ((await (await submitted).json()) as { id: string }).id;
    matter.code = (await page.getByTestId('portal-code').textContent())!.trim();
    matter.secret = (await page.getByTestId('portal-secret').textContent())!.trim();
    await page.getByRole('button', { name: '查询进度' }).click();
    await page.getByTestId('citizen-consent').waitFor();
    await expect(page.getByTestId('citizen-consent').textContent()).resolves.toContain('您已同意匿名公开');
  });

  it('the matter is routed, accepted and answered by 江城市生态环境局 (API)', async () => {
    const dispatcher = await staffApi('dispatcher');
    const units = await dispatcher('GET', '/api/units');
    const unit = (units.items ?? units).find((u: any) => u.name === '江城市生态环境局');
    await dispatcher('POST', `/api/cases/${matter.id}/actions/route`, { mode: 'forward', leadUnitId: unit.id });
    const handler = await staffApi('sthj.handler');
    await handler('POST', `/api/cases/${matter.id}/actions/sign`, {});
    await handler('POST', `/api/cases/${matter.id}/actions/accept`, { procedure: '按《信访工作条例》第三十一条第六项办理。' });
    await handler('POST', `/api/cases/${matter.id}/actions/draft_reply`, {
      decision: 'support',
      facts: '经现场核查，江堤人家小区5栋楼顶防水层老化属实。',
      reasons: '属于物业专项维修资金使用范围。',
      legalBasis: '《物业管理条例》第五十三条',
      text: `${NAME}女士：经核查，您反映的5栋2单元1102室楼顶漏水问题属实，已督促物业于两周内完成防水维修。如有疑问请拨打12345热线。`,
    });
    const head = await staffApi('sthj.head');
    await head('POST', `/api/cases/${matter.id}/actions/approve_reply`, {});
  });

  it('the dispatcher proposes it from the case page; the record shows the redacted text and what was removed', async () => {
    const page = await as('dispatcher');
    await page.goto(`/cases/${matter.id}`);
    await page.getByTestId('case-to-replyboard').click();
    const drawer = page.getByTestId('schema-drawer');
    await drawer.waitFor();
    await drawer.getByLabel('公开标题').fill('江堤人家小区楼顶漏水问题');
    await drawer.getByLabel('诉求摘要（公开）').fill(`${NAME}反映：住江堤人家小区5栋2单元1102室，楼顶漏水，物业不修，电话${PHONE}。`);
    await drawer.getByLabel('答复（公开）').fill(`${NAME}女士：经核查，您反映的5栋2单元1102室楼顶漏水问题属实，已督促物业于两周内完成防水维修。如有疑问请拨打12345热线。`);
    await drawer.getByTestId('register-create-submit').click();
    await page.waitForURL(/\/registers\/replyboard\/[0-9a-f-]{36}$/);
    matter.recordUrl = new URL(page.url()).pathname;
    await page.getByText('待审核').first().waitFor();
    const summary = page.locator('[data-field="publicSummary"]');
    await expect(summary.textContent()).resolves.toBe('某某反映：住江堤人家小区***，楼顶漏水，物业不修，电话***。');
    await page.getByTestId('record-list-redactions').waitFor();
    await expect(page.getByTestId('record-list-redactions').textContent()).resolves.toContain('139****1234');
    // the proposer is not offered the approval (a second person approves)
    await expect(page.locator('[data-action="approve"]').count()).resolves.toBe(0);
    await docShot(page, 'replyboard-1-proposed');
  });

  it('the supervisor approves: published', async () => {
    const page = await as('supervisor');
    await page.goto(matter.recordUrl);
    await page.locator('[data-action="approve"]').click();
    const drawer = page.getByTestId('schema-drawer');
    await drawer.waitFor();
    await drawer.getByTestId('register-submit').click();
    await drawer.waitFor({ state: 'detached' });
    await page.getByText('已公开').first().waitFor();
    matter.publicId = matter.recordUrl.split('/').at(-1)!;
  });

  it('anyone reads it on the portal board and its detail, with no personal data', async () => {
    const page = await person();
    await page.goto('/portal');
    await page.getByTestId('portal-replies-link').click();
    await page.waitForURL(/\/portal\/replies$/);
    const item = page.getByTestId('reply-item').filter({ hasText: '江堤人家小区楼顶漏水问题' });
    await item.waitFor();
    await docShot(page, 'replyboard-2-board');
    await item.getByRole('link').click();
    await page.getByTestId('reply-detail').waitFor();
    const text = (await page.getByTestId('reply-detail').textContent())!;
    expect(text).toContain('已督促物业于两周内完成防水维修');
    expect(text).toContain('江城市生态环境局');
    for (const secret of [NAME, PHONE, '1102', matter.code]) expect(text).not.toContain(secret);
    await docShot(page, 'replyboard-3-detail');
    // the board in English: the labels change, the published text is the office's own
    await page.getByTestId('lang-switch').click();
    await page.getByText('Back to the board').waitFor();
    await expect(page.getByTestId('reply-detail').textContent()).resolves.toContain('Replying unit');
  });

  it('the citizen withdraws consent with the code and query code: it leaves the board at once', async () => {
    const page = await person();
    await page.goto('/portal/lookup');
    await page.getByLabel('查询码').fill(matter.code);
    await page.getByLabel('查询密码').fill(matter.secret);
    await page.getByTestId('lookup-submit').click();
    await page.getByTestId('citizen-consent').waitFor();
    await page.getByTestId('consent-withdraw').click();
    await page.getByTestId('consent-withdraw-ok').click();
    await page.getByText('您已于').waitFor();
    await docShot(page, 'replyboard-4-withdrawn');
    await page.goto(`/portal/replies/${matter.publicId}`);
    await page.getByTestId('reply-error').waitFor();
    await page.goto('/portal/replies');
    await page.locator('.ant-list').waitFor();
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' }).catch(() => {});
    await expect(page.getByTestId('reply-item').filter({ hasText: '江堤人家小区楼顶漏水问题' }).count()).resolves.toBe(0);
  });
});
