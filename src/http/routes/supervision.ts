import { z } from 'zod';
import { bulletinInput, createBulletin, getBulletin, listBulletins } from '../../supervision/bulletins.js';
import { openItemByHand, openItemInput } from '../../supervision/create.js';
import { SUPERVISION_HANDLERS } from '../../supervision/handlers.js';
import { performSupervisionAction } from '../../supervision/perform.js';
import { listQuery, listSupervision, supervisionBoard, supervisionView } from '../../supervision/read.js';
import { SUPERVISION_VALUE_LABELS, SUPERVISION_WORKFLOW } from '../../supervision/workflow.js';
import { defineActionRoutes } from '../register-routes.js';
import { defineRoute } from '../route.js';

const BASE = '/api/supervision';
const idParams = z.object({ id: z.string() });

defineRoute({
  method: 'GET',
  url: BASE,
  summary: '督查督办 items in the actor’s scope (the supervising office’s or the supervised unit’s), newest first',
  tags: ['supervision'],
  auth: 'staff',
  query: listQuery,
  async handler({ req, actor, lang }) {
    return listSupervision(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'POST',
  url: BASE,
  summary: '督办立项 by hand (role supervisor): a unit in your scope, optionally a case you can see',
  tags: ['supervision'],
  auth: 'staff',
  rawBody: 'application/json',
  docBody: openItemInput,
  async handler({ req, reply, actor, lang, meta }) {
    const r = await openItemByHand(req.server.ctx.deps, { actor, lang, meta, input: req.body });
    reply.status(201);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/board`,
  summary: 'Open supervision items by supervised unit × level (挂图督办)',
  tags: ['supervision'],
  auth: 'staff',
  async handler({ req, actor }) {
    return supervisionBoard(req.server.ctx.deps, actor);
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/bulletins`,
  summary: '通报 issued by an office in your scope or circulated to your unit',
  tags: ['supervision'],
  auth: 'staff',
  async handler({ req, actor }) {
    return listBulletins(req.server.ctx.deps, actor);
  },
});

defineRoute({
  method: 'POST',
  url: `${BASE}/bulletins`,
  summary: '通报 for a period (信访工作条例 第三十九条): per unit items opened, closed, overdue, escalated, accountability; the matters named (role supervisor)',
  tags: ['supervision'],
  auth: 'staff',
  rawBody: 'application/json',
  docBody: bulletinInput,
  async handler({ req, reply, actor, lang, meta }) {
    const r = await createBulletin(req.server.ctx.deps, { actor, lang, meta, input: req.body });
    reply.status(201);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/bulletins/:id`,
  summary: 'One bulletin',
  tags: ['supervision'],
  auth: 'staff',
  params: idParams,
  async handler({ req, actor, params, lang }) {
    return getBulletin(req.server.ctx.deps, actor, params.id, lang);
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/:id`,
  summary: 'One supervision item: notice, response, level, accountability, the case, allowedActions, clocks, timeline',
  tags: ['supervision'],
  auth: 'staff',
  params: idParams,
  async handler({ req, actor, params }) {
    return supervisionView(req.server.ctx.deps, actor, params.id);
  },
});

defineActionRoutes({
  base: BASE,
  tag: 'supervision',
  workflow: SUPERVISION_WORKFLOW,
  handlers: SUPERVISION_HANDLERS,
  perform: performSupervisionAction,
  view: (deps, actor, id) => supervisionView(deps, actor, id),
  valueLabels: SUPERVISION_VALUE_LABELS,
});
