import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { requireRole } from '../../org/actor.js';
import { getUnit } from '../../org/units.js';
import { getCaseView, caseEvents } from '../../cases/case-view.js';
import { caseStats, listCases } from '../../cases/list-cases.js';
import { performAction } from '../../cases/perform-action.js';
import { readParties } from '../../cases/petitioner-access.js';
import { REGISTRATION_RULES, registerCase, registerInput } from '../../cases/register-case.js';
import { ACTION_HANDLERS } from '../../cases/actions/index.js';
import { loadCaseFor } from '../../cases/scope.js';
import { TRANSITIONS } from '../../cases/lifecycle.js';
import { defineRoute } from '../route.js';

const caseParams = z.object({ id: z.string() });

defineRoute({
  method: 'POST',
  url: '/api/cases',
  summary: 'Register a matter received by any channel (第十九条); returns registration number, tracking code and secret',
  tags: ['cases'],
  rules: REGISTRATION_RULES,
  auth: 'staff',
  rawBody: 'application/json',
  docBody: registerInput,
  async handler({ req, reply, actor, lang, meta }) {
    requireRole(actor, 'intake', 'dispatcher');
    const deps = req.server.ctx.deps;
    const requested = (req.body as { intakeUnitId?: unknown } | undefined)?.intakeUnitId;
    let intakeUnitId = actor.unitId;
    if (requested !== undefined) {
      const u = await getUnit(deps.db, String(requested));
      if (!u || !u.path.startsWith(actor.scopePath)) throw new AppError('INVALID_TARGET_UNIT', { reason: 'intake unit not in your scope' });
      intakeUnitId = u.id;
    }
    const result = await registerCase(deps, { actor, meta, lang, input: req.body, intakeUnitId });
    reply.status(201);
    return result;
  },
});

defineRoute({
  method: 'GET',
  url: '/api/cases',
  summary: 'Cases in the actor’s scope: filters, paging, time left on the nearest deadline',
  tags: ['cases'],
  auth: 'staff',
  async handler({ req, actor, lang, meta }) {
    return listCases(req.server.ctx.deps, { actor, lang, meta, query: req.query });
  },
});

defineRoute({
  method: 'GET',
  url: '/api/cases/stats',
  summary: 'Counters under the same filters as the list: by status, overdue, due within 24 h; with mine=true also `queue`, the actions that queue waits for (docs/lifecycle.md)',
  tags: ['cases'],
  auth: 'staff',
  async handler({ req, actor, lang, meta }) {
    return caseStats(req.server.ctx.deps, { actor, lang, meta, query: req.query });
  },
});

defineRoute({
  method: 'GET',
  url: '/api/cases/:id',
  summary: 'One case with units, clocks, masked parties, requests, timeline and the actions the actor may take now',
  tags: ['cases'],
  auth: 'staff',
  params: caseParams,
  handler: async ({ req, actor, params, lang, meta }) => getCaseView(req.server.ctx.deps, actor, meta, params.id, lang),
});

defineRoute({
  method: 'GET',
  url: '/api/cases/:id/events',
  summary: 'The case timeline',
  tags: ['cases'],
  auth: 'staff',
  params: caseParams,
  async handler({ req, actor, params }) {
    const c = await loadCaseFor(req.server.ctx.deps.db, actor, params.id);
    return { items: await caseEvents(req.server.ctx.deps, c.id, { publicOnly: false }) };
  },
});

defineRoute({
  method: 'GET',
  url: '/api/cases/:id/parties',
  summary: 'Petitioners of a case: masked, or unmasked with reveal=true for roles that need it (audited)',
  tags: ['cases'],
  auth: 'staff',
  params: caseParams,
  query: z.object({ reveal: z.enum(['true', 'false']).default('false') }),
  async handler({ req, actor, params, query, meta }) {
    const deps = req.server.ctx.deps;
    const c = await loadCaseFor(deps.db, actor, params.id);
    return { items: await readParties(deps, actor, meta, c, { reveal: query.reveal === 'true' }) };
  },
});

for (const t of TRANSITIONS) {
  if (t.from.length === 0) continue;
  defineRoute({
    method: 'POST',
    url: `/api/cases/:id/actions/${t.action}`,
    summary: `${t.label.zh} / ${t.label.en}: ${t.from.join('|')} → ${t.to}${t.basis ? ` (${t.basis})` : ''}`,
    ...(t.note ? { description: t.note } : {}),
    tags: ['case actions'],
    auth: 'staff',
    params: caseParams,
    rawBody: 'application/json',
    docBody: ACTION_HANDLERS[t.action]?.input,
    rules: ACTION_HANDLERS[t.action]?.rules,
    async handler({ req, actor, params, lang, meta }) {
      const deps = req.server.ctx.deps;
      await performAction(deps, { actor, meta, lang, caseId: params.id, action: t.action, input: req.body ?? {} });
      return getCaseView(deps, actor, meta, params.id, lang);
    },
    replay: ({ req, actor, params, lang, meta }) => getCaseView(req.server.ctx.deps, actor, meta, params.id, lang),
  });
}
