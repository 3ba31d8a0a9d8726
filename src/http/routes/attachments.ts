import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { FILE_REQUIRED } from '../../core/input-rules.js';
import { writeAudit } from '../../audit/audit.js';
import { ALLOWED_TYPES, AttachmentStore } from '../../attachments/store.js';
import { appendEvent } from '../../cases/events.js';
import { withActor } from '../../cases/petitioner-access.js';
import { loadCaseFor } from '../../cases/scope.js';
import type { Actor } from '../../org/actor.js';
import { requireRole } from '../../org/actor.js';
import { defineRoute } from '../route.js';

const UPLOAD_ROLES = ['intake', 'dispatcher', 'handler', 'unit_head', 'return_visit', 'mediator', 'supervisor'] as const;

type Target = { actor: Actor; caseId: string };

/**
 * Streams each file of a multipart upload into the content-addressed store. `resolve` names the case once the
 * text fields before the first file are known (the citizen portal sends its code and secret as fields).
 */
export async function saveFiles(req: FastifyRequest, resolve: (fields: Record<string, string>) => Promise<Target>, isPublic: boolean) {
  const deps = req.server.ctx.deps;
  const store = new AttachmentStore(deps.config.attachmentsDir);
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { type: String(req.headers['content-type'] ?? '') });
  const saved = [];
  const fields: Record<string, string> = {};
  let target: Target | undefined;
  for await (const part of req.parts()) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    target ??= await resolve(fields).catch((err: unknown) => {
      part.file.resume();
      throw err;
    });
    const { actor, caseId } = target;
    const kind = ALLOWED_TYPES[part.mimetype];
    if (!kind) {
      part.file.resume();
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', { type: part.mimetype.slice(0, 100) }, { allowed: Object.keys(ALLOWED_TYPES) });
    }
    let stored;
    try {
      stored = await store.put(part.file, { mimeType: part.mimetype });
    } catch (err) {
      if (err instanceof AppError && err.code === 'PAYLOAD_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', { limit: deps.config.attachmentMaxBytes });
      throw err;
    }
    // attachments is shielded (0015_rls.sql): the row and its event in one transaction that names the actor
    const row = await withActor(deps.db, actor, async (tx) => {
      const r = await tx
        .insertInto('attachments')
        .values({
          case_id: caseId,
          sha256: stored.sha256,
          size_bytes: stored.size,
          mime_type: part.mimetype,
          kind,
          filename: part.filename.slice(0, 255) || 'file',
          public: isPublic,
          uploaded_by: actor.kind === 'staff' ? actor.userId : null,
        })
        .returning(['id', 'sha256', 'size_bytes', 'mime_type', 'kind', 'filename'])
        .executeTakeFirstOrThrow();
      await appendEvent(tx, actor, { caseId, type: 'attachment_added', public: isPublic, data: { attachmentId: r.id, kind, filename: r.filename } });
      return r;
    });
    saved.push({ id: row.id, sha256: row.sha256, size: Number(row.size_bytes), mimeType: row.mime_type, kind: row.kind, filename: row.filename });
  }
  if (saved.length === 0) throw FILE_REQUIRED.error();
  return { items: saved };
}

defineRoute({
  method: 'POST',
  url: '/api/cases/:id/attachments',
  summary: 'Upload evidence, scans or recordings (multipart, field "file"); stored by content hash outside the database',
  tags: ['attachments'],
  rules: [FILE_REQUIRED],
  auth: 'staff',
  params: z.object({ id: z.string() }),
  rawBody: 'multipart/form-data',
  async handler({ req, actor, params }) {
    requireRole(actor, ...UPLOAD_ROLES);
    const c = await loadCaseFor(req.server.ctx.deps.db, actor, params.id);
    return saveFiles(req, async () => ({ actor, caseId: c.id }), false);
  },
});

defineRoute({
  method: 'GET',
  url: '/api/cases/:id/attachments/:attachmentId',
  summary: 'Download an attachment, through the same access checks as its case',
  tags: ['attachments'],
  auth: 'staff',
  params: z.object({ id: z.string(), attachmentId: z.string().uuid() }),
  async handler({ req, reply, actor, params, meta }) {
    const deps = req.server.ctx.deps;
    const c = await loadCaseFor(deps.db, actor, params.id);
    const a = await withActor(deps.db, actor, async (tx) => {
      const found = await tx.selectFrom('attachments').selectAll().where('id', '=', params.attachmentId).where('case_id', '=', c.id).executeTakeFirst();
      if (found) await writeAudit(tx, actor, meta, { action: 'attachment.read', entityType: 'attachment', entityId: found.id, data: { caseId: c.id } });
      return found;
    });
    if (!a) throw new AppError('ATTACHMENT_NOT_FOUND');
    const stream = new AttachmentStore(deps.config.attachmentsDir).open(a.sha256);
    reply
      .header('content-type', a.mime_type)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
      .header('content-length', String(a.size_bytes));
    return reply.send(stream);
  },
});
