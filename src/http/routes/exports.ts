import { z } from 'zod';
import { exportInput, prepareExport } from '../../interop/export-cases.js';
import { csvStream, xlsxStream } from '../../interop/export-format.js';
import { defineRoute } from '../route.js';

const MIME = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

defineRoute({
  method: 'GET',
  url: '/api/exports/cases.:format',
  summary:
    'Export the case list under the same filters as GET /api/cases (status, kind, channel, categoryId, leadUnitId, mine, overdue, dueBefore, q, from, to) as csv (UTF-8 with BOM) or xlsx, ' +
    'streamed; columns as the import reads them (docs/import-export.md). personal=none|masked|full (full: roles that may see contact details, audited); never an accuser to the accused unit',
  tags: ['cases'],
  auth: 'staff',
  params: z.object({ format: z.enum(['csv', 'xlsx']) }),
  query: exportInput,
  async handler({ req, reply, actor, lang, meta, params }) {
    // the raw query: prepareExport validates it with the same schema (the list's filters) and audits it
    const x = await prepareExport(req.server.ctx.deps, { actor, lang, meta, query: req.query, format: params.format });
    const stamp = req.server.ctx.deps.now().toISOString().slice(0, 10);
    const name = `工单导出-${stamp}.${params.format}`;
    reply
      .header('content-type', MIME[params.format])
      .header('content-disposition', `attachment; filename="cases-${stamp}.${params.format}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'private, no-store');
    return reply.send(params.format === 'csv' ? csvStream(x) : xlsxStream(x));
  },
});
