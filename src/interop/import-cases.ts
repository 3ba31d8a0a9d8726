/**
 * Imports as the API sees them: upload (the file is read once to show its columns, first rows and a suggested
 * mapping), start (the chosen mapping and options, then the job), status with progress, and the error file.
 * Who may import: those the transition table lets register a case (intake, dispatcher); routing to the mapped
 * unit needs a dispatcher. Cases land in the importer's unit and area, as if registered there by the importer.
 * An import is seen by the intake and dispatch staff whose area holds the importer's unit; the stored file is never
 * served back (it may carry personal data), only the verdicts per row.
 */
import { z } from 'zod';
import { writeAudit } from '../audit/audit.js';
import { AppError } from '../core/errors.js';
import { inputRule } from '../core/input-rules.js';
import { parseInput } from '../core/validate.js';
import { requireRole, type StaffActor } from '../org/actor.js';
import type { Deps, UseCaseArgs } from '../workflow/deps.js';
import { mappingSchema, optionsSchema, suggestMapping, TARGETS } from './import-mapping.js';
import { readSheet } from './import-parse.js';
import { runImport } from './import-run.js';

export const IMPORT_ROLES = ['intake', 'dispatcher'] as const;
const PREVIEW_ROWS = 10;

type Enqueue = (id: string) => Promise<void>;
let enqueue: Enqueue | null = null;
/** src/jobs/boss.ts registers the pg-boss queue here; null runs the import in this process after the answer. */
export function setImportQueue(fn: Enqueue | null) {
  enqueue = fn;
}

/** A source name guessed from the layout, so re-importing the same export finds its earlier rows. */
function guessSource(headers: string[], filename: string): string {
  const h = new Set(headers);
  if (h.has('Unique Key') && h.has('Agency')) return 'nyc-311';
  if (h.has('unique_key') && h.has('agency_name')) return 'sf-311';
  if (h.has('工单编号')) return '12345';
  const stem = filename.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return stem.slice(0, 60) || 'spreadsheet';
}

export async function uploadImport(deps: Deps, args: UseCaseArgs & { filename: string; bytes: Buffer }) {
  requireRole(args.actor, ...IMPORT_ROLES);
  const actor = args.actor as StaffActor;
  const sheet = await readSheet(args.filename, args.bytes);
  const row = await deps.db.transaction().execute(async (tx) => {
    const r = await tx
      .insertInto('imports')
      .values({
        created_by: actor.userId,
        unit_id: actor.unitId,
        filename: args.filename.slice(0, 255) || 'import',
        format: sheet.format,
        encoding: sheet.encoding,
        file: args.bytes,
        headers: JSON.stringify(sheet.headers),
        total_rows: sheet.rows.length,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await writeAudit(tx, actor, args.meta, { action: 'import.upload', entityType: 'import', entityId: r.id, data: { filename: args.filename, format: sheet.format, rows: sheet.rows.length, bytes: args.bytes.length } });
    return r;
  });
  return {
    id: row.id,
    filename: args.filename,
    format: sheet.format,
    encoding: sheet.encoding,
    headers: sheet.headers,
    totalRows: sheet.rows.length,
    preview: sheet.rows.slice(0, PREVIEW_ROWS),
    targets: TARGETS,
    suggested: { mapping: suggestMapping(sheet.headers), options: { source: guessSource(sheet.headers, args.filename) } },
  };
}

async function loadImport(deps: Deps, actor: StaffActor, id: string) {
  requireRole(actor, ...IMPORT_ROLES);
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('NOT_FOUND');
  const row = await deps.db
    .selectFrom('imports')
    .innerJoin('units', 'units.id', 'imports.unit_id')
    .select(['imports.id', 'imports.created_by', 'imports.filename', 'imports.format', 'imports.encoding', 'imports.headers', 'imports.total_rows', 'imports.source', 'imports.mapping', 'imports.options', 'imports.status', 'imports.progress', 'imports.counts', 'imports.error', 'imports.created_at', 'imports.started_at', 'imports.finished_at'])
    .where('imports.id', '=', id)
    .where('units.path', 'like', `${actor.scopePath}%`)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND'); // outside the actor's area: as if it did not exist
  return row;
}

export const startBody = z.object({ mapping: mappingSchema, options: optionsSchema });

export const MAPPED_COLUMNS = inputRule({ field: 'mapping', message: 'no such column', doc: 'every mapped column is a header of the uploaded file' });

export async function startImport(deps: Deps, args: UseCaseArgs & { id: string; body: unknown }) {
  const actor = args.actor as StaffActor;
  const job = await loadImport(deps, actor, args.id);
  if (job.created_by !== actor.userId) throw new AppError('FORBIDDEN'); // the importer's scope is the cases' scope
  const body = parseInput(startBody, args.body ?? {}, args.lang);
  const unknown = Object.values(body.mapping).flat().filter((h) => !job.headers.includes(h));
  if (unknown.length > 0) throw MAPPED_COLUMNS.error(`no such column: ${unknown.join(', ')}`);
  const restartable = ['uploaded', 'done', 'rejected', 'failed'];
  const moved = await deps.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('imports')
      .set({ status: 'queued', progress: 0, mapping: JSON.stringify(body.mapping), options: JSON.stringify(body.options), source: body.options.source, counts: '{}', error: null, finished_at: null })
      .where('id', '=', job.id)
      .where('status', 'in', restartable as never)
      .returning('id')
      .executeTakeFirst();
    if (r) await writeAudit(tx, actor, args.meta, { action: 'import.start', entityType: 'import', entityId: job.id, data: { mode: body.options.mode, dryRun: body.options.dryRun, source: body.options.source, mapping: body.mapping } });
    return r;
  });
  if (!moved) throw new AppError('STATE_CONFLICT', {}, { status: job.status });
  if (enqueue) await enqueue(job.id);
  else setImmediate(() => void runImport(deps, job.id).catch((err: unknown) => console.error('[import]', err)));
  return { id: job.id, status: 'queued' };
}

/** Reasons without their row-specific parts, so the answer can say "312 rows: closed before received". */
const reasonGroup = (r: string) => r.replace(/“[^”]*”/g, '“…”').replace(/\d+/g, 'N');

export async function getImport(deps: Deps, args: UseCaseArgs & { id: string }) {
  const job = await loadImport(deps, args.actor as StaffActor, args.id);
  const groups = await deps.db
    .selectFrom('import_rows')
    .select(['outcome', 'reason', (eb) => eb.fn.countAll<string>().as('n')])
    .where('import_id', '=', job.id)
    .where('outcome', 'in', ['invalid', 'skipped'])
    .groupBy(['outcome', 'reason'])
    .execute();
  const reasons = new Map<string, { outcome: string; reason: string; rows: number }>();
  for (const g of groups) {
    const key = `${g.outcome}|${reasonGroup(g.reason ?? '')}`;
    const cur = reasons.get(key) ?? { outcome: g.outcome, reason: reasonGroup(g.reason ?? ''), rows: 0 };
    cur.rows += Number(g.n);
    reasons.set(key, cur);
  }
  return {
    id: job.id,
    filename: job.filename,
    format: job.format,
    encoding: job.encoding,
    headers: job.headers,
    totalRows: job.total_rows,
    source: job.source,
    mapping: job.mapping,
    options: job.options,
    status: job.status,
    progress: job.progress,
    counts: job.counts,
    error: job.error,
    reasons: [...reasons.values()].sort((a, b) => b.rows - a.rows),
    createdAt: job.created_at,
    startedAt: job.started_at,
    finishedAt: job.finished_at,
  };
}

export async function listImports(deps: Deps, args: UseCaseArgs) {
  requireRole(args.actor, ...IMPORT_ROLES);
  const actor = args.actor as StaffActor;
  const rows = await deps.db
    .selectFrom('imports')
    .innerJoin('units', 'units.id', 'imports.unit_id')
    .select(['imports.id', 'imports.filename', 'imports.status', 'imports.progress', 'imports.counts', 'imports.total_rows', 'imports.created_at'])
    .where('units.path', 'like', `${actor.scopePath}%`)
    .orderBy('imports.created_at', 'desc')
    .limit(50)
    .execute();
  return { items: rows.map((r) => ({ id: r.id, filename: r.filename, status: r.status, progress: r.progress, counts: r.counts, totalRows: r.total_rows, createdAt: r.created_at })) };
}

/** The rows that did not land (invalid, or left out by choice), each with its row number and reason. */
export async function importProblems(deps: Deps, args: UseCaseArgs & { id: string }) {
  const job = await loadImport(deps, args.actor as StaffActor, args.id);
  const rows = await deps.db
    .selectFrom('import_rows')
    .select(['row_no', 'external_id', 'outcome', 'reason'])
    .where('import_id', '=', job.id)
    .where('outcome', 'in', ['invalid', 'skipped', 'already'])
    .orderBy('row_no')
    .execute();
  await writeAudit(deps.db, args.actor, args.meta, { action: 'import.errors_download', entityType: 'import', entityId: job.id, data: { rows: rows.length } });
  return { job, rows };
}
