/**
 * The metrics as FACTS: what each record contributes to each metric — the CST day it counts in, the one unit it is
 * attributed to, its category, numerator, denominator, raw counts (p1..p3) and the instant from which it counts
 * (settles_at). Summing the facts of a unit subtree × period × category gives exactly the numbers of the reference
 * computations in case-metrics.ts and register-metrics.ts (the same expressions, written per record instead of per
 * period); the rollup tests and `minsheng metrics verify` check that they agree.
 *
 * How a period rule becomes a day:
 *   - an act at an instant ("in the period": start ≤ t < end) counts on the CST day of t;
 *   - a deadline ("fell due in the period": start < due ≤ end) counts on the CST day of the instant just before due
 *     (a deadline at 24:00 of 3 May counts on 3 May), and only from due on (settles_at = due), as the reference's
 *     `due ≤ asOf` does;
 *   - a hotline dispatch not yet signed counts once its response window has passed (settles_at = assigned + window).
 * Weighted numerators (解决率, 满意率) are stored as raw counts and weighted on reading, so weights stay settings.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { ANSWER_EVENTS } from './case-metrics.js';

/** A record type whose rows contribute facts; its table and the metrics it feeds. */
export const FACT_SOURCES = ['case', 'return_visit', 'dispute', 'hazard'] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

export interface Fact {
  source: FactSource;
  source_id: string;
  metric: string;
  day: string;
  unit_id: string;
  category_id: string | null;
  num: number;
  den: number;
  p1: number;
  p2: number;
  p3: number;
  settles_at: Date;
}

/** Settings that shape a fact (not only its reading): changing one needs a rebuild (`minsheng metrics rebuild`). */
export interface FactSettings {
  responseHours: number;
}

type Db = Kysely<DB> | Transaction<DB>;

/** The CST day of an instant: China has one zone, UTC+8 all year, so no time-zone database is needed. */
const instDay = (t: RawBuilder<unknown>) => sql`((${t} AT TIME ZONE 'UTC') + interval '8 hours')::date`;
/** The CST day a deadline belongs to: the day of the instant just before it (24:00 of a day is that day's end). */
const dueDay = (t: RawBuilder<unknown>) => sql`(((${t} - interval '1 microsecond') AT TIME ZONE 'UTC') + interval '8 hours')::date`;

const answers = sql.join(ANSWER_EVENTS.map((t) => sql.lit(t)));

/** `ids` null: every record (a rebuild); else only those records. */
const idFilter = (col: RawBuilder<unknown>, ids: readonly string[] | null) => (ids === null ? sql`TRUE` : ids.length === 0 ? sql`FALSE` : sql`${col} IN (${sql.join(ids)})`);

/** The facts of cases: every case metric of the registry, and intake by channel ('intake.<channel>', for the counts). */
export function caseFactsSql(ids: readonly string[] | null, s: FactSettings): RawBuilder<Fact> {
  const window = sql`make_interval(hours => ${s.responseHours}::int)`;
  return sql<Fact>`
    WITH c AS (
      SELECT c.id, c.category_id, c.channel, c.status, c.received_at, c.closed_at, c.related_case_id,
        COALESCE(c.lead_unit_id, c.intake_unit_id) AS ru
      FROM cases c WHERE ${idFilter(sql`c.id`, ids)}
    ), f AS (
      -- 及时受理率: accept_notice clocks, on the day they fall due
      SELECT c.id AS source_id, 'timely_acceptance' AS metric, ${dueDay(sql`k.due_at`)} AS day, COALESCE(k.unit_id, c.ru) AS unit_id, c.category_id,
        (CASE WHEN k.status = 'met' AND k.stopped_at <= k.due_at THEN 1 ELSE 0 END) AS num, 1 AS den, 0 AS p1, 0 AS p2, 0 AS p3, k.due_at AS settles_at
      FROM case_clocks k JOIN c ON c.id = k.case_id
      WHERE k.rule_key = 'accept_notice' AND k.due_at IS NOT NULL AND NOT (k.status = 'stopped' AND k.stopped_at <= k.due_at)
      UNION ALL
      -- 按期办结率: a handle clock met on time counts on the day it was met, any other on the day it fell due
      SELECT source_id, 'on_time_completion', CASE WHEN on_time THEN ${instDay(sql`stopped_at`)} ELSE ${dueDay(sql`due_at`)} END, unit_id, category_id,
        CASE WHEN on_time THEN 1 ELSE 0 END, 1, 0, 0, 0, CASE WHEN on_time THEN stopped_at ELSE due_at END
      FROM (
        SELECT c.id AS source_id, COALESCE(k.unit_id, c.ru) AS unit_id, c.category_id, k.stopped_at, k.due_at,
          k.status = 'met' AND (k.due_at IS NULL OR k.stopped_at <= k.due_at) AS on_time,
          k.status = 'stopped' AND (k.due_at IS NULL OR k.stopped_at <= k.due_at) AS void
        FROM case_clocks k JOIN c ON c.id = k.case_id
        WHERE k.rule_key = 'handle'
      ) h
      WHERE on_time OR (NOT on_time AND NOT void AND due_at IS NOT NULL)
      UNION ALL
      -- 响应率: hotline lead dispatches, on the day of dispatch, counted once signed or once the window has passed
      SELECT source_id, 'response', ${instDay(sql`assigned_at`)}, unit_id, category_id, CASE WHEN responded THEN 1 ELSE 0 END, 1, 0, 0, 0,
        CASE WHEN responded THEN assigned_at ELSE assigned_at + ${window} END
      FROM (
        SELECT c.id AS source_id, cu.unit_id, c.category_id, cu.assigned_at,
          COALESCE(cu.signed_at IS NOT NULL AND cu.signed_at <= cu.assigned_at + ${window}, false) AS responded
        FROM case_units cu JOIN c ON c.id = cu.case_id
        WHERE cu.role = 'lead' AND c.channel = 'hotline'
      ) r
      UNION ALL
      -- 参评率: written answers, on the day of the answer; evaluated before the case's next answer
      SELECT c.id, 'participation', ${instDay(sql`e.at`)}, COALESCE(e.actor_unit_id, c.ru), c.category_id,
        CASE WHEN EXISTS (
          SELECT 1 FROM case_events v
          WHERE v.case_id = e.case_id AND v.type = 'evaluate' AND (v.at, v.id) > (e.at, e.id)
            AND NOT EXISTS (SELECT 1 FROM case_events n WHERE n.case_id = e.case_id AND n.type IN (${answers})
              AND (n.at, n.id) > (e.at, e.id) AND (n.at, n.id) < (v.at, v.id))
        ) THEN 1 ELSE 0 END, 1, 0, 0, 0, e.at
      FROM case_events e JOIN c ON c.id = e.case_id
      WHERE e.type IN (${answers})
      UNION ALL
      -- 满意率: evaluations, on their day, for the unit that gave the answer evaluated; p1..p3 = the three ratings
      SELECT c.id, 'satisfaction', ${instDay(sql`v.at`)},
        COALESCE((SELECT a.actor_unit_id FROM case_events a WHERE a.case_id = v.case_id AND a.type IN (${answers}) AND (a.at, a.id) < (v.at, v.id)
          ORDER BY a.at DESC, a.id DESC LIMIT 1), c.ru),
        c.category_id, 0, 1,
        CASE WHEN v.data->>'rating' = 'satisfied' THEN 1 ELSE 0 END,
        CASE WHEN v.data->>'rating' = 'basically_satisfied' THEN 1 ELSE 0 END,
        CASE WHEN v.data->>'rating' = 'dissatisfied' THEN 1 ELSE 0 END, v.at
      FROM case_events v JOIN c ON c.id = v.case_id
      WHERE v.type = 'evaluate' AND v.data->>'rating' IN ('satisfied', 'basically_satisfied', 'dissatisfied')
      UNION ALL
      -- 重复信访率 and intake: every submission on the day received
      SELECT c.id, 'repeat', ${instDay(sql`c.received_at`)}, c.ru, c.category_id, CASE WHEN c.related_case_id IS NOT NULL THEN 1 ELSE 0 END, 1, 0, 0, 0, c.received_at
      FROM c
      UNION ALL
      SELECT c.id, 'intake.' || c.channel, ${instDay(sql`c.received_at`)}, c.ru, c.category_id, 0, 1, 0, 0, 0, c.received_at
      FROM c
      UNION ALL
      -- 退单率: lead dispatches of every channel, on the day of dispatch; returned = an objection by that unit
      SELECT c.id, 'return', ${instDay(sql`cu.assigned_at`)}, cu.unit_id, c.category_id,
        CASE WHEN EXISTS (SELECT 1 FROM case_requests r WHERE r.case_id = cu.case_id AND r.unit_id = cu.unit_id AND r.type = 'objection' AND r.status <> 'withdrawn')
          THEN 1 ELSE 0 END, 1, 0, 0, 0, cu.assigned_at
      FROM case_units cu JOIN c ON c.id = cu.case_id
      WHERE cu.role = 'lead'
      UNION ALL
      -- 结案率: the cohort received on the day, closed now
      SELECT c.id, 'closure', ${instDay(sql`c.received_at`)}, c.ru, c.category_id, CASE WHEN c.closed_at IS NOT NULL THEN 1 ELSE 0 END, 1, 0, 0, 0, c.received_at
      FROM c WHERE c.status NOT IN ('linked', 'merged')
    )
    SELECT 'case' AS source, source_id::text AS source_id, metric, day::text AS day, unit_id::text AS unit_id, category_id::text AS category_id,
      num::int AS num, den::int AS den, p1::int AS p1, p2::int AS p2, p3::int AS p3, settles_at
    FROM f`;
}

/** The facts of return visits: 解决率 (completed visits, by answer) and 回访率 (tasks opened, completed or not). */
export function visitFactsSql(ids: readonly string[] | null): RawBuilder<Fact> {
  return sql<Fact>`
    WITH f AS (
      SELECT t.id AS source_id, 'resolution' AS metric, ${instDay(sql`t.closed_at`)} AS day, COALESCE(t.unit_id, t.office_unit_id) AS unit_id, t.category_id,
        0 AS num, 1 AS den,
        CASE WHEN t.solved = 'solved' THEN 1 ELSE 0 END AS p1,
        CASE WHEN t.solved = 'partly_solved' THEN 1 ELSE 0 END AS p2,
        CASE WHEN t.solved = 'unsolved' THEN 1 ELSE 0 END AS p3, t.closed_at AS settles_at
      FROM return_visits t
      WHERE ${idFilter(sql`t.id`, ids)} AND t.status = 'done' AND t.closed_at IS NOT NULL AND t.solved IN ('solved', 'partly_solved', 'unsolved')
      UNION ALL
      SELECT t.id, 'return_visit', ${instDay(sql`t.created_at`)}, t.office_unit_id, t.category_id, CASE WHEN t.status = 'done' THEN 1 ELSE 0 END, 1, 0, 0, 0, t.created_at
      FROM return_visits t
      WHERE ${idFilter(sql`t.id`, ids)} AND t.status <> 'cancelled'
    )
    SELECT 'return_visit' AS source, source_id::text AS source_id, metric, day::text AS day, unit_id::text AS unit_id, category_id::text AS category_id,
      num::int AS num, den::int AS den, p1::int AS p1, p2::int AS p2, p3::int AS p3, settles_at
    FROM f`;
}

/** The facts of disputes: 调解成功率 on the day mediation concluded; category = that of the case it came from. */
export function disputeFactsSql(ids: readonly string[] | null): RawBuilder<Fact> {
  return sql<Fact>`
    SELECT 'dispute' AS source, t.id::text AS source_id, 'mediation_success' AS metric, ${instDay(sql`t.concluded_at`)}::text AS day,
      COALESCE(t.unit_id, t.office_unit_id)::text AS unit_id, cc.category_id::text AS category_id,
      (CASE WHEN t.outcome = 'agreement' THEN 1 ELSE 0 END)::int AS num, 1 AS den, 0 AS p1, 0 AS p2, 0 AS p3, t.concluded_at AS settles_at
    FROM disputes t LEFT JOIN cases cc ON cc.id = t.case_id
    WHERE ${idFilter(sql`t.id`, ids)} AND t.outcome IS NOT NULL AND t.concluded_at IS NOT NULL`;
}

/** The facts of hazards: 隐患销号率 on the day the first rectification deadline falls due. */
export function hazardFactsSql(ids: readonly string[] | null): RawBuilder<Fact> {
  return sql<Fact>`
    SELECT 'hazard' AS source, t.id::text AS source_id, 'hazard_closeout' AS metric, ${dueDay(sql`f.due_at`)}::text AS day,
      COALESCE(t.unit_id, t.office_unit_id)::text AS unit_id, cc.category_id::text AS category_id,
      (CASE WHEN t.status = 'closed' AND t.rectified_at <= f.due_at THEN 1 ELSE 0 END)::int AS num, 1 AS den, 0 AS p1, 0 AS p2, 0 AS p3, f.due_at AS settles_at
    FROM hazards t
    JOIN LATERAL (
      SELECT k.due_at FROM register_clocks k
      WHERE k.entity = 'hazard' AND k.entity_id = t.id AND k.rule_key = 'hazard_rectify'
      ORDER BY k.started_at, k.id LIMIT 1
    ) f ON true
    LEFT JOIN cases cc ON cc.id = t.case_id
    WHERE ${idFilter(sql`t.id`, ids)} AND t.status <> 'dismissed' AND f.due_at IS NOT NULL`;
}

export function factsSql(source: FactSource, ids: readonly string[] | null, s: FactSettings): RawBuilder<Fact> {
  switch (source) {
    case 'case':
      return caseFactsSql(ids, s);
    case 'return_visit':
      return visitFactsSql(ids);
    case 'dispute':
      return disputeFactsSql(ids);
    case 'hazard':
      return hazardFactsSql(ids);
  }
}

/** The table holding the records of a source, for the row lock that serialises two refreshes of one record. */
export const SOURCE_TABLE: Record<FactSource, 'cases' | 'return_visits' | 'disputes' | 'hazards'> = {
  case: 'cases',
  return_visit: 'return_visits',
  dispute: 'disputes',
  hazard: 'hazards',
};

export async function computeFacts(db: Db, source: FactSource, ids: readonly string[], s: FactSettings): Promise<Fact[]> {
  if (ids.length === 0) return [];
  const r = await factsSql(source, ids, s).execute(db);
  return r.rows.map(normalise);
}

export function normalise(r: Fact): Fact {
  return {
    source: r.source,
    source_id: String(r.source_id),
    metric: r.metric,
    day: String(r.day),
    unit_id: String(r.unit_id),
    category_id: r.category_id === null ? null : String(r.category_id),
    num: Number(r.num),
    den: Number(r.den),
    p1: Number(r.p1),
    p2: Number(r.p2),
    p3: Number(r.p3),
    settles_at: new Date(r.settles_at),
  };
}

export const factKey = (f: Fact) =>
  `${f.source_id}|${f.metric}|${f.day}|${f.unit_id}|${f.category_id ?? ''}|${f.num}|${f.den}|${f.p1}|${f.p2}|${f.p3}|${f.settles_at.getTime()}`;
