/**
 * The counts beside the rates: intake (by channel, category, area, unit), the backlog of open cases and their ageing,
 * and the running deadlines past due — each as it stood at the end of the period (or now, for a period not over).
 * Like the rates, each row is attributed to one unit column and read straight from the base tables.
 */
import { sql, type Kysely } from 'kysely';
import { CHANNELS, STATUS_LABELS, type Status } from '../cases/states.js';
import { DEFAULT_CLOCK_RULES } from '../calendar/rules.js';
import type { DB } from '../db/types.js';
import { responsibleUnit } from './case-metrics.js';
import { during, inCategory, inUnit, type MetricQuery } from './query.js';
import type { Text } from './definition.js';

export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], Text> = {
  web: { zh: '网上信访', en: 'Online' },
  phone: { zh: '来电', en: 'Phone' },
  letter: { zh: '来信', en: 'Letter' },
  email: { zh: '电子邮件', en: 'E-mail' },
  visit: { zh: '来访', en: 'Walk-in visit' },
  fax: { zh: '传真', en: 'Fax' },
  hotline: { zh: '12345热线', en: '12345 hotline' },
  api: { zh: '系统对接', en: 'API' },
};

/** Not yet answered, or under review: the work still in the hands of an office or unit. */
export const OPEN_STATUSES = ['registered', 'dispatched', 'signed', 'objected', 'accepted', 'reply_pending', 'review', 'rereview'] as const satisfies readonly Status[];

/** Ageing of open cases, in whole days since receipt; the upper bound of each bucket (null: no bound). */
export const AGE_BUCKETS: ReadonlyArray<{ key: string; max: number | null; label: Text }> = [
  { key: '0-7', max: 7, label: { zh: '7日以内', en: 'up to 7 days' } },
  { key: '8-15', max: 15, label: { zh: '8至15日', en: '8–15 days' } },
  { key: '16-30', max: 30, label: { zh: '16至30日', en: '16–30 days' } },
  { key: '31-60', max: 60, label: { zh: '31至60日', en: '31–60 days' } },
  { key: '61-90', max: 90, label: { zh: '61至90日', en: '61–90 days' } },
  { key: '90+', max: null, label: { zh: '90日以上', en: 'over 90 days' } },
];

export const COUNT_DEFINITIONS: ReadonlyArray<{ key: string; name: Text; definition: Text }> = [
  {
    key: 'intake',
    name: { zh: '受理登记量', en: 'Intake' },
    definition: {
      zh: '期间内收到（cases.received_at）的全部事项，按责任单位（主办单位，未交办的为登记单位）计入，分渠道、类别、区域（责任单位所属的区县；市直单位为“市本级”）和责任单位统计。',
      en: 'every matter received in the period (cases.received_at), counted for its responsible unit (the lead unit, else the registering unit), by channel, category, area (the district the responsible unit lies in; city-level units have none) and responsible unit.',
    },
  },
  {
    key: 'backlog',
    name: { zh: '积压（期末在办）', en: 'Backlog (open at period end)' },
    definition: {
      zh: `期末（或当前，期间未结束时）处于未答复或复查复核中的事项：${OPEN_STATUSES.map((s) => STATUS_LABELS[s].zh).join('、')}。期末状态取该时刻之前最后一个状态变更事件（case_events.to_status），所以期末之后的办理不改变结果。按责任单位计入。`,
      en: `cases that at the end of the period (or now, for a period not over) were not yet answered or were under review: ${OPEN_STATUSES.join(', ')}. The state at that instant is the last status-changing event before it (case_events.to_status), so handling after the period end does not change the figure. Counted for the responsible unit.`,
    },
  },
  {
    key: 'ageing',
    name: { zh: '积压账龄', en: 'Ageing of the backlog' },
    definition: {
      zh: `积压事项自收到之时起至期末的整日数，分段：${AGE_BUCKETS.map((b) => b.label.zh).join('、')}。`,
      en: `whole days from receipt to the period end of each backlog case, in buckets: ${AGE_BUCKETS.map((b) => b.label.en).join(', ')}.`,
    },
  },
  {
    key: 'overdue',
    name: { zh: '超期（期末仍在计时且已届满的期限）', en: 'Overdue (running deadlines past due at period end)' },
    definition: {
      zh: '期末仍在运行（开始于期末之前、未在期末之前结束）且期限已届满（due_at 早于期末）的事项期限计时（case_clocks，用途为期限的规则：转送交办、受理告知、办理、复查、复核、交办反馈），分规则统计计时数和涉及事项数。计入计时所属单位（无则为责任单位）。',
      en: 'case deadline clocks (case_clocks of deadline rules: routing, acceptance notice, handling, review, re-review, report-back) running at the period end (started before it, not ended before it) whose due_at lies before it, by rule, with the number of cases concerned. Counted for the clock’s unit (else the responsible unit).',
    },
  },
];

interface Labelled {
  id: string | null;
  name: string | null;
  count: number;
}

function tally<R extends { n: number }, K>(rows: R[], key: (r: R) => K, make: (k: K, r: R) => Omit<Labelled, 'count'>): Labelled[] {
  const m = new Map<K, Labelled>();
  for (const r of rows) {
    const k = key(r);
    const e = m.get(k) ?? { ...make(k, r), count: 0 };
    e.count += r.n;
    m.set(k, e);
  }
  return [...m.values()].sort((a, b) => b.count - a.count || String(a.name ?? '').localeCompare(String(b.name ?? ''), 'zh'));
}

export async function intakeCounts(db: Kysely<DB>, q: MetricQuery) {
  // counted per (channel, category, unit) first, then named: the area of a unit is looked up once per unit, not
  // once per case (that lookup per case made this the slowest part of the overview)
  const r = await sql<{ channel: string; category_id: string | null; category_name: string | null; unit_id: string; unit_name: string; area_id: string | null; area_name: string | null; n: number }>`
    WITH g AS (
      SELECT c.channel, c.category_id, su.id AS unit_id, su.name AS unit_name, su.path AS unit_path, count(*)::int AS n
      FROM cases c
      ${inUnit(q, responsibleUnit)}
      WHERE ${during(q, sql`c.received_at`)} AND ${inCategory(q, sql`c.category_id`)}
      GROUP BY c.channel, c.category_id, su.id, su.name, su.path
    )
    , area AS (
      SELECT DISTINCT ON (u.unit_id) u.unit_id, d.id, d.name
      FROM (SELECT DISTINCT unit_id, unit_path FROM g) u
      JOIN (SELECT id, name, path, depth FROM units WHERE type = 'district') d ON u.unit_path LIKE d.path || '%'
      ORDER BY u.unit_id, d.depth DESC
    )
    SELECT g.channel, g.category_id::text AS category_id, cat.name AS category_name, g.unit_id::text AS unit_id, g.unit_name,
      area.id::text AS area_id, area.name AS area_name, g.n
    FROM g
    LEFT JOIN categories cat ON cat.id = g.category_id
    LEFT JOIN area ON area.unit_id = g.unit_id`.execute(db);
  const rows = r.rows;
  return {
    total: rows.reduce((a, x) => a + x.n, 0),
    byChannel: CHANNELS.map((ch) => ({ key: ch, label: CHANNEL_LABELS[ch], count: rows.filter((x) => x.channel === ch).reduce((a, x) => a + x.n, 0) })),
    byCategory: tally(rows, (x) => x.category_id, (id, x) => ({ id, name: x.category_name })),
    byArea: tally(rows, (x) => x.area_id, (id, x) => ({ id, name: x.area_name })),
    byUnit: tally(rows, (x) => x.unit_id, (id, x) => ({ id, name: x.unit_name })),
  };
}

export async function backlogCounts(db: Kysely<DB>, q: MetricQuery) {
  // A case's status at asOf is its current status unless a status-changing event came at or after asOf (every status
  // change writes one, in the same transaction). So only those few cases need their history read; the rest are the
  // cases open now, found by the status index. (Reading the history of every case received before asOf took 3 s at
  // 20 k cases and grew with the whole table; for a period not over, nothing changed after asOf at all.)
  const open = sql.join(OPEN_STATUSES.map((x) => sql.lit(x)));
  const r = await sql<{ status: Status; age: number; n: number }>`
    WITH changed AS (
      SELECT DISTINCT e.case_id FROM case_events e WHERE e.at >= ${q.asOf} AND e.to_status IS NOT NULL
    ), at_end AS (
      SELECT c.id, c.status FROM cases c
      WHERE c.status IN (${open}) AND c.received_at < ${q.asOf} AND NOT EXISTS (SELECT 1 FROM changed ch WHERE ch.case_id = c.id)
      UNION ALL
      SELECT ch.case_id, s.status FROM changed ch
      JOIN LATERAL (
        SELECT e.to_status AS status FROM case_events e
        WHERE e.case_id = ch.case_id AND e.to_status IS NOT NULL AND e.at < ${q.asOf}
        ORDER BY e.at DESC, e.id DESC LIMIT 1
      ) s ON true
      WHERE s.status IN (${open})
    )
    SELECT x.status, floor(extract(epoch FROM (${q.asOf}::timestamptz - c.received_at)) / 86400)::int AS age, count(*)::int AS n
    FROM at_end x
    JOIN cases c ON c.id = x.id
    ${inUnit(q, responsibleUnit)}
    WHERE c.received_at < ${q.asOf} AND ${inCategory(q, sql`c.category_id`)}
    GROUP BY x.status, age`.execute(db);
  const rows = r.rows;
  const bucketOf = (age: number) => AGE_BUCKETS.find((b) => b.max === null || age <= b.max)!.key;
  return {
    backlog: {
      total: rows.reduce((a, x) => a + x.n, 0),
      byStatus: OPEN_STATUSES.map((s) => ({ key: s, label: STATUS_LABELS[s], count: rows.filter((x) => x.status === s).reduce((a, x) => a + x.n, 0) })),
    },
    ageing: AGE_BUCKETS.map((b) => ({ key: b.key, label: b.label, count: rows.filter((x) => bucketOf(Math.max(0, x.age)) === b.key).reduce((a, x) => a + x.n, 0) })),
  };
}

function ruleLabel(key: string): Text {
  const r = (DEFAULT_CLOCK_RULES as Record<string, { descriptionZh: string; descriptionEn: string } | undefined>)[key];
  if (r) return { zh: r.descriptionZh, en: r.descriptionEn };
  // 交办's report-back period is set case by case (route.reportBackDays), so it has no rule of its own
  if (key === 'report_back') return { zh: '交办反馈期限（第二十二条第三项）', en: 'Report-back deadline of an assignment' };
  return { zh: key, en: key };
}

export async function overdueCounts(db: Kysely<DB>, q: MetricQuery) {
  const r = await sql<{ rule_key: string | null; clocks: number; cases: number }>`
    WITH k AS (
      SELECT k.rule_key, k.case_id
      FROM case_clocks k
      JOIN cases c ON c.id = k.case_id
      ${inUnit(q, sql`COALESCE(k.unit_id, ${responsibleUnit})`)}
      WHERE k.purpose = 'deadline' AND k.started_at < ${q.asOf} AND (k.stopped_at IS NULL OR k.stopped_at >= ${q.asOf})
        AND k.due_at < ${q.asOf} AND ${inCategory(q, sql`c.category_id`)}
    )
    SELECT rule_key, count(*)::int AS clocks, count(DISTINCT case_id)::int AS cases FROM k GROUP BY rule_key
    UNION ALL
    SELECT NULL, count(*)::int, count(DISTINCT case_id)::int FROM k`.execute(db);
  const total = r.rows.find((x) => x.rule_key === null);
  return {
    total: total?.clocks ?? 0,
    cases: total?.cases ?? 0,
    byRule: r.rows
      .filter((x) => x.rule_key !== null)
      .map((x) => ({ key: x.rule_key!, label: ruleLabel(x.rule_key!), clocks: x.clocks, cases: x.cases }))
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
}

/** Sums rows counted per unit path into each asked unit's subtree (path prefix). */
export function perSubtree<R extends { path: string }>(rows: R[], units: ReadonlyArray<{ id: string; path: string }>, value: (r: R) => number): Map<string, number> {
  return new Map(units.map((u) => [u.id, rows.filter((r) => r.path.startsWith(u.path)).reduce((a, r) => a + value(r), 0)]));
}

/**
 * Intake (受理登记量) of each unit subtree: cases received in the period (cases.received_at in [from 00:00, to 24:00)
 * CST), attributed to the responsible unit COALESCE(lead_unit_id, intake_unit_id), optionally in the category subtree —
 * the attribution of intakeCounts, so the total of a unit equals its GET /api/metrics counts.intake.total.
 */
export async function intakeForUnits(db: Kysely<DB>, base: Omit<MetricQuery, 'unit'>, units: ReadonlyArray<MetricQuery['unit']>): Promise<Map<string, number>> {
  if (units.length === 0) return new Map();
  const q = { ...base, unit: units[0]! };
  const r = await sql<{ path: string; n: number }>`
    SELECT u.path, count(*)::int AS n
    FROM cases c JOIN units u ON u.id = ${responsibleUnit}
    WHERE c.received_at >= ${base.start} AND c.received_at < ${base.end} AND ${inCategory(q, sql`c.category_id`)}
      AND (${sql.join(units.map((x) => sql`u.path LIKE ${`${x.path}%`}`), sql` OR `)})
    GROUP BY u.path`.execute(db);
  return perSubtree(r.rows, units, (x) => x.n);
}

