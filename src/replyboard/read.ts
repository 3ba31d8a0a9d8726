/**
 * Reading publications: the office's register (staff, scoped) and the public board (no login): only published
 * items, only the redacted fields — never the case's registration number, tracking code or any person.
 */
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';
import { parseInput } from '../core/validate.js';
import type { Actor, StaffActor } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { listRegister, registerRecordView } from '../workflow/register-query.js';
import { isUuid } from '../workflow/register-store.js';
import { consentOf } from './consent.js';
import { REDACTION_LABELS } from './redact.js';
import { PUBLICATION_SPEC, sourceOf, type PublicationRow } from './store.js';
import { PUBLICATION_STATUSES } from './tables.js';
import { partiesOf, publicText } from './text.js';
import { PUBLICATION_WORKFLOW } from './workflow.js';

export const listQuery = z.object({
  status: z.enum(PUBLICATION_STATUSES).optional(),
  caseId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export async function listPublications(deps: Deps, actor: Actor, query: unknown, lang: Lang) {
  const q = parseInput(listQuery, query ?? {}, lang);
  const where: RawBuilder<boolean>[] = [];
  if (q.status) where.push(sql<boolean>`t.status = ${q.status}`);
  if (q.caseId) where.push(sql<boolean>`t.case_id = ${q.caseId}`);
  const page = await listRegister(deps, PUBLICATION_SPEC, actor, { where, limit: q.limit, offset: q.offset });
  // the list shows the public text; the source before redaction is read on the record
  return { ...page, items: page.items.map(({ source: _s, keepTerms: _k, ...i }) => i) };
}

/** One publication: the source and the public text re-redacted now, what was redacted, what the guard still finds. */
export function publicationView(deps: Deps, actor: StaffActor, id: string) {
  return registerRecordView(deps, PUBLICATION_WORKFLOW, PUBLICATION_SPEC, actor, id, async (row: PublicationRow) => {
    const [c, consent, parties, users] = await Promise.all([
      deps.db.selectFrom('cases').select(['reg_no', 'title', 'status', 'kind']).where('id', '=', row.case_id).executeTakeFirstOrThrow(),
      consentOf(deps.db, row.case_id),
      partiesOf(deps.db, actor, row.case_id),
      deps.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [row.proposed_by, row.approved_by].filter((x): x is string => !!x).concat(['00000000-0000-0000-0000-000000000000'])).execute(),
    ]);
    const now = publicText(sourceOf(row), parties, row.keep_terms);
    const source = sourceOf(row);
    return {
      source,
      // the same, flat, for the workbench's generic record page
      sourceTitle: source.title,
      sourceSummary: source.summary,
      sourceReply: source.reply,
      consentHeld: consent.consent,
      consentGivenAt: consent.givenAt,
      consentWithdrawnAt: consent.withdrawnAt,
      personalDataLeft: now.leftover.length ? now.leftover.map((l) => `${l.field}:${l.kind}`).join(', ') : '无 / none',
      proposedByName: users.find((u) => u.id === row.proposed_by)?.display_name ?? null,
      approvedByName: users.find((u) => u.id === row.approved_by)?.display_name ?? null,
      caseRegNo: c.reg_no,
      caseTitle: c.title,
      caseStatus: c.status,
      consent,
      recheck: { title: now.title, summary: now.summary, reply: now.reply, redactions: now.redactions, leftover: now.leftover },
      redactionLabels: REDACTION_LABELS,
    };
  });
}

export const publicListQuery = z.object({
  categoryId: z.string().regex(/^\d+$/).optional().describe('a category (and its sub-categories)'),
  unitId: z.string().regex(/^\d+$/).optional().describe('the replying unit (and the units under it)'),
  q: z.string().trim().max(50).optional().describe('words in the public title or summary'),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

/** The fields the public sees, and nothing else. */
const PUBLIC_COLUMNS = sql`t.id, t.pub_no, t.public_title, t.public_summary, t.replied_on, t.published_at, c.id AS category_id, c.name AS category_name, u.id AS unit_id, u.name AS unit_name`;

type PublicRow = {
  id: string;
  pub_no: string;
  public_title: string;
  public_summary: string;
  public_reply?: string;
  replied_on: string | Date | null;
  published_at: Date;
  category_id: string | null;
  category_name: string | null;
  unit_id: string | null;
  unit_name: string | null;
};

const dateOnly = (d: string | Date | null) => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

const publicItem = (r: PublicRow) => ({
  id: r.id,
  pubNo: r.pub_no,
  title: r.public_title,
  summary: r.public_summary,
  ...(r.public_reply !== undefined ? { reply: r.public_reply } : {}),
  category: r.category_id ? { id: String(r.category_id), name: r.category_name } : null,
  unit: r.unit_id ? { id: String(r.unit_id), name: r.unit_name } : null,
  repliedOn: dateOnly(r.replied_on),
  publishedAt: r.published_at,
});

export async function publicReplies(deps: Deps, query: unknown, lang: Lang) {
  const q = parseInput(publicListQuery, query ?? {}, lang);
  const conds: RawBuilder<boolean>[] = [sql<boolean>`t.status = 'published'`];
  if (q.categoryId) conds.push(sql<boolean>`t.category_id IN (SELECT id FROM categories WHERE id = ${q.categoryId}::bigint OR parent_id = ${q.categoryId}::bigint)`);
  if (q.unitId) conds.push(sql<boolean>`EXISTS (SELECT 1 FROM units fu WHERE fu.id = ${q.unitId}::bigint AND u.path LIKE fu.path || '%')`);
  if (q.q) conds.push(sql<boolean>`(t.public_title LIKE ${`%${q.q}%`} OR t.public_summary LIKE ${`%${q.q}%`})`);
  const where = sql.join(conds, sql` AND `);
  const limit = q.limit ?? 20;
  const offset = q.offset ?? 0;
  const from = sql`FROM replyboard_items t LEFT JOIN categories c ON c.id = t.category_id LEFT JOIN units u ON u.id = t.unit_id`;
  const [rows, total, units, categories] = await Promise.all([
    sql<PublicRow>`SELECT ${PUBLIC_COLUMNS} ${from} WHERE ${where} ORDER BY t.published_at DESC, t.id LIMIT ${limit} OFFSET ${offset}`.execute(deps.db),
    sql<{ n: string }>`SELECT count(*)::text AS n ${from} WHERE ${where}`.execute(deps.db),
    // the filters offered: the units and categories that have something published
    sql<{ id: string; name: string; n: string }>`SELECT u.id, u.name, count(*)::text AS n ${from} WHERE t.status = 'published' AND u.id IS NOT NULL GROUP BY u.id, u.name ORDER BY u.name`.execute(deps.db),
    sql<{ id: string; name: string; n: string }>`SELECT c.id, c.name, count(*)::text AS n ${from} WHERE t.status = 'published' AND c.id IS NOT NULL GROUP BY c.id, c.name ORDER BY c.name`.execute(deps.db),
  ]);
  return {
    items: rows.rows.map(publicItem),
    total: Number(total.rows[0]?.n ?? 0),
    limit,
    offset,
    facets: {
      units: units.rows.map((u) => ({ id: String(u.id), name: u.name, count: Number(u.n) })),
      categories: categories.rows.map((c) => ({ id: String(c.id), name: c.name, count: Number(c.n) })),
    },
  };
}

export async function publicReply(deps: Deps, id: string) {
  if (!isUuid(id)) throw new AppError('RECORD_NOT_FOUND');
  const r = await sql<PublicRow>`SELECT ${PUBLIC_COLUMNS}, t.public_reply
    FROM replyboard_items t LEFT JOIN categories c ON c.id = t.category_id LEFT JOIN units u ON u.id = t.unit_id
    WHERE t.id = ${id} AND t.status = 'published'`.execute(deps.db);
  const row = r.rows[0];
  if (!row) throw new AppError('RECORD_NOT_FOUND');
  return publicItem(row);
}
