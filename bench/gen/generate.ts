/**
 * The benchmark data generator (bench/README.md "Data generator"): a units tree of ~3,000 units, users, the category
 * tree of the seed, and N cases over the 3 years ending now in every lifecycle state with their units, clocks,
 * events, requests, parties, return visits, supervision items, disputes and hazards — loaded in bulk (COPY) into a
 * database whose schema the project's own migrations create.
 *
 *   npx tsx bench/gen/generate.ts --url postgres://postgres@127.0.0.1:5432/minsheng_bench --cases 10000000
 *   npx tsx bench/gen/generate.ts --pglite ./data/bench-pglite --cases 1000000
 *
 * Options: --cases N (default 10,000,000), --reset (drop and recreate a non-empty target), --seed N, --texts
 * bank|tipdm (phrase bank, or real messages read at run time from --tipdm-dir), --text search|full (full adds the
 * MinHash fingerprints and LSH band keys of case_dup_keys: ~32 rows per case), --keep-indexes (load with every index in
 * place instead of dropping the secondary ones and rebuilding them after), --workers N (generate in N worker threads, each
 * owning some cities; the main thread only numbers the cases and writes to the database), --migrations DIR (another
 * directory of migration files than src/db/migrations, e.g. a checkout of an older schema).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { hash } from '@node-rs/argon2';
import { migrate } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/connection.js';
import { CATEGORIES } from '../../src/seed/texts.js';
import { Rng } from '../../src/seed/random.js';
import { CaseGen } from './cases.js';
import { buildOrg } from './org.js';
import { Registers } from './registers.js';
import { pgliteSink, pgSink, row, TABLES, type Sink } from './sink.js';
import { CaseNumbers, CaseStream, ITEM_FIELDS } from './stream.js';
import { Lanes } from './lanes.js';
import { buildPool, loadTipdm, type StreetPool } from './texts.js';

export const BENCH_PASSWORD = 'minsheng-bench';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    pglite: { type: 'string' },
    cases: { type: 'string', default: '10000000' },
    reset: { type: 'boolean', default: false },
    seed: { type: 'string', default: '20261203' },
    texts: { type: 'string', default: 'bank' },
    'tipdm-dir': { type: 'string', default: '/work/shared/data/tipdm2020-c-smart-gov' },
    text: { type: 'string', default: 'search' },
    'keep-indexes': { type: 'boolean', default: false },
    'docs-per-street': { type: 'string', default: '60' },
    workers: { type: 'string', default: '1' },
    migrations: { type: 'string' },
  },
});

const N = Number(String(opt.cases).replace(/_/g, ''));
if (!Number.isInteger(N) || N < 1) throw new Error(`--cases must be a positive integer, got ${opt.cases}`);
if (!opt.url === !opt.pglite) throw new Error('give exactly one of --url postgres://… or --pglite <dir>');
if (!['bank', 'tipdm'].includes(opt.texts!)) throw new Error('--texts is bank or tipdm');
if (!['search', 'full'].includes(opt.text!)) throw new Error('--text is search or full');
const FULL = opt.text === 'full';
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (s: string) => console.log(`[${elapsed().padStart(8)}] ${s}`);

interface Target {
  db: Database;
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  exec(sql: string): Promise<void>;
  sink(): Promise<Sink>;
  close(): Promise<void>;
}

async function postgresTarget(url: string): Promise<Target> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`database name "${name}" must be a plain identifier`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const a = new pg.Client({ connectionString: admin.toString() });
  await a.connect();
  const exists = (await a.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
  if (exists) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const r = await c.query(`SELECT to_regclass('public.units') IS NOT NULL AS has, (SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace)::int AS n`);
    let nonEmpty = r.rows[0].n > 0;
    if (r.rows[0].has) nonEmpty = (await c.query('SELECT EXISTS (SELECT 1 FROM units) AS x')).rows[0].x || nonEmpty;
    await c.end();
    if (nonEmpty && !opt.reset) {
      await a.end();
      throw new Error(`database ${name} is not empty: pass --reset to drop and recreate it`);
    }
    if (nonEmpty) {
      log(`dropping database ${name} (--reset)`);
      await a.query(`DROP DATABASE ${name} WITH (FORCE)`);
    }
  }
  if (!exists || opt.reset) {
    const again = (await a.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
    if (!again) {
      await a.query(`CREATE DATABASE ${name} ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0`);
      log(`created database ${name}`);
    }
  }
  await a.end();
  const pool = new pg.Pool({ connectionString: url, max: TABLES.length + 4 });
  const db = { pool, backend: 'postgres', exec: async (s: string) => void (await pool.query(s)) } as unknown as Database;
  return {
    db,
    query: async (s, p) => (await pool.query(s, p as unknown[])).rows,
    exec: async (s) => void (await pool.query(s)),
    sink: () => pgSink(pool),
    close: () => pool.end(),
  };
}

async function pgliteTarget(dir: string): Promise<Target> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    if (!opt.reset) throw new Error(`${dir} is not empty: pass --reset to delete it and start again`);
    log(`deleting ${dir} (--reset)`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  const lite = await PGlite.create(dir, { extensions: { pg_trgm } });
  const pool = {
    query: async (s: string, p?: unknown[]) => {
      const r = await lite.query(s, p);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  };
  const db = { pool, backend: 'pglite', exec: async (s: string) => void (await lite.exec(s)) } as unknown as Database;
  return {
    db,
    query: async (s, p) => (await lite.query(s, p)).rows as never,
    exec: async (s) => void (await lite.exec(s)),
    sink: async () => {
      await lite.exec(`SET session_replication_role = replica`);
      return pgliteSink(lite);
    },
    close: () => lite.close(),
  };
}

/** Cases per CST day over the 3 years: seasons, weekdays, the Spring Festival lull, slow growth; exactly N in all. */
function dailyCounts(rng: Rng, startDay: number, days: number, n: number): number[] {
  const MONTH = [0.8, 0.7, 1.0, 1.0, 1.05, 1.15, 1.3, 1.3, 1.1, 0.95, 0.95, 0.9]; // summer: heat, power, water, noise
  const WEEKDAY = [0.55, 1.1, 1.08, 1.05, 1.05, 1.0, 0.6]; // Sunday … Saturday
  const w: number[] = [];
  for (let i = 0; i < days; i++) {
    const d = new Date((startDay + i) * 86_400_000);
    const md = d.getUTCMonth() * 100 + d.getUTCDate();
    const festival = md >= 120 && md <= 215 && rng.chance(0.35) ? 0.5 : 1; // a Spring Festival-like dip
    w.push(MONTH[d.getUTCMonth()]! * WEEKDAY[d.getUTCDay()]! * festival * (0.85 + (0.3 * i) / days) * (0.9 + 0.2 * rng.next()));
  }
  const total = w.reduce((s, x) => s + x, 0);
  const out: number[] = [];
  let acc = 0;
  let given = 0;
  for (const x of w) {
    acc += (x / total) * n;
    const k = Math.round(acc) - given;
    out.push(k);
    given += k;
  }
  return out;
}

async function main() {
  const target = opt.url ? await postgresTarget(opt.url) : await pgliteTarget(opt.pglite!);
  const applied = await migrate(target.db, opt.migrations);
  log(`migrations applied: ${applied.length} (${applied[0]} … ${applied[applied.length - 1]})`);

  const rng = new Rng(Number(opt.seed));
  const org = buildOrg(rng);
  const now = Date.now();
  const today = Math.floor((now + 8 * 3_600_000) / 86_400_000);
  const startDay = today - 3 * 365;
  const days = today - startDay + 1;

  // indexes: the secondary ones (not behind a primary key or unique constraint) are dropped and rebuilt afterwards
  let dropped: Array<{ name: string; def: string }> = [];
  if (!opt['keep-indexes']) {
    dropped = await target.query<{ name: string; def: string }>(`SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`, [TABLES]);
    for (const d of dropped) await target.exec(`DROP INDEX ${d.name}`);
    log(`dropped ${dropped.length} secondary indexes for the load (rebuilt after)`);
  }

  const sink = await target.sink();
  const passwordHash = await hash(BENCH_PASSWORD);
  const at0 = new Date(startDay * 86_400_000 - 30 * 86_400_000).toISOString();
  for (const u of org.units) sink.push('units', row([u.id, u.parentId, u.code, u.name, u.nameEn, u.type, u.path, u.depth, true, at0]));
  for (const u of org.users) sink.push('users', row([u.id, u.unitId, u.username, u.displayName, passwordHash, `{${u.roles.join(',')}}`, true, at0]));
  const catIds = new Map<string, number>();
  CATEGORIES.forEach((c, i) => {
    catIds.set(c.code, i + 1);
    sink.push('categories', row([i + 1, c.code, c.name, c.en, c.kind, null, true]));
  });
  await sink.flush();
  log(`org: ${org.units.length} units, ${org.users.length} users, ${CATEGORIES.length} categories`);

  // text pool: per street, tokenised once; the tsvector computed by the target database itself
  const tipdm = opt.texts === 'tipdm' ? loadTipdm(opt['tipdm-dir']!) : null;
  const pools = new Map<number, StreetPool>();
  const allDocs = [];
  for (const d of org.districts)
    for (const s of d.streets) {
      const p = buildPool(rng, d, s, { docsPerStreet: Number(opt['docs-per-street']), full: FULL, tipdm });
      pools.set(s.unit.id, p);
      for (const l of p.values()) allDocs.push(...l);
    }
  for (let i = 0; i < allDocs.length; i += 2000) {
    const part = allDocs.slice(i, i + 2000);
    const r = await target.query<{ v: string }>(`SELECT to_tsvector('simple', d)::text AS v FROM unnest($1::text[]) WITH ORDINALITY AS x(d, n) ORDER BY n`, [part.map((d) => d.searchDoc)]);
    r.forEach((x, j) => (part[j]!.tsvector = x.v));
  }
  log(`text pool: ${allDocs.length} documents (${opt.texts}${FULL ? ', with MinHash fingerprints and band keys' : ''})`);

  const numbers = new CaseNumbers(rng, org, now);
  const counts = dailyCounts(rng, startDay, days, N);
  const W = Number(opt.workers);
  const BATCH = opt.url ? 2000 : 5000;
  let lastLog = performance.now();
  const progress = (done: number, at: number) => {
    if (performance.now() - lastLog <= 10_000) return;
    lastLog = performance.now();
    const rate = done / ((performance.now() - started) / 1000);
    log(`${done.toLocaleString('en')} / ${N.toLocaleString('en')} cases (${new Date(at).toISOString().slice(0, 10)}), ${Math.round(rate).toLocaleString('en')} cases/s, ETA ${Math.round((N - done) / rate)} s`);
  };
  // one case at a time here, or in W worker threads each owning some cities (everything a case depends on is city-local)
  const lanes = W > 1 ? new Lanes(W, org, { org, pools, catIds, now, seed: Number(opt.seed), full: FULL }, sink, BATCH) : null;
  const regs = lanes ? null : new Registers(rng, org, sink, now);
  const stream = regs ? new CaseStream(rng, org, pools, catIds, new CaseGen(rng, org, sink, now, regs, FULL), regs) : null;
  const item = new Float64Array(ITEM_FIELDS);
  let inChunk = 0;
  for (let di = 0; di < days; di++) {
    const dayStart = (startDay + di) * 86_400_000 - 8 * 3_600_000; // 00:00 CST
    const k = counts[di]!;
    const times: number[] = [];
    for (let i = 0; i < k; i++) {
      // office hours peak, the hotline also evenings
      const hour = rng.weighted([[8, 6], [9, 10], [10, 11], [11, 9], [12, 5], [13, 6], [14, 9], [15, 10], [16, 9], [17, 6], [18, 4], [19, 3], [20, 3], [21, 2], [22, 1], [7, 2], [23, 1], [0, 0.5], [6, 1]] as const);
      times.push(dayStart + hour * 3_600_000 + Math.floor(rng.next() * 3_600_000));
    }
    times.sort((a, b) => a - b);
    for (const received of times) {
      if (received >= now) continue;
      const district = numbers.next(received, item, 0);
      if (lanes) {
        await lanes.push(district, item);
        progress(lanes.done, received);
      } else {
        stream!.one(item, 0);
        if (++inChunk >= BATCH) {
          inChunk = 0;
          await sink.flush();
          progress(stream!.done, received);
        }
      }
    }
  }
  if (lanes) await lanes.end();
  else regs!.writeCounters();
  await sink.end();
  const done = numbers.reg;
  log(`loaded ${done.toLocaleString('en')} cases${W > 1 ? ` (${W} worker threads)` : ''}`);

  // identities and sequences follow the rows loaded, as if the application had written them
  for (const [t, c] of [['units', 'id'], ['categories', 'id'], ['case_events', 'id'], ['register_events', 'id'], ['return_visit_attempts', 'id']] as const)
    await target.exec(`SELECT setval(pg_get_serial_sequence('${t}', '${c}'), GREATEST((SELECT max(${c}) FROM ${t}), 1))`);
  await target.exec(`SELECT setval('case_reg_seq', ${Math.max(numbers.reg, 1)})`);
  await target.exec(`SELECT setval('dispute_reg_seq', ${Math.max(numbers.disputes, 1)})`);
  await target.exec(`SELECT setval('hazard_reg_seq', ${Math.max(numbers.hazards, 1)})`);

  if (dropped.length) {
    if (opt.url) await target.exec(`SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 2`);
    for (const d of dropped) {
      const t0 = performance.now();
      await target.exec(d.def);
      log(`index ${d.name} rebuilt (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
  }
  await target.exec('ANALYZE');
  log('ANALYZE done');
  if (opt.pglite) {
    await target.exec('CHECKPOINT'); // PGlite has no checkpointer: recycle the load's WAL now
    log('CHECKPOINT done');
  }
  const rows: Array<[string, number]> = [];
  for (const t of TABLES) {
    const r = await target.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`);
    rows.push([t, Number(r[0]!.n)]);
  }
  console.log(`\n| table | rows |\n|---|---:|`);
  for (const [t, n] of rows) console.log(`| ${t} | ${n.toLocaleString('en')} |`);
  const total = rows.reduce((s, [, n]) => s + n, 0);
  console.log(`| **total** | **${total.toLocaleString('en')}** |\n`);
  log(`done: ${N.toLocaleString('en')} cases, ${total.toLocaleString('en')} rows in ${elapsed()} into ${opt.url ? opt.url.replace(/\/\/[^@]*@/, '//') : opt.pglite}`);
  log(`log in as e.g. jn-c01-xfj.dispatcher, jn-c01-d01-xfb.intake, jn.analyst, jn-c01.analyst — password ${BENCH_PASSWORD}`);
  await target.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
