import { z } from 'zod';
import { previewInput, previewPublication, proposeInput, proposePublication } from '../../replyboard/propose.js';
import { PUBLICATION_HANDLERS } from '../../replyboard/handlers.js';
import { performPublicationAction, withdrawConsent } from '../../replyboard/perform.js';
import { listPublications, listQuery, publicationView, publicListQuery, publicReplies, publicReply } from '../../replyboard/read.js';
import { REDACTION_LABELS, TEXT_FIELD_LABELS } from '../../replyboard/redact.js';
import { PUBLICATION_WORKFLOW } from '../../replyboard/workflow.js';
import { defineActionRoutes } from '../register-routes.js';
import { defineRoute } from '../route.js';
import { citizenFor, credentials } from './public.js';

const BASE = '/api/replyboard';

defineRoute({
  method: 'GET',
  url: BASE,
  summary: '问政回复 publications in the actor’s scope (proposed, published, ended), newest first, with the public (redacted) text',
  tags: ['replyboard'],
  auth: 'staff',
  query: listQuery,
  async handler({ req, actor, lang }) {
    return listPublications(req.server.ctx.deps, actor, req.query, lang);
  },
});

defineRoute({
  method: 'POST',
  url: `${BASE}/preview`,
  summary: 'The redacted text of a replied case as it would be published (the draft from the case, or the given text), what was redacted, and whether it may be proposed (consent, accusation, 涉法涉诉, reply)',
  tags: ['replyboard'],
  auth: 'staff',
  rawBody: 'application/json',
  docBody: previewInput,
  async handler({ req, actor, lang, meta }) {
    return previewPublication(req.server.ctx.deps, { actor, lang, meta, input: req.body });
  },
});

defineRoute({
  method: 'POST',
  url: BASE,
  summary: '提议公开 (roles dispatcher, supervisor): a replied case with the citizen’s consent, with an edited public title, summary and reply; the server redacts personal data. Never an accusation (信访工作条例 第三十条)',
  tags: ['replyboard'],
  auth: 'staff',
  rawBody: 'application/json',
  docBody: proposeInput,
  async handler({ req, reply, actor, lang, meta }) {
    const r = await proposePublication(req.server.ctx.deps, { actor, lang, meta, input: req.body });
    reply.status(201);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: `${BASE}/:id`,
  summary: 'One publication: source and public text, the redaction re-run now with what it removed and what personal data it still finds, consent, allowedActions, timeline',
  tags: ['replyboard'],
  auth: 'staff',
  params: z.object({ id: z.string() }),
  async handler({ req, actor, params }) {
    return publicationView(req.server.ctx.deps, actor, params.id);
  },
});

defineActionRoutes({
  base: BASE,
  tag: 'replyboard',
  workflow: PUBLICATION_WORKFLOW,
  handlers: PUBLICATION_HANDLERS,
  perform: performPublicationAction,
  view: (deps, actor, id) => publicationView(deps, actor, id),
  valueLabels: { ...REDACTION_LABELS, ...TEXT_FIELD_LABELS },
});

defineRoute({
  method: 'GET',
  url: '/api/public/replies',
  summary: '问政回复 board (no login): published matters and replies, anonymised, newest first; filter by category or replying unit. Never a registration number, tracking code or person',
  tags: ['citizen'],
  auth: 'public',
  query: publicListQuery,
  async handler({ req, lang }) {
    return publicReplies(req.server.ctx.deps, req.query, lang);
  },
});

defineRoute({
  method: 'GET',
  url: '/api/public/replies/:id',
  summary: 'One published matter and its reply (no login), anonymised',
  tags: ['citizen'],
  auth: 'public',
  params: z.object({ id: z.string() }),
  async handler({ req, params }) {
    return publicReply(req.server.ctx.deps, params.id);
  },
});

defineRoute({
  method: 'POST',
  url: '/api/public/replies/consent/withdraw',
  summary: 'The citizen withdraws consent to publication (tracking code and query code); a published item is taken down at once',
  tags: ['citizen'],
  auth: 'public',
  body: credentials,
  async handler({ req, body, lang, meta }) {
    const deps = req.server.ctx.deps;
    const actor = await citizenFor(deps, req.ip, body.code, body.secret);
    return withdrawConsent(deps, { actor, meta, lang });
  },
});
