/** Administration of the remote GeoReport v2 servers we pull from (src/open311/client.ts). Admin only. */
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { inputRule, rulesFailed } from '../core/input-rules.js';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import { writeAudit } from '../audit/audit.js';
import { isWithin, requireRole, type RequestMeta, type StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';

const refId = z.union([z.string().regex(/^\d{1,18}$/), z.number().int().positive()]).transform(String);

export const remoteInput = z.object({
  name: z.string().trim().min(1).max(100),
  /** the endpoint's url from its discovery, e.g. https://311.example.gov/open311/v2 */
  baseUrl: z.string().trim().url().regex(/^https?:\/\//, 'http(s) only').max(500).transform((s) => s.replace(/\/+$/, '')),
  apiKey: z.string().trim().min(1).max(500),
  jurisdictionId: z.string().trim().max(200).optional(),
  /** remote service_code → our category id; requests of other services are not pulled */
  serviceMap: z.record(z.string().min(1).max(200), refId),
  intakeUnitId: refId,
});

const out = (r: { id: string; name: string; base_url: string; jurisdiction_id: string | null; service_map: Record<string, string>; intake_unit_id: string; active: boolean; pulled_until: Date | null; last_error: string | null; last_run_at: Date | null }) => ({
  id: r.id,
  name: r.name,
  baseUrl: r.base_url,
  jurisdictionId: r.jurisdiction_id,
  serviceMap: r.service_map,
  intakeUnitId: r.intake_unit_id,
  active: r.active,
  pulledUntil: r.pulled_until,
  lastError: r.last_error,
  lastRunAt: r.last_run_at,
});

export const REMOTE_UNIT = inputRule({ field: 'intakeUnitId', message: 'unknown unit', doc: 'a unit of your own subtree' });
export const SERVICE_MAP = inputRule({ field: 'serviceMap.CODE', message: 'unknown category', doc: 'each service code maps to an active category of GET /api/categories' });

export async function createRemote(deps: Deps, actor: StaffActor, meta: RequestMeta, body: unknown, lang: Lang) {
  requireRole(actor, 'admin');
  const input = parseInput(remoteInput, body, lang);
  const unit = await deps.db.selectFrom('units').select(['id', 'path']).where('id', '=', input.intakeUnitId).executeTakeFirst();
  if (!unit || !isWithin(unit.path, actor.scopePath)) throw REMOTE_UNIT.error();
  for (const [code, id] of Object.entries(input.serviceMap)) {
    const cat = await deps.db.selectFrom('categories').select('id').where('id', '=', id).where('active', '=', true).executeTakeFirst();
    if (!cat) throw rulesFailed(SERVICE_MAP, [{ field: `serviceMap.${code}`, message: SERVICE_MAP.message }]);
  }
  const taken = await deps.db.selectFrom('open311_remotes').select('id').where('base_url', '=', input.baseUrl).executeTakeFirst();
  if (taken) throw new AppError('ALREADY_EXISTS', { field: 'baseUrl' });
  const row = await deps.db.transaction().execute(async (tx) => {
    const r = await tx
      .insertInto('open311_remotes')
      .values({ name: input.name, base_url: input.baseUrl, api_key: input.apiKey, jurisdiction_id: input.jurisdictionId ?? null, service_map: JSON.stringify(input.serviceMap), intake_unit_id: unit.id })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(tx, actor, meta, { action: 'open311.remote.create', entityType: 'open311_remote', entityId: r.id, data: { name: r.name, baseUrl: r.base_url } });
    return r;
  });
  return out(row);
}

/** the remotes whose intake unit is in the administrator's subtree; never their api_key */
export async function listRemotes(deps: Deps, actor: StaffActor) {
  requireRole(actor, 'admin');
  const rows = await deps.db
    .selectFrom('open311_remotes as r')
    .innerJoin('units as u', 'u.id', 'r.intake_unit_id')
    .selectAll('r')
    .where('u.path', 'like', `${actor.scopePath}%`)
    .orderBy('r.id')
    .execute();
  return rows.map(out);
}

export async function remoteFor(deps: Deps, actor: StaffActor, id: string) {
  requireRole(actor, 'admin');
  if (!/^\d{1,18}$/.test(id)) throw new AppError('NOT_FOUND');
  const r = await deps.db
    .selectFrom('open311_remotes as r')
    .innerJoin('units as u', 'u.id', 'r.intake_unit_id')
    .select(['r.id', 'u.path'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!r || !isWithin(r.path, actor.scopePath)) throw new AppError('NOT_FOUND');
  return r.id;
}
