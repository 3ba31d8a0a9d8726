import { breakdownQuery, dashboardBreakdown, dashboardMap, dashboardOverview, mapQuery, overviewQuery } from '../../analytics/dashboard.js';
import { BOUNDARIES, putBoundaries, putBoundariesQuery, readBoundaries, GEO_MAX_BYTES } from '../../analytics/geo.js';
import { dashboardRankings, MONTH_BEGUN, rankingsQuery } from '../../analytics/rankings.js';
import { KNOWN_CATEGORY } from '../../core/input-rules.js';
import { defineRoute } from '../route.js';
import { cachedAnswer } from '../../analytics/answer-cache.js';
import { METRIC_ROLES } from '../../analytics/report.js';
import { requireRole } from '../../org/actor.js';

const WHO = 'Roles analyst, supervisor, dispatcher, unit_head; a unit outside your scope answers 404; numbers and unit and category names only, never a case or a person';

defineRoute({
  method: 'GET',
  url: '/api/dashboard/overview',
  summary:
    'Dashboard overview of a unit subtree × CST days [from, to] (× a category subtree): every rate of docs/metrics.md with numerator and denominator, ' +
    'the composite score and the intake, for the period (current), the period of the same length just before it (previous, 环比), the same dates a year ' +
    'earlier (lastYear, 同比; 29 Feb → 28 Feb) and the 12 calendar months ending with the month of to (trend, oldest first, the last cut at to); ' +
    `plus the counts of GET /api/metrics for the period. ${WHO}`,
  tags: ['analytics'],
  rules: [KNOWN_CATEGORY],
  auth: 'staff',
  query: overviewQuery,
  async handler({ req, actor, lang, meta }) {
    requireRole(actor, ...METRIC_ROLES);
    const deps = req.server.ctx.deps;
    return cachedAnswer(deps, ['overview', actor.scopePath, lang, req.query], () => dashboardOverview(deps, { actor, lang, meta, query: req.query }));
  },
});

defineRoute({
  method: 'GET',
  url: '/api/dashboard/breakdown',
  summary:
    'Drill-down: by=unit (default) one row per child unit of unitId (default your scope unit) with its intake and every rate, plus one row own:true for ' +
    'what is attributed to the unit itself, when it has any (children + own add up to the unit); by=category one row per child category of categoryId ' +
    `(default the top-level categories). Rows by intake, most first, then name. ${WHO}`,
  tags: ['analytics'],
  rules: [KNOWN_CATEGORY],
  auth: 'staff',
  query: breakdownQuery,
  async handler({ req, actor, lang, meta }) {
    requireRole(actor, ...METRIC_ROLES);
    const deps = req.server.ctx.deps;
    return cachedAnswer(deps, ['breakdown', actor.scopePath, lang, req.query], () => dashboardBreakdown(deps, { actor, lang, meta, query: req.query }));
  },
});

defineRoute({
  method: 'GET',
  url: '/api/dashboard/rankings',
  summary:
    'Ranks units (never people) for a calendar month by the composite score (0–100) or one rate (0–1; repeat and return: lowest first): the direct ' +
    'children of unitId, or the districts / streets / departments in its subtree. A unit whose denominator is below minCount (default ' +
    'MINSHENG_METRIC_RANKING_MIN_COUNT, 10; for the composite the smallest denominator of response, resolution, satisfaction) is listed in unranked ' +
    `(below_min_count), one without any in unranked (no_data). Ties: larger denominator first, then name. ${WHO}`,
  tags: ['analytics'],
  rules: [MONTH_BEGUN],
  auth: 'staff',
  query: rankingsQuery,
  async handler({ req, actor, lang, meta }) {
    requireRole(actor, ...METRIC_ROLES);
    const deps = req.server.ctx.deps;
    return cachedAnswer(deps, ['rankings', actor.scopePath, lang, req.query], () => dashboardRankings(deps, { actor, lang, meta, query: req.query }));
  },
});

defineRoute({
  method: 'GET',
  url: '/api/dashboard/map',
  summary:
    'Counts per area for the map: the districts or streets (level) inside unitId, each with cases received in the period (intake, by responsible ' +
    'unit), deadline clocks running and overdue at the period end, hazards registered in the period (not dismissed; by the responsible unit, the ' +
    `registering office until assigned) and major hazards. Outlines: GET /api/geo/boundaries, joined by unit code. ${WHO}`,
  tags: ['analytics'],
  auth: 'staff',
  query: mapQuery,
  async handler({ req, actor, lang, meta }) {
    requireRole(actor, ...METRIC_ROLES);
    const deps = req.server.ctx.deps;
    return cachedAnswer(deps, ['map', actor.scopePath, lang, req.query], () => dashboardMap(deps, { actor, lang, meta, query: req.query }));
  },
});

defineRoute({
  method: 'GET',
  url: '/api/geo/boundaries',
  summary:
    'The office’s area boundaries as GeoJSON (application/geo+json): a FeatureCollection of Polygon / MultiPolygon features, properties ' +
    '{code: units.code, name, level}. The file of the nearest unit at or above your scope; below that unit only the areas in your scope. ' +
    '404 NOT_FOUND when the office has none. Roles analyst, supervisor, dispatcher, unit_head, admin',
  tags: ['analytics'],
  auth: 'staff',
  async handler({ req, reply, actor, lang, meta }) {
    const data = await readBoundaries(req.server.ctx.deps, { actor, lang, meta });
    reply.type('application/geo+json; charset=utf-8');
    return reply.send(data);
  },
});

defineRoute({
  method: 'PUT',
  url: '/api/admin/geo/boundaries',
  summary:
    'Replace the area boundaries (admin) of your scope unit or unitId inside it: a GeoJSON FeatureCollection (sent as application/json) of Polygon / ' +
    'MultiPolygon features, [lng, lat] WGS-84, closed rings, each with a unique properties.code naming the area unit (units.code); name and level ' +
    `are filled from that unit when missing. 400 naming the field otherwise; 413 above ${GEO_MAX_BYTES} bytes. Answers the number of features, the ` +
    'bytes stored and the codes that match no unit',
  tags: ['admin'],
  rules: [BOUNDARIES],
  auth: 'staff',
  query: putBoundariesQuery,
  rawBody: 'application/json',
  async handler({ req, actor, lang, meta }) {
    return putBoundaries(req.server.ctx.deps, { actor, lang, meta, query: req.query, body: req.body });
  },
});
