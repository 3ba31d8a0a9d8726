/**
 * The real server for browser tests: a fresh temporary data directory (PGlite on disk), the demo city seeded,
 * a free port on 127.0.0.1, the built web app from web/dist. Stopped and removed at the end.
 */
import { freePort } from '../helpers/net.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { loadConfig } from '../../src/core/config.js';
import { openRuntime, startServer, type Server } from '../../src/bootstrap.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.js';

export { DEMO_PASSWORD };

export interface E2E {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-e2e-'));
  const port = await freePort();
  const config = { ...loadConfig({}), port, host: '127.0.0.1', dataDir, attachmentsDir: path.join(dataDir, 'attachments'), databaseUrl: undefined };
  const rt = await openRuntime(config, { pgliteDir: path.join(dataDir, 'pglite') });
  await seedDemo(rt);
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServer(rt, { jobs: false, logger: false });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (err) {
    await server?.close();
    if (!server) await rt.database.close();
    throw err;
  }
  const b = browser;
  const s = server;
  return {
    url: s.url,
    browser: b,
    close: async () => {
      await b.close().catch(() => {});
      await s.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const SHOTS = path.resolve('test-results/screenshots');

export async function shot(page: Page, name: string, fullPage = true) {
  // let toasts fade and antd's motion settle, so the picture shows the page itself
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 6000 }).catch(() => {});
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** A browser context per person, so each keeps its own session cookie. */
export async function newPerson(e: E2E, opts: { mobile?: boolean } = {}): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await e.browser.newContext({
    baseURL: e.url,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(opts.mobile ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } : { viewport: { width: 1400, height: 900 } }),
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  (page as Page & { errors: string[] }).errors = errors;
  return { ctx, page };
}

/** A member of staff signed in through the login page, in their own browser context (optionally at a viewport size). */
export async function signIn(e: E2E, username: string, viewport?: { width: number; height: number }): Promise<Page> {
  const { page } = await newPerson(e);
  if (viewport) await page.setViewportSize(viewport);
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(/\/queue/);
  return page;
}

/**
 * Picks a unit in the shared unit picker (web/src/components/UnitPicker.tsx) by typing its name: the option is the
 * one whose unit has exactly that name (its label shows the full path); checks the choice took.
 */
export async function pickUnit(drawer: Locator, label: string, name: string) {
  const page = drawer.page();
  const item = drawer.locator('.ant-form-item').filter({ has: page.getByText(label, { exact: true }) });
  const chosen = item.locator(`[data-unit-name="${name}"]`);
  for (let attempt = 0; attempt < 3; attempt++) {
    await item.locator('.ant-select').first().click();
    await item.locator('input').first().fill(name);
    const option = page.locator(`.ant-select-dropdown:visible .ant-select-item-option [data-unit-name="${name}"]`).first();
    await option.waitFor();
    await option.click();
    if ((await chosen.count()) > 0) return;
  }
  throw new Error(`could not pick ${name} in ${label}`);
}
