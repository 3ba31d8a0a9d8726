import { z } from 'zod';
import { coordinationInput, openCoordination } from '../../coordination/create.js';
import { COORDINATION_HANDLERS } from '../../coordination/handlers.js';
import { performCoordinationAction } from '../../coordination/perform.js';
import { coordinationView, listCoordination, listQuery } from '../../coordination/read.js';
import { COORDINATION_KIND_LABELS } from '../../coordination/tables.js';
import { COORDINATION_WORKFLOW } from '../../coordination/workflow.js';
import { defineActionRoutes } from '../register-routes.js';
import { defineRoute } from '../route.js';

const BASE = '/api/coordination';

defineRoute({
  method: 'GET',
  url: BASE,
  summary: '信访工作联席会议协调事项 in the actor’s scope (the convening office or a unit involved), newest first, with the parts of decisions open and overdue',
  tags: ['coordination'],
  auth: 'staff',
  query: listQuery,
  async handler({ req, actor, lang }) {
    return listCoordination(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'POST',
  url: BASE,
  summary: '提请联席会议协调 (roles dispatcher, supervisor; convened by your unit): a hard case or a dispute over who accepts (第二十四条), from a case or standalone, with the units involved',
  tags: ['coordination'],
  auth: 'staff',
  rawBody: 'application/json',
  docBody: coordinationInput,
  async handler({ req, reply, actor, lang, meta }) {
    const r = await openCoordination(req.server.ctx.deps, { actor, lang, meta, input: req.body });
    reply.status(201);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/:id`,
  summary: 'One coordination item: units involved, the petition (number, title, status), meetings, decisions with each unit’s part and deadline, allowedActions, clocks, timeline',
  tags: ['coordination'],
  auth: 'staff',
  params: z.object({ id: z.string() }),
  async handler({ req, actor, params }) {
    return coordinationView(req.server.ctx.deps, actor, params.id);
  },
});

defineActionRoutes({
  base: BASE,
  tag: 'coordination',
  workflow: COORDINATION_WORKFLOW,
  handlers: COORDINATION_HANDLERS,
  perform: performCoordinationAction,
  view: (deps, actor, id) => coordinationView(deps, actor, id),
  valueLabels: { ...COORDINATION_KIND_LABELS },
});
