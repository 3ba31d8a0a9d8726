/**
 * Incremental rollups of the metrics (docs/metrics.md "Rollups"; tables in migration 0010):
 *
 *   record changes ──(same transaction)──▶ metric_facts rewritten for that record
 *                                          + metric_deltas: +fact added, −fact removed
 *   job (every minute) ──▶ folds settled deltas into metric_rollups (day and month rows, for the fact's unit and
 *                          every unit above it) and deletes them, in one statement
 *   read ──▶ rollup rows of the unit (whole months + the days at either end) + settled deltas not yet folded
 *
 * So a read is exact at any instant (a fact counts from its settles_at, whether folded yet or not), concurrent
 * writers never lose an update (deltas are inserted, never read-modify-written; the fold adds with ON CONFLICT …
 * DO UPDATE), and a unit subtree × period never scans cases. `rebuildRollups` recomputes everything from the base
 * tables; `verifyRollups` proves that the stored facts, deltas and rollups equal a fresh computation.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { MetricSettings } from '../core/config.js';
import type { DB } from '../db/types.js';
import { computeFacts, factKey, factsSql, FACT_SOURCES, normalise, SOURCE_TABLE, type Fact, type FactSettings, type FactSource } from './rollup-facts.js';
import type { MetricQuery, MetricValue } from './query.js';
import { METRIC_KEYS, type MetricKey } from './definition.js';

type Db = Kysely<DB> | Transaction<DB>;

const META = { responseHours: 'response_hours', builtAt: 'built_at', foldedThrough: 'folded_through' } as const;

async function readMeta(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('metric_rollup_meta').select(['key', 'value']).execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

/** The settings the stored facts were computed with; null before the first build. */
export async function factSettingsOf(db: Db): Promise<(FactSettings & { foldedThrough: Date | null }) | null> {
  const m = await readMeta(db);
  const hours = m.get(META.responseHours);
  if (hours === undefined || !m.has(META.builtAt)) return null;
  const folded = m.get(META.foldedThrough);
  return { responseHours: Number(hours), foldedThrough: folded ? new Date(folded) : null };
}

async function setMeta(db: Db, key: string, value: string) {
  await db
    .insertInto('metric_rollup_meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

const deltaRow = (f: Fact, sign: 1 | -1) => ({
  metric: f.metric,
  day: f.day,
  unit_id: f.unit_id,
  category_id: f.category_id,
  num: sign * f.num,
  den: sign * f.den,
  p1: sign * f.p1,
  p2: sign * f.p2,
  p3: sign * f.p3,
  settles_at: f.settles_at,
});

/**
 * Rewrites the facts of some records inside the caller's transaction and queues the difference as deltas. Two
 * transactions refreshing one record must run one after the other, each seeing the other's facts: the record that
 * moved is locked by its own transition; records refreshed because a linked record moved are locked here (lock). Before the first build (no meta), nothing is written: the build will compute everything.
 */
export async function refreshFacts(
  tx: Transaction<DB>,
  source: FactSource,
  ids: readonly string[],
  opts: { settings?: FactSettings | null; lock?: boolean } = {},
): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const settings = opts.settings === undefined ? await factSettingsOf(tx) : opts.settings;
  if (!settings) return;
  // the record that moved is locked already (its version claim, or its insert); a linked record is not
  if (opts.lock) await sql`SELECT 1 FROM ${sql.table(SOURCE_TABLE[source])} WHERE id IN (${sql.join(unique)}) FOR UPDATE`.execute(tx);
  const fresh = await computeFacts(tx, source, unique, settings);
  const storedRows = await sql<Fact>`SELECT source, source_id::text AS source_id, metric, day::text AS day, unit_id::text AS unit_id,
      category_id::text AS category_id, num, den, p1, p2, p3, settles_at
    FROM metric_facts WHERE source_id IN (${sql.join(unique)}) AND source = ${source}`.execute(tx);
  const stored = storedRows.rows.map(normalise);
  const count = new Map<string, { f: Fact; n: number }>();
  for (const f of stored) {
    const k = factKey(f);
    count.set(k, { f, n: (count.get(k)?.n ?? 0) - 1 });
  }
  for (const f of fresh) {
    const k = factKey(f);
    count.set(k, { f, n: (count.get(k)?.n ?? 0) + 1 });
  }
  const deltas: ReturnType<typeof deltaRow>[] = [];
  for (const { f, n } of count.values()) for (let i = 0; i < Math.abs(n); i++) deltas.push(deltaRow(f, n > 0 ? 1 : -1));
  if (deltas.length === 0) return;
  await tx.deleteFrom('metric_facts').where('source', '=', source).where('source_id', 'in', unique).execute();
  if (fresh.length > 0) await tx.insertInto('metric_facts').values(fresh).execute();
  await tx.insertInto('metric_deltas').values(deltas).execute();
}

/**
 * A relation of facts or deltas (metric, day, unit_id, category_id, num … p3) summed into rollup cells: each row
 * counts for its unit and every unit above it (the ids on its path), on its day (grain d) and in its month (grain m).
 */
function rollupCells(relation: RawBuilder<unknown>) {
  return sql`
    SELECT g.grain, CASE WHEN g.grain = 'm' THEN date_trunc('month', x.day)::date ELSE x.day END AS day, a.id::bigint AS unit_id,
      COALESCE(x.category_id, 0) AS category_id, x.metric,
      sum(x.num) AS num, sum(x.den) AS den, sum(x.p1) AS p1, sum(x.p2) AS p2, sum(x.p3) AS p3
    FROM (${relation}) x
    JOIN units u ON u.id = x.unit_id
    CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from u.path), '/')) AS a(id)
    CROSS JOIN (VALUES ('d'), ('m')) AS g(grain)
    GROUP BY 1, 2, 3, 4, 5`;
}

/** Adds a relation of facts or deltas to the rollups (in key order, so concurrent folds lock rows in one order). */
function foldInto(relation: RawBuilder<unknown>) {
  return sql`
    INSERT INTO metric_rollups AS r (grain, day, unit_id, category_id, metric, num, den, p1, p2, p3)
    SELECT * FROM (${rollupCells(relation)}) c ORDER BY unit_id, grain, day, category_id, metric
    ON CONFLICT (unit_id, grain, day, category_id, metric) DO UPDATE SET
      num = r.num + excluded.num, den = r.den + excluded.den, p1 = r.p1 + excluded.p1, p2 = r.p2 + excluded.p2, p3 = r.p3 + excluded.p3`;
}

/**
 * Folds the settled deltas (settles_at ≤ now) into the rollups and deletes them, in one statement per batch, so a
 * concurrent read sees each delta exactly once (before: as a delta; after: in the rollups). Returns the count folded.
 */
export async function foldDeltas(db: Kysely<DB>, now: Date, opts: { batch?: number } = {}): Promise<number> {
  const batch = opts.batch ?? 20_000;
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const r = await sql<{ n: number }>`
        WITH moved AS (
          DELETE FROM metric_deltas WHERE id IN (
            SELECT id FROM metric_deltas WHERE settles_at <= ${now} ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED
          ) RETURNING metric, day, unit_id, category_id, num, den, p1, p2, p3
        ), folded AS (${foldInto(sql`SELECT * FROM moved`)} RETURNING 1)
        SELECT (SELECT count(*) FROM moved)::int AS n`.execute(tx);
      const moved = r.rows[0]?.n ?? 0;
      // the latest instant up to which deltas were folded: a read "as of" an earlier instant cannot use the rollups
      await sql`INSERT INTO metric_rollup_meta (key, value) VALUES (${META.foldedThrough}, ${now.toISOString()})
        ON CONFLICT (key) DO UPDATE SET value = CASE WHEN metric_rollup_meta.value::timestamptz < excluded.value::timestamptz
          THEN excluded.value ELSE metric_rollup_meta.value END`.execute(tx);
      return moved;
    });
    total += n;
    if (n < batch) return total;
  }
}

/**
 * Recomputes every fact from the base tables, the rollups from the settled facts and the queue from the rest, in one
 * transaction that holds writers of facts back meanwhile (they wait, then refresh against the new facts).
 */
export async function rebuildRollups(
  db: Kysely<DB>,
  settings: FactSettings,
  now: Date,
  opts: { onlyIf?: (current: FactSettings | null) => boolean } = {},
): Promise<{ facts: number; rollups: number; pending: number } | null> {
  return db.transaction().execute(async (tx) => {
    await sql`LOCK TABLE metric_facts, metric_deltas, metric_rollups IN EXCLUSIVE MODE`.execute(tx);
    if (opts.onlyIf && !opts.onlyIf(await factSettingsOf(tx))) return null;
    await sql`DELETE FROM metric_deltas`.execute(tx);
    await sql`DELETE FROM metric_rollups`.execute(tx);
    await sql`DELETE FROM metric_facts`.execute(tx);
    for (const source of FACT_SOURCES) {
      await sql`INSERT INTO metric_facts (source, source_id, metric, day, unit_id, category_id, num, den, p1, p2, p3, settles_at)
        SELECT source, source_id::uuid, metric, day::date, unit_id::bigint, category_id::bigint, num, den, p1, p2, p3, settles_at
        FROM (${factsSql(source, null, settings)}) f`.execute(tx);
    }
    await foldInto(sql`SELECT metric, day, unit_id, category_id, num, den, p1, p2, p3 FROM metric_facts WHERE settles_at <= ${now}`).execute(tx);
    await sql`INSERT INTO metric_deltas (metric, day, unit_id, category_id, num, den, p1, p2, p3, settles_at)
      SELECT metric, day, unit_id, category_id, num, den, p1, p2, p3, settles_at FROM metric_facts WHERE settles_at > ${now}`.execute(tx);
    await setMeta(tx, META.responseHours, String(settings.responseHours));
    await setMeta(tx, META.builtAt, now.toISOString());
    await setMeta(tx, META.foldedThrough, now.toISOString());
    const counts = await sql<{ facts: number; rollups: number; pending: number }>`SELECT
      (SELECT count(*) FROM metric_facts)::int AS facts, (SELECT count(*) FROM metric_rollups)::int AS rollups,
      (SELECT count(*) FROM metric_deltas)::int AS pending`.execute(tx);
    return counts.rows[0]!;
  });
}

/**
 * On start: build the rollups if they were never built (a new database, or one from before migration 0010) or, for
 * the server (rebuildOnSettingsChange), if a setting that shapes the facts changed. Returns the build's counts, or
 * null when nothing was needed. Two processes starting together: the second finds the first's build and skips.
 */
export async function ensureRollups(db: Kysely<DB>, settings: MetricSettings, now: Date, opts: { rebuildOnSettingsChange?: boolean } = {}) {
  const stale = (s: FactSettings | null) => !s || (opts.rebuildOnSettingsChange === true && s.responseHours !== settings.responseHours);
  if (!stale(await factSettingsOf(db))) return null;
  return rebuildRollups(db, { responseHours: settings.responseHours }, now, { onlyIf: stale });
}

/** Splits CST days [from, to] into whole calendar months and the runs of days at either end. */
export function periodCells(from: string, to: string): { months: string[]; dayRanges: Array<[string, string]> } {
  const months: string[] = [];
  const dayRanges: Array<[string, string]> = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const pad = (n: number) => String(n).padStart(2, '0');
  for (;;) {
    const first = `${y}-${pad(m)}-01`;
    const last = `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
    if (first > to) break;
    const a = from > first ? from : first;
    const b = to < last ? to : last;
    if (a === first && b === last) months.push(first);
    else if (a <= b) dayRanges.push([a, b]);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return { months, dayRanges };
}

export interface RollupSums {
  num: number;
  den: number;
  p1: number;
  p2: number;
  p3: number;
}

/**
 * Whether the rollups can answer this query: built, with the same fact-shaping settings, and not folded past the
 * query's now (a simulated or lagging clock reading "as of" an earlier instant than a fold). Otherwise the caller
 * uses the reference computation.
 */
export async function rollupsUsable(db: Kysely<DB>, q: Pick<MetricQuery, 'settings' | 'now'>): Promise<boolean> {
  const s = await factSettingsOf(db);
  if (!s || s.responseHours !== q.settings.responseHours) return false;
  return !s.foldedThrough || s.foldedThrough.getTime() <= q.now.getTime();
}

/**
 * The sums of every metric (and intake.<channel>) for several unit subtrees × one period × category: rollup rows of
 * each unit plus the settled deltas not folded yet. One statement, so a concurrent fold is seen either before or after.
 */
export async function rollupSums(
  db: Kysely<DB>,
  q: Pick<MetricQuery, 'from' | 'to' | 'now' | 'category'>,
  units: ReadonlyArray<{ id: string; path: string }>,
): Promise<Map<string, Map<string, RollupSums>>> {
  return (await rollupSumsForPeriods(db, q, [{ from: q.from, to: q.to }], units))[0]!;
}

/**
 * The same sums for several periods in ONE statement (the overview's current, 环比, 同比 and 12 trend months): a
 * request of fifteen statements waits fifteen times for a pooled connection when the server is busy, so under 200
 * users the overview was the one request that timed out. Index i of the answer is periods[i].
 */
export async function rollupSumsForPeriods(
  db: Kysely<DB>,
  q: Pick<MetricQuery, 'now' | 'category'>,
  periods: ReadonlyArray<{ from: string; to: string }>,
  units: ReadonlyArray<{ id: string; path: string }>,
): Promise<Array<Map<string, Map<string, RollupSums>>>> {
  const out = periods.map(() => new Map<string, Map<string, RollupSums>>(units.map((u) => [u.id, new Map()])));
  if (units.length === 0 || periods.length === 0) return out;
  const cat = (col: ReturnType<typeof sql.ref>) => (q.category ? sql`${col} IN (${sql.join(q.category.ids)})` : sql`TRUE`);
  const ids = sql.join(units.map((u) => u.id));
  const parts = periods.map((p, i) => {
    const { months, dayRanges } = periodCells(p.from, p.to);
    const cells = [
      ...(months.length ? [sql`(r.grain = 'm' AND r.day IN (${sql.join(months.map((d) => sql`${d}::date`))}))`] : []),
      ...dayRanges.map(([a, b]) => sql`(r.grain = 'd' AND r.day BETWEEN ${a}::date AND ${b}::date)`),
    ];
    return sql`
      SELECT ${sql.lit(i)}::int AS p, r.unit_id, r.metric, r.num, r.den, r.p1, r.p2, r.p3 FROM metric_rollups r
      WHERE r.unit_id IN (${ids}) AND (${cells.length ? sql.join(cells, sql` OR `) : sql`FALSE`}) AND ${cat(sql.ref('r.category_id'))}
      UNION ALL
      SELECT ${sql.lit(i)}::int, t.id, d.metric, d.num, d.den, d.p1, d.p2, d.p3
      FROM metric_deltas d
      JOIN units du ON du.id = d.unit_id
      JOIN units t ON t.id IN (${ids}) AND du.path LIKE t.path || '%'
      WHERE d.settles_at <= ${q.now} AND d.day BETWEEN ${p.from}::date AND ${p.to}::date AND ${cat(sql.ref('d.category_id'))}`;
  });
  const rows = await sql<{ p: number; unit_id: string; metric: string; num: string; den: string; p1: string; p2: string; p3: string }>`
    SELECT x.p, x.unit_id::text AS unit_id, x.metric, sum(x.num)::text AS num, sum(x.den)::text AS den, sum(x.p1)::text AS p1, sum(x.p2)::text AS p2, sum(x.p3)::text AS p3
    FROM (${sql.join(parts, sql` UNION ALL `)}) x
    GROUP BY x.p, x.unit_id, x.metric`.execute(db);
  for (const r of rows.rows) {
    out[Number(r.p)]?.get(String(r.unit_id))?.set(r.metric, { num: Number(r.num), den: Number(r.den), p1: Number(r.p1), p2: Number(r.p2), p3: Number(r.p3) });
  }
  return out;
}

/** The metric values from rollup sums, weights applied on reading (they are settings, never stored). */
export function valuesFromSums(sums: ReadonlyMap<string, RollupSums>, settings: MetricSettings): Map<MetricKey, MetricValue> {
  const out = new Map<MetricKey, MetricValue>();
  for (const key of METRIC_KEYS) {
    const s = sums.get(key) ?? { num: 0, den: 0, p1: 0, p2: 0, p3: 0 };
    if (key === 'resolution') {
      out.set(key, {
        numerator: s.p1 + settings.partlySolvedWeight * s.p2,
        denominator: s.p1 + s.p2 + s.p3,
        parts: { solved: s.p1, partly_solved: s.p2, unsolved: s.p3 },
      });
    } else if (key === 'satisfaction') {
      out.set(key, {
        numerator: settings.satisfiedWeight * s.p1 + settings.basicallySatisfiedWeight * s.p2,
        denominator: s.p1 + s.p2 + s.p3,
        parts: { satisfied: s.p1, basically_satisfied: s.p2, dissatisfied: s.p3 },
      });
    } else out.set(key, { numerator: s.num, denominator: s.den });
  }
  return out;
}

/** Intake of the period by channel, from the same rollups ('intake.<channel>' facts). */
export function intakeFromSums(sums: ReadonlyMap<string, RollupSums>): { total: number; byChannel: Record<string, number> } {
  const byChannel: Record<string, number> = {};
  let total = 0;
  for (const [k, s] of sums) {
    if (!k.startsWith('intake.')) continue;
    byChannel[k.slice(7)] = s.den;
    total += s.den;
  }
  return { total, byChannel };
}

export interface VerifyReport {
  facts: { stored: number; computed: number; missing: number; extra: number; sources: string[] };
  rollups: { cells: number; mismatched: number; examples: Array<Record<string, unknown>> };
  ok: boolean;
}

/**
 * Proves the rollups: (1) the stored facts equal the facts computed now from the base tables (missing / extra rows,
 * with the records concerned); (2) every rollup cell plus the settled deltas equals the sum of the settled facts, for
 * every grain, day, unit subtree, category and metric. Read in one REPEATABLE READ snapshot.
 */
export async function verifyRollups(db: Kysely<DB>, now: Date, opts: { under?: string } = {}): Promise<VerifyReport> {
  // optionally one unit subtree (a materialised path prefix): a district checks its own figures without the rest
  const inTree = (col: string) =>
    opts.under ? sql`AND ${sql.ref(col)}::bigint IN (SELECT id FROM units WHERE path LIKE ${`${opts.under}%`})` : sql``;
  return db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
    const settings = await factSettingsOf(tx);
    if (!settings) throw new Error('the metric rollups were never built: run `minsheng metrics rebuild`');
    let computed = 0;
    let stored = 0;
    let missing = 0;
    let extra = 0;
    const sources = new Set<string>();
    for (const source of FACT_SOURCES) {
      const cmp = await sql<{ source_id: string; missing: number; extra: number; computed: number; stored: number }>`
        WITH fresh AS (
          SELECT source_id, metric, day, unit_id, category_id, num, den, p1, p2, p3, settles_at FROM (${factsSql(source, null, settings)}) f WHERE true ${inTree('f.unit_id')}
        ), kept AS (
          SELECT source_id::text AS source_id, metric, day::text AS day, unit_id::text AS unit_id, category_id::text AS category_id, num, den, p1, p2, p3, settles_at
          FROM metric_facts WHERE source = ${source} ${inTree('unit_id')}
        ), fm AS (SELECT *, row_number() OVER (PARTITION BY source_id, metric, day, unit_id, category_id, num, den, p1, p2, p3, settles_at) AS k FROM fresh),
        km AS (SELECT *, row_number() OVER (PARTITION BY source_id, metric, day, unit_id, category_id, num, den, p1, p2, p3, settles_at) AS k FROM kept),
        miss AS (SELECT * FROM fm EXCEPT SELECT * FROM km),
        ext AS (SELECT * FROM km EXCEPT SELECT * FROM fm)
        SELECT x.source_id, sum(x.m)::int AS missing, sum(x.e)::int AS extra,
          (SELECT count(*) FROM fresh)::int AS computed, (SELECT count(*) FROM kept)::int AS stored
        FROM (SELECT source_id, 1 AS m, 0 AS e FROM miss UNION ALL SELECT source_id, 0, 1 FROM ext) x
        GROUP BY x.source_id
        UNION ALL
        SELECT NULL, 0, 0, (SELECT count(*) FROM fresh)::int, (SELECT count(*) FROM kept)::int`.execute(tx);
      for (const r of cmp.rows) {
        if (r.source_id === null) {
          computed += r.computed;
          stored += r.stored;
        } else {
          missing += r.missing;
          extra += r.extra;
          if (sources.size < 500) sources.add(`${source}:${r.source_id}`);
        }
      }
    }
    const cells = await sql<{ grain: string; day: string; unit_id: string; category_id: string; metric: string; stored: string; expected: string }>`
      WITH expected AS (${rollupCells(sql`SELECT metric, day, unit_id, category_id, num, den, p1, p2, p3 FROM metric_facts WHERE settles_at <= ${now}`)}),
      pending AS (${rollupCells(sql`SELECT metric, day, unit_id, category_id, num, den, p1, p2, p3 FROM metric_deltas WHERE settles_at <= ${now}`)}), have AS (
        SELECT grain, day, unit_id, category_id, metric, sum(num) AS num, sum(den) AS den, sum(p1) AS p1, sum(p2) AS p2, sum(p3) AS p3
        FROM (SELECT grain::text AS grain, day, unit_id, category_id, metric, num, den, p1, p2, p3 FROM metric_rollups UNION ALL SELECT * FROM pending) x
        GROUP BY 1, 2, 3, 4, 5
      ), cmp AS (
        SELECT COALESCE(e.grain, h.grain) AS grain, COALESCE(e.day, h.day) AS day, COALESCE(e.unit_id, h.unit_id) AS unit_id,
          COALESCE(e.category_id, h.category_id) AS category_id, COALESCE(e.metric, h.metric) AS metric,
          concat_ws('/', COALESCE(h.num, 0), COALESCE(h.den, 0), COALESCE(h.p1, 0), COALESCE(h.p2, 0), COALESCE(h.p3, 0)) AS stored,
          concat_ws('/', COALESCE(e.num, 0), COALESCE(e.den, 0), COALESCE(e.p1, 0), COALESCE(e.p2, 0), COALESCE(e.p3, 0)) AS expected
        FROM expected e FULL JOIN have h
          ON h.grain = e.grain AND h.day = e.day AND h.unit_id = e.unit_id AND h.category_id = e.category_id AND h.metric = e.metric
      )
      SELECT grain, day::text AS day, unit_id::text AS unit_id, category_id::text AS category_id, metric, stored, expected FROM cmp WHERE stored <> expected ${inTree('unit_id')}
      UNION ALL
      SELECT 'count', (SELECT count(*) FROM cmp WHERE true ${inTree('unit_id')})::text, '', '', '', '', ''`.execute(tx);
    const countRow = cells.rows.find((r) => r.grain === 'count');
    const bad = cells.rows.filter((r) => r.grain !== 'count');
    const report: VerifyReport = {
      facts: { stored, computed, missing, extra, sources: [...sources] },
      rollups: { cells: Number(countRow?.day ?? 0), mismatched: bad.length, examples: bad.slice(0, 10) },
      ok: missing === 0 && extra === 0 && bad.length === 0,
    };
    return report;
  });
}
