import { sql, type Kysely } from 'kysely';
import { AppError } from '../core/errors.js';
import type { SecuritySettings } from '../core/config.js';
import type { DB } from '../db/types.js';
import { writeAudit } from '../audit/audit.js';
import type { RequestMeta } from './actor.js';
import { checkPassword } from './auth.js';

/**
 * Login rate limiting and lockout (docs/security.md). Wrong passwords are counted per username (as typed,
 * lower-cased: an unknown name is throttled exactly like a real one, so the answer reveals nothing) and per client
 * IP, in the database (table login_throttle), so the limit holds across restarts and across server processes.
 * Reaching the limit within the window locks the key for the lock time: every attempt then answers 429
 * LOGIN_LOCKED with Retry-After, even with the right password, and is not checked at all. A successful sign-in
 * clears the username's counter (not the IP's: one good account must not reset a password-spraying address).
 * Every lockout is audited (auth.lockout).
 */

type Scope = 'user' | 'ip';
interface ThrottleKey {
  scope: Scope;
  key: string;
  max: number;
}

const keysFor = (s: SecuritySettings, username: string, ip: string | undefined): ThrottleKey[] => [
  { scope: 'user', key: `user:${username.trim().toLowerCase()}`, max: s.loginMaxFailures },
  ...(ip ? [{ scope: 'ip' as const, key: `ip:${ip}`, max: s.loginMaxFailuresPerIp }] : []),
];

const lockedError = (until: Date, now: Date) => {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError('LOGIN_LOCKED', { minutes: Math.ceil(seconds / 60) }, { retryAfterSeconds: seconds, lockedUntil: until.toISOString() });
};

/**
 * The latest lock on any of the keys that is still running. A lock further ahead than one lock time cannot have
 * been set by this clock (the clock was set back): it is ignored rather than locking someone out for years.
 */
async function activeLock(db: Kysely<DB>, s: SecuritySettings, keys: ThrottleKey[], now: Date): Promise<Date | null> {
  const horizon = new Date(now.getTime() + s.loginLockMinutes * 60_000);
  const rows = await db
    .selectFrom('login_throttle')
    .select('locked_until')
    .where('key', 'in', keys.map((k) => k.key))
    .where('locked_until', '>', now)
    .where('locked_until', '<=', horizon)
    .execute();
  const until = rows.map((r) => r.locked_until!.getTime()).sort((a, b) => b - a)[0];
  return until === undefined ? null : new Date(until);
}

/** Counts one failure on a key; when it reaches the limit, locks the key (exactly one caller wins the lock). */
async function countFailure(db: Kysely<DB>, s: SecuritySettings, k: ThrottleKey, now: Date): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - s.loginWindowMinutes * 60_000);
  // a window that began before windowStart (or, with a clock set back, after now) is over: start again at 1
  const r = await sql<{ failures: number }>`
    INSERT INTO login_throttle (key, failures, window_started_at, updated_at) VALUES (${k.key}::text, 1, ${now}::timestamptz, ${now}::timestamptz)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_throttle.window_started_at <= ${windowStart}::timestamptz OR login_throttle.window_started_at > ${now}::timestamptz
                      THEN 1 ELSE login_throttle.failures + 1 END,
      window_started_at = CASE WHEN login_throttle.window_started_at <= ${windowStart}::timestamptz OR login_throttle.window_started_at > ${now}::timestamptz
                      THEN ${now}::timestamptz ELSE login_throttle.window_started_at END,
      updated_at = ${now}::timestamptz
    RETURNING failures`.execute(db);
  if ((r.rows[0]?.failures ?? 0) < k.max) return null;
  const until = new Date(now.getTime() + s.loginLockMinutes * 60_000);
  const won = await db
    .updateTable('login_throttle')
    .set({ locked_until: until, failures: 0, window_started_at: now, updated_at: now })
    .where('key', '=', k.key)
    .where('failures', '>=', k.max)
    .returning('key')
    .executeTakeFirst();
  return won ? until : null;
}

export interface SignInArgs {
  username: string;
  password: string;
  meta: RequestMeta;
  now: Date;
}

/** Checks a password under the throttle: the user's id, or UNAUTHENTICATED, or LOGIN_LOCKED (429). */
export async function signIn(db: Kysely<DB>, s: SecuritySettings, args: SignInArgs): Promise<string> {
  const keys = keysFor(s, args.username, args.meta.ip);
  const locked = await activeLock(db, s, keys, args.now);
  if (locked) throw lockedError(locked, args.now);
  try {
    const userId = await checkPassword(db, args.username, args.password);
    await db.deleteFrom('login_throttle').where('key', '=', keys[0]!.key).execute();
    return userId;
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'UNAUTHENTICATED') throw err;
    let lockedUntil: Date | null = null;
    for (const k of keys) {
      const until = await countFailure(db, s, k, args.now);
      if (!until) continue;
      lockedUntil = until;
      const user =
        k.scope === 'user'
          ? await db.selectFrom('users').select('id').where(sql<boolean>`lower(username) = ${args.username.trim().toLowerCase()}`).executeTakeFirst()
          : undefined;
      await writeAudit(db, { kind: 'system', job: 'login' }, args.meta, {
        action: 'auth.lockout',
        entityType: k.scope === 'user' ? 'user' : 'client_ip',
        entityId: k.scope === 'user' ? (user?.id ?? null) : (args.meta.ip ?? null),
        data: {
          scope: k.scope,
          failures: k.max,
          windowMinutes: s.loginWindowMinutes,
          lockedUntil: until.toISOString(),
          ...(k.scope === 'user' && !user ? { unknownUser: true } : {}),
        },
      });
    }
    // the attempt that reached the limit is already answered as locked
    if (lockedUntil) throw lockedError(lockedUntil, args.now);
    throw err;
  }
}
