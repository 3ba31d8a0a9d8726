/**
 * Photos of a hazard: as found, and of the rectified site (整改前后对比). The files go into the same content-addressed
 * attachment store as a case's evidence (attachments/store.ts); hazard_photos links each to its hazard, stage and
 * rectification round. Who may add which photo when is checked like a transition (workflow.ts PHOTO_RULES); a
 * download goes through the register's scope and is audited, as a case attachment's is.
 */
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import { ALLOWED_TYPES, AttachmentStore } from '../attachments/store.js';
import { AppError } from '../core/errors.js';
import { writeAudit } from '../audit/audit.js';
import type { Actor, RequestMeta } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { appendRegisterEvent, loadRegisterRow } from '../workflow/register-store.js';
import { checkTransition } from '../workflow/table.js';
import { ENTITY, HAZARD_SPEC, hazardContext, type HazardRow } from './store.js';
import type { PhotoStage } from './tables.js';
import { HAZARD_WORKFLOW, PHOTO_RULES } from './workflow.js';

export const PHOTO_TYPES = Object.keys(ALLOWED_TYPES).filter((t) => ALLOWED_TYPES[t] === 'photo');

export interface PhotoTarget {
  actor: Actor;
  hazardId: string;
  stage: PhotoStage;
  round: number;
}

export interface PhotoView {
  id: string;
  stage: PhotoStage;
  round: number;
  filename: string;
  mimeType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

/** May this actor add a photo of this stage to the hazard now? 404 when it cannot see it, else 409 / 403 as for actions. */
export async function photoTarget(deps: Deps, actor: Actor, id: string, stage: PhotoStage): Promise<PhotoTarget> {
  const row = await loadRegisterRow<HazardRow>(deps.db, HAZARD_SPEC, actor, id);
  const rule = PHOTO_RULES[stage];
  const failure = checkTransition(HAZARD_WORKFLOW, actor, rule, await hazardContext(deps, row, actor));
  if (failure) throw new AppError(failure.code, { action: rule.action, status: row.status, ...failure.params });
  return { actor, hazardId: row.id, stage, round: row.verify_failures };
}

/** Stores one uploaded photo and links it; refused (409) when the hazard moved on since the check. */
export async function addHazardPhoto(
  deps: Deps,
  meta: RequestMeta,
  target: PhotoTarget,
  file: { stream: Readable & { truncated?: boolean }; mimetype: string; filename: string },
): Promise<PhotoView> {
  if (!PHOTO_TYPES.includes(file.mimetype)) {
    file.stream.resume();
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { type: file.mimetype });
  }
  let stored;
  try {
    stored = await new AttachmentStore(deps.config.attachmentsDir).put(file.stream, { mimeType: file.mimetype });
  } catch (err) {
    if (err instanceof AppError && err.code === 'PAYLOAD_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', { limit: deps.config.attachmentMaxBytes });
    throw err;
  }
  const { actor, hazardId, stage, round } = target;
  const now = deps.now();
  const filename = file.filename.slice(0, 255) || 'photo';
  const allowed = sql.join(PHOTO_RULES[stage].from.map((s) => sql.lit(s)));
  return deps.db.transaction().execute(async (tx) => {
    // linked only while the hazard is still where the check found it (same status set, same rectification round)
    const r = await sql<{ id: string; created_at: Date }>`INSERT INTO hazard_photos (hazard_id, stage, sha256, size_bytes, mime_type, filename, round, uploaded_by, created_at)
      SELECT h.id, ${stage}, ${stored.sha256}, ${stored.size}, ${file.mimetype}, ${filename}, ${round}, ${actor.kind === 'staff' ? actor.userId : null}, ${now}
      FROM hazards h WHERE h.id = ${hazardId} AND h.status IN (${allowed}) AND h.verify_failures = ${round}
      RETURNING id, created_at`.execute(tx);
    const row = r.rows[0];
    if (!row) throw new AppError('STATE_CONFLICT');
    await appendRegisterEvent(tx, actor, { entity: ENTITY, entityId: hazardId, type: 'photo_added', data: { photoId: row.id, stage, round, filename }, at: now });
    await writeAudit(tx, actor, meta, { action: 'hazard.photo', entityType: ENTITY, entityId: hazardId, data: { photoId: row.id, stage, sha256: stored.sha256 } });
    return { id: row.id, stage, round, filename, mimeType: file.mimetype, size: stored.size, sha256: stored.sha256, createdAt: row.created_at };
  });
}

export async function listHazardPhotos(deps: Deps, hazardId: string): Promise<PhotoView[]> {
  const rows = await deps.db.selectFrom('hazard_photos').selectAll().where('hazard_id', '=', hazardId).orderBy('created_at').orderBy('id').execute();
  return rows.map((p) => ({ id: p.id, stage: p.stage, round: p.round, filename: p.filename, mimeType: p.mime_type, size: Number(p.size_bytes), sha256: p.sha256, createdAt: p.created_at }));
}

/** One photo of a hazard the actor may see, with its file stream; the read is audited. */
export async function openHazardPhoto(deps: Deps, actor: Actor, meta: RequestMeta, id: string, photoId: string) {
  const row = await loadRegisterRow<HazardRow>(deps.db, HAZARD_SPEC, actor, id);
  const p = /^[0-9a-f-]{36}$/i.test(photoId)
    ? await deps.db.selectFrom('hazard_photos').selectAll().where('id', '=', photoId).where('hazard_id', '=', row.id).executeTakeFirst()
    : undefined;
  if (!p) throw new AppError('ATTACHMENT_NOT_FOUND');
  const stream = new AttachmentStore(deps.config.attachmentsDir).open(p.sha256);
  await writeAudit(deps.db, actor, meta, { action: 'attachment.read', entityType: 'hazard_photo', entityId: p.id, data: { hazardId: row.id } });
  return { photo: { filename: p.filename, mimeType: p.mime_type, size: Number(p.size_bytes) }, stream };
}
