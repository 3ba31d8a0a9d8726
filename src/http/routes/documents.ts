// Statutory documents (docs/documents.md): a case's notices and decisions as .docx and PDF, their templates per office,
// and the citizen's download of their own from the portal.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { generateDocument } from '../../documents/generate.js';
import { documentFile, listDocuments } from '../../documents/read.js';
import { deleteTemplate, KNOWN_PLACEHOLDERS, listTemplates, putTemplate } from '../../documents/templates.js';
import { defineRoute } from '../route.js';
import { citizenFor, credentials } from './public.js';

const caseParams = z.object({ id: z.string() });
const fileParams = z.object({ id: z.string(), documentId: z.string(), format: z.enum(['docx', 'pdf']) });
const officeQuery = z.object({ officeUnitId: z.string().optional() });

function sendFile(reply: FastifyReply, f: { bytes: Buffer; mime: string; filename: string; ascii: string }) {
  reply
    .header('content-type', f.mime)
    .header('content-disposition', `attachment; filename="${f.ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
    .header('cache-control', 'private, no-store');
  return reply.send(f.bytes);
}

defineRoute({
  method: 'GET',
  url: '/api/cases/:id/documents',
  summary: 'A case’s statutory documents (every version, with 文号), and which kinds the case allows now and why not',
  tags: ['documents'],
  auth: 'staff',
  params: caseParams,
  async handler({ req, actor, lang, params }) {
    return listDocuments(req.server.ctx.deps, { actor, lang, caseId: params.id });
  },
});

defineRoute({
  method: 'POST',
  url: '/api/cases/:id/documents/:kind',
  summary:
    'Issue a document of a kind (accept_notice 受理告知书, not_accepted_notice 不予受理告知书 第二十三条; routing_slip 转送/交办单 第二十二条; extension_notice 延期告知 第三十四条; ' +
    'handling_opinion 信访处理意见书 第三十二条; review_opinion 复查意见书 第三十五条; rereview_opinion 复核意见书 第三十六条; mediation_agreement 调解协议书 人民调解法第二十八条): ' +
    'a new version with a new 文号, never overwriting; 409 DOCUMENT_NOT_APPLICABLE until the case has reached that step. Roles intake, dispatcher, handler, unit_head, mediator of the issuing unit',
  tags: ['documents'],
  auth: 'staff',
  params: z.object({ id: z.string(), kind: z.string() }),
  async handler({ req, reply, actor, lang, meta, params }) {
    const r = await generateDocument(req.server.ctx.deps, { actor, lang, meta, caseId: params.id, kind: params.kind });
    reply.code(201);
    return r;
  },
});

defineRoute({
  method: 'GET',
  url: '/api/cases/:id/documents/:documentId/file.:format',
  summary: 'Download a document as docx or pdf; one addressed to the petitioner (their name inside) only for roles that may see personal data; audited',
  tags: ['documents'],
  auth: 'staff',
  params: fileParams,
  async handler({ req, reply, actor, meta, params }) {
    return sendFile(reply, await documentFile(req.server.ctx.deps, { actor, meta, caseId: params.id, documentId: params.documentId, format: params.format }));
  },
});

defineRoute({
  method: 'GET',
  url: '/api/document-templates',
  summary: 'The templates of an office in your scope (yours by default): the wording in force per kind (own, inherited or default), its placeholders and the default. Admin',
  tags: ['documents'],
  auth: 'staff',
  query: officeQuery,
  async handler({ req, actor, lang, query }) {
    return listTemplates(req.server.ctx.deps, { actor, lang, officeUnitId: query.officeUnitId });
  },
});

defineRoute({
  method: 'PUT',
  url: '/api/document-templates/:kind',
  summary: 'Set an office’s own template of a kind: title, 文号 prefix, body with {{placeholders}} (an unknown one is refused, 400). Admin; audited',
  tags: ['documents'],
  rules: [KNOWN_PLACEHOLDERS],
  auth: 'staff',
  params: z.object({ kind: z.string() }),
  rawBody: 'application/json',
  async handler({ req, actor, lang, meta, params }) {
    return putTemplate(req.server.ctx.deps, { actor, lang, meta, kind: params.kind, input: req.body });
  },
});

defineRoute({
  method: 'DELETE',
  url: '/api/document-templates/:kind',
  summary: 'Remove an office’s own template of a kind: the inherited or default wording applies again. Admin; audited',
  tags: ['documents'],
  auth: 'staff',
  params: z.object({ kind: z.string() }),
  query: officeQuery,
  async handler({ req, actor, lang, meta, params, query }) {
    return deleteTemplate(req.server.ctx.deps, { actor, lang, meta, kind: params.kind, officeUnitId: query.officeUnitId });
  },
});

defineRoute({
  method: 'POST',
  url: '/api/public/documents',
  summary: 'A citizen lists the documents addressed to them (受理告知书, 处理意见书 …) with tracking code and secret',
  tags: ['citizen'],
  auth: 'public',
  body: credentials,
  async handler({ req, body, lang }) {
    const deps = req.server.ctx.deps;
    const actor = await citizenFor(deps, req.ip, body.code, body.secret);
    return listDocuments(deps, { actor, lang, caseId: actor.caseId });
  },
});

defineRoute({
  method: 'POST',
  url: '/api/public/documents/file',
  summary: 'A citizen downloads one of their documents as docx or pdf, with tracking code and secret (POST: the secret stays out of URLs and logs)',
  tags: ['citizen'],
  auth: 'public',
  idempotent: false,
  body: credentials.extend({ documentId: z.string(), format: z.enum(['docx', 'pdf']) }),
  async handler({ req, reply, body, meta }) {
    const deps = req.server.ctx.deps;
    const actor = await citizenFor(deps, req.ip, body.code, body.secret);
    return sendFile(reply, await documentFile(deps, { actor, meta, caseId: actor.caseId, documentId: body.documentId, format: body.format }));
  },
});
