import { AppError } from '../core/errors.js';
import type { StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { scopeToActor } from '../cases/scope.js';
import { findHotspots, type HotspotTopic } from '../text/hotspots.js';
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

type StoredTopic = HotspotTopic;

/** The latest run's topics, each limited to the cases the actor may see (a topic with none left is dropped). */
export async function visibleHotspots(deps: Deps, actor: StaffActor) {
  const run = await latestHotspots(deps);
  if (!run) return { computedAt: null, periodStart: null, periodEnd: null, topics: [] as Array<StoredTopic & { index: number }> };
  const topics = run.topics as StoredTopic[];
  const all = [...new Set(topics.flatMap((t) => t.caseIds))];
  const visible = new Set(
    all.length ? (await scopeToActor(deps.db.selectFrom('cases'), actor).select('cases.id').where('cases.id', 'in', all).execute()).map((r) => r.id) : [],
  );
  return {
    ...run,
    topics: topics.map((t, index) => ({ ...t, index, caseIds: t.caseIds.filter((id) => visible.has(id)) })).filter((t) => t.caseIds.length > 0),
  };
}

/**
 * One topic as a "每月一题" report reads it: the topic's phrases, size and growth, where and which units, and its
 * cases the actor may see (registration number, title, status, the unit handling it, place, when received).
 * Matters only: no petitioner appears.
 */
export async function hotspotTopicReport(deps: Deps, actor: StaffActor, index: number) {
  const { computedAt, periodStart, periodEnd, topics } = await visibleHotspots(deps, actor);
  const topic = topics.find((t) => t.index === index);
  if (!topic) throw new AppError('NOT_FOUND');
  const cases = await deps.db
    .selectFrom('cases')
    .leftJoin('units', 'units.id', 'cases.lead_unit_id')
    .select(['cases.id', 'cases.reg_no', 'cases.title', 'cases.status', 'cases.location', 'cases.received_at', 'units.name as unit_name'])
    .where('cases.id', 'in', topic.caseIds)
    .orderBy('cases.received_at', 'desc')
    .execute();
  const unitIds = topic.units.map((u) => u.id);
  const units = unitIds.length ? await deps.db.selectFrom('units').select(['id', 'name', 'name_en']).where('id', 'in', unitIds).execute() : [];
  return {
    computedAt,
    periodStart,
    periodEnd,
    topic: {
      ...topic,
      units: topic.units.map((u) => ({ ...u, name: units.find((x) => String(x.id) === String(u.id))?.name ?? u.id, nameEn: units.find((x) => String(x.id) === String(u.id))?.name_en ?? null })),
    },
    cases: cases.map((c) => ({ id: c.id, regNo: c.reg_no, title: c.title, status: c.status, place: c.location, receivedAt: c.received_at, unitName: c.unit_name })),
  };
}
