import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { AppError } from '../core/errors.js';
import { inputRule, rulesFailed } from '../core/input-rules.js';
import { newToken, sha256 } from '../core/ids.js';
import type { DB } from '../db/types.js';
import type { RequestMeta, StaffActor } from './actor.js';
import type { Role } from './roles.js';

export const hashPassword = (password: string) => hash(password);

/**
 * Password policy (docs/security.md "Passwords and sessions"), for a password an administrator sets and one a user
 * chooses: at least MIN_PASSWORD_LENGTH characters, not the username, not one of the passwords every guessing list
 * starts with, not one character repeated. Argon2 makes each guess slow; the lockout limits the guesses; this keeps
 * the first guesses from being right.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '1234567890', '12345678910', '123456789a', 'a123456789', '0123456789', '9876543210', '1111111111', '0000000000',
  '1234512345', '1357924680', '1qaz2wsx3edc', '1q2w3e4r5t', '1q2w3e4r5t6y', 'qwertyuiop', 'qwerty1234', 'qwerty12345',
  'qwerty123456', 'asdfghjkl;', 'asdfghjkl1', 'zxcvbnm123', 'password', 'password1', 'password12', 'password123',
  'password1234', 'password!', 'p@ssw0rd123', 'passw0rd123', 'iloveyou123', 'iloveyou1314', 'woaini1314',
  'woaini520', 'woaini521', '5201314520', '5211314521', 'abc1234567', 'abcd123456', 'abcdefghij', 'abc123456789',
  'admin12345', 'admin123456', 'administrator', 'welcome123', 'welcome1234', 'letmein123', 'changeme123',
  'sunshine123', 'football123', 'baseball123', 'princess123', 'dragon1234', 'monkey1234', 'superman123',
  'aa123456789', 'aa12345678', 'qq123456789', 'qq1234567890', 'zhang123456', 'wang123456', 'li123456789',
  'minsheng123', 'minsheng1234', 'xinfang123', 'xinfang1234', '12345qwert', 'qazwsxedc123', 'qazwsxedcrfv',
  '!qaz2wsx3edc', '1qazxsw23edc', 'zaq12wsxcde3', 'test123456', 'test1234567', 'guest12345', 'root123456',
  'default123', 'secret1234', 'temp123456', 'master1234', 'china12345', 'beijing123', 'shanghai123',
]);

export function passwordProblem(password: string, username: string): 'length' | 'username' | 'common' | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'length';
  const lower = password.trim().toLowerCase();
  if (lower === username.trim().toLowerCase()) return 'username';
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1*$/.test(lower)) return 'common';
  return null;
}

const PROBLEM_MESSAGE = {
  length: { zh: `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`, en: `at least ${MIN_PASSWORD_LENGTH} characters` },
  username: { zh: '密码不能与用户名相同', en: 'must not be the username' },
  common: { zh: '密码过于常见，容易被猜中，请换一个', en: 'too common, easily guessed; choose another' },
} as const;

export const PASSWORD_POLICY = inputRule({
  field: 'password',
  message: 'the password policy',
  doc: `at least ${MIN_PASSWORD_LENGTH} characters, not the username, not a common password (docs/security.md)`,
});

/** Throws 400 VALIDATION_FAILED naming `field` when the password breaks the policy. */
export function assertPasswordPolicy(password: string, username: string, lang: 'zh' | 'en', field = 'password'): void {
  const problem = passwordProblem(password, username);
  if (problem) throw rulesFailed(PASSWORD_POLICY, [{ field, message: PROBLEM_MESSAGE[problem][lang] }], { rule: problem });
}

// A fixed hash to verify against when the user does not exist, so timing does not reveal usernames.
let dummyHash: Promise<string> | undefined;

export async function checkPassword(db: Kysely<DB>, username: string, password: string): Promise<string> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'active'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (!user || !user.password_hash || !user.active) {
    dummyHash ??= hash('not-a-real-password');
    await verify(await dummyHash, password);
    throw new AppError('UNAUTHENTICATED', {}, { reason: 'bad_credentials' });
  }
  if (!(await verify(user.password_hash, password))) throw new AppError('UNAUTHENTICATED', {}, { reason: 'bad_credentials' });
  return user.id;
}

/**
 * Sessions run on the wall clock, not the simulated clock of the use cases: they end `ttlHours` after sign-in
 * (absolute) or `idleMinutes` after their last use (idle), whichever comes first. The row is the session:
 * deleting it signs out at once, on every server process.
 */
export async function createSession(db: Kysely<DB>, userId: string, ttlHours: number, meta: RequestMeta = {}): Promise<string> {
  const token = newToken();
  await db
    .insertInto('sessions')
    .values({
      token_hash: sha256(token),
      user_id: userId,
      expires_at: new Date(Date.now() + ttlHours * 3600_000),
      last_seen_at: new Date(),
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip ?? null,
    })
    .execute();
  return token;
}

export async function endSession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
}

export const sessionIdOf = async (db: Kysely<DB>, token: string | undefined) =>
  token ? (await db.selectFrom('sessions').select('id').where('token_hash', '=', sha256(token)).executeTakeFirst())?.id : undefined;

/** The user's live sessions, newest use first. */
export async function listSessions(db: Kysely<DB>, userId: string, idleMinutes: number) {
  const now = Date.now();
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date(now))
    .where('last_seen_at', '>', new Date(now - idleMinutes * 60_000))
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows;
}

/**
 * Ends sessions of a user: one (`only`), or all but one (`except`), or all; with `tokens`, also revokes the API
 * tokens (a password reset: whoever had the account may have minted one). Answers how many sessions ended.
 */
export async function revokeSessions(db: Kysely<DB>, userId: string, opts: { only?: string; except?: string; tokens?: boolean } = {}): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (opts.only !== undefined) q = q.where('id', '=', opts.only);
  if (opts.except !== undefined) q = q.where('id', '<>', opts.except);
  const r = await q.executeTakeFirst();
  if (opts.tokens) await db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  return Number(r.numDeletedRows);
}

export async function createApiToken(db: Kysely<DB>, userId: string, name: string): Promise<{ id: string; token: string }> {
  const token = `msk_${newToken()}`;
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: sha256(token) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

/** Users joined with their unit (and its parent, for a petition office's scope), as StaffActors. */
export function staffActorQuery(db: Kysely<DB>) {
  return db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .leftJoin('units as parent', 'parent.id', 'units.parent_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.roles',
      'users.active',
      'units.id as unit_id',
      'units.path',
      'units.type as unit_type',
      'parent.path as parent_path',
    ]);
}

type StaffRow = Awaited<ReturnType<ReturnType<typeof staffActorQuery>['executeTakeFirstOrThrow']>>;

export function toStaffActor(row: StaffRow, via: StaffActor['via']): StaffActor {
  return {
    kind: 'staff',
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    unitPath: row.path,
    scopePath: row.unit_type === 'petition_office' && row.parent_path ? row.parent_path : row.path,
    roles: row.roles as Role[],
    via,
  };
}

async function loadActor(db: Kysely<DB>, userId: string, via: StaffActor['via']): Promise<StaffActor | null> {
  const row = await staffActorQuery(db).where('users.id', '=', userId).executeTakeFirst();
  return row && row.active ? toStaffActor(row, via) : null;
}

/** Last use is written at most this often, so a busy session does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

export async function actorFromSession(db: Kysely<DB>, token: string, idleMinutes = 8 * 60): Promise<StaffActor | null> {
  const hashed = sha256(token);
  const s = await db.selectFrom('sessions').select(['user_id', 'expires_at', 'last_seen_at']).where('token_hash', '=', hashed).executeTakeFirst();
  if (!s) return null;
  const now = Date.now();
  if (s.expires_at.getTime() <= now || s.last_seen_at.getTime() + idleMinutes * 60_000 <= now) {
    await db.deleteFrom('sessions').where('token_hash', '=', hashed).execute();
    return null;
  }
  if (now - s.last_seen_at.getTime() >= TOUCH_EVERY_MS) await db.updateTable('sessions').set({ last_seen_at: new Date(now) }).where('token_hash', '=', hashed).execute();
  return loadActor(db, s.user_id, 'session');
}

export async function actorFromApiToken(db: Kysely<DB>, token: string): Promise<StaffActor | null> {
  const t = await db
    .updateTable('api_tokens')
    .set({ last_used_at: new Date() })
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .returning('user_id')
    .executeTakeFirst();
  return t ? loadActor(db, t.user_id, 'token') : null;
}
