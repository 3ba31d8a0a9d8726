import { z } from 'zod';
import { disputeFromPetition, disputeInput, FROM_PETITION_RULES, fromPetitionInput, registerDispute } from '../../mediation/create.js';
import { DISPUTE_HANDLERS } from '../../mediation/handlers.js';
import { performDisputeAction } from '../../mediation/perform.js';
import { disputeBoard, disputeParties, disputeStats, disputeView, listDisputes, listMediators, listQuery, mediatorsQuery, statsQuery } from '../../mediation/read.js';
import { DISPUTE_VALUE_LABELS } from '../../mediation/tables.js';
import { DISPUTE_WORKFLOW } from '../../mediation/workflow.js';
import { defineActionRoutes } from '../register-routes.js';
import { defineRoute } from '../route.js';

const BASE = '/api/disputes';
const idParams = z.object({ id: z.string() });

defineRoute({
  method: 'GET',
  url: BASE,
  summary: '矛盾纠纷 in the actor’s scope (the register’s unit or the mediation committee), newest first; no parties in the list',
  tags: ['mediation'],
  auth: 'staff',
  query: listQuery,
  async handler({ req, actor, lang }) {
    return listDisputes(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'POST',
  url: BASE,
  summary: '登记纠纷 (roles mediator, intake, dispatcher, handler): type, title, description, place, source, parties (applicant, respondent, others)',
  tags: ['mediation'],
  auth: 'staff',
  rawBody: 'application/json',
  docBody: disputeInput,
  async handler({ req, reply, actor, lang, meta }) {
    const r = await registerDispute(req.server.ctx.deps, { actor, lang, meta, input: req.body });
    reply.status(201);
    return r;
  },
});

defineRoute({
  method: 'POST',
  url: `${BASE}/from-petition`,
  summary: '信访事项转调解 (信访工作条例 第三十三条): an accepted appeal becomes a dispute, linked both ways; its petitioners are the applicants',
  tags: ['mediation'],
  auth: 'staff',
  rawBody: 'application/json',
  docBody: fromPetitionInput,
  rules: FROM_PETITION_RULES,
  async handler({ req, reply, actor, lang, meta }) {
    const r = await disputeFromPetition(req.server.ctx.deps, { actor, lang, meta, input: req.body });
    reply.status(201);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/board`,
  summary: 'Open disputes by type × status',
  tags: ['mediation'],
  auth: 'staff',
  async handler({ req, actor }) {
    return disputeBoard(req.server.ctx.deps, actor);
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/stats`,
  summary: '调解成功率 = agreements ÷ disputes concluded in the period (from, to: CST dates, inclusive); by type, committee and mediator, with denominators',
  tags: ['mediation'],
  auth: 'staff',
  query: statsQuery,
  async handler({ req, actor, lang }) {
    return disputeStats(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/mediators`,
  summary: 'Mediators (role mediator) in your scope, or under one committee (unitId): whom assign and reassign may name',
  tags: ['mediation'],
  auth: 'staff',
  query: mediatorsQuery,
  async handler({ req, actor, lang }) {
    return listMediators(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/:id`,
  summary: 'One dispute: facts, the linked petition, committee, mediator, masked parties, sessions, allowedActions, clocks, timeline',
  tags: ['mediation'],
  auth: 'staff',
  params: idParams,
  async handler({ req, actor, params }) {
    return disputeView(req.server.ctx.deps, actor, params.id);
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/:id/parties`,
  summary: 'Parties of a dispute: masked, or unmasked with reveal=true for roles that need it (audited)',
  tags: ['mediation'],
  auth: 'staff',
  params: idParams,
  query: z.object({ reveal: z.enum(['true', 'false']).default('false') }),
  async handler({ req, actor, params, query, meta }) {
    return disputeParties(req.server.ctx.deps, actor, meta, params.id, query.reveal === 'true');
  },
});

defineActionRoutes({
  base: BASE,
  tag: 'mediation',
  workflow: DISPUTE_WORKFLOW,
  handlers: DISPUTE_HANDLERS,
  perform: performDisputeAction,
  view: (deps, actor, id) => disputeView(deps, actor, id),
  valueLabels: DISPUTE_VALUE_LABELS,
});
