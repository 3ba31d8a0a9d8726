import { z } from 'zod';
import { CAMPAIGN_SELECTION_RULES, campaignInput, createCampaign, previewCampaign, previewInput } from '../../campaigns/create.js';
import { CAMPAIGN_HANDLERS } from '../../campaigns/handlers.js';
import { performCampaignAction } from '../../campaigns/perform.js';
import { boardQuery, campaignBoard, campaignLeaders, leadersQuery, campaignItemView, campaignListQuery, campaignView, itemListQuery, listCampaignItems, listCampaigns } from '../../campaigns/read.js';
import { OUTCOME_LABELS } from '../../campaigns/tables.js';
import { STATUS_LABELS } from '../../cases/states.js';
import { CAMPAIGN_WORKFLOW } from '../../campaigns/workflow.js';
import { defineActionRoutes } from '../register-routes.js';
import { defineRoute } from '../route.js';

const BASE = '/api/campaigns';
const ITEMS = `${BASE}/items`;

defineRoute({
  method: 'GET',
  url: BASE,
  summary: '积案化解专项行动 the actor sees (run by an office in scope, or with an item in scope), newest first, each with its progress (清仓见底)',
  tags: ['campaigns'],
  auth: 'staff',
  query: campaignListQuery,
  async handler({ req, actor, lang }) {
    return listCampaigns(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'POST',
  url: `${BASE}/preview`,
  summary: 'Dry run of a campaign filter (roles dispatcher, supervisor): how many cases in your scope it selects now, and the first 20 (no petitioner data); nothing is created',
  tags: ['campaigns'],
  auth: 'staff',
  rawBody: 'application/json',
  docBody: previewInput,
  async handler({ req, actor, lang }) {
    return previewCampaign(req.server.ctx.deps, { actor, lang, input: req.body });
  },
});

defineRoute({
  method: 'POST',
  url: BASE,
  summary: '发起积案化解专项行动 (roles dispatcher, supervisor; run by your unit): the cases in your scope matching the filter (long-running, repeat, unit, category …) each become a campaign item (信访工作条例 第十条、第三十八条)',
  tags: ['campaigns'],
  auth: 'staff',
  rawBody: 'application/json',
  docBody: campaignInput,
  rules: CAMPAIGN_SELECTION_RULES,
  async handler({ req, reply, actor, lang, meta }) {
    const r = await createCampaign(req.server.ctx.deps, { actor, lang, meta, input: req.body });
    reply.status(201);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/board`,
  summary: '挂图作战: campaign items you see by responsible unit (or leader) × status, with the progress summary; ?campaignId= for one campaign',
  tags: ['campaigns'],
  auth: 'staff',
  query: boardQuery,
  async handler({ req, actor, lang }) {
    return campaignBoard(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/leaders`,
  summary: 'Staff who may be named 包案领导 (roles dispatcher, supervisor): active staff of units in your scope, by name and unit; ?unitId= narrows to a unit',
  tags: ['campaigns'],
  auth: 'staff',
  query: leadersQuery,
  async handler({ req, actor, lang }) {
    return campaignLeaders(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'GET',
  url: ITEMS,
  summary: 'Campaign items (one case each) the actor sees: filter by campaign, status, unit, case, overdue',
  tags: ['campaigns'],
  auth: 'staff',
  query: itemListQuery,
  async handler({ req, actor, lang }) {
    return listCampaignItems(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'GET',
  url: `${ITEMS}/:id`,
  summary: 'One campaign item: the campaign, the case (number, title, status), leader by post, plan (一案一策), progress, outcome and its verification, allowedActions, timeline',
  tags: ['campaigns'],
  auth: 'staff',
  params: z.object({ id: z.string() }),
  async handler({ req, actor, params }) {
    return campaignItemView(req.server.ctx.deps, actor, params.id);
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/:id`,
  summary: 'One campaign with its progress (清仓见底): items per status, % resolved, overdue — over the items you see',
  tags: ['campaigns'],
  auth: 'staff',
  params: z.object({ id: z.string() }),
  async handler({ req, actor, params }) {
    return campaignView(req.server.ctx.deps, actor, params.id);
  },
});

defineActionRoutes({
  base: ITEMS,
  tag: 'campaigns',
  workflow: CAMPAIGN_WORKFLOW,
  handlers: CAMPAIGN_HANDLERS,
  perform: performCampaignAction,
  view: (deps, actor, id) => campaignItemView(deps, actor, id),
  // the outcomes, and the case statuses a filter may name
  valueLabels: { ...STATUS_LABELS, ...OUTCOME_LABELS },
});
