import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SecuritySettings } from '../core/config.js';
import { AppError } from '../core/errors.js';

/**
 * Security headers on every response and the CSRF rule for cookie sessions (docs/security.md).
 *
 * The Content-Security-Policy allows only this origin's scripts; styles may be inline because Ant Design writes
 * its CSS-in-JS into <style> elements; images may be data: and blob: URLs (ECharts exports, previews); no plugin
 * (object-src), no <base> elsewhere, no framing by any site (frame-ancestors, and X-Frame-Options for old browsers).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(opts: { https: boolean }): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    ...(opts.https ? { 'strict-transport-security': 'max-age=15552000' } : {}),
  };
}

export function applySecurityHeaders(req: FastifyRequest, reply: FastifyReply, https: boolean): void {
  for (const [k, v] of Object.entries(securityHeaders({ https }))) reply.header(k, v);
  // answers of the API carry personal data: never kept by a browser or proxy cache
  if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin a browser sent with the request: Origin, else the origin of Referer; undefined when neither. */
function requestOrigin(req: FastifyRequest): string | undefined {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== '') return origin;
  const referer = req.headers.referer;
  if (typeof referer === 'string' && referer !== '') {
    try {
      return new URL(referer).origin;
    } catch {
      return referer;
    }
  }
  return undefined;
}

function sameOrigin(origin: string, req: FastifyRequest, settings: SecuritySettings): boolean {
  const o = origin.toLowerCase();
  if (settings.allowedOrigins.some((a) => a.toLowerCase() === o)) return true;
  try {
    const u = new URL(o);
    // the host the browser addressed (Host, or X-Forwarded-Host behind the proxy): the scheme is not compared,
    // a TLS-terminating proxy makes the server see http while the browser says https
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host === String(req.host).toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage
  }
}

/**
 * CSRF: a state-changing request that a browser could have been tricked into sending with the session cookie —
 * it carries the cookie and no Bearer token, or it is the login itself — is refused when its Origin (or Referer)
 * names another site. Requests without either header come from non-browser clients (curl, integrations,
 * server-to-server), which cannot be made to send a victim's cookie; browsers always send Origin on such requests.
 */
export function checkCsrf(req: FastifyRequest, settings: SecuritySettings, hasSessionCookie: boolean): void {
  if (!STATE_CHANGING.has(req.method)) return;
  const bearer = req.headers.authorization?.startsWith('Bearer ');
  const isLogin = req.url.split('?')[0] === '/api/auth/login';
  if (!isLogin && (bearer || !hasSessionCookie)) return;
  const origin = requestOrigin(req);
  if (origin === undefined || sameOrigin(origin, req, settings)) return;
  throw new AppError('CSRF_ORIGIN_MISMATCH', { origin: origin.slice(0, 100) });
}
