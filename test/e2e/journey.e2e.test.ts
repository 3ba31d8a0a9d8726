/**
 * The whole statutory path in a real browser against the real server: a citizen submits on the portal; an operator
 * registers a phone call; the dispatcher routes it; the unit returns it; the dispatcher re-routes it; the new unit
 * signs, accepts, asks for an extension that its head approves; a reply is drafted and approved; the citizen looks
 * it up, evaluates it 不满意 and requests a review; switching to English shows English labels.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { CITY_DEPTS } from '../../src/seed/org.js';
import { openAction, submitAction } from './forms.js';
import { DEMO_PASSWORD, newPerson, pickUnit, shot, startE2E, type E2E } from './server.js';

const unitName = (key: string) => CITY_DEPTS.find((d) => d.key === key)!.name;
const FIRST_UNIT = unitName('zjj'); // 江城市住房和城乡建设局: returns the case
const SECOND_UNIT = unitName('sthj'); // 江城市生态环境局: handles it

let e: E2E;
const pages: Page[] = [];
const matter = { title: '江堤人家小区夜间施工噪声扰民', regNo: '', code: '', secret: '' };

beforeAll(async () => {
  e = await startE2E();
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  for (const [i, p] of pages.entries()) await shot(p, `failed-${ctx.task.name.slice(0, 30)}-${i}`, false).catch(() => {});
});
afterAll(async () => {
  for (const p of pages) expect((p as Page & { errors: string[] }).errors, 'uncaught errors in the page').toEqual([]);
  await e?.close();
});

async function person(mobile = false) {
  const { page } = await newPerson(e, { mobile });
  pages.push(page);
  return page;
}

async function login(page: Page, username: string) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(/\/queue/);
  await expect(page.getByTestId('current-user').textContent()).resolves.toBeTruthy();
}

/** Finds the case with the list page's search box (q) and opens it. */
async function openCase(page: Page) {
  await page.goto('/queue?tab=all');
  const search = page.getByTestId('case-search').locator('input');
  await search.fill(matter.regNo);
  await search.press('Enter');
  await page.getByRole('link', { name: matter.regNo }).click();
  await page.waitForURL(/\/cases\//);
  await page.getByTestId('case-regno').waitFor();
}

async function allowed(page: Page): Promise<string[]> {
  const buttons = page.locator('[data-testid="case-actions"] [data-action]');
  await page.getByTestId('case-regno').waitFor();
  if ((await page.getByTestId('no-actions').count()) > 0) return [];
  return buttons.evaluateAll((els) => els.map((el) => el.getAttribute('data-action') ?? ''));
}


const status = (page: Page) => page.getByTestId('case-status').textContent();

/** The administrator sets something up through the API (as the admin pages do). */
async function asAdmin(method: string, url: string, body: unknown) {
  const login = await fetch(`${e.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${e.url}${url}`, { method, headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.json();
}

describe('a petition from portal and phone to review, in the browser', () => {
  it('a citizen submits a matter on the portal (phone screen) and gets a code and secret', async () => {
    const page = await person(true);
    await page.goto('/portal');
    await shot(page, '01-portal-home');
    await page.getByTestId('portal-submit-link').click();
    await page.getByTestId('portal-submit').click(); // empty: client-side checks first
    await expect(page.getByText('请选择分类或事项性质').count()).resolves.toBeGreaterThan(0);
    await page.getByLabel('分类').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.getByLabel('标题').fill('滨江华府门前路灯不亮');
    await page.getByLabel('主要内容').fill('滨江华府小区门前道路的路灯已经坏了两周，晚上出行很不安全，请尽快维修。');
    await page.getByLabel('地点').fill('江北区北港大道滨江华府');
    await page.getByLabel('您的姓名').fill('林晓');
    await page.getByLabel('联系电话').fill('abc');
    await page.getByTestId('portal-submit').click();
    await page.getByText('电话号码格式不正确').waitFor();
    await page.getByLabel('联系电话').fill('13900001111');
    await page.getByLabel('附件').setInputFiles({ name: '路灯.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]) });
    await page.getByTestId('portal-submit').click();
    await page.getByText('已上传 1 个文件').waitFor(); // the photo went up with the code and secret just issued
    const code = await page.getByTestId('portal-code').textContent();
    const secret = await page.getByTestId('portal-secret').textContent();
    expect(code).toMatch(/^[A-Z0-9-]{6,}$/);
    expect(secret).toBeTruthy();
    await expect(page.getByText(/\d+日内，信访工作机构/).count()).resolves.toBe(1);
    await shot(page, '02-portal-submitted');
    await page.getByRole('button', { name: '查询进度' }).click();
    await page.getByTestId('citizen-status').waitFor();
    expect(await page.getByTestId('citizen-status').textContent()).toBe('已登记');
  });

  it('an operator registers a phone call and reads out the registration number, code and secret', async () => {
    const page = await person();
    await login(page, 'intake');
    await page.getByRole('link', { name: '登记事项' }).click();
    await page.getByTestId('register-form').waitFor();
    await expect(page.getByLabel('姓名').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.type('王建国');
    await page.getByLabel('电话').fill('13712345678');
    await page.getByLabel('住址').fill('江城市江北区北港街道江堤人家5栋302室');
    await page.getByText('申诉求决', { exact: true }).click();
    await page.getByLabel('标题').fill(matter.title);
    await page.getByLabel('主要内容').fill('江堤人家小区旁的工地近一个月每晚施工到凌晨两点，噪声很大，老人孩子无法休息，请有关部门查处。');
    await page.getByLabel('地点').fill('江北区北港街道江堤人家小区东侧工地');
    // as the text is typed, the office's classifiers suggest a category and unit, with the words behind them
    const suggestions = page.getByTestId('intake-suggestions');
    await suggestions.waitFor();
    await suggestions.getByText('依据词语', { exact: false }).first().waitFor();
    await shot(page, '03a-intake-suggestions');
    await page.getByLabel('附件').setInputFiles({ name: '来电记录.txt', mimeType: 'text/plain', buffer: Buffer.from('来电记录：夜间施工噪声，凌晨两点仍在施工。') });
    await page.getByLabel('主要内容').press('Control+Enter'); // keyboard submit
    await page.getByTestId('registered').waitFor();
    matter.regNo = (await page.getByTestId('reg-no').textContent()) ?? '';
    matter.code = (await page.getByTestId('tracking-code').textContent()) ?? '';
    matter.secret = (await page.getByTestId('tracking-secret').textContent()) ?? '';
    expect(matter.regNo).toMatch(/^XF\d{14}$/);
    expect(matter.code).toBeTruthy();
    await page.getByText('已上传 1 个文件').waitFor(); // attachments go up after the case exists
    await shot(page, '03-intake-registered');
    await page.getByRole('button', { name: '打开事项' }).click();
    await page.getByTestId('case-regno').waitFor();
    expect(await status(page)).toBe('已登记');
    // an operator may merge or link, but not route (the server's allowedActions)
    expect(await allowed(page)).not.toContain('route');
    await page.getByRole('link', { name: '来电记录.txt' }).waitFor();
    // contact details are masked until asked for (and the reveal is audited)
    await page.getByText('137****5678').waitFor();
    await page.getByTestId('reveal-contact').click();
    await page.getByText('13712345678').waitFor();
  });

  it('the dispatcher routes it from the queue to the housing bureau', async () => {
    const page = await person();
    await login(page, 'dispatcher');
    await page.getByTestId('status-chart').waitFor();
    await page.waitForTimeout(800);
    await shot(page, '04-dispatcher-queue', false);
    await openCase(page);
    expect(await allowed(page)).toEqual(expect.arrayContaining(['route', 'not_accept', 'merge_duplicate', 'link_existing']));
    const drawer = await openAction(page, 'route');
    await drawer.getByTestId('action-submit').click(); // required unit missing: shown next to the field
    await drawer.getByText('必填').first().waitFor();
    await pickUnit(drawer, '主办单位', FIRST_UNIT);
    await drawer.getByText('交办（需反馈）').click();
    await drawer.getByLabel('反馈期限（天）').fill('10');
    await shot(page, '05-dispatcher-route-drawer', false);
    await submitAction(page, 'route');
    expect(await status(page)).toBe('已交办');
  });

  it('the housing bureau returns it with a reason (退单)', async () => {
    const page = await person();
    await login(page, 'zjj.handler');
    await page.getByRole('link', { name: matter.regNo }).waitFor(); // in "my queue"
    await openCase(page);
    expect(await allowed(page)).toEqual(['sign', 'object']);
    const drawer = await openAction(page, 'object');
    await drawer.getByLabel('理由').fill('太短');
    await drawer.getByTestId('action-submit').click();
    await drawer.getByText('至少 5 个字').waitFor(); // client check mirrors the server's min length
    await drawer.getByLabel('理由').fill('施工噪声属于生态环境部门的执法职责，不属于本局职权范围，请改派生态环境局。');
    await submitAction(page, 'object');
    expect(await status(page)).toBe('退单待裁定');
  });

  it('the dispatcher upholds the objection and re-routes to the ecology bureau', async () => {
    const page = pages[2]!;
    await openCase(page);
    expect(await allowed(page)).toEqual(['uphold_objection', 'reject_objection']);
    const drawer = await openAction(page, 'uphold_objection');
    await drawer.getByText('施工噪声属于生态环境部门').waitFor(); // the objection being decided
    await pickUnit(drawer, '主办单位', SECOND_UNIT);
    await submitAction(page, 'uphold_objection');
    expect(await status(page)).toBe('已交办');
  });

  it('the ecology bureau signs, accepts and asks for an extension; the server’s field error shows at the field', async () => {
    const page = await person();
    await login(page, 'sthj.handler');
    await openCase(page);
    expect(await allowed(page)).toEqual(['sign']); // designated after a dispute: no second return
    await openAction(page, 'sign');
    await submitAction(page, 'sign');
    expect(await status(page)).toBe('已签收');
    const accept = await openAction(page, 'accept');
    await accept.getByLabel('受理告知（办理程序）').fill('依照《信访工作条例》第三十一条办理，60日内出具处理意见书。');
    await submitAction(page, 'accept');
    expect(await status(page)).toBe('办理中');
    const ext = await openAction(page, 'request_extension');
    await ext.getByLabel('延长天数').fill('45');
    await ext.getByLabel('理由').fill('需要委托第三方在夜间进行噪声监测，时间较长。');
    await ext.getByTestId('action-submit').click();
    await ext.locator('.ant-form-item-explain-error', { hasText: '30' }).waitFor(); // "≤ 30（第三十四条…）" from details.issues
    await ext.getByLabel('延长天数').fill('20');
    await submitAction(page, 'request_extension');
    await page.getByText('延期申请').first().waitFor();
  });

  it('the head of the ecology bureau approves the extension', async () => {
    const page = await person();
    await login(page, 'sthj.head');
    await openCase(page);
    expect(await allowed(page)).toEqual(expect.arrayContaining(['approve_extension', 'reject_extension']));
    const drawer = await openAction(page, 'approve_extension');
    await drawer.getByText('需要委托第三方在夜间进行噪声监测').waitFor();
    await submitAction(page, 'approve_extension');
    await page.getByTestId('clocks').getByText('已延长 20 天').waitFor();
  });

  it('the handler drafts the reply and the head approves it', async () => {
    await asAdmin('POST', '/api/templates', {
      title: '夜间施工噪声（支持）',
      decision: 'support',
      body: '经调查，您反映的问题属实。已责令施工单位停止夜间施工并处以罚款。',
    });
    const handler = pages[4]!;
    await openCase(handler);
    const drawer = await openAction(handler, 'draft_reply');
    await drawer.getByText('支持', { exact: true }).click();
    await drawer.getByLabel('查明事实').fill('经夜间监测，该工地22时后施工噪声超过《建筑施工场界环境噪声排放标准》限值。');
    await drawer.getByLabel('理由', { exact: true }).fill('夜间施工未取得许可，噪声超标。');
    // a reply template (答复模板) fills the reply text; the handler then edits it
    await drawer.getByTestId('template-select').click();
    await handler.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '夜间施工噪声（支持）' }).click();
    const text = drawer.getByLabel('答复正文');
    await expect.poll(() => text.inputValue()).toContain('已责令施工单位停止夜间施工并处以罚款');
    await text.fill(`${await text.inputValue()}今后夜间施工须依法取得许可。`);
    await drawer.getByTestId('action-submit').click();
    await drawer.getByText('处理意见书应当载明法律法规依据').waitFor(); // required for an appeal (第三十二条)
    await drawer.getByLabel('法律法规依据').fill('《中华人民共和国噪声污染防治法》第四十三条');
    await submitAction(handler, 'draft_reply');
    expect(await status(handler)).toBe('答复待审批');

    const head = pages[5]!;
    await openCase(head);
    const approve = await openAction(head, 'approve_reply');
    await approve.getByText('已责令施工单位停止夜间施工').waitFor();
    await submitAction(head, 'approve_reply');
    expect(await status(head)).toBe('已答复');
    await shot(head, '06-case-replied');
  });

  it('an analyst sees the case but no actions, and may not reveal contact details (403 shown as a message)', async () => {
    const page = await person();
    await login(page, 'analyst');
    await openCase(page);
    expect(await allowed(page)).toEqual([]);
    await page.getByTestId('reveal-contact').click();
    await page.getByRole('alert').getByText('您的角色无权执行此操作').waitFor();
    await page.getByText('137****5678').waitFor();
  });

  it('the citizen looks it up, evaluates 不满意 and requests a review; English shows English labels', async () => {
    const page = await person(true);
    await page.goto('/portal/lookup');
    await page.getByLabel('查询码').fill(matter.code);
    await page.getByLabel('查询密码').fill('WRONG1');
    await page.getByTestId('lookup-submit').click();
    await page.getByTestId('lookup-error').waitFor();
    await page.getByLabel('查询密码').fill(matter.secret);
    await page.getByTestId('lookup-submit').click();
    await page.getByTestId('citizen-reply').getByText('已责令施工单位停止夜间施工', { exact: false }).waitFor();
    expect(await page.getByTestId('citizen-status').textContent()).toBe('已答复');
    await shot(page, '07-citizen-reply');
    await page.locator('[data-action="evaluate"]').click();
    await page.getByText('不满意', { exact: true }).click();
    await page.getByTestId('citizen-action-submit').click();
    await page.getByText('感谢您的评价').waitFor();
    await page.locator('[data-action="request_review"]').click();
    await page.getByRole('dialog').getByLabel('理由').fill('罚款后工地仍在夜间施工，问题没有解决。');
    await page.getByTestId('citizen-action-submit').click();
    await page.getByTestId('citizen-status').getByText('复查中').waitFor();
    expect(await page.locator('[data-action]').count()).toBe(0); // nothing more to do while under review
    await shot(page, '08-citizen-review-requested');

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('citizen-status').getByText('Under review').waitFor();
    await page.getByText('Reply (written decision)').waitFor();
    await page.getByRole('link', { name: 'Submit a matter' }).first().waitFor();
    await shot(page, '09-citizen-english');
    // the choice is remembered
    await page.reload();
    await page.getByRole('link', { name: 'Follow a matter' }).first().waitFor();
  });

  it('the workbench in English: menu, statuses and action labels', async () => {
    const page = pages[2]!; // the dispatcher
    await openCase(page);
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('case-status').getByText('Under review').waitFor();
    await page.getByRole('link', { name: 'My queue' }).waitFor();
    await page.getByText('Timeline', { exact: true }).waitFor();
    await page.getByText('Request review', { exact: true }).first().waitFor(); // the event label from the lifecycle table
    await shot(page, '10-workbench-english');
  });
});
