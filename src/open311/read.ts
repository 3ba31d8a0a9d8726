/**
 * GET requests, requests/{id}, tokens/{token}: the public feed. GET needs no key, so it shows only what anyone may
 * know about a matter: its category, state, dates, the responsible unit and the public timeline's last step.
 * - Accusations (检举控告) are never listed, and asking for one answers 404 like an unknown id: even their existence
 *   could point the accused at the accuser (信访工作条例 第三十条).
 * - A petition's own words stay internal (they are full of names and addresses); only requests submitted through
 *   POST requests — a public interface by the spec — show their description, location and media_url.
 * - No petitioner, representative, staff member or contact field is ever read here: the query does not touch the
 *   petitioners tables at all.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Lang } from '../core/i18n.js';
import { w3c, type Rec } from './format.js';
import { notFound } from './errors.js';
import { CLOSED_STATES, eventNote, open311Status, statusLabel } from './status.js';

export interface RequestFilter {
  ids?: string[];
  serviceCodes?: string[];
  start?: Date;
  end?: Date;
  statuses?: ('open' | 'closed')[];
  limit: number;
}

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('cases as c')
    .leftJoin('categories as cat', 'cat.id', 'c.category_id')
    .leftJoin('units as lead', 'lead.id', 'c.lead_unit_id')
    .innerJoin('units as intake', 'intake.id', 'c.intake_unit_id')
    .leftJoin('open311_requests as o', 'o.case_id', 'c.id')
    .select([
      'c.id',
      'c.reg_no',
      'c.status',
      'c.content',
      'c.location',
      'c.received_at',
      'c.anonymised_at',
      'cat.code as service_code',
      'cat.name as service_name',
      'cat.name_en as service_name_en',
      'lead.name as lead_name',
      'intake.name as intake_name',
      'o.case_id as via_open311',
      'o.lat',
      'o.long',
      'o.address_id',
      'o.media_url',
      'o.token',
    ])
    .select([
      sql<Date | null>`(SELECT max(e.at) FROM case_events e WHERE e.case_id = c.id)`.as('updated_at'),
      sql<Date | null>`(SELECT min(k.due_at) FROM case_clocks k WHERE k.case_id = c.id AND k.status = 'running')`.as('expected_at'),
      sql<{ type: string; data: unknown } | null>`(SELECT json_build_object('type', e.type, 'data', e.data) FROM case_events e
        WHERE e.case_id = c.id AND e.public ORDER BY e.id DESC LIMIT 1)`.as('last_public'),
    ])
    .where('c.kind', '<>', 'accusation');
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function requestOut(r: Row, lang: Lang): Rec {
  // a matter anonymised by retention (src/retention) shows nothing of what its submitter sent, as if staff-registered
  const own = r.via_open311 !== null && r.anonymised_at === null;
  const last = r.last_public;
  const label = statusLabel(r.status, lang);
  const note = last ? eventNote(last.type, last.data, lang) : '';
  return {
    service_request_id: r.reg_no,
    status: open311Status(r.status),
    status_notes: note && note !== label ? `${label}：${note}` : label,
    service_name: (lang === 'en' && r.service_name_en ? r.service_name_en : r.service_name) ?? '',
    service_code: r.service_code ?? '',
    description: own ? r.content : '',
    agency_responsible: r.lead_name ?? r.intake_name,
    service_notice: '',
    requested_datetime: w3c(r.received_at),
    updated_datetime: w3c(r.updated_at ? new Date(r.updated_at) : r.received_at),
    expected_datetime: w3c(r.expected_at ? new Date(r.expected_at) : null),
    address: own ? (r.location ?? '') : '',
    address_id: own ? (r.address_id ?? '') : '',
    zipcode: '',
    lat: own && r.lat !== null ? String(r.lat) : '',
    long: own && r.long !== null ? String(r.long) : '',
    media_url: own ? (r.media_url ?? '') : '',
  };
}

export async function listRequests(db: Kysely<DB>, f: RequestFilter, lang: Lang): Promise<Rec[]> {
  let q = baseQuery(db);
  if (f.ids) q = q.where('c.reg_no', 'in', f.ids.length ? f.ids : ['']);
  else {
    if (f.serviceCodes?.length) q = q.where('cat.code', 'in', f.serviceCodes);
    if (f.start) q = q.where('c.received_at', '>=', f.start);
    if (f.end) q = q.where('c.received_at', '<=', f.end);
    if (f.statuses?.length === 1) {
      const closed = sql<boolean>`c.status IN (${sql.join([...CLOSED_STATES])})`;
      q = q.where(f.statuses[0] === 'closed' ? closed : sql<boolean>`NOT ${closed}`);
    }
  }
  const rows = await q.orderBy('c.received_at', 'desc').orderBy('c.reg_no', 'desc').limit(f.limit).execute();
  return rows.map((r) => requestOut(r, lang));
}

export async function oneRequest(db: Kysely<DB>, id: string, lang: Lang): Promise<Rec[]> {
  const row = await baseQuery(db).where('c.reg_no', '=', id).executeTakeFirst();
  if (!row) throw notFound(`service_request_id ${id} not found`);
  return [requestOut(row, lang)];
}

/** A token from POST requests → its service_request_id (ours is known at once, so the token always resolves). */
export async function requestForToken(db: Kysely<DB>, token: string): Promise<Rec[]> {
  const row = await db
    .selectFrom('open311_requests as o')
    .innerJoin('cases as c', 'c.id', 'o.case_id')
    .select(['c.reg_no', 'o.token'])
    .where('o.token', '=', token)
    .executeTakeFirst();
  if (!row) throw notFound(`token ${token} not found`);
  return [{ service_request_id: row.reg_no, token: row.token }];
}
