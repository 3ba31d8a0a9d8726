import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Deps } from '../workflow/deps.js';
import { AppError } from '../core/errors.js';
import type { Backend } from '../db/connection.js';
import { actorFromApiToken, actorFromSession } from '../org/auth.js';
import type { Actor } from '../org/actor.js';
import { clientErrorHandler, errorHandler, frameworkErrorHandler } from './errors.js';
import { rejectUnsafeInput } from './guard.js';
import { addOpen311FormParser } from './form-body.js';
import { applySecurityHeaders, checkCsrf } from './security.js';
export { SESSION_COOKIE } from './route.js';
import { SESSION_COOKIE, allRoutes, langOf, mountRoutes } from './route.js';
import './routes/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor | null;
  }
}



export interface AppOptions {
  deps: Deps;
  backend: Backend;
  logger?: boolean | object;
  webDir?: string;
}

export interface AppContext {
  deps: Deps;
  backend: Backend;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const https = opts.deps.config.secureCookies;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: true,
    // the framework's and the HTTP parser's own refusals answer in our error shape (src/http/errors.ts)
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler: clientErrorHandler(https),
  });
  app.decorate('ctx', { deps: opts.deps, backend: opts.backend });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: opts.deps.config.attachmentMaxBytes, files: 10 } });
  app.setErrorHandler(errorHandler);
  addOpen311FormParser(app); // form bodies, only under /open311/ (src/http/form-body.ts)

  app.addHook('onRequest', async (req, reply) => {
    applySecurityHeaders(req, reply, https);
    checkCsrf(req, opts.deps.config.security, req.cookies[SESSION_COOKIE] !== undefined);
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.actor = await actorFromApiToken(opts.deps.db, auth.slice(7).trim());
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    req.actor = token ? await actorFromSession(opts.deps.db, token, opts.deps.config.sessionIdleMinutes) : null;
  });

  // one place that refuses NUL characters and over-long query values for every route (src/http/guard.ts)
  app.addHook('preValidation', async (req) => rejectUnsafeInput(req, langOf(req)));

  mountRoutes(app, [...allRoutes()]);

  const webDir = opts.webDir;
  if (webDir && fs.existsSync(path.join(webDir, 'index.html'))) {
    // wildcard: files are looked up per request, so a rebuilt web/dist is served without a restart
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: true });
    // the single-page app owns every non-API path
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api/')) return errorHandler(new AppError('NOT_FOUND'), req, reply);
      return reply.type('text/html').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((req, reply) => errorHandler(new AppError('NOT_FOUND', {}, { path: req.url }), req, reply));
  }
  return app;
}
