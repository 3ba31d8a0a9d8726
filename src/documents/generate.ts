/**
 * Issuing a statutory document (docs/documents.md). In one transaction that locks the case and names the actor
 * (case_documents is shielded like case_parties, 0022_documents.sql): the facts of the case for the kind, the
 * issuing unit's template, a new 文号 from the unit's counter, the .docx and the PDF, a new version row (an earlier
 * version is never overwritten: what was sent stays what was sent), the case event and the audit record.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';
import type { DB } from '../db/types.js';
import { writeAudit } from '../audit/audit.js';
import { appendEvent } from '../cases/events.js';
import { withActor } from '../cases/petitioner-access.js';
import { loadCaseFor } from '../cases/scope.js';
import { isWithin, requireRole, type RequestMeta, type StaffActor } from '../org/actor.js';
import type { Role } from '../org/roles.js';
import type { Deps } from '../workflow/deps.js';
import { allocateDocNumber } from '../workflow/doc-numbers.js';
import { cnDate, documentFacts } from './facts.js';
import { isDocumentKind, KINDS, type DocumentKind } from './kinds.js';
import { renderDocumentDocx, renderDocumentPdf } from './render.js';
import type { DocumentContent } from './tables.js';
import { effectiveTemplate, fillTemplate } from './templates.js';

/** Who issues documents: the roles that register, route, handle, approve and mediate matters. */
export const ISSUE_ROLES: readonly Role[] = ['intake', 'dispatcher', 'handler', 'unit_head', 'mediator'];

export function documentKindOf(k: string): DocumentKind {
  if (!isDocumentKind(k)) throw new AppError('DOCUMENT_NOT_FOUND');
  return k;
}

/** The petitioner's name as the notice addresses them; read in the caller's actor-carrying transaction (RLS). */
async function petitionerName(tx: Kysely<DB>, caseId: string): Promise<string> {
  const p = await tx
    .selectFrom('case_parties')
    .innerJoin('petitioners', 'petitioners.id', 'case_parties.petitioner_id')
    .select('petitioners.name')
    .where('case_parties.case_id', '=', caseId)
    .orderBy('case_parties.role')
    .executeTakeFirst();
  return p?.name || '信访人';
}

export interface DocumentSummary {
  id: string;
  kind: DocumentKind;
  label: string;
  version: number;
  docNo: string;
  title: string;
  personal: boolean;
  officeUnitId: string;
  officeName: string;
  generatedAt: Date;
}

export const summaryOf = (
  r: { id: string; kind: DocumentKind; version: number; doc_no: string; title: string; personal: boolean; office_unit_id: string; office_name: string; generated_at: Date | string },
  lang: Lang,
): DocumentSummary => ({
  id: r.id,
  kind: r.kind,
  label: KINDS[r.kind].label[lang],
  version: r.version,
  docNo: r.doc_no,
  title: r.title,
  personal: r.personal,
  officeUnitId: String(r.office_unit_id),
  officeName: r.office_name,
  generatedAt: new Date(r.generated_at),
});

export async function generateDocument(deps: Deps, args: { actor: StaffActor; meta: RequestMeta; lang: Lang; caseId: string; kind: string }): Promise<DocumentSummary> {
  const kind = documentKindOf(args.kind);
  await loadCaseFor(deps.db, args.actor, args.caseId);
  requireRole(args.actor, ...ISSUE_ROLES);
  const now = deps.now();
  return withActor(deps.db, args.actor, async (tx) => {
    // one issuer at a time per case: versions follow each other and the facts are those of the locked row
    await tx.selectFrom('cases').select('id').where('id', '=', args.caseId).forUpdate().execute();
    const c = await loadCaseFor(tx, args.actor, args.caseId);
    const facts = await documentFacts(tx, c, kind);
    const office = await tx.selectFrom('units').select(['id', 'name', 'path']).where('id', '=', facts.officeUnitId).executeTakeFirstOrThrow();
    // a unit issues its own documents (or one above it, for it): a handler elsewhere cannot sign for it
    if (!isWithin(office.path, args.actor.scopePath)) throw new AppError('FORBIDDEN');
    const template = await effectiveTemplate(tx, kind, office.path);
    // the counter follows the prefix: two kinds an office numbers alike share one series, so no 文号 repeats
    const { docNo } = await allocateDocNumber(tx, office.id, `document:${template.prefix}`, template.prefix, now);
    const values: Record<string, string> = {
      ...facts.values,
      officeName: office.name,
      docNo,
      date: cnDate(now),
      ...(KINDS[kind].personal ? { petitionerName: await petitionerName(tx, c.id) } : {}),
    };
    const content: DocumentContent = {
      header: office.name,
      docNo,
      title: fillTemplate(template.title, values),
      paragraphs: fillTemplate(template.body, values)
        .split('\n')
        .map((p) => p.trim())
        .filter(Boolean),
      issuer: office.name,
      date: cnDate(now),
      basis: KINDS[kind].basis,
    };
    const [docx, pdf] = await Promise.all([renderDocumentDocx(content), renderDocumentPdf(content)]);
    const last = await tx.selectFrom('case_documents').select(({ fn }) => fn.max('version').as('v')).where('case_id', '=', c.id).where('kind', '=', kind).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const row = await tx
      .insertInto('case_documents')
      .values({
        case_id: c.id,
        kind,
        version,
        office_unit_id: office.id,
        doc_no: docNo,
        title: content.title,
        personal: KINDS[kind].personal,
        template_id: template.id,
        content: JSON.stringify(content),
        docx,
        pdf,
        generated_by: args.actor.userId,
        generated_at: now,
      })
      .returning(['id', 'kind', 'version', 'doc_no', 'title', 'personal', 'office_unit_id', 'generated_at'])
      .executeTakeFirstOrThrow();
    const data = { documentId: row.id, kind, label: KINDS[kind].label.zh, docNo, version };
    // a notice to the petitioner shows on their timeline; an internal slip does not
    await appendEvent(tx, args.actor, { caseId: c.id, type: 'document_generated', public: KINDS[kind].personal, data, at: now });
    await writeAudit(tx, args.actor, args.meta, { action: 'document.generate', entityType: 'case_document', entityId: row.id, data: { caseId: c.id, ...data } });
    return summaryOf({ ...row, office_name: office.name }, args.lang);
  });
}
