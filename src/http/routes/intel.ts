import { z } from 'zod';
import { writeAudit } from '../../audit/audit.js';
import { loadCaseFor } from '../../cases/scope.js';
import { requireRole } from '../../org/actor.js';
import { findDuplicates } from '../../intel/find-duplicates.js';
import { hotspotTopicReport, refreshHotspots, visibleHotspots } from '../../intel/hotspots.js';
import { suggestRouting, trainModels } from '../../intel/models.js';
import { matchRoutingRules } from '../../intel/routing-rules.js';
import { addUserWords } from '../../text/tokenize.js';
import { defineRoute } from '../route.js';

const suggestInput = z.object({
  title: z.string().trim().max(200).default(''),
  content: z.string().trim().min(2).max(20000),
  location: z.string().trim().max(500).optional(),
  phone: z.string().trim().max(20).optional(),
  categoryId: z.string().regex(/^\d{1,18}$/).optional(),
});

defineRoute({
  method: 'POST',
  url: '/api/intake/suggest',
  summary: 'While a matter is typed: routing rules that match (派单规则), top-3 categories and responsible units (with the words that drove them) and likely duplicates',
  tags: ['intelligence'],
  auth: 'staff',
  body: suggestInput,
  async handler({ req, actor, body, lang }) {
    const deps = req.server.ctx.deps;
    const [routing, duplicates, rules] = await Promise.all([
      suggestRouting(deps, body, lang),
      findDuplicates(deps, actor, { title: body.title, content: body.content, location: body.location, phone: body.phone }),
      matchRoutingRules(deps.db, actor, body, lang),
    ]);
    return { ...routing, rules: rules.map(({ priority: _p, ...r }) => r), duplicates };
  },
});

defineRoute({
  method: 'GET',
  url: '/api/cases/:id/duplicates',
  summary: 'Earlier cases in scope that are probably about the same matter as this one',
  tags: ['intelligence'],
  auth: 'staff',
  params: z.object({ id: z.string() }),
  async handler({ req, actor, params }) {
    const deps = req.server.ctx.deps;
    const c = await loadCaseFor(deps.db, actor, params.id);
    const items = await findDuplicates(deps, actor, { title: c.title, content: c.content, location: c.location ?? undefined, excludeCaseId: c.id });
    return { items: items.filter((i) => new Date(i.receivedAt).getTime() <= c.received_at.getTime()) };
  },
});

defineRoute({
  method: 'GET',
  url: '/api/analytics/hotspots',
  summary: 'The latest hotspot topics ("每月一题"): label, size, growth, places, units, heat; case ids limited to the actor’s scope',
  tags: ['intelligence'],
  auth: 'staff',
  async handler({ req, actor }) {
    return visibleHotspots(req.server.ctx.deps, actor);
  },
});

defineRoute({
  method: 'GET',
  url: '/api/analytics/hotspots/:index',
  summary: 'One hotspot topic as a "每月一题" report: phrases, size, growth, places, units and its cases in the actor’s scope (no personal data)',
  tags: ['intelligence'],
  auth: 'staff',
  params: z.object({ index: z.coerce.number().int().min(0).max(1000) }),
  async handler({ req, actor, params }) {
    return hotspotTopicReport(req.server.ctx.deps, actor, params.index);
  },
});

defineRoute({
  method: 'POST',
  url: '/api/admin/hotspots/refresh',
  summary: 'Recompute hotspot topics now (a job also does it every hour)',
  tags: ['intelligence'],
  auth: 'staff',
  body: z.object({ periodDays: z.number().int().min(1).max(366).default(30) }),
  async handler({ req, actor, body }) {
    requireRole(actor, 'admin', 'analyst', 'supervisor');
    const r = await refreshHotspots(req.server.ctx.deps, { periodDays: body.periodDays });
    return { periodStart: r.periodStart, periodEnd: r.periodEnd, topics: r.topics.length };
  },
});

defineRoute({
  method: 'POST',
  url: '/api/admin/text-models/train',
  summary: 'Retrain the category and responsible-unit classifiers on settled cases (a job also does it nightly)',
  tags: ['intelligence'],
  auth: 'staff',
  async handler({ req, actor, meta }) {
    requireRole(actor, 'admin');
    const results = await trainModels(req.server.ctx.deps);
    await writeAudit(req.server.ctx.deps.db, actor, meta, { action: 'text_models.train', entityType: 'text_model', data: { results } });
    return { results };
  },
});

defineRoute({
  method: 'GET',
  url: '/api/admin/text-models',
  summary: 'Classifier versions with their training size, labels and metrics',
  tags: ['intelligence'],
  auth: 'staff',
  async handler({ req, actor }) {
    requireRole(actor, 'admin', 'analyst');
    const rows = await req.server.ctx.deps.db
      .selectFrom('text_models')
      .select(['id', 'target', 'version', 'trained_at', 'cases_used', 'labels', 'metrics', 'active'])
      .orderBy('target')
      .orderBy('version', 'desc')
      .execute();
    return { items: rows };
  },
});

defineRoute({
  method: 'GET',
  url: '/api/admin/dictionary',
  summary: 'Words the office added to the tokeniser (place names, 小区, roads)',
  tags: ['intelligence'],
  auth: 'staff',
  async handler({ req }) {
    return { items: await req.server.ctx.deps.db.selectFrom('text_dictionary').selectAll().orderBy('word').execute() };
  },
});

defineRoute({
  method: 'POST',
  url: '/api/admin/dictionary',
  summary: 'Add words so jieba keeps them whole; cases registered afterwards are indexed with them',
  tags: ['intelligence'],
  auth: 'staff',
  body: z.object({ words: z.array(z.string().trim().min(2).max(30)).min(1).max(1000), kind: z.enum(['place', 'community', 'road', 'unit', 'other']).default('place') }),
  async handler({ req, actor, body, meta }) {
    requireRole(actor, 'admin');
    const db = req.server.ctx.deps.db;
    await db
      .insertInto('text_dictionary')
      .values(body.words.map((word) => ({ word, kind: body.kind })))
      .onConflict((oc) => oc.column('word').doNothing())
      .execute();
    addUserWords(body.words);
    await writeAudit(db, actor, meta, { action: 'dictionary.add', entityType: 'dictionary', data: { count: body.words.length } });
    return { added: body.words.length };
  },
});
