/**
 * Requesting, generating and reading reports. A request stores a queued row and hands its id to the report queue
 * (pg-boss, registered by src/jobs/boss.ts; without it — a test, a server started without jobs — the report is made
 * in this process right after the answer). The job writes status and progress as it goes, numbers the report
 * (文号 民声析〔YYYY〕N号, N counted within the year) and stores the three files.
 */
import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../calendar/dates.js';
import { AppError } from '../core/errors.js';
import { inputRule, isoDateInput, periodRules, withRules } from '../core/input-rules.js';
import { parseInput } from '../core/validate.js';
import { METRIC_ROLES, resolveUnit } from '../analytics/report.js';
import { requireRole, type StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { hotspotTopicReport } from '../intel/hotspots.js';
import { reportContent, TOPIC_NEEDS_INDEX } from './content.js';
import { renderDocx } from './docx.js';
import { renderPdf } from './pdf.js';
import { renderXlsx } from './xlsx.js';
import { KIND_NAMES, lastWholePeriod, REPORT_KINDS, today, type ReportKind } from './periods.js';

export const DOC_PREFIX = '民声析';
const MAX_DAYS = 366;

const BOTH_OR_NEITHER = inputRule<{ from?: string; to?: string }>({
  field: 'to',
  message: 'give both from and to, or neither',
  test: (v) => (v.from === undefined) === (v.to === undefined),
});
export const NO_SUCH_TOPIC = inputRule({ field: 'topicIndex', message: 'no such hotspot topic in your scope', doc: 'an index of GET /api/analytics/hotspots in your scope' });
export const reportRequest = withRules(
  z.object({
    kind: z.enum(REPORT_KINDS),
    unitId: z.string().regex(/^\d{1,18}$/, 'a unit id (digits)').optional(),
    from: isoDateInput('first day (CST); default: the last whole week, month or quarter').optional(),
    to: isoDateInput('last day (CST), inclusive').optional(),
    topicIndex: z.number().int().min(0).max(1000).optional().describe('the hotspot topic of a topic report (GET /api/analytics/hotspots)'),
    public: z.boolean().default(false).describe('公开版: small counts suppressed, no titles'),
  }),
  BOTH_OR_NEITHER,
  ...periodRules(MAX_DAYS),
  TOPIC_NEEDS_INDEX,
);

export type FileFormat = 'xlsx' | 'docx' | 'pdf';
export const MIME: Record<FileFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

type Enqueue = (id: string) => Promise<void>;
let enqueue: Enqueue | null = null;
/** src/jobs/boss.ts registers the pg-boss queue here; null falls back to generating in this process. */
export function setReportQueue(fn: Enqueue | null) {
  enqueue = fn;
}

async function queue(deps: Deps, id: string) {
  if (enqueue) return enqueue(id);
  setImmediate(() => void generateReport(deps, id).catch(() => {}));
}

/** The actor a report is made for: the requester, or for the schedule an analyst of the top unit. */
async function actorOf(deps: Deps, row: { requested_by: string | null; unit_id: string }): Promise<StaffActor> {
  if (row.requested_by) {
    const u = await deps.db
      .selectFrom('users')
      .innerJoin('units', 'units.id', 'users.unit_id')
      .select(['users.id', 'users.username', 'users.display_name', 'users.unit_id', 'users.roles', 'units.path', 'units.type', 'units.parent_id'])
      .where('users.id', '=', row.requested_by)
      .executeTakeFirstOrThrow();
    const parent = u.type === 'petition_office' && u.parent_id ? await deps.db.selectFrom('units').select('path').where('id', '=', u.parent_id).executeTakeFirst() : undefined;
    return { kind: 'staff', userId: u.id, username: u.username, displayName: u.display_name, unitId: String(u.unit_id), unitPath: u.path, scopePath: parent?.path ?? u.path, roles: u.roles as StaffActor['roles'], via: 'session' };
  }
  const unit = await deps.db.selectFrom('units').select(['id', 'path']).where('id', '=', row.unit_id).executeTakeFirstOrThrow();
  return { kind: 'staff', userId: '00000000-0000-0000-0000-000000000000', username: 'report-schedule', displayName: '定期报告', unitId: String(unit.id), unitPath: unit.path, scopePath: unit.path, roles: ['analyst'], via: 'session' };
}

export async function requestReport(deps: Deps, args: UseCaseArgs & { body: unknown }) {
  requireRole(args.actor, ...METRIC_ROLES);
  const actor = args.actor as StaffActor;
  const input = parseInput(reportRequest, args.body ?? {}, args.lang);
  const unit = await resolveUnit(deps, actor, input.unitId);
  let from = input.from as IsoDate | undefined;
  let to = input.to as IsoDate | undefined;
  if (input.kind !== 'topic' && !from) ({ from, to } = lastWholePeriod(input.kind, today(deps.now())));
  if (input.kind === 'topic') {
    const t = await hotspotTopicReport(deps, actor, input.topicIndex!).catch(() => {
      throw NO_SUCH_TOPIC.error();
    });
    const d = (x: Date | string | null) => new Date(new Date(x ?? deps.now()).getTime() + 8 * 3600_000).toISOString().slice(0, 10) as IsoDate;
    from = d(t.periodStart);
    to = d(t.periodEnd);
  }
  const row = await deps.db
    .insertInto('reports')
    .values({ kind: input.kind, unit_id: unit.id, period_from: from!, period_to: to!, topic_index: input.topicIndex ?? null, public: input.public, requested_by: actor.userId })
    .returning(['id', 'status'])
    .executeTakeFirstOrThrow();
  await queue(deps, String(row.id));
  return { id: String(row.id), status: row.status };
}

/** Made by the schedule: one report per kind, unit and period (a second run of the same day does nothing). */
export async function scheduleReport(deps: Deps, kind: Exclude<ReportKind, 'topic'>, unitId: string, day: IsoDate) {
  const p = lastWholePeriod(kind, day);
  const exists = await deps.db
    .selectFrom('reports')
    .select('id')
    .where('kind', '=', kind)
    .where('unit_id', '=', unitId)
    .where('period_from', '=', p.from)
    .where('period_to', '=', p.to)
    .where('requested_by', 'is', null)
    .executeTakeFirst();
  if (exists) return null;
  const row = await deps.db.insertInto('reports').values({ kind, unit_id: unitId, period_from: p.from, period_to: p.to, public: false, requested_by: null }).returning('id').executeTakeFirstOrThrow();
  return String(row.id);
}

/** What the schedule makes on a day: the weekly report on Mondays, monthly on the 1st, quarterly on 1 Jan/Apr/Jul/Oct. */
export function kindsDue(day: IsoDate): Exclude<ReportKind, 'topic'>[] {
  const [, m, d] = day.split('-').map(Number) as [number, number, number];
  const kinds: Exclude<ReportKind, 'topic'>[] = [];
  if (new Date(`${day}T00:00:00Z`).getUTCDay() === 1) kinds.push('weekly');
  if (d === 1) kinds.push('monthly');
  if (d === 1 && (m - 1) % 3 === 0) kinds.push('quarterly');
  return kinds;
}

/**
 * The scheduled run of one day for the top units (default: every root of the unit tree and every city — a city under
 * a province still wants its own 周研判/月分析); returns the ids queued.
 */
export async function runSchedule(deps: Deps, opts: { day?: IsoDate; unitIds?: string[] } = {}): Promise<string[]> {
  if (!deps.config.reports.schedule) return [];
  const day = opts.day ?? today(deps.now());
  const units = opts.unitIds ?? (await deps.db.selectFrom('units').select('id').where((eb) => eb.or([eb('parent_id', 'is', null), eb('type', '=', 'city')])).where('active', '=', true).orderBy('path').execute()).map((u) => String(u.id));
  const ids: string[] = [];
  for (const kind of kindsDue(day)) for (const u of units) {
    const id = await scheduleReport(deps, kind, u, day);
    if (id) ids.push(id);
  }
  for (const id of ids) await queue(deps, id);
  return ids;
}

async function nextDocNo(deps: Deps, year: string): Promise<string> {
  const prefix = `${DOC_PREFIX}〔${year}〕`;
  const rows = await deps.db.selectFrom('reports').select('doc_no').where('doc_no', 'like', `${prefix}%`).execute();
  const max = rows.reduce((a, r) => Math.max(a, Number(/〕(\d+)号$/.exec(r.doc_no ?? '')?.[1] ?? 0)), 0);
  return `${prefix}${max + 1}号`;
}

/** The job: content, then the three files, progress written at each step; a failure is stored, never thrown away. */
export async function generateReport(deps: Deps, id: string): Promise<void> {
  const claimed = await deps.db.updateTable('reports').set({ status: 'running', progress: 5 }).where('id', '=', id).where('status', '=', 'queued').returning(['id', 'kind', 'unit_id', 'period_from', 'period_to', 'topic_index', 'public', 'requested_by']).executeTakeFirst();
  if (!claimed) return; // done already, or another worker has it
  const progress = async (p: number) => {
    await deps.db.updateTable('reports').set({ progress: p }).where('id', '=', id).execute();
  };
  try {
    const actor = await actorOf(deps, { requested_by: claimed.requested_by, unit_id: String(claimed.unit_id) });
    const content = await reportContent(
      deps,
      actor,
      { kind: claimed.kind, unitId: String(claimed.unit_id), from: claimed.period_from as IsoDate, to: claimed.period_to as IsoDate, topicIndex: claimed.topic_index ?? undefined, public: claimed.public },
      progress,
    );
    for (let attempt = 0; ; attempt++) {
      content.docNo = await nextDocNo(deps, claimed.period_to.slice(0, 4));
      try {
        await deps.db.updateTable('reports').set({ doc_no: content.docNo, title: content.title }).where('id', '=', id).execute();
        break;
      } catch (err) {
        if (attempt >= 3) throw err; // the unique index: someone took the number meanwhile
      }
    }
    const xlsx = await renderXlsx(content);
    await progress(88);
    const docx = await renderDocx(content);
    await progress(94);
    const pdf = await renderPdf(content);
    await deps.db.updateTable('reports').set({ xlsx, docx, pdf, status: 'done', progress: 100, finished_at: deps.now(), error: null }).where('id', '=', id).execute();
  } catch (err) {
    const message = err instanceof AppError ? err.code : err instanceof Error ? err.message : String(err);
    await deps.db.updateTable('reports').set({ status: 'failed', error: message.slice(0, 2000), finished_at: deps.now() }).where('id', '=', id).execute();
  }
}

const LIST_COLUMNS = ['reports.id', 'reports.kind', 'reports.unit_id', 'units.name as unit_name', 'reports.period_from', 'reports.period_to', 'reports.topic_index', 'reports.public', 'reports.status', 'reports.progress', 'reports.doc_no', 'reports.title', 'reports.created_at', 'reports.finished_at', 'reports.error', 'reports.requested_by'] as const;

function view(r: { id: string; kind: ReportKind; unit_id: string; unit_name: string; period_from: string; period_to: string; topic_index: number | null; public: boolean; status: string; progress: number; doc_no: string | null; title: string | null; created_at: Date; finished_at: Date | null; error: string | null; requested_by: string | null }) {
  return {
    id: String(r.id),
    kind: r.kind,
    kindName: KIND_NAMES[r.kind],
    unit: { id: String(r.unit_id), name: r.unit_name },
    from: r.period_from,
    to: r.period_to,
    topicIndex: r.topic_index,
    public: r.public,
    status: r.status,
    progress: r.progress,
    docNo: r.doc_no,
    title: r.title,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    error: r.error,
    scheduled: r.requested_by === null,
    files: r.status === 'done' ? (['xlsx', 'docx', 'pdf'] as const).map((f) => ({ format: f, url: `/api/reports/${r.id}/file.${f}` })) : [],
  };
}

/** Reports of units in the actor's scope, newest first. */
export async function listReports(deps: Deps, args: UseCaseArgs & { limit?: number }) {
  requireRole(args.actor, ...METRIC_ROLES);
  const actor = args.actor as StaffActor;
  const rows = await deps.db
    .selectFrom('reports')
    .innerJoin('units', 'units.id', 'reports.unit_id')
    .select([...LIST_COLUMNS])
    .where('units.path', 'like', `${actor.scopePath}%`)
    .orderBy('reports.id', 'desc')
    .limit(args.limit ?? 100)
    .execute();
  return { items: rows.map(view) };
}

async function loadReport(deps: Deps, actor: StaffActor, id: string) {
  if (!/^\d{1,18}$/.test(id)) throw new AppError('NOT_FOUND');
  const row = await deps.db
    .selectFrom('reports')
    .innerJoin('units', 'units.id', 'reports.unit_id')
    .select([...LIST_COLUMNS, 'units.path as unit_path'])
    .where('reports.id', '=', id)
    .executeTakeFirst();
  if (!row || !row.unit_path.startsWith(actor.scopePath)) throw new AppError('NOT_FOUND');
  return row;
}

export async function getReport(deps: Deps, args: UseCaseArgs & { id: string }) {
  requireRole(args.actor, ...METRIC_ROLES);
  return view(await loadReport(deps, args.actor as StaffActor, args.id));
}

/** One of the files, with the name an office saves it under: 文号 and title. */
export async function reportFile(deps: Deps, args: UseCaseArgs & { id: string; format: FileFormat }) {
  requireRole(args.actor, ...METRIC_ROLES);
  const r = await loadReport(deps, args.actor as StaffActor, args.id);
  if (r.status !== 'done') throw new AppError('STATE_CONFLICT');
  const file = await deps.db.selectFrom('reports').select(args.format).where('id', '=', r.id).executeTakeFirstOrThrow();
  const bytes = (file as Record<FileFormat, Buffer | null>)[args.format];
  if (!bytes) throw new AppError('NOT_FOUND');
  const filename = `${r.doc_no ?? ''}${r.title ?? '报告'}.${args.format}`.replace(/[\\/:*?"<>|]/g, '_');
  return { bytes, mime: MIME[args.format], filename, report: view(r) };
}
