/**
 * The Open311 client: pulls service requests from another GeoReport v2 server into our cases and pushes our public
 * steps back through its servicerequestupdates (the mySociety extension). A pg-boss job runs it on a schedule
 * (src/jobs/boss.ts); an administrator can run one remote at once (POST /api/open311/remotes/:id/sync).
 * - Idempotent on the remote id: registerExternal (src/interop/external-refs.ts) finds a request pulled before, also
 *   when two pulls race; the source is 'open311:' + the remote's endpoint url.
 * - A remote's GET output carries no personal data (it must not, by the spec's own privacy note), so a pulled matter
 *   is registered anonymous; what we push is the public step's label and our open/closed state, nothing else.
 * - Every pushed event is recorded (open311_pushes) and carries update_id 'minsheng-<event id>', so a push whose
 *   answer was lost and is sent again is recorded once on the other side.
 */
import { z } from 'zod';
import { sql } from 'kysely';
import { registerExternal } from '../interop/external-refs.js';
import type { Deps } from '../workflow/deps.js';
import { w3c } from './format.js';
import { eventNote, open311Status, statusLabel } from './status.js';
import { MAX_DAYS, MAX_RESULTS } from './window.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** re-read this much before the last pull's end: a request registered there just before is not missed */
const OVERLAP = DAY;
const TIMEOUT_MS = 20_000;
const PUSH_BATCH = 500;

const remoteRequest = z.object({
  service_request_id: z.union([z.string(), z.number()]).transform(String),
  service_code: z.union([z.string(), z.number()]).transform(String).optional(),
  service_name: z.string().nullish(),
  description: z.string().nullish(),
  address: z.string().nullish(),
  lat: z.union([z.string(), z.number()]).nullish(),
  long: z.union([z.string(), z.number()]).nullish(),
  requested_datetime: z.string().nullish(),
  status: z.string().nullish(),
});
type RemoteRequest = z.infer<typeof remoteRequest>;

export interface SyncResult {
  created: number;
  already: number;
  skipped: number;
  invalid: number;
  pushed: number;
  error: string | null;
}

type Remote = { id: string; base_url: string; api_key: string; jurisdiction_id: string | null; service_map: Record<string, string>; intake_unit_id: string; pulled_until: Date | null };

const sourceOf = (r: { base_url: string }) => `open311:${r.base_url}`;

async function fetchRequests(r: Remote, start: Date, end: Date): Promise<RemoteRequest[]> {
  const qs = new URLSearchParams({ start_date: start.toISOString(), end_date: end.toISOString(), ...(r.jurisdiction_id ? { jurisdiction_id: r.jurisdiction_id } : {}) });
  const res = await fetch(`${r.base_url}/requests.json?${qs}`, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET requests: HTTP ${res.status}`);
  const body = z.array(z.unknown()).parse(await res.json());
  // a record that is not a request is counted as invalid, not a reason to drop the others
  return body.map((x) => remoteRequest.safeParse(x)).map((p) => (p.success ? p.data : ({ service_request_id: '' } as RemoteRequest)));
}

/** The window, cut in halves while the remote answers its maximum (its list may have been cut short). */
async function fetchAll(r: Remote, start: Date, end: Date, out: RemoteRequest[]) {
  const got = await fetchRequests(r, start, end);
  if (got.length >= MAX_RESULTS && end.getTime() - start.getTime() > HOUR) {
    const mid = new Date((start.getTime() + end.getTime()) / 2);
    await fetchAll(r, start, mid, out);
    await fetchAll(r, mid, end, out);
    return;
  }
  out.push(...got);
}

const clip = (s: string, n: number) => [...s].slice(0, n).join('');

function caseInput(x: RemoteRequest, categoryId: string, now: Date) {
  const name = x.service_name?.trim() || x.service_code || 'Open311';
  const description = x.description?.trim() ?? '';
  const place = x.address?.trim() || (x.lat != null && x.long != null ? `${x.lat},${x.long}` : '');
  const received = x.requested_datetime ? new Date(x.requested_datetime) : undefined;
  return {
    channel: 'api',
    categoryId,
    title: clip(description ? `${name}：${description}` : name, 60).padEnd(2, '。'),
    content: [description || name, `Open311 ${x.service_request_id}`, ...(place ? [`位置 / location: ${place}`] : [])].join('\n').padEnd(5, '。'),
    ...(place ? { location: clip(place, 500) } : {}),
    anonymous: true,
    ...(received && !Number.isNaN(received.getTime()) && received.getTime() <= now.getTime() ? { receivedAt: received.toISOString() } : {}),
  };
}

async function pull(deps: Deps, r: Remote, res: SyncResult) {
  const now = deps.now();
  let start = r.pulled_until ? new Date(r.pulled_until.getTime() - OVERLAP) : new Date(now.getTime() - MAX_DAYS * DAY);
  while (start.getTime() < now.getTime()) {
    const end = new Date(Math.min(now.getTime(), start.getTime() + (MAX_DAYS - 1) * DAY));
    const got: RemoteRequest[] = [];
    await fetchAll(r, start, end, got);
    for (const x of got) {
      if (!x.service_request_id) {
        res.invalid++;
        continue;
      }
      const categoryId = x.service_code ? r.service_map[x.service_code] : undefined;
      if (!categoryId) {
        res.skipped++;
        continue;
      }
      try {
        const reg = await registerExternal(deps, {
          actor: { kind: 'system', job: 'open311-pull' },
          meta: {},
          lang: 'zh',
          source: sourceOf(r),
          externalId: x.service_request_id,
          input: caseInput(x, categoryId, now),
          intakeUnitId: r.intake_unit_id,
        });
        if (reg.created) res.created++;
        else res.already++;
      } catch (e) {
        if ((e as { code?: string }).code !== 'VALIDATION_FAILED') throw e;
        res.invalid++;
      }
    }
    await deps.db.updateTable('open311_remotes').set({ pulled_until: end }).where('id', '=', r.id).execute();
    start = end;
    if (end.getTime() >= now.getTime()) break;
  }
}

async function push(deps: Deps, r: Remote, res: SyncResult) {
  // our public steps of the matters pulled from this remote, not yet pushed; not the registration (the remote knows
  // the request) and not notes that came in through servicerequestupdates (they are the other side's words)
  const events = await deps.db
    .selectFrom('case_events as e')
    .innerJoin('case_external_refs as x', 'x.case_id', 'e.case_id')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .select(['e.id', 'e.type', 'e.data', 'e.at', 'e.to_status', 'e.from_status', 'c.status', 'x.external_id'])
    .where('x.source', '=', sourceOf(r))
    .where('e.public', '=', true)
    .where('e.type', 'not in', ['register', 'open311_update'])
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM open311_pushes p WHERE p.remote_id = ${r.id} AND p.event_id = e.id)`)
    .orderBy('e.id')
    .limit(PUSH_BATCH)
    .execute();
  for (const e of events) {
    const state = e.to_status ?? e.from_status ?? e.status;
    const form = new URLSearchParams({
      api_key: r.api_key,
      service_request_id: e.external_id,
      update_id: `minsheng-${e.id}`,
      status: open311Status(state).toUpperCase(),
      updated_datetime: w3c(e.at)!,
      description: `${statusLabel(state, 'zh')}：${eventNote(e.type, e.data, 'zh')}`,
      ...(r.jurisdiction_id ? { jurisdiction_id: r.jurisdiction_id } : {}),
    });
    const answer = await fetch(`${r.base_url}/servicerequestupdates.json`, { method: 'POST', body: form, signal: AbortSignal.timeout(TIMEOUT_MS) });
    // stop at the first refusal: the rest go out, in order, at the next run
    if (!answer.ok) throw new Error(`POST servicerequestupdates: HTTP ${answer.status} for event ${e.id}`);
    await deps.db.insertInto('open311_pushes').values({ remote_id: r.id, event_id: e.id }).onConflict((oc) => oc.doNothing()).execute();
    res.pushed++;
  }
}

/** One remote: pull, then push. An unreachable remote or a refusal is recorded on the remote, never thrown. */
export async function syncRemote(deps: Deps, remoteId: string): Promise<SyncResult> {
  const res: SyncResult = { created: 0, already: 0, skipped: 0, invalid: 0, pushed: 0, error: null };
  const r = await deps.db.selectFrom('open311_remotes').selectAll().where('id', '=', remoteId).where('active', '=', true).executeTakeFirst();
  if (!r) return { ...res, error: 'no such active remote' };
  try {
    await pull(deps, r, res);
    await push(deps, r, res);
  } catch (e) {
    res.error = (e as Error).message.slice(0, 500);
  }
  await deps.db.updateTable('open311_remotes').set({ last_error: res.error, last_run_at: deps.now() }).where('id', '=', r.id).execute();
  return res;
}

/** The scheduled job: every active remote in turn. */
export async function syncAllRemotes(deps: Deps): Promise<Record<string, SyncResult>> {
  const rows = await deps.db.selectFrom('open311_remotes').select('id').where('active', '=', true).orderBy('id').execute();
  const out: Record<string, SyncResult> = {};
  for (const { id } of rows) out[id] = await syncRemote(deps, id);
  return out;
}
