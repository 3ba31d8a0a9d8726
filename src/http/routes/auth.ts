import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { createApiToken, createSession, endSession } from '../../org/auth.js';
import { signIn } from '../../org/login-throttle.js';
import { ROLE_LABELS } from '../../org/roles.js';
import { writeAudit } from '../../audit/audit.js';
import { SESSION_COOKIE, defineRoute } from '../route.js';

defineRoute({
  method: 'POST',
  url: '/api/auth/login',
  summary:
    'Sign in with username and password; sets an httpOnly SameSite=Strict session cookie. Repeated wrong passwords lock the username (and the client IP) for a while: 429 LOGIN_LOCKED with Retry-After',
  tags: ['auth'],
  auth: 'public',
  idempotent: false,
  body: z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) }),
  async handler({ req, reply, body, meta }) {
    const { deps } = req.server.ctx;
    const userId = await signIn(deps.db, deps.config.security, { username: body.username, password: body.password, meta, now: deps.now() });
    const token = await createSession(deps.db, userId, deps.config.sessionTtlHours);
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.config.secureCookies,
      path: '/',
      maxAge: deps.config.sessionTtlHours * 3600,
    });
    await writeAudit(deps.db, { kind: 'system', job: 'login' }, meta, { action: 'auth.login', entityType: 'user', entityId: userId });
    return { ok: true };
  },
});

defineRoute({
  method: 'POST',
  url: '/api/auth/logout',
  summary: 'End the session',
  tags: ['auth'],
  auth: 'public',
  idempotent: false,
  async handler({ req, reply }) {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await endSession(req.server.ctx.deps.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  },
});

defineRoute({
  method: 'GET',
  url: '/api/auth/me',
  summary: 'The signed-in user, unit and roles',
  tags: ['auth'],
  auth: 'staff',
  async handler({ req, actor, lang }) {
    const unit = await req.server.ctx.deps.db.selectFrom('units').select(['id', 'name', 'name_en', 'type', 'code']).where('id', '=', actor.unitId).executeTakeFirst();
    return {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      roles: actor.roles,
      roleLabels: actor.roles.map((r) => ROLE_LABELS[r]?.[lang] ?? r),
      unit: unit && { id: unit.id, name: lang === 'en' && unit.name_en ? unit.name_en : unit.name, type: unit.type, code: unit.code },
    };
  },
});

defineRoute({
  method: 'POST',
  url: '/api/tokens',
  summary: 'Create an API token for an integration, acting as the signed-in user (shown once)',
  tags: ['auth'],
  auth: 'staff',
  body: z.object({ name: z.string().trim().min(1).max(100) }),
  async handler({ req, actor, body, meta }) {
    if (actor.via !== 'session') throw new AppError('FORBIDDEN');
    const t = await createApiToken(req.server.ctx.deps.db, actor.userId, body.name);
    await writeAudit(req.server.ctx.deps.db, actor, meta, { action: 'token.create', entityType: 'api_token', entityId: t.id });
    return t;
  },
});
