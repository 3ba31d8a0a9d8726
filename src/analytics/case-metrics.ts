/**
 * The computations of the case metrics, straight from cases, case_units, case_clocks, case_events and case_requests.
 * Each returns {numerator, denominator}; the words for each (what is counted, when, for which unit, and why) are in
 * the registry (metrics.ts) and in docs/metrics.md. Every query attributes a row to ONE unit column, so that counts
 * of sibling units add up to their parent's and a per-day rollup can be summed.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { during, fellDue, inCategory, inUnit, ratio, type MetricQuery, type MetricValue } from './query.js';

/** The written answers a citizen can evaluate: the reply (处理意见书), the review and the re-review decisions. */
export const ANSWER_EVENTS = ['approve_reply', 'decide_review', 'decide_rereview'] as const;
const answers = sql.join(ANSWER_EVENTS.map((t) => sql.lit(t)));

/** The unit responsible for a case now: its lead unit once dispatched, the registering unit before. */
export const responsibleUnit = sql`COALESCE(c.lead_unit_id, c.intake_unit_id)`;

/** 及时受理率: accept_notice clocks that fell due in the period; met by a decision (accept / decline / guide) by then. */
export function timelyAcceptance(db: Kysely<DB>, q: MetricQuery): Promise<MetricValue> {
  return ratio(
    db,
    sql`SELECT count(*) FILTER (WHERE k.status = 'met' AND k.stopped_at <= k.due_at)::int AS num, count(*)::int AS den
      FROM case_clocks k
      JOIN cases c ON c.id = k.case_id
      ${inUnit(q, sql`COALESCE(k.unit_id, ${responsibleUnit})`)}
      WHERE k.rule_key = 'accept_notice' AND ${fellDue(q, sql`k.due_at`)} AND ${inCategory(q, sql`c.category_id`)}
        -- ended before it fell due without a decision: the case went to another unit (退单 upheld), the duty with it
        AND NOT (k.status = 'stopped' AND k.stopped_at <= k.due_at)`,
  );
}

/**
 * 按期办结率: each handle clock is counted once, on the day its outcome became certain — the day it was met when met
 * on time (the reply issued, or the matter guided into a statutory procedure, by the deadline with any approved
 * extension), else the day its deadline passed (replied late, or not yet replied).
 */
export function onTimeCompletion(db: Kysely<DB>, q: MetricQuery): Promise<MetricValue> {
  return ratio(
    db,
    sql`WITH k AS (
        SELECT k.status = 'met' AND (k.due_at IS NULL OR k.stopped_at <= k.due_at) AS on_time,
          k.status = 'stopped' AND (k.due_at IS NULL OR k.stopped_at <= k.due_at) AS void,
          k.stopped_at, k.due_at
        FROM case_clocks k
        JOIN cases c ON c.id = k.case_id
        ${inUnit(q, sql`COALESCE(k.unit_id, ${responsibleUnit})`)}
        WHERE k.rule_key = 'handle' AND ${inCategory(q, sql`c.category_id`)}
          AND (${during(q, sql`k.stopped_at`)} OR ${fellDue(q, sql`k.due_at`)})
      )
      SELECT count(*) FILTER (WHERE on_time AND ${during(q, sql`stopped_at`)})::int AS num,
        count(*) FILTER (WHERE (on_time AND ${during(q, sql`stopped_at`)}) OR (NOT on_time AND NOT void AND ${fellDue(q, sql`due_at`)}))::int AS den
      FROM k`,
  );
}

/**
 * 响应率: lead dispatches of hotline work orders made in the period, signed for within the configured hours.
 * A dispatch still inside its window and not yet signed is not counted until one or the other is settled.
 */
export function response(db: Kysely<DB>, q: MetricQuery): Promise<MetricValue> {
  const window = sql`make_interval(hours => ${q.settings.responseHours}::int)`;
  return ratio(
    db,
    sql`SELECT count(*) FILTER (WHERE responded)::int AS num, count(*)::int AS den FROM (
        SELECT cu.signed_at IS NOT NULL AND cu.signed_at <= cu.assigned_at + ${window} AS responded, cu.assigned_at
        FROM case_units cu
        JOIN cases c ON c.id = cu.case_id
        ${inUnit(q, sql`cu.unit_id`)}
        WHERE cu.role = 'lead' AND c.channel = 'hotline' AND ${during(q, sql`cu.assigned_at`)} AND ${inCategory(q, sql`c.category_id`)}
      ) d
      WHERE responded OR d.assigned_at + ${window} <= ${q.now}`,
  );
}

/** 参评率: written answers issued in the period that the citizen evaluated (before the next answer of the case). */
export function participation(db: Kysely<DB>, q: MetricQuery): Promise<MetricValue> {
  return ratio(
    db,
    sql`WITH a AS (
        SELECT EXISTS (
          SELECT 1 FROM case_events v
          WHERE v.case_id = e.case_id AND v.type = 'evaluate' AND (v.at, v.id) > (e.at, e.id)
            AND NOT EXISTS (SELECT 1 FROM case_events n WHERE n.case_id = e.case_id AND n.type IN (${answers})
              AND (n.at, n.id) > (e.at, e.id) AND (n.at, n.id) < (v.at, v.id))
        ) AS evaluated
        FROM case_events e
        JOIN cases c ON c.id = e.case_id
        ${inUnit(q, sql`COALESCE(e.actor_unit_id, ${responsibleUnit})`)}
        WHERE e.type IN (${answers}) AND ${during(q, sql`e.at`)} AND ${inCategory(q, sql`c.category_id`)}
      )
      SELECT count(*) FILTER (WHERE evaluated)::int AS num, count(*)::int AS den FROM a`,
  );
}

/** 满意率: evaluations made in the period, weighted by rating; each is attributed to the unit that gave the answer. */
export async function satisfaction(db: Kysely<DB>, q: MetricQuery): Promise<MetricValue> {
  const r = await sql<{ s: number; b: number; d: number }>`
    SELECT count(*) FILTER (WHERE x.rating = 'satisfied')::int AS s,
      count(*) FILTER (WHERE x.rating = 'basically_satisfied')::int AS b,
      count(*) FILTER (WHERE x.rating = 'dissatisfied')::int AS d
    FROM (
      SELECT v.data->>'rating' AS rating, COALESCE(
          (SELECT a.actor_unit_id FROM case_events a WHERE a.case_id = v.case_id AND a.type IN (${answers}) AND (a.at, a.id) < (v.at, v.id)
            ORDER BY a.at DESC, a.id DESC LIMIT 1),
          ${responsibleUnit}) AS unit_id
      FROM case_events v
      JOIN cases c ON c.id = v.case_id
      WHERE v.type = 'evaluate' AND ${during(q, sql`v.at`)} AND ${inCategory(q, sql`c.category_id`)}
    ) x
    ${inUnit(q, sql`x.unit_id`)}`.execute(db);
  const { s = 0, b = 0, d = 0 } = r.rows[0] ?? {};
  const w = q.settings;
  return {
    numerator: w.satisfiedWeight * s + w.basicallySatisfiedWeight * b,
    denominator: s + b + d,
    parts: { satisfied: s, basically_satisfied: b, dissatisfied: d },
  };
}

/** 重复信访率: submissions received in the period; repeats are those tied to an earlier matter (related_case_id). */
export function repeatRate(db: Kysely<DB>, q: MetricQuery): Promise<MetricValue> {
  return ratio(
    db,
    sql`SELECT count(*) FILTER (WHERE c.related_case_id IS NOT NULL)::int AS num, count(*)::int AS den
      FROM cases c
      ${inUnit(q, responsibleUnit)}
      WHERE ${during(q, sql`c.received_at`)} AND ${inCategory(q, sql`c.category_id`)}`,
  );
}

/** 退单率: lead dispatches made in the period that the unit objected to (退单 / 派单异议), upheld or not. */
export function returnRate(db: Kysely<DB>, q: MetricQuery): Promise<MetricValue> {
  return ratio(
    db,
    sql`SELECT count(*) FILTER (WHERE EXISTS (
          SELECT 1 FROM case_requests r WHERE r.case_id = cu.case_id AND r.unit_id = cu.unit_id AND r.type = 'objection' AND r.status <> 'withdrawn'
        ))::int AS num, count(*)::int AS den
      FROM case_units cu
      JOIN cases c ON c.id = cu.case_id
      ${inUnit(q, sql`cu.unit_id`)}
      WHERE cu.role = 'lead' AND ${during(q, sql`cu.assigned_at`)} AND ${inCategory(q, sql`c.category_id`)}`,
  );
}

/** 结案率: cases received in the period (not linked or merged into another) that are closed now. */
export function closureRate(db: Kysely<DB>, q: MetricQuery): Promise<MetricValue> {
  return ratio(
    db,
    sql`SELECT count(*) FILTER (WHERE c.closed_at IS NOT NULL AND c.closed_at <= ${q.now})::int AS num, count(*)::int AS den
      FROM cases c
      ${inUnit(q, responsibleUnit)}
      WHERE ${during(q, sql`c.received_at`)} AND c.status NOT IN ('linked', 'merged') AND ${inCategory(q, sql`c.category_id`)}`,
  );
}
