// Full-text search latency on a PostgreSQL server with N synthetic cases.
//   npx tsx bench/search.ts [--rows 1000000] [--keep]
// Creates the throwaway database minsheng_bench_search (UTF8, C.UTF-8), fills it with text drawn
// from the word distribution of the shared data set (no message is copied), builds the GIN and
// pg_trgm indexes and times typical queries. The database is dropped at the end unless --keep.
import pg from 'pg';
import { readJsonl, machine, percentile, table } from './data.js';
import { parseQuery } from '../src/text/query.js';
import { tokenize } from '../src/text/tokenize.js';
import { seededRandom } from '../src/text/random.js';

const arg = (name: string, dflt: string): string => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1]! : dflt; };
const ROWS = Number(arg('--rows', '1000000'));
const KEEP = process.argv.includes('--keep');
const DB = 'minsheng_bench_search';
const server = { host: '127.0.0.1', port: 5432, user: 'postgres' };

// Word distribution of real messages; only words that our tokeniser keeps whole, so a query
// built from them through parseQuery() means what it says.
const freq = new Map<string, number>();
for (const r of readJsonl('attachment2_full_segmented_labeled.jsonl')) {
  for (const w of r['分词文本']!.trim().split(/\s+/)) if (w) freq.set(w, (freq.get(w) ?? 0) + 1);
}
const ranked = [...freq.entries()].filter(([w, n]) => n >= 3 && /^\p{Script=Han}{2,4}$/u.test(w))
  .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w)
  .filter((w) => { const t = tokenize(w, 'exact'); return t.length === 1 && t[0] === w; });
const random = seededRandom(11);
// 200 k draws from the empirical distribution: the server picks words uniformly from this array.
const total = ranked.reduce((s, w) => s + freq.get(w)!, 0);
const cumulative: number[] = [];
let acc = 0;
for (const w of ranked) { acc += freq.get(w)! / total; cumulative.push(acc); }
const draw = (): string => { const r = random(); let lo = 0, hi = cumulative.length - 1; while (lo < hi) { const m = (lo + hi) >> 1; if (cumulative[m]! < r) lo = m + 1; else hi = m; } return ranked[lo]!; };
const sample = Array.from({ length: 200_000 }, draw);

const admin = new pg.Client({ ...server, database: 'postgres' });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
await admin.query(`CREATE DATABASE ${DB} ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0`);
const pool = new pg.Pool({ ...server, database: DB, max: 2 });
const t0 = performance.now();
const elapsed = (): string => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
try {
  await pool.query(`CREATE EXTENSION pg_trgm;
    CREATE TABLE cases (id bigint PRIMARY KEY, title text NOT NULL, content text NOT NULL, search tsvector NOT NULL,
      created_at timestamptz NOT NULL, unit_id int NOT NULL)`);
  // Rows are generated here and sent in batches through unnest() (a 200 k-element array read
  // on the server is detoasted at every subscript: hopeless). The tsvector is computed by the
  // server as it would be for real cases: to_tsvector('simple', tokens joined by spaces).
  const batch = 10_000;
  const fill = async (from: number, to: number): Promise<void> => {
    const ids: number[] = [], titles: string[] = [], docs: string[] = [];
    for (let g = from; g <= to; g++) {
      const title = Array.from({ length: 10 }, () => sample[Math.floor(random() * sample.length)]!);
      const body = Array.from({ length: 40 + (g % 81) }, () => sample[Math.floor(random() * sample.length)]!);
      ids.push(g); titles.push(title.join(' ')); docs.push(body.join(' '));
    }
    await pool.query(`INSERT INTO cases
      SELECT id, replace(t, ' ', ''), replace(d, ' ', ''), to_tsvector('simple', t || ' ' || d),
             timestamptz '2021-01-01' + (id::float8 / $4) * interval '5 years', 1 + (id % 500)
      FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, t, d)`, [ids, titles, docs, ROWS]);
  };
  let inFlight: Promise<void>[] = [];
  for (let s = 1; s <= ROWS; s += batch) {
    inFlight.push(fill(s, Math.min(ROWS, s + batch - 1)));
    if (inFlight.length >= 2) { await Promise.all(inFlight); inFlight = []; }
  }
  await Promise.all(inFlight);
  console.error(`inserted ${ROWS} rows at ${elapsed()}`);
  await pool.query(`SET maintenance_work_mem = '2GB'`);
  await Promise.all([
    pool.query('CREATE INDEX cases_search ON cases USING gin (search)'),
    pool.query('CREATE INDEX cases_title_trgm ON cases USING gin (title gin_trgm_ops)'),
  ]);
  await pool.query('CREATE INDEX cases_created ON cases (created_at); CREATE INDEX cases_unit ON cases (unit_id, created_at)');
  await pool.query('VACUUM ANALYZE cases');
  const size = (await pool.query(`SELECT pg_size_pretty(pg_database_size('${DB}')) AS s`)).rows[0].s as string;
  console.error(`indexed at ${elapsed()}, database ${size}`);

  const common = ranked.slice(0, 50), mid = ranked.slice(300, 1300), rare = ranked.slice(5000, 8000);
  const pick = (a: string[]): string => a[Math.floor(random() * a.length)]!;
  const list = `SELECT id, title, created_at FROM cases WHERE search @@ to_tsquery('simple', $1)`;
  const ranked20 = `SELECT id, title, ts_rank_cd(search, q) AS rank FROM cases, to_tsquery('simple', $1) q WHERE search @@ q ORDER BY rank DESC, id LIMIT 20`;
  const queries: [string, () => [string, unknown[]]][] = [
    ['1 common word, newest 20', () => [`${list} ORDER BY created_at DESC LIMIT 20`, [parseQuery(pick(common)).tsquery]]],
    ['1 mid word, ranked top 20', () => [ranked20, [parseQuery(pick(mid)).tsquery]]],
    ['2 mid words AND, ranked top 20', () => [ranked20, [parseQuery(`${pick(mid)} ${pick(mid)}`).tsquery]]],
    ['1 rare word, ranked top 20', () => [ranked20, [parseQuery(pick(rare)).tsquery]]],
    ['phrase "common mid", ranked top 20', () => [ranked20, [parseQuery(`"${pick(common)}${pick(mid)}"`).tsquery]]],
    ['mid word -common + unit + 1 year, newest 20', () => [`${list} AND unit_id = $2 AND created_at >= $3 AND created_at < $3::timestamptz + interval '1 year' ORDER BY created_at DESC LIMIT 20`,
      [parseQuery(`${pick(mid)} -${pick(common)}`).tsquery, 1 + Math.floor(random() * 500), '2023-01-01']]],
    ['count of matches, 1 mid word', () => [`SELECT count(*) FROM cases WHERE search @@ to_tsquery('simple', $1)`, [parseQuery(pick(mid)).tsquery]]],
    ['title substring (pg_trgm) ILIKE, 20', () => [`SELECT id, title FROM cases WHERE title ILIKE $1 LIMIT 20`, [`%${pick(mid)}%`]]],
  ];
  const rows: (string | number)[][] = [];
  await pool.query(`SET statement_timeout = '60s'`);
  for (const [name, make] of queries) {
    const times: number[] = [];
    let hits = 0;
    for (let k = 0; k < 43; k++) {
      const [sql, params] = make();
      const t = performance.now();
      const r = await pool.query(sql, params);
      if (k >= 3) { times.push(performance.now() - t); hits += r.rows.length; } // 3 warm-up runs
    }
    times.sort((a, b) => a - b);
    rows.push([name, percentile(times, 50).toFixed(1), percentile(times, 95).toFixed(1), (hits / 40).toFixed(1)]);
  }
  console.log(`# Search latency — ${ROWS.toLocaleString('en')} cases, PostgreSQL ${(await pool.query('SHOW server_version')).rows[0].server_version}, ${machine()}`);
  console.log(`build: ${elapsed()} total, database size ${size}; 40 timed runs per query (random words each run), ms\n`);
  table(['query', 'p50 ms', 'p95 ms', 'rows returned (mean)'], rows);
} finally {
  await pool.end();
  if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin.end();
}
