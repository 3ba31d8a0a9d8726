/**
 * English that fits (issue 13): every page of the staff workbench and of the citizen portal, in Chinese and in
 * English, at 1400×900 and on a 390×844 phone, is checked for horizontal overflow — the page scrolling sideways,
 * and any text spilling out of its own box or cut off by a box around it (a label running into the next column,
 * a header that does not fit the phone). The pages are derived from web/src/App.tsx (and the nested route lists
 * of the portal and the admin pages): a route that is neither visited here nor excluded with a reason fails the
 * first test, so a new page cannot be forgotten. The sidebar's links are checked the same way.
 *
 * What is not counted (see findOverflow below and docs/web.md): anything inside an element marked
 * `data-overflow-ok` (cut on purpose, with the full text on hover), text with `text-overflow: ellipsis`, boxes
 * that scroll by design (overflow auto/scroll: tables with scroll.x, code blocks), invisible or zero-sized
 * boxes (a collapsed sider, antd's measuring copies), and the skip link parked off screen until focused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, SHOTS, startE2E, type E2E } from './server.js';

const ROOT = path.resolve('.');
const web = (f: string) => fs.readFileSync(path.join(ROOT, 'web/src', f), 'utf8');
const DOCS = path.resolve('docs/screenshots');

type Lang = 'zh' | 'en';
type Who = 'dispatcher' | 'admin' | 'anon';
/** who signs in only for the API steps that prepare the pages */
type Helper = 'sthj.handler' | 'sthj.head' | 'supervisor';
const LANGS: Lang[] = ['zh', 'en'];
const WIDTHS = [
  { name: '1400', viewport: { width: 1400, height: 900 }, mobile: false },
  { name: '390', viewport: { width: 390, height: 844 }, mobile: true },
] as const;

/** One page to open: the App.tsx route it stands for, who opens it, the address (or a way to reach it). */
interface Visit {
  route: string;
  who: Who;
  url: string;
  /** a name for messages and screenshots */
  name: string;
  /** after the page loaded, e.g. fill a form to show its result */
  then?: (page: Page, lang: Lang) => Promise<void>;
}

/** Routes of App.tsx that are not pages of their own, each with why. */
const EXCLUDED: Record<string, string> = {
  '/': 'the index route only redirects to /queue',
  '/admin': 'the admin index only redirects to /admin/units',
};

/** The splat routes of App.tsx and the file holding their own <Routes>. */
const NESTED: Record<string, string> = {
  '/portal/*': 'features/portal/PortalApp.tsx',
  '/admin/*': 'features/admin/AdminPage.tsx',
};

/** Every route pattern the app declares, nested lists resolved ('*' is the staff wrapper and the not-found page). */
function appRoutes(): string[] {
  const routesOf = (src: string) => [...src.matchAll(/<Route\s+(index\b|path="([^"]+)")/g)].map((m) => (m[1] === 'index' ? '' : m[2]!));
  const out = new Set<string>();
  for (const p of routesOf(web('App.tsx'))) {
    if (p === '') {
      out.add('/');
      continue;
    }
    const file = NESTED[p];
    if (p.endsWith('/*') && p !== '*') {
      if (!file) throw new Error(`App.tsx has the nested route ${p}: add its file to NESTED in overflow.e2e.test.ts`);
      const base = p.slice(0, -2);
      for (const q of routesOf(web(file))) out.add(q === '' ? base : `${base}/${q}`);
      continue;
    }
    out.add(p);
  }
  return [...out];
}

/** The register keys and API bases of web/src/features/registers/config.ts, and the extra pages each links. */
function registers(): Array<{ key: string; base: string }> {
  const src = web('features/registers/config.ts');
  return [...src.matchAll(/\n {4}key: '([a-z_]+)',\n(?: {4}[^\n]*\n){0,3}? {4}base: '([^']+)'/g)].map((m) => ({ key: m[1]!, base: m[2]! }));
}

const routeOf = (url: string, routes: string[]): string | undefined => {
  const p = url.split('?')[0]!;
  // static routes win over ones with parameters, as in react-router
  const scored = routes
    .filter((r) => r !== '*' && new RegExp(`^${r.replace(/:[a-z]+/g, '[^/]+').replace(/\/\*$/, '(?:/.*)?')}$`).test(p))
    .sort((a, b) => (a.match(/:/g)?.length ?? 0) - (b.match(/:/g)?.length ?? 0));
  return scored[0] ?? (routes.includes('*') ? '*' : undefined);
};

// ---------- the check that runs in the page ----------

interface Problem {
  kind: 'page-scroll' | 'spills' | 'clipped';
  selector: string;
  text: string;
  detail: string;
}

/** Runs in the browser: the page scrolling sideways, text spilling from its own box, text cut by a box around it. */
function findOverflow(): Problem[] {
  const out: Problem[] = [];
  const vw = document.documentElement.clientWidth;
  const sel = (el: Element): string => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      const id = e.id ? `#${e.id}` : '';
      const tid = e.getAttribute('data-testid');
      const cls = [...e.classList].filter((c) => !/^(css-|ant-(col|row)-)|-(hidden|active)$/.test(c)).slice(0, 2).map((c) => `.${c}`).join('');
      parts.unshift(`${e.tagName.toLowerCase()}${id}${tid ? `[data-testid=${tid}]` : ''}${cls}`);
      if (id || tid) break;
    }
    return parts.join(' > ');
  };
  const textOf = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
  const ok = (el: Element) => !!el.closest('[data-overflow-ok], .ms-skip, .ant-select-dropdown-hidden, .ant-dropdown-hidden, .ant-tooltip, .ant-popover');
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };

  const se = document.scrollingElement!;
  if (se.scrollWidth > se.clientWidth + 1) {
    // name the outermost boxes that reach past the right edge
    const wide = [...document.body.querySelectorAll('*')].filter((el) => {
      if (ok(el) || !visible(el)) return false;
      const r = el.getBoundingClientRect();
      if (r.right <= vw + 1) return false;
      const parent = el.parentElement;
      return !parent || parent.getBoundingClientRect().right <= vw + 1;
    });
    out.push({ kind: 'page-scroll', selector: 'document', text: '', detail: `scrollWidth ${se.scrollWidth} > clientWidth ${se.clientWidth}` });
    for (const el of wide.slice(0, 5)) out.push({ kind: 'page-scroll', selector: sel(el), text: textOf(el), detail: `right edge ${Math.round(el.getBoundingClientRect().right)} > ${vw}` });
  }

  // the boxes that hold text: the nearest non-inline element around each non-blank text node, with its text nodes
  const boxes = new Map<HTMLElement, Text[]>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    if (!n.textContent?.trim()) continue;
    let el = n.parentElement;
    while (el && getComputedStyle(el).display === 'inline') el = el.parentElement;
    if (!el || el === document.body || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'OPTION', 'TEXTAREA'].includes(el.tagName)) continue;
    boxes.set(el, [...(boxes.get(el) ?? []), n]);
  }
  const scrolls = (cs: CSSStyleDeclaration) => cs.overflowX === 'auto' || cs.overflowX === 'scroll';
  const range = document.createRange();
  for (const [el, texts] of boxes) {
    if (ok(el) || !visible(el)) continue;
    const cs = getComputedStyle(el);
    if (cs.textOverflow === 'ellipsis' || scrolls(cs)) continue;
    // where the text itself is drawn (not the box's scrollWidth: a fixed column's shadow or an icon may reach out too)
    let left = Infinity;
    let right = -Infinity;
    for (const t of texts) {
      range.selectNodeContents(t);
      for (const r of range.getClientRects()) {
        if (r.width === 0) continue;
        left = Math.min(left, r.left);
        right = Math.max(right, r.right);
      }
    }
    if (right === -Infinity) continue;
    const box = el.getBoundingClientRect();
    const inner = { left: box.left + el.clientLeft, right: box.left + el.clientLeft + el.clientWidth };
    if (el.clientWidth > 0 && (right > inner.right + 1 || left < inner.left - 1)) {
      out.push({ kind: cs.overflowX === 'visible' ? 'spills' : 'clipped', selector: sel(el), text: textOf(el), detail: `text ${Math.round(left)}–${Math.round(right)} outside its box ${Math.round(inner.left)}–${Math.round(inner.right)}` });
      continue;
    }
    // cut by a box around it that hides overflow (not one that scrolls: tables with scroll.x, code)
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const acs = getComputedStyle(a);
      if (scrolls(acs)) break;
      if (acs.overflowX !== 'hidden' && acs.overflowX !== 'clip') continue;
      const ar = a.getBoundingClientRect();
      if (ar.width === 0) break; // a collapsed box hides its content on purpose
      if (right > ar.right + 1 || left < ar.left - 1) {
        const how = acs.textOverflow === 'ellipsis' ? ' (the ellipsis of a box around a block is not drawn)' : '';
        out.push({ kind: 'clipped', selector: sel(el), text: textOf(el), detail: `text ${Math.round(left)}–${Math.round(right)} cut by ${sel(a)} ${Math.round(ar.left)}–${Math.round(ar.right)}${how}` });
      }
      break;
    }
  }
  // one line per spot: the same selector and text once
  const seen = new Set<string>();
  return out.filter((p) => !seen.has(p.kind + p.selector + p.text) && !!seen.add(p.kind + p.selector + p.text));
}

// ---------- the run ----------

let e: E2E;
const contexts: BrowserContext[] = [];
const thrown: string[] = [];
let visits: Visit[] = [];

async function context(who: Who | Helper, lang: Lang, width: (typeof WIDTHS)[number]): Promise<BrowserContext> {
  const ctx = await e.browser.newContext({
    baseURL: e.url,
    locale: lang === 'zh' ? 'zh-CN' : 'en-US',
    timezoneId: 'Asia/Shanghai',
    viewport: width.viewport,
    ...(width.mobile ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
  });
  contexts.push(ctx);
  // the language the user chose with the switch (web/src/i18n/lang.ts keeps it in localStorage)
  await ctx.addInitScript((l) => localStorage.setItem('minsheng.lang', l), lang);
  if (who !== 'anon') {
    const res = await ctx.request.post('/api/auth/login', { data: { username: who, password: DEMO_PASSWORD } });
    expect(res.ok(), `login ${who}`).toBe(true);
  }
  return ctx;
}

/** The page has drawn: no request in flight, no spinner, no skeleton. */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active') && !!document.querySelector('#main, main, form, .ant-card'), null, { timeout: 15_000 }).catch(() => {});
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(150); // antd's motion (tabs ink bar, collapse) ends
}

/** A JSON GET as a signed-in user. */
async function api<T>(ctx: BrowserContext, url: string): Promise<T> {
  const res = await ctx.request.get(url);
  expect(res.ok(), `GET ${url}: ${res.status()}`).toBe(true);
  return (await res.json()) as T;
}

/** The attachments' file picker speaks the UI's language (the browser's own input would say 选择文件 / Choose Files by the browser's). */
async function filePickerInLang(page: Page, lang: Lang) {
  await expect(page.getByTestId('file-pick').textContent()).resolves.toContain(lang === 'zh' ? '选择文件' : 'Choose files');
  await expect(page.getByTestId('file-picked').textContent()).resolves.toBe(lang === 'zh' ? '未选择文件' : 'No file chosen');
  await page.getByLabel(lang === 'zh' ? '附件' : 'Attachments', { exact: true }).setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) });
  await expect(page.getByTestId('file-picked').textContent()).resolves.toBe(lang === 'zh' ? '已选择 1 个文件：photo.jpg' : '1 file(s) chosen: photo.jpg');
}

const portalCase = { code: '', secret: '' };

async function plan(): Promise<Visit[]> {
  const disp = await context('dispatcher', 'zh', WIDTHS[0]);
  const v: Visit[] = [];
  const add = (who: Who, url: string, name: string, then?: Visit['then']) => v.push({ route: '', who, url, name, then });
  // staff: the dispatcher sees the queue, cases, registration, registers, dashboards, reception; the admin the admin pages
  add('anon', '/login', 'login');
  add('dispatcher', '/queue?tab=mine', 'queue-mine', async (page, lang) => {
    // the header shows the user's role in the chosen language, and the name carries no role of its own
    const who = (await page.getByTestId('current-user').textContent()) ?? '';
    expect(who, 'the role in the header').toContain(lang === 'zh' ? '派单员' : 'Dispatcher');
    if (lang === 'en') expect(who, 'no Chinese role label in the English header').not.toContain('派单员');
  });
  add('dispatcher', '/queue?tab=all', 'queue-all');
  for (const status of ['registered', 'accepted', 'replied', 'closed']) {
    const list = await api<{ items: Array<{ id: string }> }>(disp, `/api/cases?status=${status}&pageSize=1`);
    expect(list.items.length, `a demo case in status ${status}`).toBeGreaterThan(0);
    add('dispatcher', `/cases/${list.items[0]!.id}`, `case-${status}`);
  }
  add('dispatcher', '/register', 'register', filePickerInLang);
  add('dispatcher', '/imports', 'imports');
  add('dispatcher', '/reception', 'reception');
  add('dispatcher', '/reception/leader-cases', 'leader-cases');
  for (const r of registers()) {
    add('dispatcher', `/registers/${r.key}`, `registers-${r.key}`);
    add('dispatcher', `/registers/${r.key}/board`, `registers-${r.key}-board`);
    const list = await api<{ items?: Array<{ id: string }> } | Array<{ id: string }>>(disp, `${r.base}?limit=1`);
    const first = (Array.isArray(list) ? list : (list.items ?? []))[0];
    if (first) add('dispatcher', `/registers/${r.key}/${first.id}`, `registers-${r.key}-record`);
  }
  add('dispatcher', '/registers/supervision/bulletins', 'bulletins');
  add('dispatcher', '/analytics/overview', 'overview');
  add('dispatcher', '/analytics/rankings', 'rankings');
  add('dispatcher', '/analytics/map', 'map');
  add('dispatcher', '/analytics/bigscreen', 'bigscreen');
  add('dispatcher', '/analytics/reports', 'reports');
  add('dispatcher', '/analytics/hotspots', 'hotspots');
  add('dispatcher', '/analytics/hotspots/0', 'hotspot-topic');
  add('dispatcher', '/no-such-page', 'not-found');
  for (const p of ['units', 'users', 'clock-rules', 'holidays', 'categories', 'templates', 'routing-rules']) add('admin', `/admin/${p}`, `admin-${p}`);
  // the portal: anyone, no login. A matter submitted just now with consent to publication, answered and published
  // through the API (the screens of that are the lifecycle and reply-board journeys'), so the lookup shows a reply
  // and the reply board has an entry to open.
  const sub = await disp.request.post('/api/public/cases', {
    data: { kind: 'appeal', title: '江堤小区门口雨天积水', content: '江堤小区门口每逢下雨严重积水，出行困难，请尽快疏通排水。', petitioner: { name: '周二〇六七', phone: '13900002067' }, publishConsent: true },
  });
  expect(sub.status(), await sub.text()).toBe(201);
  const s = (await sub.json()) as { id: string; trackingCode: string; trackingSecret: string };
  Object.assign(portalCase, { code: s.trackingCode, secret: s.trackingSecret });
  const act = async (ctx: BrowserContext, url: string, data: unknown) => {
    const res = await ctx.request.post(url, { data });
    expect(res.ok(), `POST ${url}: ${await res.text()}`).toBe(true);
    return (await res.json()) as { id?: string };
  };
  const units = await api<{ items: Array<{ id: string; name: string }> } | Array<{ id: string; name: string }>>(disp, '/api/units');
  const sthj = (Array.isArray(units) ? units : units.items).find((u) => u.name === '江城市生态环境局')!;
  await act(disp, `/api/cases/${s.id}/actions/route`, { mode: 'forward', leadUnitId: sthj.id });
  const handler = await context('sthj.handler', 'zh', WIDTHS[0]);
  await act(handler, `/api/cases/${s.id}/actions/sign`, {});
  await act(handler, `/api/cases/${s.id}/actions/accept`, { procedure: '按《信访工作条例》第三十一条第六项办理。' });
  await act(handler, `/api/cases/${s.id}/actions/draft_reply`, {
    decision: 'support',
    facts: '经现场核查，江堤小区门口排水管堵塞属实。',
    reasons: '属于市政排水设施日常养护范围。',
    legalBasis: '《城镇排水与污水处理条例》第四十条',
    text: '经核查，您反映的江堤小区门口雨天积水问题属实，已安排于一周内疏通排水管道。如有疑问请拨打12345热线。',
  });
  await act(await context('sthj.head', 'zh', WIDTHS[0]), `/api/cases/${s.id}/actions/approve_reply`, {});
  const pub = await act(disp, '/api/replyboard', { caseId: s.id, title: '江堤小区门口雨天积水问题', summary: '群众反映江堤小区门口每逢下雨严重积水，出行困难。', reply: '经核查，反映的问题属实，已安排于一周内疏通排水管道。' });
  await act(await context('supervisor', 'zh', WIDTHS[0]), `/api/replyboard/${pub.id}/actions/approve`, {});
  add('anon', '/portal', 'portal');
  add('anon', '/portal/submit', 'portal-submit', filePickerInLang);
  add('anon', '/portal/lookup', 'portal-lookup');
  add('anon', '/portal/lookup', 'portal-lookup-case', async (page) => {
    await page.locator('#main input').nth(0).fill(portalCase.code);
    await page.locator('#main input').nth(1).fill(portalCase.secret);
    await page.getByTestId('lookup-submit').click();
    await page.getByTestId('lookup-error').or(page.locator('.ant-descriptions').first()).waitFor();
  });
  add('anon', '/portal/reception', 'portal-reception');
  add('anon', '/portal/replies', 'portal-replies');
  const replies = await api<{ items: Array<{ id: string }> }>(disp, '/api/public/replies?limit=1');
  expect(replies.items.length, 'the reply just published is on the board').toBeGreaterThan(0);
  add('anon', `/portal/replies/${replies.items[0]!.id}`, 'portal-reply');
  const routes = appRoutes();
  for (const x of v) x.route = routeOf(x.url, routes) ?? '(none)';
  return v;
}

beforeAll(async () => {
  e = await startE2E();
  visits = await plan();
}, 240_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await e?.close();
  expect(thrown, 'uncaught errors in the pages').toEqual([]);
});

describe('overflow: every page fits, in both languages, at 1400 px and 390 px', () => {
  it('visits every route of App.tsx (or says why not) and every link of the sidebar', async () => {
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThan(20);
    const visited = new Set(visits.map((x) => x.route));
    const missing = routes.filter((r) => !visited.has(r) && !EXCLUDED[r]);
    expect(missing, 'routes of web/src/App.tsx neither visited by overflow.e2e.test.ts nor in its EXCLUDED list').toEqual([]);
    const stale = Object.keys(EXCLUDED).filter((r) => !routes.includes(r));
    expect(stale, 'EXCLUDED names routes App.tsx no longer has').toEqual([]);
    expect(registers().length, 'register keys read from registers/config.ts').toBeGreaterThanOrEqual(6);
    // the sidebar of each staff user: every link leads to a page visited here
    for (const who of ['dispatcher', 'admin'] as const) {
      const ctx = await context(who, 'zh', WIDTHS[0]);
      const page = await ctx.newPage();
      await page.goto('/queue');
      await page.locator('.ant-menu').first().waitFor();
      const links = await page.locator('.ant-layout-sider a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      expect(links.length).toBeGreaterThan(5);
      const urls = new Set(visits.filter((x) => x.who === who || who === 'admin').map((x) => x.url.split('?')[0]));
      const notVisited = links.filter((l) => !urls.has(l.split('?')[0]!) && !visits.some((x) => x.url === l));
      expect(notVisited, `sidebar links of ${who} that overflow.e2e.test.ts does not open`).toEqual([]);
      await page.close();
    }
  });

  it('the language switch turns the header, the role with it, into English', async () => {
    const page = await (await context('dispatcher', 'zh', WIDTHS[0])).newPage();
    await page.goto('/queue');
    await page.getByTestId('current-user').locator('.ant-tag').first().waitFor();
    await expect(page.getByTestId('current-user').locator('.ant-tag').allTextContents()).resolves.toEqual(['派单员']);
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('current-user').locator('.ant-tag', { hasText: 'Dispatcher' }).waitFor();
    await expect(page.getByTestId('current-user').textContent()).resolves.not.toMatch(/派单员/);
    await page.close();
  });

  // the four runs share the one server; each has its own browser contexts, so they go side by side
  describe.concurrent('each language and width', () => {
    for (const lang of LANGS)
      for (const width of WIDTHS)
        it(`${lang} at ${width.name} px: no page scrolls sideways, no text spills or is cut off`, async () => {
          const pages = new Map<Who, Page>();
          const pageFor = async (who: Who) => {
            let p = pages.get(who);
            if (!p) {
              p = await (await context(who, lang, width)).newPage();
              p.setDefaultTimeout(15_000);
              p.on('pageerror', (err) => thrown.push(`${lang} ${width.name}: ${err.message}`));
              pages.set(who, p);
            }
            return p;
          };
          const report: string[] = [];
          for (const x of visits) {
            const page = await pageFor(x.who);
            await page.goto(x.url);
            await settle(page);
            if (x.then) {
              await x.then(page, lang);
              await settle(page);
            }
            const found = await page.evaluate(findOverflow);
            if (found.length) {
              await page.screenshot({ path: path.join(SHOTS, `overflow-fail-${lang}-${width.name}-${x.name}.png`), fullPage: true }).catch(() => {});
              report.push(`${x.name} (${x.url}) [${lang}, ${width.name} px] as ${x.who}:\n${found.map((p) => `    ${p.kind}: ${p.selector} "${p.text}" — ${p.detail}`).join('\n')}`);
            }
            if (x.name === 'queue-all' && lang === 'en' && width.name === '1400') await docShot(page, 'overflow-en-1400-queue');
            if (x.name === 'portal' && lang === 'en' && width.name === '390') await docShot(page, 'overflow-en-390-portal');
            if (x.name === 'portal-submit' && lang === 'en' && width.name === '390') await docShot(page, 'overflow-en-390-submit');
          }
          expect(report, `pages with horizontal overflow (screenshots: test-results/screenshots/overflow-fail-*.png)\n${report.join('\n')}\n`).toEqual([]);
        }, 600_000);
  });
});

async function docShot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  fs.mkdirSync(DOCS, { recursive: true });
  fs.copyFileSync(path.join(SHOTS, `${name}.png`), path.join(DOCS, `${name}.png`));
}
