import { z } from 'zod';
import { writeAudit } from '../../audit/audit.js';
import { getReport, listReports, NO_SUCH_TOPIC, reportFile, reportRequest, requestReport } from '../../reports/generate.js';
import { PERIOD_REQUIRED } from '../../reports/content.js';
import { defineRoute } from '../route.js';

defineRoute({
  method: 'POST',
  url: '/api/reports',
  summary:
    'Request a report (周研判 weekly, 月分析 monthly, 季总结 quarterly, 专题 topic from a hotspot) for a unit in your scope; answers 202 {id, status} ' +
    'and a job generates .xlsx, .docx and .pdf (poll GET /api/reports/:id). public: true makes the 公开版 with small counts suppressed. Roles analyst, supervisor, dispatcher, unit_head',
  tags: ['analytics'],
  rules: [NO_SUCH_TOPIC, PERIOD_REQUIRED],
  auth: 'staff',
  docBody: reportRequest,
  rawBody: 'application/json',
  async handler({ req, reply, actor, lang, meta, body }) {
    const r = await requestReport(req.server.ctx.deps, { actor, lang, meta, body });
    reply.code(202);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: '/api/reports',
  summary: 'Reports of units in your scope, newest first, with status, progress and the file links once done',
  tags: ['analytics'],
  auth: 'staff',
  async handler({ req, actor, lang, meta }) {
    return listReports(req.server.ctx.deps, { actor, lang, meta });
  },
});

defineRoute({
  method: 'GET',
  url: '/api/reports/:id',
  summary: 'One report: status (queued, running, done, failed), progress 0–100, 文号, title and file links; outside your scope 404',
  tags: ['analytics'],
  auth: 'staff',
  params: z.object({ id: z.string() }),
  async handler({ req, actor, lang, meta, params }) {
    return getReport(req.server.ctx.deps, { actor, lang, meta, id: params.id });
  },
});

defineRoute({
  method: 'GET',
  url: '/api/reports/:id/file.:format',
  summary: 'Download a finished report as xlsx, docx or pdf (Content-Disposition with the Chinese file name, RFC 5987); every download is audited',
  tags: ['analytics'],
  auth: 'staff',
  params: z.object({ id: z.string(), format: z.enum(['xlsx', 'docx', 'pdf']) }),
  async handler({ req, reply, actor, lang, meta, params }) {
    const deps = req.server.ctx.deps;
    const f = await reportFile(deps, { actor, lang, meta, id: params.id, format: params.format });
    await writeAudit(deps.db, actor, meta, { action: 'report_download', entityType: 'report', entityId: f.report.id, data: { format: params.format, docNo: f.report.docNo, public: f.report.public } });
    const ascii = `report-${f.report.id}.${params.format}`;
    reply
      .header('content-type', f.mime)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .header('cache-control', 'private, no-store');
    return reply.send(f.bytes);
  },
});
