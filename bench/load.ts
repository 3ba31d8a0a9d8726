/**
 * Load bench (issue 9 "Load"; bench/README.md "Load"): a real server process (`minsheng serve`, test/fault/proc.ts)
 * on a PostgreSQL database made by the data generator (bench/gen, e.g. 1 M cases), and N concurrent users on loopback
 * doing the day's work for a while through the HTTP API, each signed in with their own session:
 *
 *   intake       registers matters (with an Idempotency-Key), opens its list, a case page, searches, its counters
 *   dispatcher   its list of registered matters, a case page, routes (转送) matters to a street of its district,
 *                searches, counters, the dashboard
 *   handler      its unit's list, a case page, signs for (签收) and accepts (受理) what was routed to it, counters
 *   leader       the dashboard overview, counters, search, the list
 *
 * Users come in cells of five around one district petition office (intake, dispatcher, two street handlers and the
 * office's supervisor), so no two users act on the same case: every answer but 2xx is an error. Each user waits a
 * think time (uniform 0.5–1.5 × --think-ms) between requests. Prints requests/s, the error rate and p50/p95/p99
 * per request kind.
 *
 *   npx tsx bench/load.ts --url postgres://postgres@127.0.0.1:5432/minsheng_bench_load --users 200 --seconds 60
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Client, startServerProc, type ServerProc } from '../test/fault/proc.js';

const BENCH_PASSWORD = 'minsheng-bench'; // bench/gen/generate.ts: every generated user's password

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/minsheng_bench_load' },
    users: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    'think-ms': { type: 'string', default: '1000' },
  },
});
const USERS = Number(opt.users);
const SECONDS = Number(opt.seconds);
const THINK = Number(opt['think-ms']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Kind = 'inbox' | 'case' | 'search' | 'register' | 'route' | 'sign' | 'accept' | 'counters' | 'dashboard';
const samples = new Map<Kind, number[]>();
const errors = new Map<string, number>();
let total = 0;
let failed = 0;

async function timed(kind: Kind, client: Client, method: string, url: string, body?: unknown, headers?: Record<string, string>) {
  const t = performance.now();
  let status = 0;
  let reply: Awaited<ReturnType<Client['call']>> | undefined;
  try {
    reply = await client.call(method, url, body, headers, 30_000);
    status = reply.status;
  } catch {
    status = 0;
  }
  const ms = performance.now() - t;
  if (measuring) {
    total++;
    (samples.get(kind) ?? samples.set(kind, []).get(kind)!).push(ms);
    if (status < 200 || status >= 300) {
      failed++;
      const k = `${kind} ${status} ${status ? (reply?.body?.error?.code ?? '') : 'no answer'}`;
      errors.set(k, (errors.get(k) ?? 0) + 1);
    }
  }
  return status >= 200 && status < 300 ? reply!.body : undefined;
}

let measuring = false;
let running = true;

interface Cell {
  officeCode: string;
  streets: Array<{ id: string; handler: string }>;
  intake: string;
  dispatcher: string;
  leader: string;
  /** matters registered in this run, waiting to be routed by the cell's dispatcher */
  registered: string[];
}

const WORDS = ['噪音', '漏水', '停车', '物业', '工资', '垃圾', '路灯', '违建', '油烟', '供暖'];
const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;
const think = () => sleep(THINK * (0.5 + Math.random()));
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const monthAgo = new Date(Date.now() + 8 * 3600_000 - 30 * 86_400_000).toISOString().slice(0, 10);

function weighted<T extends string>(w: Record<T, number>): T {
  const entries = Object.entries(w) as Array<[T, number]>;
  let r = Math.random() * entries.reduce((s, [, n]) => s + n, 0);
  for (const [k, n] of entries) if ((r -= n) < 0) return k;
  return entries[0]![0];
}

async function caseIdsOf(c: Client, query: string, kind: Kind = 'inbox'): Promise<Array<{ id: string; status: string }>> {
  const body = await timed(kind, c, 'GET', `/api/cases?${query}`);
  return body?.items ?? [];
}

let seq = 0;
async function intakeUser(cell: Cell, c: Client) {
  let seen: string[] = [];
  while (running) {
    const what = weighted({ register: 35, inbox: 25, case: 20, search: 10, counters: 10 });
    if (what === 'register') {
      const n = ++seq;
      const body = await timed('register', c, 'POST', '/api/cases', {
        channel: pick(['hotline', 'phone', 'web', 'visit'] as const),
        kind: 'appeal',
        title: `压测登记${n}：小区${pick(WORDS)}问题`,
        content: `压测登记 ${process.pid}-${n}：小区内${pick(WORDS)}问题长期得不到解决，影响居民生活，请求有关部门尽快处理。`,
        location: '压测小区',
        petitioner: { name: '压测人', phone: '13900000000' },
      }, { 'idempotency-key': `load-${process.pid}-${n}` });
      if (body?.id) cell.registered.push(body.id);
    } else if (what === 'inbox') seen = (await caseIdsOf(c, 'pageSize=20')).map((x) => x.id);
    else if (what === 'case' && seen.length) await timed('case', c, 'GET', `/api/cases/${pick(seen)}`);
    else if (what === 'search') await timed('search', c, 'GET', `/api/cases?q=${encodeURIComponent(pick(WORDS))}&pageSize=20`);
    else await timed('counters', c, 'GET', '/api/cases/stats');
    await think();
  }
}

async function dispatcherUser(cell: Cell, c: Client) {
  let seen: string[] = [];
  while (running) {
    const what = weighted({ inbox: 25, case: 20, route: 25, search: 10, counters: 12, dashboard: 8 });
    if (what === 'route') {
      // only what this run's intake registered: a generated matter in the list may need another route (检举控告 → 纪委)
      const id = cell.registered.shift();
      if (id) await timed('route', c, 'POST', `/api/cases/${id}/actions/route`, { mode: 'forward', leadUnitId: pick(cell.streets).id, note: '请依法按期办理' });
    } else if (what === 'inbox') seen = (await caseIdsOf(c, 'status=registered&pageSize=20')).map((x) => x.id);
    else if (what === 'case' && seen.length) await timed('case', c, 'GET', `/api/cases/${pick(seen)}`);
    else if (what === 'search') await timed('search', c, 'GET', `/api/cases?q=${encodeURIComponent(pick(WORDS))}&pageSize=20`);
    else if (what === 'dashboard') await timed('dashboard', c, 'GET', `/api/dashboard/overview?from=${monthAgo}&to=${today}`);
    else await timed('counters', c, 'GET', '/api/cases/stats');
    await think();
  }
}

async function handlerUser(_cell: Cell, c: Client) {
  let seen: Array<{ id: string; status: string }> = [];
  while (running) {
    const what = weighted({ inbox: 35, case: 25, act: 20, counters: 15, search: 5 });
    if (what === 'act') {
      const next = seen.find((x) => x.status === 'dispatched' || x.status === 'signed');
      if (next) {
        seen = seen.filter((x) => x !== next);
        if (next.status === 'dispatched') await timed('sign', c, 'POST', `/api/cases/${next.id}/actions/sign`, {});
        else await timed('accept', c, 'POST', `/api/cases/${next.id}/actions/accept`, { procedure: '按信访程序办理', note: '已受理，依法办理' });
      } else seen = await caseIdsOf(c, 'mine=true&pageSize=20');
    } else if (what === 'inbox') seen = await caseIdsOf(c, 'mine=true&pageSize=20');
    else if (what === 'case' && seen.length) await timed('case', c, 'GET', `/api/cases/${pick(seen).id}`);
    else if (what === 'search') await timed('search', c, 'GET', `/api/cases?q=${encodeURIComponent(pick(WORDS))}&pageSize=20`);
    else await timed('counters', c, 'GET', '/api/cases/stats?mine=true');
    await think();
  }
}

async function leaderUser(_cell: Cell, c: Client) {
  while (running) {
    const what = weighted({ dashboard: 50, counters: 20, search: 15, inbox: 15 });
    if (what === 'dashboard') await timed('dashboard', c, 'GET', `/api/dashboard/overview?from=${monthAgo}&to=${today}`);
    else if (what === 'counters') await timed('counters', c, 'GET', '/api/cases/stats');
    else if (what === 'search') await timed('search', c, 'GET', `/api/cases?q=${encodeURIComponent(pick(WORDS))}&pageSize=20`);
    else await caseIdsOf(c, 'pageSize=20');
    await think();
  }
}

/** cells of five users around district petition offices of the generated province */
async function loadCells(n: number): Promise<Cell[]> {
  const c = new pg.Client({ connectionString: opt.url });
  await c.connect();
  try {
    const { rows } = await c.query<{ office: string; district: string }>(
      `SELECT o.code AS office, d.path AS district FROM units o JOIN units d ON d.id = o.parent_id
        WHERE o.type = 'petition_office' AND d.type = 'district' ORDER BY o.code LIMIT $1`,
      [n],
    );
    const users = (await c.query<{ username: string; roles: string[]; code: string; unit_id: string; path: string; type: string }>(
      `SELECT u.username, u.roles, n.code, n.id::text AS unit_id, n.path, n.type FROM users u JOIN units n ON n.id = u.unit_id WHERE u.active`,
    )).rows;
    const withRole = (code: string, role: string) => users.find((u) => u.code === code && u.roles.includes(role))?.username;
    const cells: Cell[] = [];
    for (const r of rows) {
      const streets = users
        .filter((u) => u.type === 'street' && u.path.startsWith(r.district) && u.roles.includes('handler'))
        .slice(0, 2)
        .map((u) => ({ id: u.unit_id, handler: u.username }));
      const intake = withRole(r.office, 'intake');
      const dispatcher = withRole(r.office, 'dispatcher');
      const leader = withRole(r.office, 'supervisor') ?? dispatcher;
      if (streets.length === 2 && intake && dispatcher && leader) cells.push({ officeCode: r.office, streets, intake, dispatcher, leader, registered: [] });
    }
    return cells;
  } finally {
    await c.end();
  }
}

function pct(xs: number[], p: number) {
  if (!xs.length) return NaN;
  return xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
}

async function main() {
  const cellsNeeded = Math.ceil(USERS / 5);
  const cells = await loadCells(cellsNeeded);
  if (cells.length < cellsNeeded) throw new Error(`the database has ${cells.length} usable district offices, ${cellsNeeded} needed for ${USERS} users`);
  const { rows } = await (async () => {
    const c = new pg.Client({ connectionString: opt.url });
    await c.connect();
    try {
      return await c.query<{ n: string }>('SELECT count(*)::text AS n FROM cases');
    } finally {
      await c.end();
    }
  })();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-load-'));
  const started = Date.now();
  console.log(`starting the server on ${opt.url.replace(/\/\/[^@]*@/, '//')} (${Number(rows[0]!.n).toLocaleString('en')} cases) …`);
  let server: ServerProc | undefined;
  try {
    server = await startServerProc({
      dataDir,
      databaseUrl: opt.url,
      readyTimeoutMs: 60 * 60_000,
    });
    const srv = server;
    // the server runs in its own process group: stop it too when the bench is interrupted
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void srv.stop().finally(() => process.exit(130)));
    console.log(`server ${server.pid} ready in ${((Date.now() - started) / 1000).toFixed(0)} s; signing in ${USERS} users …`);
    const roles = ['intake', 'dispatcher', 'handler', 'handler', 'leader'] as const;
    const plan: Array<{ cell: Cell; role: (typeof roles)[number]; username: string }> = [];
    for (let i = 0; i < USERS; i++) {
      const cell = cells[Math.floor(i / 5)]!;
      const role = roles[i % 5]!;
      const username = role === 'intake' ? cell.intake : role === 'dispatcher' ? cell.dispatcher : role === 'leader' ? cell.leader : cell.streets[i % 5 === 2 ? 0 : 1]!.handler;
      plan.push({ cell, role, username });
    }
    const clients: Client[] = [];
    for (const p of plan) clients.push(await Client.login(server.url, p.username, BENCH_PASSWORD));
    const loops = plan.map((p, i) => {
      const c = clients[i]!;
      const f = { intake: intakeUser, dispatcher: dispatcherUser, handler: handlerUser, leader: leaderUser }[p.role];
      return sleep(Math.random() * THINK).then(() => f(p.cell, c));
    });
    // a few seconds of warm-up, not measured
    await sleep(5000);
    measuring = true;
    const t0 = performance.now();
    await sleep(SECONDS * 1000);
    measuring = false;
    const elapsed = (performance.now() - t0) / 1000;
    running = false;
    await Promise.all(loops);

    const cpu = os.cpus()[0]?.model ?? '?';
    console.log(`\n#### Load — ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log(
      `${USERS} users (${cells.length} cells: intake, dispatcher, 2 street handlers, supervisor), think time ${THINK} ms ±50 %, ${elapsed.toFixed(1)} s measured after 5 s warm-up, ` +
        `${Number(rows[0]!.n).toLocaleString('en')} cases in the database\n`,
    );
    console.log(`**${total} requests, ${(total / elapsed).toFixed(1)} requests/s, ${failed} errors (${((100 * failed) / Math.max(1, total)).toFixed(3)} %)**\n`);
    console.log('| request | count | share | p50 ms | p95 ms | p99 ms | max ms |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    const all: number[] = [];
    for (const kind of ['inbox', 'case', 'search', 'register', 'route', 'sign', 'accept', 'counters', 'dashboard'] as Kind[]) {
      const xs = (samples.get(kind) ?? []).sort((a, b) => a - b);
      all.push(...xs);
      if (!xs.length) continue;
      console.log(`| ${kind} | ${xs.length} | ${((100 * xs.length) / total).toFixed(1)} % | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} | ${pct(xs, 99).toFixed(1)} | ${xs[xs.length - 1]!.toFixed(0)} |`);
    }
    all.sort((a, b) => a - b);
    console.log(`| **all** | ${all.length} | 100 % | ${pct(all, 50).toFixed(1)} | ${pct(all, 95).toFixed(1)} | ${pct(all, 99).toFixed(1)} | ${(all[all.length - 1] ?? 0).toFixed(0)} |`);
    if (errors.size) {
      console.log('\nerrors:');
      for (const [k, n] of errors) console.log(`  ${k}: ${n}`);
    }
  } finally {
    running = false;
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
