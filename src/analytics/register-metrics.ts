/**
 * The computations of the metrics that read the registers: return visits (解决率, 回访率), disputes (调解成功率) and
 * hazards (隐患销号率), from their queryable columns and register_clocks. Words and reasons: metrics.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { caseInCategory, during, fellDue, inCategory, inUnit, ratio, type MetricQuery, type MetricValue } from './query.js';

/** 解决率: return visits completed (citizen reached) in the period; 部分解决 weighted (configurable). */
export async function resolution(db: Kysely<DB>, q: MetricQuery): Promise<MetricValue> {
  const r = await sql<{ solved: number; partly: number; unsolved: number }>`
    SELECT count(*) FILTER (WHERE t.solved = 'solved')::int AS solved,
      count(*) FILTER (WHERE t.solved = 'partly_solved')::int AS partly,
      count(*) FILTER (WHERE t.solved = 'unsolved')::int AS unsolved
    FROM return_visits t
    ${inUnit(q, sql`COALESCE(t.unit_id, t.office_unit_id)`)}
    WHERE t.status = 'done' AND ${during(q, sql`t.closed_at`)} AND ${inCategory(q, sql`t.category_id`)}`.execute(db);
  const { solved = 0, partly = 0, unsolved = 0 } = r.rows[0] ?? {};
  return {
    numerator: solved + q.settings.partlySolvedWeight * partly,
    denominator: solved + partly + unsolved,
    parts: { solved, partly_solved: partly, unsolved },
  };
}

/** 回访率: return-visit tasks opened in the period and not cancelled; completed = the citizen was reached. */
export function returnVisitRate(db: Kysely<DB>, q: MetricQuery): Promise<MetricValue> {
  return ratio(
    db,
    sql`SELECT count(*) FILTER (WHERE t.status = 'done')::int AS num, count(*)::int AS den
      FROM return_visits t
      ${inUnit(q, sql`t.office_unit_id`)}
      WHERE t.status <> 'cancelled' AND ${during(q, sql`t.created_at`)} AND ${inCategory(q, sql`t.category_id`)}`,
  );
}

/** 调解成功率: disputes whose mediation concluded in the period (agreement, no agreement, referred); success = agreement. */
export function mediationSuccess(db: Kysely<DB>, q: MetricQuery): Promise<MetricValue> {
  return ratio(
    db,
    sql`SELECT count(*) FILTER (WHERE t.outcome = 'agreement')::int AS num, count(*)::int AS den
      FROM disputes t
      ${inUnit(q, sql`COALESCE(t.unit_id, t.office_unit_id)`)}
      WHERE t.outcome IS NOT NULL AND ${during(q, sql`t.concluded_at`)} AND ${caseInCategory(q, sql`t.case_id`)}`,
  );
}

/**
 * 隐患销号率: hazards (not dismissed) whose first rectification deadline fell in the period; closed out on time =
 * closed out (销号) with the rectification that passed the on-site check reported by that deadline.
 */
export function hazardCloseout(db: Kysely<DB>, q: MetricQuery): Promise<MetricValue> {
  return ratio(
    db,
    sql`SELECT count(*) FILTER (WHERE t.status = 'closed' AND t.rectified_at <= f.due_at)::int AS num, count(*)::int AS den
      FROM hazards t
      JOIN LATERAL (
        SELECT k.due_at FROM register_clocks k
        WHERE k.entity = 'hazard' AND k.entity_id = t.id AND k.rule_key = 'hazard_rectify'
        ORDER BY k.started_at, k.id LIMIT 1
      ) f ON true
      ${inUnit(q, sql`COALESCE(t.unit_id, t.office_unit_id)`)}
      WHERE t.status <> 'dismissed' AND ${fellDue(q, sql`f.due_at`)} AND ${caseInCategory(q, sql`t.case_id`)}`,
  );
}
