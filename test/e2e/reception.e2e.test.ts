/**
 * 领导接访 and 包案 in the browser (docs/reception.md, docs/documents.md), test year 2062:
 * 信访工作条例 第十八条第一款 "各级机关、单位应当向社会公布……信访接待的时间和地点" — the dispatcher publishes a reception day;
 * a citizen books a time on the portal (phone screen and desktop), looks the booking up and cancels one by its code;
 * the desk sees the booking masked, reveals it (audited by the server) and registers the matter as a visit case;
 * 第十八条第二款 "领导干部应当……包案化解群众反映强烈的突出问题" — the lead unit's head takes charge on the case page and
 * finds it on the leaders' cases view; 第二十三条 — the unit issues the 受理告知书, downloads it as .docx and PDF,
 * and the citizen downloads it from the portal lookup. The submit form asks how to be told (sms/email/post/none).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CITY_DEPTS, userDefs } from '../../src/seed/org.js';
import { DEMO_PASSWORD, newPerson, shot, SHOTS, startE2E, type E2E } from './server.js';

const LEAD = CITY_DEPTS.find((d) => d.key === 'zjj')!.name; // 江城市住房和城乡建设局
const DAY = '2062-06-15';
const LEADER = '欧阳卫国';
const SUMMARY = '北港花园小区电梯长期故障，物业不维修，请领导协调解决。';
const TITLE = '北港花园小区电梯长期故障';

let e: E2E;
const pages: Page[] = [];
const shared = { code: '', secondCode: '', caseId: '', regNo: '', trackingCode: '', trackingSecret: '' };

beforeAll(async () => {
  e = await startE2E();
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  for (const [i, p] of pages.entries()) await shot(p, `failed-reception-${ctx.task.name.slice(0, 24)}-${i}`, false).catch(() => {});
});
afterAll(async () => {
  for (const p of pages) expect((p as Page & { errors: string[] }).errors, 'uncaught errors in the page').toEqual([]);
  await e?.close();
});

async function citizen(mobile: boolean) {
  const { page } = await newPerson(e, { mobile });
  pages.push(page);
  return page;
}

/** A member of staff signed in through the API (the login page has its own journey), on a workbench page. */
async function staff(username: string, to = '/queue') {
  const { ctx, page } = await newPerson(e);
  pages.push(page);
  const res = await ctx.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.ok(), `login ${username}`).toBe(true);
  await page.goto(to);
  return page;
}

/** The steps other journeys drive through the drawers (route, sign, accept), here through the same API. */
async function act(page: Page, action: string, input: unknown) {
  const r = await page.request.post(`/api/cases/${shared.caseId}/actions/${action}`, { data: input });
  expect(r.status(), `${action}: ${await r.text()}`).toBe(200);
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

async function downloaded(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await dl.path();
  return fs.readFileSync(file!);
}

describe('第十八条: a leader’s reception from the portal booking to the case, 包案 and the statutory documents', () => {
  it('the dispatcher publishes a reception day with two times from the 接访管理 menu (第十八条第一款)', async () => {
    const page = await staff('dispatcher');
    await page.getByTestId('nav-reception').click();
    await page.waitForURL(/\/reception$/);
    await page.getByTestId('reception-new-day').click();
    const form = page.getByTestId('reception-day-form');
    await form.getByLabel('日期').click();
    await form.getByLabel('日期').fill(DAY);
    await form.getByLabel('日期').press('Enter');
    await form.getByLabel('地点').fill('江城市信访局一楼群众接待大厅');
    await form.getByLabel('领导姓名').fill(LEADER);
    await form.getByLabel('领导职务').fill('副市长');
    await form.getByLabel('接访主题（选填）').fill('住房城乡建设领域');
    await form.getByLabel('名额 1').fill('3');
    await page.getByTestId('reception-add-slot').click();
    await form.getByLabel('开始 2').fill('10:00');
    await form.getByLabel('结束 2').fill('11:00');
    await form.getByLabel('名额 2').fill('1');
    await page.getByTestId('reception-day-submit').click();
    await page.locator('.ant-message-success').first().waitFor();
    const row = page.getByTestId('reception-day-table').locator('tr', { hasText: LEADER });
    await expect(row.textContent()).resolves.toContain('已发布');
    await expect(row.textContent()).resolves.toContain('09:00–10:00 · 已约 0/3');
    await shot(page, 'reception-workbench-days');
  });

  it('a citizen on a 390 px phone books the 9 o’clock time on the portal and gets a booking code', async () => {
    const page = await citizen(true);
    await page.goto('/portal');
    await page.getByTestId('portal-reception-link').click();
    await page.waitForURL(/\/portal\/reception$/);
    const day = page.getByTestId('reception-day').filter({ hasText: LEADER });
    await expect(day.textContent()).resolves.toContain('江城市信访局一楼群众接待大厅');
    await expect(day.textContent()).resolves.toContain('剩余 3 个名额');
    expect(await noSideScroll(page), 'the reception list fits 390 px').toBe(true);
    await shot(page, 'reception-portal-days-mobile');
    await day.getByTestId('reception-slot').first().click();
    const form = page.getByTestId('reception-book-form');
    await page.getByTestId('reception-book-submit').click(); // empty: the form's own checks first
    await form.getByText('必填').first().waitFor();
    await form.getByLabel('您的姓名').fill('林晓');
    await form.getByLabel('联系电话').fill('13900002062');
    await form.getByLabel('反映事项简述').fill(SUMMARY);
    await page.getByTestId('reception-book-submit').click();
    const booked = page.getByTestId('reception-booked');
    await booked.waitFor();
    shared.code = ((await booked.getByTestId('booking-code').textContent()) ?? '').trim();
    expect(shared.code).toMatch(/^JF[0-9A-Z]{10}$/);
    await expect(booked.textContent()).resolves.toContain('林*'); // the person is masked even for the booker
    expect(await noSideScroll(page), 'the booking fits 390 px').toBe(true);
    await shot(page, 'reception-portal-booked-mobile');
  });

  it('on a desktop a citizen books the last 10 o’clock seat, finds it by code and cancels it; the seat comes back', async () => {
    const page = await citizen(false);
    await page.goto('/portal');
    await page.getByTestId('portal-nav-reception').click();
    const day = page.getByTestId('reception-day').filter({ hasText: LEADER });
    await expect(day.textContent()).resolves.toContain('剩余 2 个名额');
    await day.getByTestId('reception-slot').nth(1).click();
    const form = page.getByTestId('reception-book-form');
    await form.getByLabel('您的姓名').fill('陈静');
    await form.getByLabel('联系电话').fill('13700002062');
    await form.getByLabel('反映事项简述').fill('小区旁工地夜间施工噪声扰民。');
    await page.getByTestId('reception-book-submit').click();
    shared.secondCode = ((await page.getByTestId('reception-booked').getByTestId('booking-code').textContent()) ?? '').trim();
    await day.getByTestId('reception-slot').filter({ hasText: '已约满' }).waitFor(); // the list reloads after the booking
    const lookup = page.getByTestId('reception-lookup');
    await lookup.getByLabel('预约码').fill(shared.secondCode.toLowerCase());
    await page.getByTestId('reception-lookup-submit').click();
    await expect(page.getByTestId('reception-found').getByTestId('booking-status').textContent()).resolves.toBe('已预约');
    await shot(page, 'reception-portal-lookup');
    await page.getByTestId('reception-cancel').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /确\s*定/ }).click();
    await page.locator('.ant-message-success').first().waitFor();
    await expect(page.getByTestId('reception-found').getByTestId('booking-status').textContent()).resolves.toBe('已取消');
    await page.reload();
    await expect(page.getByTestId('reception-day').filter({ hasText: LEADER }).getByTestId('reception-slot').nth(1).textContent()).resolves.toContain('剩余 1 个名额');
  });

  it('the desk sees the booking masked, reveals it (audited) and registers the matter as a visit case attributed to the leader', async () => {
    const page = await staff('intake', '/reception');
    const row = page.getByTestId('reception-day-table').locator('tr', { hasText: LEADER });
    await expect(row.textContent()).resolves.toContain('已约 1/3');
    await row.getByTestId('reception-open-bookings').click();
    const drawer = page.getByTestId('reception-bookings');
    const booking = drawer.locator('tr', { hasText: SUMMARY });
    await expect(booking.getByTestId('booking-person').textContent()).resolves.toBe('林* 139****2062');
    await page.getByTestId('reception-reveal').click();
    await expect(booking.getByTestId('booking-person').textContent()).resolves.toBe('林晓 13900002062');
    await drawer.getByText('已显示完整信息（已记入审计）').waitFor();
    // the cancelled booking stays listed, without a register button
    const cancelled = drawer.locator('tr', { hasText: '夜间施工' });
    await expect(cancelled.textContent()).resolves.toContain('已取消');
    expect(await cancelled.getByTestId('booking-register').count()).toBe(0);
    await shot(page, 'reception-workbench-bookings');
    await booking.getByTestId('booking-register').click();
    const form = page.getByTestId('booking-register-form');
    await expect(form.getByLabel('主要内容').inputValue()).resolves.toBe(SUMMARY);
    await form.getByLabel('标题').fill(TITLE);
    await page.getByTestId('booking-register-submit').click();
    const done = page.getByTestId('booking-registered');
    await done.waitFor();
    shared.regNo = ((await done.getByTestId('booking-registered-case').textContent()) ?? '').trim();
    shared.trackingCode = ((await done.getByTestId('tracking-code').textContent()) ?? '').trim();
    shared.trackingSecret = ((await done.getByTestId('tracking-secret').textContent()) ?? '').trim();
    await expect(done.textContent()).resolves.toContain(`${LEADER} 副市长`);
    await done.getByTestId('booking-registered-case').click();
    await page.waitForURL(/\/cases\//);
    shared.caseId = page.url().split('/cases/')[1]!;
    await expect(page.getByTestId('case-regno').textContent()).resolves.toBe(shared.regNo);
    await expect(page.getByTestId('leader-received').textContent()).resolves.toContain(`${LEADER} 副市长`);
    await expect(page.getByText('来访').first().isVisible()).resolves.toBe(true);
  });

  it('the lead unit’s head takes charge (包案) on the case page and finds it among the leaders’ cases (第十八条第二款)', async () => {
    const dispatcher = await staff('dispatcher');
    const units = (await (await dispatcher.request.get('/api/units')).json()) as { items: Array<{ id: string; name: string }> };
    await act(dispatcher, 'route', { mode: 'forward', leadUnitId: units.items.find((u) => u.name === LEAD)!.id });
    const handler = await staff('zjj.handler');
    await act(handler, 'sign', {});
    await act(handler, 'accept', { procedure: '按《信访工作条例》第三十一条办理，60日内出具处理意见书。' });

    const head = await staff('zjj.head', `/cases/${shared.caseId}`);
    const card = head.getByTestId('case-leaders');
    await expect(card.getByTestId('leader-in-charge').textContent()).resolves.toContain('尚无领导包案');
    await card.getByTestId('take-charge').click();
    await head.getByTestId('charge-form').getByLabel('职务（选填）').fill('住建局局长');
    await head.getByTestId('charge-submit').click();
    await head.locator('.ant-message-success').first().waitFor();
    await expect(card.getByTestId('leader-in-charge').textContent()).resolves.toContain('住建局局长 （本人）');
    await card.getByTestId('release-charge').waitFor();
    expect(await card.getByTestId('take-charge').count()).toBe(0);
    await shot(head, 'reception-case-leaders');

    await head.getByTestId('nav-leader-cases').click();
    await head.waitForURL(/\/reception\/leader-cases$/);
    await head.getByTestId('leader-cases').getByRole('link', { name: shared.regNo }).waitFor();
    await head.getByTestId('leader-received-cases').getByRole('link', { name: shared.regNo }).waitFor();
    // the summary names the leader (a name only: roles are shown apart, in the chosen language)
    await expect(head.getByTestId('leader-summary').textContent()).resolves.toContain(userDefs().find((u) => u.username === 'zjj.head')!.displayName);
    await shot(head, 'reception-leader-cases');
  });

  it('the unit issues the 受理告知书 (第二十三条) and downloads it as .docx and PDF', async () => {
    const page = await staff('zjj.handler', `/cases/${shared.caseId}`);
    const card = page.getByTestId('case-documents');
    await card.getByText('尚未出具文书').waitFor(); // the card's list loads after the case: wait for it, not a first read
    await card.getByTestId('document-generate').click();
    // a kind the case has not reached is offered but disabled
    await expect(page.locator('.ant-dropdown-menu-item-disabled', { has: page.locator('[data-kind="handling_opinion"]') }).count()).resolves.toBe(1);
    await page.locator('.ant-dropdown-menu-item [data-kind="accept_notice"]').click();
    await page.locator('.ant-message-success').first().waitFor();
    const item = card.getByTestId('document-item').first();
    await expect(item.textContent()).resolves.toMatch(/受理告知书.*受〔\d{4}〕\d+号/);
    const docx = await downloaded(page, () => item.getByTestId('document-docx').click());
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    const pdf = await downloaded(page, () => item.getByTestId('document-pdf').click());
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'reception-case-documents');
  });

  it('the citizen sees the notice on the portal lookup (phone screen) and downloads the PDF', async () => {
    const page = await citizen(true);
    await page.goto('/portal/lookup');
    await page.getByLabel('查询码').fill(shared.trackingCode);
    await page.getByLabel('查询密码').fill(shared.trackingSecret);
    await page.getByTestId('lookup-submit').click();
    const docs = page.getByTestId('citizen-documents');
    const item = docs.getByTestId('document-item').first();
    await expect(item.textContent()).resolves.toContain('受理告知书');
    const pdf = await downloaded(page, () => item.getByTestId('citizen-document-pdf').click());
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const docx = await downloaded(page, () => item.getByTestId('citizen-document-docx').click());
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(await noSideScroll(page), 'the lookup fits 390 px').toBe(true);
    await docs.scrollIntoViewIfNeeded();
    await shot(page, 'reception-portal-documents-mobile', false);
  });

  it('the portal submit form asks how to be told, and asks for the e-mail when e-mail is chosen (第二十三条)', async () => {
    const page = await citizen(true);
    await page.goto('/portal/submit');
    await page.getByLabel('标题').fill('北港花园小区路灯不亮');
    await page.getByLabel('主要内容').fill('北港花园小区门前的路灯坏了两周，夜间出行不安全。');
    await page.getByRole('radio', { name: '申诉求决' }).check();
    await page.getByLabel('您的姓名').fill('林晓');
    expect(await page.getByLabel('电子邮箱').count()).toBe(0);
    await page.getByRole('radio', { name: '电子邮件' }).check();
    await page.getByTestId('portal-submit').click();
    await page.getByLabel('电子邮箱').waitFor();
    await page.getByTestId('portal-form').getByText('必填').first().waitFor();
    await page.getByLabel('电子邮箱').fill('linxiao@example.org');
    await page.getByLabel('电子邮箱').scrollIntoViewIfNeeded();
    await shot(page, 'reception-portal-notify-mobile', false);
    await page.getByTestId('portal-submit').click();
    await page.getByTestId('portal-code').waitFor();
    const code = ((await page.getByTestId('portal-code').textContent()) ?? '').trim();
    const secret = ((await page.getByTestId('portal-secret').textContent()) ?? '').trim();
    const mine = (await (await page.request.post('/api/public/lookup', { data: { code, secret } })).json()) as { id: string };
    // the staff's notices list shows the e-mail channel, the address masked
    const dispatcher = await staff('dispatcher');
    const found = { items: [{ id: mine.id }] };
    const notices = (await (await dispatcher.request.get(`/api/cases/${found.items[0]!.id}/notifications`)).json()) as { items: Array<{ channel: string; address: string }> };
    expect(notices.items.length).toBeGreaterThan(0);
    expect(notices.items.every((n) => n.channel === 'email' && n.address !== 'linxiao@example.org')).toBe(true);
  });

  it('copies the screenshots to docs/screenshots', () => {
    for (const f of fs.readdirSync(SHOTS).filter((f) => f.startsWith('reception-'))) fs.copyFileSync(path.join(SHOTS, f), path.join('docs/screenshots', f));
    expect(fs.existsSync('docs/screenshots/reception-case-documents.png')).toBe(true);
  });
});
