/**
 * `minsheng metrics rebuild | verify [--sample N] | fold`: the operator's commands for the metric rollups.
 * verify exits 1 when anything differs and says what: the records whose stored facts differ from a fresh
 * computation, the rollup cells that differ from the sum of the facts, and (with --sample) the (unit, month) pairs
 * whose rates from the rollups differ from the reference queries.
 */
import { sql } from 'kysely';
import { cstDateOf, type IsoDate } from '../calendar/dates.js';
import type { StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { monthDays } from './dashboard.js';
import { categorySubtree, metricQuery } from './query.js';
import { measureRates, measureRatesNaive } from './report.js';
import { foldDeltas, rebuildRollups, verifyRollups } from './rollups.js';

/** Reads everything: the commands run as the operator, outside any user's scope. */
const OPERATOR: StaffActor = {
  kind: 'staff',
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'operator',
  displayName: 'operator',
  unitId: '0',
  unitPath: '/',
  scopePath: '/',
  roles: ['analyst'],
  via: 'token',
} as StaffActor;

/** Compares the rates of `n` random (unit subtree, month) pairs from the rollups with the reference queries. */
export async function sampleCompare(deps: Deps, n: number, seed = 1) {
  const now = deps.now();
  // units with something to measure: every unit on the path of a unit that has a fact
  const all = await deps.db.selectFrom('units').select(['id', 'name', 'path']).orderBy('id').execute();
  const withFacts = await sql<{ unit_id: string }>`SELECT DISTINCT unit_id::text AS unit_id FROM metric_facts`.execute(deps.db);
  const pathOf = new Map(all.map((u) => [String(u.id), u.path]));
  const measured = new Set<string>();
  for (const r of withFacts.rows) for (const id of (pathOf.get(r.unit_id) ?? '').split('/').filter(Boolean)) measured.add(id);
  const units = all.filter((u) => measured.has(String(u.id)));
  const span = await sql<{ lo: string | null; hi: string | null }>`SELECT min(day)::text AS lo, max(day)::text AS hi FROM metric_facts`.execute(deps.db);
  const lo = span.rows[0]?.lo;
  const today = cstDateOf(now);
  const hi = span.rows[0]?.hi && span.rows[0].hi < today ? span.rows[0].hi : today;
  if (!lo || units.length === 0) return { pairs: 0, equal: 0, nonEmpty: 0, differences: [] as string[], rollupMs: [] as number[], naiveMs: [] as number[] };
  const months: string[] = [];
  for (let d = lo.slice(0, 7); d <= hi.slice(0, 7); ) {
    months.push(d);
    const [y, m] = d.split('-').map(Number) as [number, number];
    d = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  }
  let x = seed >>> 0 || 1;
  const rand = (k: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % k;
  };
  const categories = await deps.db.selectFrom('categories').select('id').execute();
  const differences: string[] = [];
  let nonEmpty = 0;
  const rollupMs: number[] = [];
  const naiveMs: number[] = [];
  let equal = 0;
  for (let i = 0; i < n; i++) {
    const u = units[rand(units.length)]!;
    const { from, to } = monthDays(months[rand(months.length)]!);
    // every third pair also narrows to a category subtree
    const categoryId = i % 3 === 2 && categories.length ? String(categories[rand(categories.length)]!.id) : null;
    const category = categoryId ? await categorySubtree(deps.db, categoryId) : null;
    const q = metricQuery({ actor: OPERATOR, unit: { id: String(u.id), name: u.name, path: u.path }, from, to: to > today ? (today as IsoDate) : to, now, category, settings: deps.config.metrics });
    let t = performance.now();
    const a = await measureRates(deps, q);
    rollupMs.push(performance.now() - t);
    t = performance.now();
    const b = await measureRatesNaive(deps, q);
    naiveMs.push(performance.now() - t);
    const bad = a.metrics.filter((m, j) => m.numerator !== b.metrics[j]!.numerator || m.denominator !== b.metrics[j]!.denominator);
    if (b.metrics.some((m) => m.denominator > 0)) nonEmpty++;
    if (bad.length === 0) equal++;
    else differences.push(`${u.name} ${from}…${to}: ${bad.map((m) => `${m.key} ${m.numerator}/${m.denominator} ≠ ${b.metrics.find((z) => z.key === m.key)!.numerator}/${b.metrics.find((z) => z.key === m.key)!.denominator}`).join(', ')}`);
  }
  return { pairs: n, equal, nonEmpty, differences, rollupMs, naiveMs };
}

export async function runMetricsCommand(deps: Deps, argv: string[], log: (s: string) => void): Promise<number> {
  const [sub, ...rest] = argv;
  const t0 = performance.now();
  switch (sub) {
    case 'rebuild': {
      const r = await rebuildRollups(deps.db, { responseHours: deps.config.metrics.responseHours }, deps.now());
      log(`rebuilt: ${r!.facts} facts, ${r!.rollups} rollup rows, ${r!.pending} deltas waiting to settle (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      return 0;
    }
    case 'fold': {
      const n = await foldDeltas(deps.db, deps.now());
      log(`folded ${n} settled deltas into the rollups`);
      return 0;
    }
    case 'verify': {
      const u = rest.indexOf('--unit');
      let under: string | undefined;
      if (u >= 0) {
        const unit = await deps.db.selectFrom('units').select('path').where('code', '=', rest[u + 1] ?? '').executeTakeFirst();
        if (!unit) {
          log(`verify: no unit with code ${rest[u + 1] ?? '(none given)'}`);
          return 2;
        }
        under = unit.path;
      }
      const r = await verifyRollups(deps.db, deps.now(), { under });
      log(`facts: ${r.facts.stored} stored, ${r.facts.computed} computed from the base tables; ${r.facts.missing} missing, ${r.facts.extra} extra`);
      if (r.facts.sources.length) log(`  records whose facts differ: ${r.facts.sources.join(', ')}`); // at most 500 named
      log(`rollups: ${r.rollups.cells} cells compared with the sum of the facts; ${r.rollups.mismatched} differ`);
      for (const e of r.rollups.examples) log(`  ${JSON.stringify(e)}`);
      let ok = r.ok;
      const i = rest.indexOf('--sample');
      if (i >= 0) {
        const n = Number(rest[i + 1] ?? 100);
        const s = await sampleCompare(deps, Number.isFinite(n) && n > 0 ? n : 100);
        log(`reference check: ${s.equal} of ${s.pairs} random (unit subtree, month[, category]) pairs give the same numerators and denominators (${s.nonEmpty} with data)`);
        for (const d of s.differences.slice(0, 10)) log(`  ${d}`);
        if (s.equal !== s.pairs) ok = false;
      }
      log(ok ? 'verify: the rollups match' : 'verify: MISMATCH');
      return ok ? 0 : 1;
    }
    default:
      log('usage: minsheng metrics rebuild | verify [--sample N] | fold');
      return 2;
  }
}
