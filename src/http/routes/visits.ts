import { z } from 'zod';
import { createInput, createVisitByHand } from '../../visits/create.js';
import { VISIT_HANDLERS } from '../../visits/handlers.js';
import { performVisitAction } from '../../visits/perform.js';
import { KNOWN_CATEGORY } from '../../core/input-rules.js';
import { listPolicies, policyInput, policyQuery, putPolicy } from '../../visits/policy.js';
import { listQuery, listVisits, visitBoard, visitView } from '../../visits/read.js';
import { LABELS } from '../../visits/tables.js';
import { VISIT_WORKFLOW } from '../../visits/workflow.js';
import { defineActionRoutes } from '../register-routes.js';
import { defineRoute } from '../route.js';

const BASE = '/api/visits';
const idParams = z.object({ id: z.string() });

defineRoute({
  method: 'GET',
  url: BASE,
  summary: '回访 tasks in the actor’s scope (the registering office’s or the responsible unit’s); open ones first, by deadline',
  tags: ['visits'],
  auth: 'staff',
  query: listQuery,
  async handler({ req, actor, lang }) {
    return listVisits(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'POST',
  url: BASE,
  summary: '派发回访任务 by hand (return_visit or dispatcher of the registering office): a case with its reply issued or its handling deadline passed; one open task per case',
  tags: ['visits'],
  auth: 'staff',
  rawBody: 'application/json',
  docBody: createInput,
  async handler({ req, reply, actor, lang, meta }) {
    const r = await createVisitByHand(req.server.ctx.deps, { actor, lang, meta, input: req.body });
    reply.status(201);
    return visitView(req.server.ctx.deps, actor, meta, r.id);
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/board`,
  summary: 'Open return-visit tasks by responsible unit × state (due / overdue / retry)',
  tags: ['visits'],
  auth: 'staff',
  async handler({ req, actor }) {
    return visitBoard(req.server.ctx.deps, actor);
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/policies`,
  summary: 'The return-visit policy of an office (role admin): its default row and its rows per category, and the built-in default',
  tags: ['visits'],
  auth: 'staff',
  query: policyQuery,
  async handler({ req, actor, lang }) {
    return listPolicies(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'PUT',
  url: `${BASE}/policies`,
  summary: 'Set one row of an office’s return-visit policy (role admin, audited): trigger, urgent, the three 100% rules, sampling rate, attempts, what an unsolved answer does',
  tags: ['visits'],
  rules: [KNOWN_CATEGORY],
  auth: 'staff',
  body: policyInput,
  async handler({ req, actor, meta, lang }) {
    return putPolicy(req.server.ctx.deps, actor, meta, req.body, lang);
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/:id`,
  summary: 'One return-visit task: the case, the masked contact, every attempt, the outcome, allowedActions, clock, timeline',
  tags: ['visits'],
  auth: 'staff',
  params: idParams,
  async handler({ req, actor, params, meta }) {
    return visitView(req.server.ctx.deps, actor, meta, params.id);
  },
});

defineActionRoutes({
  base: BASE,
  tag: 'visits',
  workflow: VISIT_WORKFLOW,
  handlers: VISIT_HANDLERS,
  perform: performVisitAction,
  view: (deps, actor, id) => visitView(deps, actor, {}, id),
  valueLabels: { ...LABELS.channel, ...LABELS.solved, ...LABELS.satisfied, ...LABELS.reason, ...LABELS.trigger, ...LABELS.onUnsolved, ...LABELS.followUp },
});
