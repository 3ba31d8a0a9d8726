/**
 * Processes for the fault tests (docs/security.md "Fault tests") and the load bench: the real server as a child
 * process in its own process group (`node --import tsx src/cli.ts serve`, what `npm start` runs), a private
 * PostgreSQL instance (initdb into a temporary directory) that a test may stop and start at will, databases of
 * their own on a PostgreSQL server, and a small HTTP client that keeps a session cookie.
 *
 * Everything started here is stopped by its process group id (never by name): call stop() in a finally/afterAll.
 */
import { freePort } from '../helpers/net.js';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../../src/core/config.js';
import { openRuntime } from '../../src/bootstrap.js';
import { connect } from '../../src/db/connection.js';
import { hashPassword } from '../../src/org/auth.js';
import { createUnit } from '../../src/org/units.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PASSWORD = 'fault-test-password-1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends a signal to a whole process group; false when it is already gone. */
function signalGroup(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, sig);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface ServerProc {
  pid: number;
  url: string;
  port: number;
  /** what the server wrote to stdout and stderr so far */
  output(): string;
  /** false once the process has exited (crashed, killed or stopped) */
  alive(): boolean;
  /** kill -9 of the whole process group, without any chance to clean up */
  kill9(): Promise<void>;
  /** SIGTERM (graceful close), SIGKILL after a few seconds */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** PGlite under `<dataDir>/pglite` (as `npm start`), or PostgreSQL when databaseUrl is given */
  dataDir: string;
  databaseUrl?: string;
  port?: number;
  /** the entry script and its arguments (default: the CLI's `serve`) */
  args?: string[];
  env?: Record<string, string>;
  /** how long to wait for /api/health to answer 200 */
  readyTimeoutMs?: number;
}

const live = new Set<ServerProc>();

export async function startServerProc(opts: ServerOptions): Promise<ServerProc> {
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    MINSHENG_DATA_DIR: opts.dataDir,
    LOG_LEVEL: 'silent',
    // no scheduled reports: their jobs would only add noise to the job counts
    MINSHENG_REPORT_SCHEDULE: '0',
    ...opts.env,
  };
  delete env.TEST_DATABASE_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ...(opts.args ?? ['src/cli.ts', 'serve'])], {
    cwd: ROOT,
    env,
    detached: true, // its own process group: kill(-pid) reaches every process it starts
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  let exited = false;
  child.once('exit', () => (exited = true));
  const pid = child.pid!;
  const url = `http://127.0.0.1:${port}`;
  const proc: ServerProc = {
    pid,
    url,
    port,
    output: () => out,
    alive: () => !exited,
    kill9: async () => {
      signalGroup(pid, 'SIGKILL');
      for (let i = 0; i < 100 && groupAlive(pid); i++) await sleep(50);
      live.delete(proc);
    },
    stop: async () => {
      if (signalGroup(pid, 'SIGTERM')) for (let i = 0; i < 160 && groupAlive(pid); i++) await sleep(50);
      if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
      for (let i = 0; i < 100 && groupAlive(pid); i++) await sleep(50);
      live.delete(proc);
    },
  };
  live.add(proc);
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (exited) throw new Error(`server exited during start-up:\n${out.slice(-3000)}`);
    try {
      const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`server not healthy after ${opts.readyTimeoutMs ?? 120_000} ms:\n${out.slice(-3000)}`);
    }
    await sleep(200);
  }
  return proc;
}

/** Stops every server this module started and did not stop yet (for afterAll). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop()));
}

/**
 * Migrates a new database and gives it a small organisation (a city, its petition office, a district office and a
 * department) with one user per role, all with PASSWORD — so the server finds a non-empty database and starts at
 * once instead of seeding the demo city (minutes on a busy 2-core machine). Usernames: intake, dispatcher, supervisor, handler.
 */
export async function prepareDatabase(target: { dataDir: string; databaseUrl?: string }): Promise<{ officeId: string; deptId: string }> {
  const config = { ...loadConfig({}), dataDir: target.dataDir, databaseUrl: target.databaseUrl };
  const rt = await openRuntime(config);
  try {
    const db = rt.deps.db;
    const province = await createUnit(db, { code: 'FT', name: '故障测试省', type: 'province' });
    const city = await createUnit(db, { code: 'FT-C', name: '故障测试市', type: 'city', parentId: province.id });
    const office = await createUnit(db, { code: 'FT-C-XFJ', name: '故障测试市信访局', type: 'petition_office', parentId: city.id });
    const dept = await createUnit(db, { code: 'FT-C-ZJJ', name: '故障测试市住建局', type: 'department', parentId: city.id });
    const hash = await hashPassword(PASSWORD);
    const users: Array<[string, string, string[]]> = [
      ['intake', office.id, ['intake']],
      ['dispatcher', office.id, ['dispatcher']],
      ['supervisor', office.id, ['supervisor']],
      ['handler', dept.id, ['handler', 'unit_head']],
    ];
    for (const [username, unit, roles] of users)
      await db.insertInto('users').values({ username, display_name: `${username}测试员`, password_hash: hash, unit_id: unit, roles: roles as never }).execute();
    return { officeId: office.id, deptId: dept.id };
  } finally {
    await rt.database.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL

const PG_BIN = process.env.MINSHENG_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** initdb and pg_ctl refuse to run as root: as root they run as the postgres user. */
function asPostgres(cmd: string, args: string[], opts: { timeout?: number } = {}): string {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: opts.timeout ?? 60_000 });
}

export interface PrivatePg {
  url(db?: string): string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** stops the instance and removes its directory */
  destroy(): Promise<void>;
}

/** A PostgreSQL 15 instance of its own (temporary directory, loopback port, socket in /tmp), for tests that stop it. */
export async function startPrivatePg(): Promise<PrivatePg> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:', dir]);
  asPostgres(`${PG_BIN}/initdb`, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const logFile = path.join(dir, 'log');
  const opts = `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=100`;
  const start = async () => {
    asPostgres(`${PG_BIN}/pg_ctl`, ['-D', data, '-o', opts, '-l', logFile, '-w', '-t', '60', 'start']);
  };
  const stop = async () => {
    asPostgres(`${PG_BIN}/pg_ctl`, ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  };
  await start();
  const running = () => fs.existsSync(path.join(data, 'postmaster.pid'));
  return {
    port,
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    start,
    stop,
    destroy: async () => {
      if (running()) await stop().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a database of its own (UTF-8, C.UTF-8) on the server of `serverUrl`; returns its URL and a drop(). */
export async function createDatabase(serverUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const run = async (q: string) => {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await run(`CREATE DATABASE ${name} ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

/** A signed-in member of staff (cookie session, as the web app). */
export class Client {
  constructor(
    readonly base: string,
    readonly cookie: string,
  ) {}

  static async login(base: string, username: string, password = PASSWORD): Promise<Client> {
    const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
    const set = r.headers.getSetCookie().find((c) => c.startsWith('ms_session='));
    if (!set) throw new Error('no session cookie');
    return new Client(base, set.split(';')[0]!);
  }

  /** Like fetch: a network error throws (the caller decides what an unanswered request means). */
  async call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Reply> {
    const r = await fetch(`${this.base}${url}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: r.status, body: parsed, headers: r.headers };
  }
}

export async function health(base: string): Promise<number> {
  try {
    const r = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(3000) });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}

/** A registration as the intake desk types it: distinct title and content per number. */
export function registration(n: number, tag: string) {
  return {
    channel: 'phone',
    kind: 'appeal',
    title: `故障测试${tag}第${n}号：小区路灯损坏`,
    content: `故障测试登记 ${tag}-${n}：幸福小区北门路灯连续一周不亮，夜间出行不便，请求尽快维修。`,
    location: '幸福小区北门',
    petitioner: { name: '测试人', phone: '13800000000' },
  };
}

/**
 * A database of the test's own: on the PostgreSQL server of TEST_DATABASE_URL when set (created here, dropped by
 * release()), else on a private instance started for it (stopped and removed by release()). A server process of
 * these tests runs the clock sweep over its whole database, so it never runs on the database other tests share.
 */
export async function ownPostgresDatabase(name: string): Promise<{ url: string; release(): Promise<void> }> {
  const unique = `${name}_${process.pid}`;
  if (process.env.TEST_DATABASE_URL) {
    const d = await createDatabase(process.env.TEST_DATABASE_URL, unique);
    return { url: d.url, release: () => d.drop() };
  }
  const instance = await startPrivatePg();
  try {
    const d = await createDatabase(instance.url(), unique);
    return { url: d.url, release: () => instance.destroy() };
  } catch (err) {
    await instance.destroy();
    throw err;
  }
}

/**
 * One query straight on the database while no server holds it (a PGlite directory has one process at a time), as
 * the schema owner, so row-level security does not hide what the checks count.
 */
export async function ownerQuery<R extends Record<string, unknown> = Record<string, unknown>>(
  target: { dataDir: string; databaseUrl?: string },
  text: string,
  values: unknown[] = [],
): Promise<{ rows: R[]; rowCount: number }> {
  const database = await connect({ databaseUrl: target.databaseUrl, dataDir: path.join(target.dataDir, 'pglite') });
  try {
    const r = await database.asOwner((c) => c.query(text, values));
    return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
  } finally {
    await database.close();
  }
}
