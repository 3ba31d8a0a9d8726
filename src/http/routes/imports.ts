import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { FILE_REQUIRED } from '../../core/input-rules.js';
import { READABLE_FILE } from '../../interop/import-parse.js';
import { getImport, importProblems, listImports, MAPPED_COLUMNS, startBody, startImport, uploadImport } from '../../interop/import-cases.js';
import { errorCsv, errorXlsx } from '../../interop/import-error-file.js';
import { defineRoute } from '../route.js';

/** A spreadsheet of 100k rows is ~30 MB as csv; larger ones are split by the office (or imported with maxRows). */
const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

defineRoute({
  method: 'POST',
  url: '/api/imports',
  summary:
    'Upload an xlsx or csv of cases (multipart, field "file"; csv in UTF-8 with or without BOM, or GBK). Answers the columns, the first rows and a suggested ' +
    'mapping; nothing is imported until POST /api/imports/:id/start. Roles intake, dispatcher',
  tags: ['interop'],
  rules: [FILE_REQUIRED, READABLE_FILE],
  auth: 'staff',
  rawBody: 'multipart/form-data',
  async handler({ req, reply, actor, lang, meta }) {
    if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { type: String(req.headers['content-type'] ?? '') });
    const file = await req.file({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } });
    if (!file) throw FILE_REQUIRED.error();
    const bytes = await file.toBuffer().catch((e: unknown) => {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', { limit: IMPORT_MAX_BYTES });
      throw e;
    });
    const r = await uploadImport(req.server.ctx.deps, { actor, lang, meta, filename: file.filename, bytes });
    reply.code(201);
    return r;
  },
});

defineRoute({
  method: 'POST',
  url: '/api/imports/:id/start',
  summary:
    'Run an uploaded import with a column mapping {target: column | [columns]} and options (source, mode valid_rows | all_or_nothing, dryRun, maxRows, ' +
    'utcOffset, defaultKind, defaultChannel, categoryValues, unitValues, route, closedRows). 202; a job does the work: poll GET /api/imports/:id',
  tags: ['interop'],
  rules: [MAPPED_COLUMNS],
  auth: 'staff',
  params: z.object({ id: z.string() }),
  rawBody: 'application/json',
  docBody: startBody,
  async handler({ req, reply, actor, lang, meta, params, body }) {
    const r = await startImport(req.server.ctx.deps, { actor, lang, meta, id: params.id, body });
    reply.code(202);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: '/api/imports',
  summary: 'Imports of your area, newest first, with status, progress and counts',
  tags: ['interop'],
  auth: 'staff',
  async handler({ req, actor, lang, meta }) {
    return listImports(req.server.ctx.deps, { actor, lang, meta });
  },
});

defineRoute({
  method: 'GET',
  url: '/api/imports/:id',
  summary: 'One import: status (uploaded, queued, running, done, rejected, failed), progress 0–100, counts and the reasons rows did not land',
  tags: ['interop'],
  auth: 'staff',
  params: z.object({ id: z.string() }),
  async handler({ req, actor, lang, meta, params }) {
    return getImport(req.server.ctx.deps, { actor, lang, meta, id: params.id });
  },
});

defineRoute({
  method: 'GET',
  url: '/api/imports/:id/errors.:format',
  summary: 'The error file (csv or xlsx): row number, external id, outcome and reason of every row that did not land; audited',
  tags: ['interop'],
  auth: 'staff',
  params: z.object({ id: z.string(), format: z.enum(['csv', 'xlsx']) }),
  async handler({ req, reply, actor, lang, meta, params }) {
    const { job, rows } = await importProblems(req.server.ctx.deps, { actor, lang, meta, id: params.id });
    const bytes = params.format === 'csv' ? errorCsv(rows) : await errorXlsx(rows);
    const name = `${job.filename.replace(/\.[^.]*$/, '')}-errors.${params.format}`;
    reply
      .header('content-type', params.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="import-errors.${params.format}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'private, no-store');
    return reply.send(bytes);
  },
});
