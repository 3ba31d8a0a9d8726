/**
 * Open311 GeoReport v2 under /open311/v2/ (docs/open311.md): public GETs, POSTs with an api_key, answers in the
 * format the path names (.json or .xml) — errors too, as the spec's list of {code, description}.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Lang } from '../../core/i18n.js';
import { CONTENT_TYPE, FORMATS, render, splitFormat, type Format, type Rec } from '../../open311/format.js';
import { bad, notFound, toOpen311 } from '../../open311/errors.js';
import { discovery, open311Settings } from '../../open311/discovery.js';
import { listServices, serviceDefinition } from '../../open311/services.js';
import { submitRequest, type Form } from '../../open311/submit.js';
import { listRequests, oneRequest, requestForToken } from '../../open311/read.js';
import { listUpdates, postUpdate } from '../../open311/updates.js';
import { listParam, timeWindow, MAX_RESULTS } from '../../open311/window.js';
import { defineRoute, langOf } from '../route.js';
import './open311-admin.js';

const V2 = '/open311/v2';

/** one query value; a repeated one (?service_code=a&service_code=b) reads like the spec's comma list */
function q(req: FastifyRequest, name: string): string | undefined {
  const v = (req.query as Record<string, unknown> | undefined)?.[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.map(String).join(',');
  return String(v);
}

const formOf = (req: FastifyRequest): Form => {
  const b = req.body as unknown;
  if (!b || typeof b !== 'object' || Array.isArray(b) || !Object.values(b).every(Array.isArray))
    throw bad('send the fields form-encoded (application/x-www-form-urlencoded)');
  return b as Form;
};

function checkJurisdiction(given: string | undefined) {
  const mine = open311Settings().jurisdiction;
  if (given && mine && given !== mine) throw notFound(`jurisdiction_id ${given} not found`);
}

/** Runs fn and answers its records (or its error) in the format; anything not an input error stays a 500. */
async function answer(req: FastifyRequest, reply: FastifyReply, format: Format, root: string, fn: (lang: Lang) => Promise<Rec | Rec[]>, status = 200) {
  const lang = langOf(req);
  try {
    const body = await fn(lang);
    return reply.status(status).type(CONTENT_TYPE[format]).send(render(format, root, body));
  } catch (e) {
    const o = toOpen311(e, lang);
    if (!o) throw e;
    return reply.status(o.status).type(CONTENT_TYPE[format]).send(render(format, 'errors', o.errors));
  }
}

/** /x/{file}: the name and format, or 404 in XML (the spec's required format) when the extension is not ours */
function fileParam(req: FastifyRequest): { name: string; format: Format } {
  const file = String((req.params as Record<string, string>).file ?? '');
  return splitFormat(file) ?? { name: '', format: 'xml' };
}

for (const format of FORMATS) {
  defineRoute({
    method: 'GET',
    url: `/open311/discovery.${format}`,
    summary: 'Open311 service discovery',
    tags: ['open311'],
    auth: 'public',
    async handler({ req, reply }) {
      const base = `${req.protocol}://${req.host}`;
      return answer(req, reply, format, 'discovery', async () => discovery(base, open311Settings()));
    },
  });

  defineRoute({
    method: 'GET',
    url: `${V2}/services.${format}`,
    summary: 'GeoReport v2: the services (our categories, accusations excepted)',
    tags: ['open311'],
    auth: 'public',
    async handler({ req, reply }) {
      return answer(req, reply, format, 'services', async (lang) => {
        checkJurisdiction(q(req, 'jurisdiction_id'));
        return listServices(req.server.ctx.deps.db, lang);
      });
    },
  });

  defineRoute({
    method: 'POST',
    url: `${V2}/requests.${format}`,
    summary: 'GeoReport v2: submit a service request (form-encoded, api_key required); registers a case (channel api)',
    tags: ['open311'],
    auth: 'public',
    rawBody: 'application/x-www-form-urlencoded',
    idempotent: false, // the spec has no such header; a client retry is its own request
    async handler({ req, reply, meta }) {
      return answer(
        req,
        reply,
        format,
        'service_requests',
        async (lang) => {
          const form = formOf(req);
          checkJurisdiction(form.jurisdiction_id?.[0]);
          return submitRequest(req.server.ctx.deps, { form, meta, lang });
        },
        201,
      );
    },
  });

  defineRoute({
    method: 'GET',
    url: `${V2}/requests.${format}`,
    summary: 'GeoReport v2: public list of requests (90 days or 1,000 at most); service_request_id overrides the other filters',
    tags: ['open311'],
    auth: 'public',
    async handler({ req, reply }) {
      const deps = req.server.ctx.deps;
      return answer(req, reply, format, 'service_requests', async (lang) => {
        checkJurisdiction(q(req, 'jurisdiction_id'));
        const ids = listParam(q(req, 'service_request_id'), 'service_request_id');
        if (ids) return listRequests(deps.db, { ids, limit: MAX_RESULTS }, lang);
        const statuses = listParam(q(req, 'status'), 'status', 2);
        if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw bad('status: open, closed or both');
        const w = timeWindow(deps.now(), q(req, 'start_date'), q(req, 'end_date'));
        return listRequests(deps.db, { serviceCodes: listParam(q(req, 'service_code'), 'service_code'), statuses: statuses as ('open' | 'closed')[] | undefined, ...w, limit: MAX_RESULTS }, lang);
      });
    },
  });

  defineRoute({
    method: 'GET',
    url: `${V2}/servicerequestupdates.${format}`,
    summary: 'mySociety extension: public updates of requests (one per public step), 90 days at most',
    tags: ['open311'],
    auth: 'public',
    async handler({ req, reply }) {
      const deps = req.server.ctx.deps;
      return answer(req, reply, format, 'service_request_updates', async (lang) => {
        checkJurisdiction(q(req, 'jurisdiction_id'));
        const w = timeWindow(deps.now(), q(req, 'start_date'), q(req, 'end_date'));
        return listUpdates(deps.db, { ...w, ids: listParam(q(req, 'service_request_id'), 'service_request_id') }, lang);
      });
    },
  });

  defineRoute({
    method: 'POST',
    url: `${V2}/servicerequestupdates.${format}`,
    summary: 'mySociety extension: a client adds an update to a request it submitted (recorded as a public note; the state is not changed)',
    tags: ['open311'],
    auth: 'public',
    rawBody: 'application/x-www-form-urlencoded',
    idempotent: false, // update_id makes it idempotent
    async handler({ req, reply, meta }) {
      return answer(req, reply, format, 'service_request_updates', async () => {
        const form = formOf(req);
        checkJurisdiction(form.jurisdiction_id?.[0]);
        return postUpdate(req.server.ctx.deps, { form, meta });
      });
    },
  });
}

defineRoute({
  method: 'GET',
  url: `${V2}/services/:file`,
  summary: 'GeoReport v2: a service definition with its attributes (services/{service_code}.{json,xml})',
  tags: ['open311'],
  auth: 'public',
  async handler({ req, reply }) {
    const { name, format } = fileParam(req);
    return answer(req, reply, format, 'service_definition', async () => {
      if (!name) throw notFound('unknown resource');
      checkJurisdiction(q(req, 'jurisdiction_id'));
      return serviceDefinition(req.server.ctx.deps.db, name);
    });
  },
});

defineRoute({
  method: 'GET',
  url: `${V2}/requests/:file`,
  summary: 'GeoReport v2: one request (requests/{service_request_id}.{json,xml})',
  tags: ['open311'],
  auth: 'public',
  async handler({ req, reply }) {
    const { name, format } = fileParam(req);
    return answer(req, reply, format, 'service_requests', async (lang) => {
      if (!name) throw notFound('unknown resource');
      checkJurisdiction(q(req, 'jurisdiction_id'));
      return oneRequest(req.server.ctx.deps.db, name, lang);
    });
  },
});

defineRoute({
  method: 'GET',
  url: `${V2}/tokens/:file`,
  summary: 'GeoReport v2: the service_request_id of a token from POST requests',
  tags: ['open311'],
  auth: 'public',
  async handler({ req, reply }) {
    const { name, format } = fileParam(req);
    return answer(req, reply, format, 'service_requests', async () => {
      if (!name) throw notFound('unknown resource');
      checkJurisdiction(q(req, 'jurisdiction_id'));
      return requestForToken(req.server.ctx.deps.db, name);
    });
  },
});

// anything else under /open311/v2/ is an unknown resource, answered in the spec's shape
for (const method of ['GET', 'POST'] as const)
  defineRoute({
    method,
    url: `${V2}/*`,
    summary: 'GeoReport v2: unknown resource (404 as a list of errors)',
    tags: ['open311'],
    auth: 'public',
    rawBody: method === 'POST' ? 'application/x-www-form-urlencoded' : undefined,
    idempotent: false,
    async handler({ req, reply }) {
      const format: Format = /\.json($|\?)/i.test(req.url) ? 'json' : 'xml';
      return answer(req, reply, format, 'errors', async () => {
        throw notFound('unknown resource');
      });
    },
  });

