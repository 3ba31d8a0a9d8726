/**
 * A record a person can read: a case's timeline and clocks, opened in browsers set to New York time and to UTC, show
 * every time in China Standard Time (the office's time, UTC+8) and every event in words — a clock warning reads
 * "转送交办时限 80% 预警，… 到期" — never a `…T…Z` ISO string or a raw key, in Chinese and, after the language
 * switch, in English. The 信访工作条例 counts its deadlines (第二十二条 15 days to route, 第三十四条 60 days to handle)
 * in the office's days, so a reader elsewhere must see the office's dates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, shot, startE2E, type E2E } from './server.js';

let e: E2E;
const pages: Page[] = [];
let target: { id: string; regNo: string; events: { type: string; at: string; data: Record<string, unknown> }[]; clocks: { dueAt: string }[] };

/** the CST wall clock of an instant, as the workbench writes it (2066-03-01 09:00) */
const cst = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const SNAKE = /\b[a-z]+_[a-z_]+\b/;
const CAMEL = /\b[a-z]+[A-Z][A-Za-z]*\b/;

beforeAll(async () => {
  e = await startE2E();
  // a case of the demo city whose routing clock warned and then ran out (the seed sweeps every morning, 08:00 CST)
  const login = await fetch(`${e.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: DEMO_PASSWORD }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const list = (await (await fetch(`${e.url}/api/cases?pageSize=200`, { headers: { cookie } })).json()) as { items: { id: string }[] };
  for (const it of list.items) {
    const c = (await (await fetch(`${e.url}/api/cases/${it.id}`, { headers: { cookie } })).json()) as typeof target;
    const types = c.events.map((x) => x.type);
    if (types.includes('clock_warning') && types.includes('clock_overdue')) {
      target = c;
      break;
    }
  }
  expect(target, 'a demo case with a clock warning and an overdue mark').toBeDefined();
});
afterAll(async () => {
  for (const p of pages) expect((p as Page & { errors?: string[] }).errors ?? [], 'uncaught errors in the page').toEqual([]);
  await e?.close();
});

async function dispatcherIn(timezoneId: string): Promise<Page> {
  const ctx = await e.browser.newContext({ baseURL: e.url, locale: 'zh-CN', timezoneId, viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  (page as Page & { errors: string[] }).errors = errors;
  pages.push(page);
  const res = await ctx.request.post('/api/auth/login', { data: { username: 'dispatcher', password: DEMO_PASSWORD } });
  expect(res.ok()).toBe(true);
  await page.goto(`/cases/${target.id}`);
  await page.getByTestId('timeline').waitFor();
  return page;
}

/** each event's time on the page equals the CST rendering of its stored instant; nothing raw in the text */
async function checkRecord(page: Page, lang: 'zh' | 'en') {
  const events = page.getByTestId('timeline-event');
  const n = await events.count();
  expect(n).toBe(target.events.length);
  for (let i = 0; i < n; i++) {
    const ev = events.nth(i);
    const at = (await ev.getAttribute('data-at'))!;
    expect(await ev.getByTestId('timeline-time').textContent()).toBe(cst(at));
  }
  const text = await page.getByTestId('timeline').innerText();
  expect(text).not.toMatch(ISO);
  expect(text.match(SNAKE), 'a raw key on the timeline').toBeNull();
  expect(text.match(CAMEL), 'a raw field name on the timeline').toBeNull();
  expect(text).not.toContain('dueAt');

  // the clock marks as sentences: which deadline, which warning, due when (CST)
  const warning = target.events.find((x) => x.type === 'clock_warning' && String(x.data.warning).endsWith('%'))!;
  const overdue = target.events.find((x) => x.type === 'clock_overdue')!;
  const sentences = await page.getByTestId('clock-sentence').allTextContents();
  const due = cst(String(warning.data.dueAt));
  if (lang === 'zh') {
    expect(sentences).toEqual(expect.arrayContaining([expect.stringContaining(`转送交办时限 ${String(warning.data.warning)} 预警，${due} 到期`)]));
    expect(sentences).toEqual(expect.arrayContaining([expect.stringContaining(`转送交办时限已超期（${cst(String(overdue.data.dueAt))} 到期）`)]));
  } else {
    expect(sentences).toEqual(expect.arrayContaining([expect.stringContaining(`Routing deadline: ${String(warning.data.warning)} of the time used, due ${due}`)]));
    expect(sentences).toEqual(expect.arrayContaining([expect.stringContaining(`Routing deadline passed (was due ${cst(String(overdue.data.dueAt))})`)]));
    expect(text).not.toMatch(/[\u4e00-\u9fff]{2,}时限/); // no Chinese clock words left in English
  }

  // the clocks card: due times in CST, no ISO
  const clocks = await page.getByTestId('clocks').innerText();
  expect(clocks).not.toMatch(ISO);
  for (const k of target.clocks) if (k.dueAt) expect(clocks).toContain(cst(k.dueAt));
}

describe('a case’s record in China Standard Time and in words, whatever the browser’s zone', () => {
  it('in New York: the timeline and clocks in CST and in Chinese words, then in English after the switch', async () => {
    const page = await dispatcherIn('America/New_York');
    // the browser really is elsewhere: its own clock reads another hour than CST
    const local = await page.evaluate(() => new Date().getTimezoneOffset());
    expect(local).toBeGreaterThan(0);
    await checkRecord(page, 'zh');
    await page.getByTestId('timeline').scrollIntoViewIfNeeded();
    await shot(page, 'timeline-zh', false);
    await page.getByTestId('lang-switch').click();
    await page.getByText('Routing deadline passed', { exact: false }).first().waitFor();
    await checkRecord(page, 'en');
    await page.getByTestId('timeline').scrollIntoViewIfNeeded();
    await shot(page, 'timeline-en', false);
  });

  it('in UTC: the same CST times', async () => {
    const page = await dispatcherIn('UTC');
    expect(await page.evaluate(() => new Date().getTimezoneOffset())).toBe(0);
    await checkRecord(page, 'zh');
  });
});
