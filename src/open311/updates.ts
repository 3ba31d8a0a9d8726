/**
 * The mySociety update extension: GET servicerequestupdates lists the public steps of matters (one update per public
 * event), POST servicerequestupdates lets the client that submitted a request add a note to it.
 *
 * A pushed update never changes our state, whatever its status says: closing a matter here takes the statutory
 * steps (a written reply approved by the unit head, 第三十二条; closing by a dispatcher, unit head or supervisor), and
 * reopening one is the supervisor's decision. So a pushed OPEN or CLOSED is recorded as a public note event
 * ('open311_update', with the other system's status and words), which staff see on the case page and the public
 * in the feed; it is the handling unit that acts on it.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Lang } from '../core/i18n.js';
import { appendEvent } from '../cases/events.js';
import { writeAudit } from '../audit/audit.js';
import type { RequestMeta } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { bad, notFound } from './errors.js';
import { w3c, type Rec } from './format.js';
import { verifyApiKey } from './keys.js';
import { eventNote, extendedStatus } from './status.js';
import type { Form } from './submit.js';
import { MAX_RESULTS } from './window.js';

export async function listUpdates(db: Kysely<DB>, w: { start: Date; end: Date; ids?: string[] }, lang: Lang): Promise<Rec[]> {
  let q = db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .select(['e.id', 'e.type', 'e.data', 'e.at', 'e.to_status', 'e.from_status', 'c.reg_no', 'c.status'])
    .where('e.public', '=', true)
    .where('c.kind', '<>', 'accusation') // 第三十条: as in the request feed, an accusation is not there at all
    .where('e.at', '>=', w.start)
    .where('e.at', '<=', w.end);
  if (w.ids) q = q.where('c.reg_no', 'in', w.ids.length ? w.ids : ['']);
  const rows = await q.orderBy('e.id').limit(MAX_RESULTS).execute();
  return rows.map((e) => {
    const state = e.to_status ?? e.from_status ?? e.status;
    const d = (e.data ?? {}) as { mediaUrl?: string };
    return {
      update_id: String(e.id),
      service_request_id: e.reg_no,
      status: extendedStatus(state),
      updated_datetime: w3c(e.at),
      description: eventNote(e.type, e.data, lang),
      media_url: e.type === 'open311_update' ? (d.mediaUrl ?? '') : '',
      external_status_code: state,
    };
  });
}

const one = (f: Form, name: string) => {
  const v = f[name];
  if (v && v.length > 1) throw bad(`${name}: given more than once`);
  const s = v?.[0]?.trim();
  return s ? s : undefined;
};

export async function postUpdate(deps: Deps, args: { form: Form; meta: RequestMeta }): Promise<Rec[]> {
  const f = args.form;
  const key = await verifyApiKey(deps, one(f, 'api_key'));
  const requestId = one(f, 'service_request_id');
  const updateId = one(f, 'update_id');
  const status = one(f, 'status')?.toUpperCase();
  const description = one(f, 'description');
  const updated = one(f, 'updated_datetime');
  const mediaUrl = one(f, 'media_url');
  if (!requestId) throw bad('service_request_id: required');
  if (!updateId || updateId.length > 100) throw bad('update_id: required, at most 100 characters');
  if (!status || !/^[A-Z_]{2,40}$/.test(status)) throw bad('status: required (OPEN, CLOSED or an extended status)');
  if (!description || [...description].length > 4000) throw bad('description: required, at most 4,000 characters');
  if (!updated || Number.isNaN(Date.parse(updated))) throw bad('updated_datetime: required, W3C');
  if (mediaUrl && !/^https?:\/\/\S{1,2000}$/i.test(mediaUrl)) throw bad('media_url: an http(s) URL');

  // a key adds notes only to the requests it submitted
  const c = await deps.db
    .selectFrom('open311_requests as o')
    .innerJoin('cases as c', 'c.id', 'o.case_id')
    .select(['c.id', 'c.status'])
    .where('c.reg_no', '=', requestId)
    .where('o.api_key_id', '=', key.id)
    .where('c.kind', '<>', 'accusation')
    .executeTakeFirst();
  if (!c) throw notFound(`service_request_id ${requestId} not found`);

  const actor = { kind: 'system' as const, job: 'open311' };
  const record = () => deps.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('open311_updates').select('event_id').where('api_key_id', '=', key.id).where('remote_update_id', '=', updateId).executeTakeFirst();
    if (before) return before.event_id; // a retried POST: recorded once
    await appendEvent(tx, actor, {
      caseId: c.id,
      type: 'open311_update',
      from: c.status,
      to: c.status,
      public: true,
      at: deps.now(),
      data: { status, description, updatedAt: new Date(updated).toISOString(), updateId, client: key.name, ...(mediaUrl ? { mediaUrl } : {}) },
    });
    const ev = await sql<{ id: string }>`SELECT max(id)::text AS id FROM case_events WHERE case_id = ${c.id} AND type = 'open311_update'`.execute(tx);
    const id = ev.rows[0]!.id;
    // a concurrent duplicate loses here and rolls its event back
    await tx.insertInto('open311_updates').values({ api_key_id: key.id, remote_update_id: updateId, case_id: c.id, event_id: id }).execute();
    await writeAudit(tx, actor, args.meta, { action: 'open311.update', entityType: 'case', entityId: c.id, data: { updateId, status, client: key.name } });
    return id;
  });
  let eventId: string;
  try {
    eventId = await record();
  } catch (e) {
    // two copies of one update at the same time: the loser's transaction rolled back; answer the winner's event
    if ((e as { code?: string }).code !== '23505') throw e;
    eventId = await record();
  }
  return [{ update_id: String(eventId) }];
}
