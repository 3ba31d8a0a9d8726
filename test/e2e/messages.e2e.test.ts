/**
 * The message centre in the browser (issue 13, docs/notifications.md "Message centre"): the housing bureau's handler
 * clears their bell; the dispatcher routes a registered matter to 住房和城乡建设局 in the route drawer (信访工作条例
 * 第二十二条: 转送、交办有权处理的机关、单位); the handler's bell counts it, the list shows it in bold with its
 * registration number and the time in China Standard Time; a click opens the case and the count goes down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CITY_DEPTS } from '../../src/seed/org.js';
import { SHOTS, pickUnit, shot, signIn, startE2E, type E2E } from './server.js';

let e: E2E;
const pages: Page[] = [];
beforeAll(async () => void (e = await startE2E()));
afterAll(async () => {
  for (const p of pages) expect((p as Page & { errors: string[] }).errors, 'uncaught errors in the page').toEqual([]);
  await e?.close();
});

const DOCS = path.resolve(import.meta.dirname, '../../docs/screenshots');
const HOUSING = CITY_DEPTS.find((d) => d.key === 'zjj')!.name; // 江城市住房和城乡建设局

/** The bell's number as the page shows it (the badge's data-count), once it equals n. */
const bellShows = (page: Page, n: number) => page.locator(`[data-testid="messages-count"][data-count="${n}"]`).waitFor();

it('a dispatch to the housing bureau rings its handler’s bell; the message opens the case and the count goes down', async () => {
  const handler = await signIn(e, 'zjj.handler');
  pages.push(handler);
  // the demo city left messages: the handler reads them all first
  await handler.getByTestId('messages-bell').click();
  const panel = handler.getByTestId('messages-panel');
  await panel.waitFor();
  if (await handler.getByTestId('messages-read-all').isEnabled()) await handler.getByTestId('messages-read-all').click();
  await bellShows(handler, 0);
  await handler.keyboard.press('Escape');

  // the dispatcher routes a registered matter to 住房和城乡建设局 from the case page
  const dispatcher = await signIn(e, 'dispatcher');
  pages.push(dispatcher);
  const list = (await (await dispatcher.context().request.get('/api/cases?status=registered&kind=appeal&pageSize=1')).json()).items as Array<{ id: string; regNo: string }>;
  const matter = list[0]!;
  const dispatcherCount = async () => (await (await dispatcher.context().request.get('/api/me/messages/count')).json()).unread as number;
  const before = await dispatcherCount();
  expect(matter, 'a registered matter of the demo city').toBeDefined();
  await dispatcher.goto(`/cases/${matter.id}`);
  await dispatcher.locator('[data-action="route"]').click();
  const drawer = dispatcher.getByTestId('action-drawer-route');
  await drawer.waitFor();
  await pickUnit(drawer, '主办单位', HOUSING);
  await drawer.getByTestId('action-submit').click();
  await drawer.waitFor({ state: 'detached' });
  await dispatcher.locator('.ant-message-success').first().waitFor();
  // the dispatcher who made it is not told
  expect(await dispatcherCount()).toBe(before);

  // the handler comes back to the window: the bell asks at once (and every 30 s without it)
  await handler.evaluate(() => window.dispatchEvent(new Event('focus')));
  await bellShows(handler, 1);
  expect(await handler.getByTestId('messages-bell').getAttribute('aria-label')).toBe('消息：1 条未读');
  await handler.getByTestId('messages-bell').click();
  const first = panel.getByTestId('message-item').first();
  await first.getByText(matter.regNo).waitFor();
  expect(await first.getAttribute('data-read')).toBe('false');
  const text = await first.innerText();
  expect(text).toContain('新交办，请签收');
  // the event's time in China Standard Time, whatever the browser's zone
  const newest = (await (await handler.context().request.get('/api/me/messages?pageSize=1')).json()).items[0] as { at: string; regNo: string };
  expect(newest.regNo).toBe(matter.regNo);
  expect(text).toContain(new Date(new Date(newest.at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '));
  // unread in bold
  expect(await first.locator('strong').count()).toBeGreaterThan(0);
  await shot(handler, 'messages-bell', false);
  fs.copyFileSync(path.join(SHOTS, 'messages-bell.png'), path.join(DOCS, 'messages-bell.png'));

  await first.click();
  await handler.waitForURL(new RegExp(`/cases/${matter.id}$`));
  await handler.getByTestId('case-regno').waitFor();
  await bellShows(handler, 0);
  // read now, and shown so
  await handler.getByTestId('messages-bell').click();
  await panel.getByTestId('message-item').first().getByText(matter.regNo).waitFor();
  expect(await panel.getByTestId('message-item').first().getAttribute('data-read')).toBe('true');
}, 180_000);
