/**
 * Metrics via the rollups versus the reference queries (a GROUP BY over the base tables), side by side in one run:
 * all twelve rates for N random (unit subtree, month) pairs, each computed both ways, with p50/p95, the ratio, and
 * whether every numerator and denominator is equal.
 *
 *   npx tsx bench/metrics.ts --url postgres://postgres@127.0.0.1:5432/minsheng_bench [--pairs 100] [--rebuild]
 *   npx tsx bench/metrics.ts --pglite ./data/bench-pglite [--pairs 100]
 *
 * The database is filled by bench/gen/generate.ts. The rollups are built on first open (or with --rebuild; the time is
 * printed). Measured at the use-case layer (measureRates / measureRatesNaive, the functions GET /api/metrics and the
 * dashboards call), without HTTP: the HTTP layer adds the same constant to both sides.
 */
import { loadConfig } from '../src/core/config.js';
import { openRuntime } from '../src/bootstrap.js';
import { sampleCompare } from '../src/analytics/rollup-cli.js';
import { factSettingsOf, rebuildRollups } from '../src/analytics/rollups.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const url = opt('url');
const pglite = opt('pglite');
const pairs = Number(opt('pairs') ?? 100);
if (!url && !pglite) {
  console.error('usage: bench/metrics.ts --url postgres://… | --pglite DIR [--pairs 100] [--rebuild]');
  process.exit(2);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

const config = { ...loadConfig(), databaseUrl: url, dataDir: pglite ?? loadConfig().dataDir };
let t = performance.now();
const rt = await openRuntime(config, pglite ? { pgliteDir: pglite } : {});
const openMs = performance.now() - t;
try {
  const built = await factSettingsOf(rt.deps.db);
  console.log(`opened ${rt.database.backend} in ${(openMs / 1000).toFixed(1)} s${built ? '' : ' (rollups missing)'}`);
  if (args.includes('--rebuild')) {
    t = performance.now();
    const r = await rebuildRollups(rt.deps.db, { responseHours: config.metrics.responseHours }, rt.deps.now());
    console.log(`rebuilt rollups from the base tables in ${((performance.now() - t) / 1000).toFixed(1)} s: ${r!.facts} facts, ${r!.rollups} rollup rows`);
  }
  const counts = await rt.deps.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const units = await rt.deps.db.selectFrom('units').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  console.log(`${counts.n} cases, ${units.n} units; ${pairs} random (unit subtree, month[, category]) pairs, all 12 rates each way`);
  t = performance.now();
  const s = await sampleCompare(rt.deps, pairs, 20261203);
  const wall = (performance.now() - t) / 1000;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  console.log('');
  console.log('| path | p50 ms | p95 ms | max ms | total s |');
  console.log('|---|---|---|---|---|');
  for (const [name, xs] of [['rollups', s.rollupMs], ['reference GROUP BY', s.naiveMs]] as const)
    console.log(`| ${name} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} | ${Math.max(...xs).toFixed(1)} | ${(sum(xs) / 1000).toFixed(2)} |`);
  console.log('');
  console.log(`speed-up (reference ÷ rollups): p50 ${(pct(s.naiveMs, 50) / pct(s.rollupMs, 50)).toFixed(1)}×, p95 ${(pct(s.naiveMs, 95) / pct(s.rollupMs, 95)).toFixed(1)}×, total ${(sum(s.naiveMs) / sum(s.rollupMs)).toFixed(1)}×`);
  console.log(`numbers equal: ${s.equal} of ${s.pairs} pairs (${s.nonEmpty} with data)${s.differences.length ? `; differences:\n  ${s.differences.slice(0, 10).join('\n  ')}` : ''}`);
  console.log(`wall ${wall.toFixed(1)} s`);
  if (s.equal !== s.pairs) process.exitCode = 1;
} finally {
  await rt.database.close();
}
