import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { RULES_KEY, type DeclaredRule } from '../core/input-rules.js';
import { pickLang, type Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import type { Actor, RequestMeta, StaffActor } from '../org/actor.js';
import { IDEMPOTENCY_KEY, idempotencyKeyOf, withIdempotency } from './idempotency.js';

type Auth = 'staff' | 'public';

export const SESSION_COOKIE = 'ms_session';

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, A extends Auth = Auth> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  /** longer text for the OpenAPI document (rules, refusals) */
  description?: string;
  tags: string[];
  /** rules the use case checks against stored data (an id that must exist, a state of the record), beyond the schema's own */
  rules?: readonly DeclaredRule<never>[];
  auth: A;
  body?: B;
  query?: Q;
  params?: P;
  /** the handler reads the body itself (the use case validates it); documented with docBody or as this media type */
  rawBody?: string;
  docBody?: z.ZodType;
  /**
   * POST only: honour an Idempotency-Key header (default true). False for requests whose effect is not the
   * response body (login sets a cookie) — the header is then ignored.
   */
  idempotent?: boolean;
  /**
   * POST with an Idempotency-Key whose work committed but whose answer was lost (a crash between the two): the answer
   * made again, as it is now (an action answers the record's view). Without it such a retry answers 409
   * IDEMPOTENCY_ANSWER_LOST; in neither case does the work run twice (src/core/idempotent-result.ts).
   */
  replay?: (ctx: { req: FastifyRequest; params: z.infer<P>; actor: A extends 'staff' ? StaffActor : Actor | null; lang: Lang; meta: RequestMeta }) => Promise<unknown>;
  handler: (ctx: {
    req: FastifyRequest;
    reply: FastifyReply;
    body: z.infer<B>;
    query: z.infer<Q>;
    params: z.infer<P>;
    actor: A extends 'staff' ? StaffActor : Actor | null;
    lang: Lang;
    meta: RequestMeta;
  }) => Promise<unknown>;
}

type AnySpec = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;
const registry: AnySpec[] = [];

export function langOf(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'zh') return q;
  return pickLang(req.headers['accept-language']);
}

export const metaOf = (req: FastifyRequest): RequestMeta => ({ ip: req.ip, userAgent: req.headers['user-agent'] });

/** Declares a route: zod on every input (with messages in the caller's language) and an OpenAPI entry. */
export function defineRoute<
  A extends Auth,
  B extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  P extends z.ZodType = z.ZodUnknown,
>(spec: RouteSpec<B, Q, P, A>) {
  registry.push(spec as unknown as AnySpec);
  return spec;
}

export function mountRoutes(app: FastifyInstance, specs: AnySpec[]) {
  for (const spec of specs) {
    app.route({
      method: spec.method,
      url: spec.url,
      handler: async (req, reply) => {
        const lang = langOf(req);
        const actor = req.actor ?? null;
        if (spec.auth === 'staff' && actor?.kind !== 'staff') throw new AppError('UNAUTHENTICATED');
        const run = async () => {
          const body = spec.body ? parseInput(spec.body, req.body ?? {}, lang) : req.body;
          const query = spec.query ? parseInput(spec.query, req.query ?? {}, lang) : req.query;
          const params = spec.params ? parseInput(spec.params, req.params ?? {}, lang) : req.params;
          const result = await spec.handler({ req, reply, body, query, params, actor: actor as never, lang, meta: metaOf(req) });
          if (reply.sent) return reply;
          return result ?? { ok: true };
        };
        // one mechanism for every POST (src/http/idempotency.ts); a multipart upload is streamed, not replayable
        const key = spec.method === 'POST' && spec.idempotent !== false && !req.isMultipart() ? idempotencyKeyOf(req) : undefined;
        const replay = spec.replay
          ? () => spec.replay!({ req, params: parseInput(spec.params ?? z.unknown(), req.params ?? {}, lang), actor: actor as never, lang, meta: metaOf(req) })
          : undefined;
        return key === undefined ? run() : withIdempotency(req, reply, actor, key, run, replay);
      },
    });
  }
}

export const allRoutes = () => registry as readonly AnySpec[];

function jsonSchema(s: z.ZodType | undefined) {
  if (!s) return undefined;
  try {
    return z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
  } catch {
    return { type: 'object' };
  }
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of registry) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const params = [...r.url.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const q = jsonSchema(r.query) as { properties?: Record<string, unknown>; required?: string[] } | undefined;
    for (const [name, schema] of Object.entries(q?.properties ?? {}))
      params.push({ name, in: 'query', required: q?.required?.includes(name) ?? false, schema: schema as { type: string } });
    paths[path] ??= {};
    const rules = r.rules?.map((x) => x.line) ?? [];
    const description = [r.description, rules.length ? `Rules: ${rules.join('; ')}` : undefined].filter(Boolean).join('\n\n');
    paths[path]![r.method.toLowerCase()] = {
      summary: r.summary,
      ...(description ? { description } : {}),
      ...(rules.length ? { [RULES_KEY]: rules } : {}),
      tags: r.tags,
      security: r.auth === 'staff' ? [{ cookie: [] }, { bearer: [] }] : [],
      parameters:
        r.method === 'POST' && r.idempotent !== false && r.rawBody !== 'multipart/form-data'
          ? [...params, { name: 'Idempotency-Key', in: 'header', required: false, description: IDEMPOTENCY_KEY.line, schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' } }]
          : params,
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } } } : {}),
      ...(r.rawBody ? { requestBody: { content: { [r.rawBody]: { schema: jsonSchema(r.docBody) ?? { type: 'object' } } } } } : {}),
      responses: {
        '200': { description: 'OK' },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Minsheng API',
      version: '0.1.0',
      description:
        'Petition (信访) and 12345 work-order lifecycle. Messages follow Accept-Language (zh default, en). Errors: {"error":{"code","message","details"}}.',
    },
    components: {
      securitySchemes: {
        cookie: { type: 'apiKey', in: 'cookie', name: 'ms_session' },
        bearer: { type: 'http', scheme: 'bearer', description: 'API token from POST /api/tokens' },
      },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
              required: ['code', 'message'],
            },
          },
        },
      },
    },
    paths,
  };
}
