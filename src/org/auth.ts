import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { AppError } from '../core/errors.js';
import { newToken, sha256 } from '../core/ids.js';
import type { DB } from '../db/types.js';
import type { StaffActor } from './actor.js';
import type { Role } from './roles.js';

export const hashPassword = (password: string) => hash(password);

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

export async function createSession(db: Kysely<DB>, userId: string, ttlHours: number): Promise<string> {
  const token = newToken();
  await db
    .insertInto('sessions')
    .values({ token_hash: sha256(token), user_id: userId, expires_at: new Date(Date.now() + ttlHours * 3600_000) })
    .execute();
  return token;
}

export async function endSession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
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

export async function actorFromSession(db: Kysely<DB>, token: string): Promise<StaffActor | null> {
  const s = await db
    .selectFrom('sessions')
    .select(['user_id', 'expires_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!s || s.expires_at.getTime() < Date.now()) return null;
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
