import { metricsQuery, metricsReport } from '../../analytics/report.js';
import { KNOWN_CATEGORY } from '../../core/input-rules.js';
import { defineRoute } from '../route.js';

defineRoute({
  method: 'GET',
  url: '/api/metrics',
  summary:
    'Every rate of docs/metrics.md (及时受理率 … 隐患销号率) with numerator, denominator and rate (null when the denominator is 0), the composite score, ' +
    'and the counts (intake by channel, category, area and unit; backlog, ageing and overdue at the period end) for a unit subtree in your scope ' +
    '× CST days [from, to] × optionally a category subtree. Roles analyst, supervisor, dispatcher, unit_head; a unit outside your scope answers 404',
  tags: ['analytics'],
  rules: [KNOWN_CATEGORY],
  auth: 'staff',
  query: metricsQuery,
  async handler({ req, actor, lang, meta }) {
    return metricsReport(req.server.ctx.deps, { actor, lang, meta, query: req.query });
  },
});
