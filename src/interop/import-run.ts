/**
 * The import job: judge every row first (so all-or-nothing can refuse before anything is written, and a dry run
 * reports the same verdicts the real run would reach), then register row by row. Each row is ONE transaction —
 * the case, its external id, its 'imported' event, its routing and its import line commit together or not at all.
 *
 * Historical rows (closed in the source system) enter our lifecycle at its start, as every matter does: registered
 * (and routed to the mapped unit), with an 'imported' event that keeps the source's status, close date, result and
 * satisfaction. Our lifecycle did not see them handled, so they are not marked closed here: the transition table
 * has no "closed elsewhere" step, and writing the status directly would skip its guards, clocks and metric facts.
 * Offices that want only open matters choose closedRows: 'skip'.
 */
import type { Transaction } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import { appendEvent } from '../cases/events.js';
import { performActionInTx } from '../cases/perform-action.js';
import { AppError } from '../core/errors.js';
import type { DB } from '../db/types.js';
import { hasRole, type StaffActor } from '../org/actor.js';
import { staffActorQuery, toStaffActor } from '../org/auth.js';
import type { Deps } from '../workflow/deps.js';
import { registerExternal } from './external-refs.js';
import { optionsSchema, mappingSchema, type ImportOptions, type Mapping } from './import-mapping.js';
import { readSheet } from './import-parse.js';
import { judgeRow, normKey, type Lookups, type RowVerdict } from './import-rows.js';

export const sourceKey = (source: string) => `import:${source}`;

async function lookups(deps: Deps, actor: StaffActor): Promise<Lookups> {
  const cats = await deps.db.selectFrom('categories').select(['id', 'code', 'name', 'name_en']).where('active', '=', true).execute();
  const units = await deps.db.selectFrom('units').select(['id', 'code', 'name', 'name_en']).where('active', '=', true).where('path', 'like', `${actor.scopePath}%`).execute();
  const index = (rows: { id: string; code: string; name: string; name_en: string | null }[]) => {
    const m = new Map<string, string>();
    for (const r of rows) for (const k of [r.code, r.name, r.name_en]) if (k && !m.has(normKey(k))) m.set(normKey(k), String(r.id));
    return m;
  };
  const names = units.map((u) => ({ id: String(u.id), name: normKey(u.name) }));
  const bySuffix = new Map<string, string | undefined>();
  const unitBySuffix = (key: string) => {
    if (key.length < 2) return undefined;
    if (!bySuffix.has(key)) {
      const hits = names.filter((u) => u.name.endsWith(key));
      bySuffix.set(key, hits.length === 1 ? hits[0]!.id : undefined);
    }
    return bySuffix.get(key);
  };
  return { categories: index(cats), units: index(units), unitBySuffix };
}

async function importer(deps: Deps, userId: string): Promise<StaffActor> {
  const row = await staffActorQuery(deps.db).where('users.id', '=', userId).executeTakeFirst();
  if (!row || !row.active) throw new AppError('FORBIDDEN');
  return toStaffActor(row, 'session');
}

const reasonOf = (e: unknown): string => {
  if (e instanceof AppError) {
    const issues = (e.details as { issues?: { field?: string; message?: string }[] } | undefined)?.issues;
    if (issues?.length) return issues.map((i) => `${i.field ?? ''}: ${i.message ?? ''}`).join('; ');
    return `${e.code}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`;
  }
  return e instanceof Error ? e.message : String(e);
};

export async function runImport(deps: Deps, importId: string): Promise<void> {
  const { db } = deps;
  const job = await db.selectFrom('imports').selectAll().where('id', '=', importId).executeTakeFirst();
  if (!job || (job.status !== 'queued' && job.status !== 'running')) return;
  const setJob = (patch: Record<string, unknown>) => db.updateTable('imports').set(patch).where('id', '=', importId).execute();
  await setJob({ status: 'running', started_at: deps.now(), progress: 0, error: null });
  const counts: Record<string, number> = { total: 0, valid: 0, invalid: 0, skipped: 0, already: 0, created: 0, routed: 0 };
  let actor: StaffActor | undefined;
  try {
    actor = await importer(deps, job.created_by);
    const mapping = mappingSchema.parse(job.mapping) as Mapping;
    const options = optionsSchema.parse(job.options) as ImportOptions;
    const source = sourceKey(options.source);
    const sheet = await readSheet(job.filename, job.file);
    const rows = options.maxRows ? sheet.rows.slice(0, options.maxRows) : sheet.rows;
    counts.total = rows.length;
    const look = await lookups(deps, actor);
    const seen = new Map<string, number>();
    const now = deps.now();
    const verdicts: RowVerdict[] = rows.map((cells, i) => judgeRow(cells, i + 2, { headers: sheet.headers, mapping, options, lookups: look, now, seen }));
    // rows this job already committed (a resumed run) and records an earlier import brought in
    const done = new Set((await db.selectFrom('import_rows').select('row_no').where('import_id', '=', importId).where('outcome', '=', 'created').execute()).map((r) => r.row_no));
    await db.deleteFrom('import_rows').where('import_id', '=', importId).where('outcome', '!=', 'created').execute();
    const ids = verdicts.flatMap((v) => (v.ok ? [v.externalId] : []));
    const known = new Set<string>();
    for (let i = 0; i < ids.length; i += 1000) {
      const part = await db.selectFrom('case_external_refs').select('external_id').where('source', '=', source).where('external_id', 'in', ids.slice(i, i + 1000)).execute();
      for (const r of part) known.add(r.external_id);
    }
    const lines: { import_id: string; row_no: number; external_id: string | null; outcome: 'invalid' | 'skipped' | 'already'; reason: string | null }[] = [];
    const todo: Extract<RowVerdict, { ok: true }>[] = [];
    for (const v of verdicts) {
      if (done.has(v.row)) counts.created!++;
      else if (!v.ok) {
        counts[v.skipped ? 'skipped' : 'invalid']!++;
        lines.push({ import_id: importId, row_no: v.row, external_id: v.externalId ?? null, outcome: v.skipped ? 'skipped' : 'invalid', reason: v.reason });
      } else if (known.has(v.externalId)) {
        counts.already!++;
        lines.push({ import_id: importId, row_no: v.row, external_id: v.externalId, outcome: 'already', reason: '已导入过 / imported before' });
      } else todo.push(v);
    }
    counts.valid = todo.length + counts.already! + counts.created!;
    for (let i = 0; i < lines.length; i += 500) await db.insertInto('import_rows').values(lines.slice(i, i + 500)).execute();
    const rejected = options.mode === 'all_or_nothing' && counts.invalid! > 0;
    if (options.dryRun || rejected) {
      await finish(deps, importId, actor, rejected ? 'rejected' : 'done', counts, null);
      return;
    }
    await setJob({ progress: 10, counts: JSON.stringify(counts) });
    const step = Math.max(1, Math.floor(todo.length / 90));
    const routes = options.route && hasRole(actor, 'dispatcher');
    for (let i = 0; i < todo.length; i++) {
      const v = todo[i]!;
      let routed = false;
      const after: (() => Promise<void>)[] = [];
      try {
        const r = await registerExternal(deps, {
          actor,
          meta: {},
          lang: 'zh',
          source,
          externalId: v.externalId,
          input: v.input,
          intakeUnitId: actor.unitId,
          inTx: async (tx: Transaction<DB>, caseId: string) => {
            await appendEvent(tx, actor!, { caseId, type: 'imported', public: false, data: { ...v.record, importId } });
            if (routes && v.unitId) {
              const moved = await performActionInTx(deps, tx, { actor: actor!, meta: {}, lang: 'zh', caseId, action: 'route', input: { mode: 'forward', leadUnitId: v.unitId } });
              if (moved.after) after.push(moved.after);
              routed = true;
            }
            await tx.insertInto('import_rows').values({ import_id: importId, row_no: v.row, external_id: v.externalId, outcome: 'created', case_id: caseId, reason: null }).execute();
          },
        });
        if (r.created) {
          counts.created!++;
          if (routed) counts.routed!++;
          for (const a of after) await a().catch((err: unknown) => console.error('[import] after route:', err));
        } else {
          counts.already!++;
          await db.insertInto('import_rows').values({ import_id: importId, row_no: v.row, external_id: v.externalId, outcome: 'already', case_id: r.caseId, reason: '已导入过 / imported before' }).execute();
        }
      } catch (e) {
        counts.invalid!++;
        counts.valid!--;
        await db.insertInto('import_rows').values({ import_id: importId, row_no: v.row, external_id: v.externalId, outcome: 'invalid', reason: reasonOf(e).slice(0, 1000) }).execute();
        if (options.mode === 'all_or_nothing') {
          // every row passed the check, so this is a refusal at commit (a unit closed meanwhile, a lost race):
          // the rows before it are committed; running the import again resumes after them
          await finish(deps, importId, actor, 'failed', counts, `row ${v.row}: ${reasonOf(e)}; rows before it are committed, run again to resume`);
          return;
        }
      }
      if ((i + 1) % step === 0) await setJob({ progress: 10 + Math.floor(((i + 1) / todo.length) * 89), counts: JSON.stringify(counts) });
    }
    await finish(deps, importId, actor, 'done', counts, null);
  } catch (e) {
    await finish(deps, importId, actor, 'failed', counts, reasonOf(e).slice(0, 1000));
  }
}

async function finish(deps: Deps, importId: string, actor: StaffActor | undefined, status: 'done' | 'rejected' | 'failed', counts: Record<string, number>, error: string | null) {
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable('imports').set({ status, progress: 100, counts: JSON.stringify(counts), error, finished_at: deps.now() }).where('id', '=', importId).execute();
    if (actor) await writeAudit(tx, actor, {}, { action: 'import.finish', entityType: 'import', entityId: importId, data: { status, ...counts } });
  });
}
