// Case-list export through the HTTP path (GET /api/exports/cases.{csv,xlsx}) on a generated database: rows/s and
// peak RSS of the process that runs the server (and the client reading the stream, which keeps nothing).
//   npx tsx bench/gen/generate.ts --url postgres://postgres@127.0.0.1:5432/bench_export --cases 1000000 --reset
//   npx tsx bench/export.ts --url postgres://postgres@127.0.0.1:5432/bench_export [--formats csv,xlsx] [--personal none|masked] [--limit N] [--drop]
// Migrates the database first (0020 adds the (received_at, id) index the keyset pages use), adds one dispatcher at the
// root unit with the most cases so the export covers them, exports, prints a table; --drop drops the database after.
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../src/core/config.js';
import { connect } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { ClockService } from '../src/clocks/service.js';
import type { Deps } from '../src/workflow/deps.js';
import { buildApp } from '../src/http/app.js';
import { hashPassword } from '../src/org/auth.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const URL_ = arg('--url', 'postgres://postgres@127.0.0.1:5432/bench_export');
const FORMATS = arg('--formats', 'csv,xlsx').split(',') as ('csv' | 'xlsx')[];
const PERSONAL = arg('--personal', 'none');
const LIMIT = arg('--limit', '');

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

const t0 = Date.now();
// not openRuntime: it would first build the metric rollups of a generated database (minutes, and not what is measured)
const config = { ...loadConfig({}), databaseUrl: URL_ };
const database = await connect({ databaseUrl: URL_ });
await migrate(database);
const clocks = new ClockService(database.db, { fractions: config.warnFractions, beforeHours: config.warnHoursBefore });
await clocks.reload();
const rt = { database, deps: { db: database.db, clocks, config, now: () => new Date() } satisfies Deps };
console.log(`opened and migrated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const db = rt.deps.db;
const root = await db
  .selectFrom('units')
  .innerJoin('cases', 'cases.intake_unit_id', 'units.id')
  .select(['units.path', (eb) => eb.fn.countAll<string>().as('n')])
  .groupBy('units.path')
  .execute();
// the root of the busiest tree: '/<id>/' prefix of the intake units' paths
const byRoot = new Map<string, number>();
for (const r of root) {
  const k = `/${r.path.split('/')[1]}/`;
  byRoot.set(k, (byRoot.get(k) ?? 0) + Number(r.n));
}
const [rootPath, rootCases] = [...byRoot.entries()].sort((a, b) => b[1] - a[1])[0]!;
const rootUnit = await db.selectFrom('units').select(['id', 'name']).where('path', '=', rootPath).executeTakeFirstOrThrow();
const username = `bench-export-${Date.now()}`;
await db.insertInto('users').values({ username, display_name: '导出基准', password_hash: await hashPassword('bench-password-1'), unit_id: rootUnit.id, roles: ['dispatcher'] }).execute();
console.log(`user ${username} at ${rootUnit.name} (${rootPath}): ${rootCases.toLocaleString()} cases registered in its tree`);

const app = await buildApp({ deps: rt.deps, backend: rt.database.backend, logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'bench-password-1' }) });
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

const results: string[] = [];
for (const format of FORMATS) {
  peak = process.memoryUsage().rss;
  const before = peak;
  const q = new URLSearchParams({ personal: PERSONAL, ...(LIMIT ? { limit: LIMIT } : {}) });
  const start = Date.now();
  const res = await fetch(`${base}/api/exports/cases.${format}?${q}`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`${format}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let newlines = 0;
  let firstByte = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (!firstByte) firstByte = Date.now() - start;
    bytes += chunk.length;
    if (format === 'csv') for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines++;
  }
  const secs = (Date.now() - start) / 1000;
  // csv: one line per row plus the header (a field with a line break counts too: an upper bound); xlsx: the rows asked for
  const rows = format === 'csv' ? newlines - 1 : Number(LIMIT || rootCases);
  results.push(
    `| ${format} | ${PERSONAL} | ${rows.toLocaleString()} | ${secs.toFixed(1)} s | ${Math.round(rows / secs).toLocaleString()} | ${(bytes / 2 ** 20).toFixed(0)} MiB | ${firstByte} ms | ${mb(before)} | ${mb(peak)} |`,
  );
  console.log(results.at(-1));
}
clearInterval(sampler);
console.log('\n| format | personal | rows | time | rows/s | file | first byte | RSS before | peak RSS |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) console.log(r);
console.log(`process peak RSS (getrusage maxrss): ${mb(process.resourceUsage().maxRSS * 1024)}`);
await app.close();
await rt.database.close();
if (process.argv.includes('--drop')) {
  const u = new URL(URL_);
  const admin = new pg.Client({ connectionString: URL_.replace(u.pathname, '/postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${u.pathname.slice(1)} WITH (FORCE)`);
  await admin.end();
  console.log(`dropped ${u.pathname.slice(1)}`);
}
