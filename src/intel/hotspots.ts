import type { Deps } from '../workflow/deps.js';
import { findHotspots } from '../text/hotspots.js';
import { caseTokens } from './models.js';

/**
 * "每月一题" (北京市接诉即办工作条例 第二十四条): clusters the cases of the last period into topics with key phrases,
 * size, growth against the period before, places and units, and stores the run for dashboards.
 */
export async function refreshHotspots(deps: Deps, opts: { periodDays?: number; maxTopics?: number } = {}) {
  const days = opts.periodDays ?? 30;
  const end = new Date(deps.now().getTime() + 1); // include what arrived this very moment
  const start = new Date(end.getTime() - days * 86_400_000);
  const previousStart = new Date(start.getTime() - days * 86_400_000);
  const rows = await deps.db
    .selectFrom('cases')
    .select(['id', 'title', 'content', 'location', 'lead_unit_id', 'received_at'])
    .where('received_at', '>=', previousStart)
    .where('received_at', '<', end)
    .where('status', 'not in', ['merged'])
    .limit(100_000)
    .execute();
  const topics = findHotspots(
    rows.map((r) => ({
      id: r.id,
      tokens: caseTokens(r.title, r.content),
      createdAt: r.received_at,
      place: r.location ?? undefined,
      unitId: r.lead_unit_id ?? undefined,
    })),
    { periodStart: start, periodEnd: end, previousPeriodStart: previousStart, maxTopics: opts.maxTopics ?? 20 },
  );
  await deps.db
    .insertInto('hotspot_runs')
    .values({ period_start: start, period_end: end, topics: JSON.stringify(topics) })
    .execute();
  return { periodStart: start, periodEnd: end, topics };
}

export async function latestHotspots(deps: Deps) {
  const run = await deps.db.selectFrom('hotspot_runs').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  return run ? { computedAt: run.computed_at, periodStart: run.period_start, periodEnd: run.period_end, topics: run.topics } : null;
}
