import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { inputRule } from '../../core/input-rules.js';
import { PASSWORD_POLICY, assertPasswordPolicy, createApiToken, createSession, endSession, hashPassword, listSessions, revokeSessions, sessionIdOf } from '../../org/auth.js';
import { signIn } from '../../org/login-throttle.js';
import { ROLE_LABELS } from '../../org/roles.js';
import { writeAudit } from '../../audit/audit.js';
import { SESSION_COOKIE, defineRoute } from '../route.js';

const CURRENT_PASSWORD = inputRule({ field: 'currentPassword', message: '当前密码不正确 / wrong password', doc: 'your current password' });

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
    const token = await createSession(deps.db, userId, deps.config.sessionTtlHours, meta);
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

defineRoute({
  method: 'POST',
  url: '/api/auth/password',
  summary:
    'Change your own password: the current one (checked under the login lockout) and a new one by the policy (at least 10 characters, not the username, not a common password); ends your other sessions and your API tokens',
  tags: ['auth'],
  rules: [CURRENT_PASSWORD, PASSWORD_POLICY],
  auth: 'staff',
  idempotent: false,
  body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }),
  async handler({ req, actor, body, meta, lang }) {
    const { deps } = req.server.ctx;
    if (actor.via !== 'session') throw new AppError('FORBIDDEN');
    assertPasswordPolicy(body.newPassword, actor.username, lang, 'newPassword');
    try {
      await signIn(deps.db, deps.config.security, { username: actor.username, password: body.currentPassword, meta, now: deps.now() });
    } catch (err) {
      // a wrong current password is a mistake in a field, not a signed-out session (the web app would sign out on 401)
      if (err instanceof AppError && err.code === 'UNAUTHENTICATED')
        throw CURRENT_PASSWORD.error(lang === 'en' ? 'wrong password' : '当前密码不正确');
      throw err;
    }
    const hash = await hashPassword(body.newPassword);
    const current = await sessionIdOf(deps.db, req.cookies[SESSION_COOKIE]);
    const ended = await deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ password_hash: hash, password_changed_at: new Date() }).where('id', '=', actor.userId).execute();
      return revokeSessions(tx, actor.userId, { except: current, tokens: true });
    });
    await writeAudit(deps.db, actor, meta, { action: 'auth.password_change', entityType: 'user', entityId: actor.userId, data: { sessionsEnded: ended } });
    return { ok: true, sessionsEnded: ended };
  },
});

defineRoute({
  method: 'GET',
  url: '/api/auth/sessions',
  summary: 'Your live sessions (opened, last used, ends, address, browser), the current one marked',
  tags: ['auth'],
  auth: 'staff',
  async handler({ req, actor }) {
    const { deps } = req.server.ctx;
    const current = await sessionIdOf(deps.db, req.cookies[SESSION_COOKIE]);
    const rows = await listSessions(deps.db, actor.userId, deps.config.sessionIdleMinutes);
    const idleMs = deps.config.sessionIdleMinutes * 60_000;
    return {
      items: rows.map((s) => ({
        id: s.id,
        createdAt: s.created_at,
        lastSeenAt: s.last_seen_at,
        expiresAt: new Date(Math.min(s.expires_at.getTime(), s.last_seen_at.getTime() + idleMs)),
        ip: s.ip,
        userAgent: s.user_agent,
        current: s.id === current,
      })),
    };
  },
});

defineRoute({
  method: 'DELETE',
  url: '/api/auth/sessions/:id',
  summary: 'End one of your sessions (another user’s session id answers 404 like an unknown one)',
  tags: ['auth'],
  auth: 'staff',
  params: z.object({ id: z.string().uuid() }),
  async handler({ req, actor, params, meta }) {
    const { db } = req.server.ctx.deps;
    const ended = await revokeSessions(db, actor.userId, { only: params.id });
    if (ended === 0) throw new AppError('NOT_FOUND');
    await writeAudit(db, actor, meta, { action: 'auth.session_revoke', entityType: 'user', entityId: actor.userId, data: { sessions: 1 } });
    return { ok: true };
  },
});

defineRoute({
  method: 'POST',
  url: '/api/auth/sessions/revoke-others',
  summary: 'End all your sessions but this one',
  tags: ['auth'],
  auth: 'staff',
  idempotent: false,
  async handler({ req, actor, meta }) {
    const { db } = req.server.ctx.deps;
    if (actor.via !== 'session') throw new AppError('FORBIDDEN');
    const ended = await revokeSessions(db, actor.userId, { except: await sessionIdOf(db, req.cookies[SESSION_COOKIE]) });
    await writeAudit(db, actor, meta, { action: 'auth.session_revoke', entityType: 'user', entityId: actor.userId, data: { sessions: ended } });
    return { ok: true, sessionsEnded: ended };
  },
});
