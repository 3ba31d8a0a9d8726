/**
 * Reading a case's documents. Staff who can see the case see the list (scope.ts: never the accused unit of an
 * accusation); the file of a document addressed to the petitioner holds their full name, so only a role whose work
 * needs personal data downloads it (PERSONAL_DATA_ROLES, as for unmasking), and every download is audited. The
 * citizen, proven by tracking code and secret, lists and downloads the documents addressed to them, and only those.
 * Every query runs in a transaction that names the actor: PostgreSQL hides the rows from anyone else (0022).
 */
import type { Kysely } from 'kysely';
import { AppError } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';
import type { DB } from '../db/types.js';
import { writeAudit } from '../audit/audit.js';
import { withActor } from '../cases/petitioner-access.js';
import { loadCaseFor } from '../cases/scope.js';
import type { Actor, RequestMeta } from '../org/actor.js';
import { hasRole } from '../org/actor.js';
import { PERSONAL_DATA_ROLES } from '../org/roles.js';
import type { Deps } from '../workflow/deps.js';
import { documentFacts } from './facts.js';
import { ISSUE_ROLES, summaryOf } from './generate.js';
import { DOCUMENT_KINDS, KINDS } from './kinds.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function listQuery(tx: Kysely<DB>, caseId: string) {
  return tx
    .selectFrom('case_documents as d')
    .innerJoin('units as u', 'u.id', 'd.office_unit_id')
    .select(['d.id', 'd.kind', 'd.version', 'd.doc_no', 'd.title', 'd.personal', 'd.office_unit_id', 'u.name as office_name', 'd.generated_at'])
    .where('d.case_id', '=', caseId)
    .orderBy('d.generated_at')
    .orderBy('d.version');
}

/** The case's documents, and for staff who issue documents which kinds the case allows now (and why not). */
export async function listDocuments(deps: Deps, args: { actor: Actor; lang: Lang; caseId: string }) {
  const c = await loadCaseFor(deps.db, args.actor, args.caseId);
  return withActor(deps.db, args.actor, async (tx) => {
    let q = listQuery(tx, c.id);
    if (args.actor.kind === 'citizen') q = q.where('d.personal', '=', true);
    const items = (await q.execute()).map((r) => summaryOf(r, args.lang));
    if (args.actor.kind !== 'staff') return { items };
    const kinds = [];
    for (const kind of DOCUMENT_KINDS) {
      let reason: string | null = null;
      try {
        await documentFacts(tx, c, kind);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'DOCUMENT_NOT_APPLICABLE') throw err;
        reason = String(err.params.reason);
      }
      kinds.push({ kind, label: KINDS[kind].label[args.lang], basis: KINDS[kind].basis, personal: KINDS[kind].personal, applicable: reason === null, reason });
    }
    return { items, kinds, mayGenerate: hasRole(args.actor, ...ISSUE_ROLES) };
  });
}

export const DOCUMENT_MIME = { docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', pdf: 'application/pdf' } as const;

/** One file of one document: its bytes, MIME type and a file name (受理告知书 受〔2055〕1号.pdf). */
export async function documentFile(deps: Deps, args: { actor: Actor; meta: RequestMeta; caseId: string; documentId: string; format: 'docx' | 'pdf' }) {
  const c = await loadCaseFor(deps.db, args.actor, args.caseId);
  if (!UUID.test(args.documentId)) throw new AppError('DOCUMENT_NOT_FOUND');
  return withActor(deps.db, args.actor, async (tx) => {
    const d = await tx
      .selectFrom('case_documents')
      .select(['id', 'kind', 'doc_no', 'title', 'personal', 'version', args.format])
      .where('id', '=', args.documentId)
      .where('case_id', '=', c.id)
      .executeTakeFirst();
    // a citizen's own notices only: an internal slip of their case does not exist for them
    if (!d || (args.actor.kind === 'citizen' && !d.personal)) throw new AppError('DOCUMENT_NOT_FOUND');
    if (d.personal && args.actor.kind === 'staff' && !hasRole(args.actor, ...PERSONAL_DATA_ROLES)) throw new AppError('FORBIDDEN');
    await writeAudit(tx, args.actor, args.meta, { action: 'document.read', entityType: 'case_document', entityId: d.id, data: { caseId: c.id, format: args.format, docNo: d.doc_no } });
    const bytes = (d as unknown as Record<'docx' | 'pdf', Buffer>)[args.format];
    return { bytes: Buffer.from(bytes), mime: DOCUMENT_MIME[args.format], filename: `${KINDS[d.kind].label.zh} ${d.doc_no}.${args.format}`, ascii: `document-${d.id}.${args.format}` };
  });
}
