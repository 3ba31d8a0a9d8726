/**
 * API keys for the clients that POST to us. The key is shown once at creation; only its sha256 is stored, so a
 * leaked database does not leak working keys. Each key names the unit where its matters are registered.
 */
import { sql } from 'kysely';
import { AppError } from '../core/errors.js';
import { inputRule } from '../core/input-rules.js';
import { newToken, sha256 } from '../core/ids.js';
import { writeAudit } from '../audit/audit.js';
import { requireRole, isWithin, type StaffActor, type RequestMeta } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { forbidden } from './errors.js';

export interface ApiKey {
  id: string;
  name: string;
  unitId: string;
}

export const KEY_UNIT = inputRule({ field: 'unitId', message: 'unknown unit', doc: 'a unit of your own subtree (another answers like one that does not exist)' });

export async function createApiKey(deps: Deps, actor: StaffActor, meta: RequestMeta, input: { name: string; unitId: string }) {
  requireRole(actor, 'admin');
  const unit = await deps.db.selectFrom('units').select(['id', 'path']).where('id', '=', input.unitId).executeTakeFirst();
  // an administrator hands out keys for units of their own subtree only; another answers like a unit that does not exist
  if (!unit || !isWithin(unit.path, actor.scopePath)) throw KEY_UNIT.error();
  const key = `o311_${newToken()}`;
  const row = await deps.db.transaction().execute(async (tx) => {
    const r = await tx.insertInto('open311_api_keys').values({ name: input.name, key_hash: sha256(key), unit_id: unit.id, created_by: actor.userId }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
    await writeAudit(tx, actor, meta, { action: 'open311.key.create', entityType: 'open311_api_key', entityId: r.id, data: { name: input.name, unitId: unit.id } });
    return r;
  });
  return { id: row.id, name: input.name, unitId: unit.id, createdAt: row.created_at, apiKey: key };
}

export async function listApiKeys(deps: Deps, actor: StaffActor) {
  requireRole(actor, 'admin');
  const rows = await deps.db
    .selectFrom('open311_api_keys as k')
    .innerJoin('units as u', 'u.id', 'k.unit_id')
    .select(['k.id', 'k.name', 'k.unit_id', 'u.name as unit_name', 'k.created_at', 'k.revoked_at'])
    .where('u.path', 'like', `${actor.scopePath}%`)
    .orderBy('k.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, unitId: r.unit_id, unitName: r.unit_name, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

export async function revokeApiKey(deps: Deps, actor: StaffActor, meta: RequestMeta, id: string) {
  requireRole(actor, 'admin');
  if (!/^\d{1,18}$/.test(id)) throw new AppError('NOT_FOUND');
  const done = await deps.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('open311_api_keys')
      .set({ revoked_at: deps.now() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where(sql<boolean>`unit_id IN (SELECT id FROM units WHERE path LIKE ${`${actor.scopePath}%`})`)
      .returning('id')
      .executeTakeFirst();
    if (r) await writeAudit(tx, actor, meta, { action: 'open311.key.revoke', entityType: 'open311_api_key', entityId: id });
    return r;
  });
  if (!done) throw new AppError('NOT_FOUND');
  return { ok: true };
}

/** The key a POST carries, or 403 (missing, unknown or revoked answer alike). */
export async function verifyApiKey(deps: Deps, key: unknown): Promise<ApiKey> {
  if (typeof key !== 'string' || key.length < 10 || key.length > 200) throw forbidden();
  const row = await deps.db.selectFrom('open311_api_keys').select(['id', 'name', 'unit_id']).where('key_hash', '=', sha256(key)).where('revoked_at', 'is', null).executeTakeFirst();
  if (!row) throw forbidden();
  return { id: row.id, name: row.name, unitId: row.unit_id };
}
