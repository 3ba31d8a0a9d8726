import { sql, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../db/types.js';
import { highlight, parseQuery } from '../text/query.js';

const like = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/**
 * Applies a search-box string (docs/search.md): jieba-tokenised words AND-ed against the tsvector index,
 * "phrases" in order, -exclusions, and key:value filters. A registration number or a fragment of one is matched
 * by trigram, so "XF2026" finds cases as an operator expects.
 */
export function applySearch<O>(qb: SelectQueryBuilder<DB, 'cases', O>, q: string) {
  const parsed = parseQuery(q);
  const f = parsed.filters;
  if (parsed.tsquery) {
    const ts = sql`to_tsquery('simple', ${parsed.tsquery})`;
    const regNoLike = /^[A-Za-z]{0,2}\d{4,}$/.test(q.trim()) ? q.trim() : null;
    qb = qb.where((eb) =>
      regNoLike ? eb.or([eb(sql`cases.search_vector @@ ${ts}`, '=', true), eb('cases.reg_no', 'ilike', like(regNoLike))]) : eb(sql`cases.search_vector @@ ${ts}`, '=', true),
    );
  }
  // phrases must also appear literally (the tsquery matches token order; this keeps "幸福小区" from matching 幸福 … 小区)
  for (const p of parsed.phrases) qb = qb.where((eb) => eb.or([eb('cases.title', 'ilike', like(p)), eb('cases.content', 'ilike', like(p))]));
  if (f.status) qb = qb.where('cases.status', 'in', f.status.split(','));
  if (f.channel) qb = qb.where('cases.channel', '=', f.channel);
  if (f.place) qb = qb.where('cases.location', 'ilike', like(f.place));
  if (f.from) qb = qb.where('cases.received_at', '>=', new Date(`${f.from}T00:00:00+08:00`));
  if (f.to) qb = qb.where('cases.received_at', '<', new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000));
  if (f.category) {
    const v = f.category;
    qb = qb.where(sql<boolean>`EXISTS (SELECT 1 FROM categories k WHERE k.id = cases.category_id AND (k.name = ${v} OR k.code = ${v} OR k.id::text = ${v}))`);
  }
  if (f.unit) {
    const v = f.unit;
    qb = qb.where(sql<boolean>`EXISTS (SELECT 1 FROM units u WHERE u.id = cases.lead_unit_id AND (u.name LIKE ${like(v)} OR u.code = ${v} OR u.id::text = ${v}))`);
  }
  const rank = parsed.tsquery ? sql<number>`ts_rank(cases.search_vector, to_tsquery('simple', ${parsed.tsquery}))` : sql<number>`0::float4`;
  return { qb, rank, terms: parsed.terms, errors: parsed.errors };
}

/** The title and a short excerpt around the first matched term, HTML-escaped with <mark> around the matches. */
export function highlightCase(title: string, content: string, terms: string[]) {
  let start = 0;
  for (const t of terms) {
    const i = content.indexOf(t);
    if (i >= 0) {
      start = Math.max(0, i - 30);
      break;
    }
  }
  const excerpt = (start > 0 ? '…' : '') + content.slice(start, start + 120) + (content.length > start + 120 ? '…' : '');
  return { title: highlight(title, terms), excerpt: highlight(excerpt, terms) };
}
