/**
 * Removing personal data from the free text of a matter while keeping the matter: the known values of its people
 * (name, phone, ID number, address, e-mail, as stored in petitioners) and anything shaped like a mobile or landline
 * number, an ID number or an e-mail address become 【已匿名】. Everything else of the text stays.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';

export const REDACTED = '【已匿名】';

const PATTERNS = [
  /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, // 居民身份证号 (18)
  /(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g, // old 15-digit ID number
  /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g, // mobile
  /(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)/g, // landline with area code
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, // e-mail
];

export interface PersonValues {
  name: string | null;
  id_number: string | null;
  phone: string | null;
  address: string | null;
  email: string | null;
}

/** the literal values to remove, longest first (an address containing a name goes whole) */
export function literalsOf(people: readonly PersonValues[]): string[] {
  const out = new Set<string>();
  for (const p of people)
    for (const v of [p.name, p.id_number, p.phone, p.address, p.email]) {
      const s = v?.trim();
      if (s && s.length >= 2) out.add(s);
    }
  return [...out].sort((a, b) => b.length - a.length);
}

export function scrubText(text: string, literals: readonly string[]): string {
  let s = text;
  for (const l of literals) s = s.split(l).join(REDACTED);
  for (const re of PATTERNS) s = s.replace(re, REDACTED);
  return s;
}

/** every string inside a JSON value (keys stay: they are field names, not data) */
export function scrubJson(v: unknown, literals: readonly string[]): unknown {
  if (typeof v === 'string') return scrubText(v, literals);
  if (Array.isArray(v)) return v.map((x) => scrubJson(x, literals));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubJson(x, literals)]));
  return v;
}

/** Rows of one table to scrub: `where` picks them, `text` and `json` are the columns holding free text. */
export interface TextTarget {
  table: string;
  where: ReturnType<typeof sql>;
  text?: string[];
  json?: string[];
}

/** Scrubs the targets' columns in place (only rows that change are written); returns the rows changed. */
export async function scrubTargets(tx: Transaction<DB>, targets: readonly TextTarget[], literals: readonly string[]): Promise<number> {
  let changed = 0;
  for (const t of targets) {
    const cols = [...(t.text ?? []), ...(t.json ?? [])];
    const rows = await sql<Record<string, unknown>>`SELECT id::text AS id, ${sql.join(cols.map((c) => sql.ref(c)))} FROM ${sql.table(t.table)} WHERE ${t.where}`.execute(tx);
    for (const r of rows.rows) {
      const sets = [];
      for (const c of t.text ?? []) {
        const v = r[c];
        if (typeof v !== 'string') continue;
        const s = scrubText(v, literals);
        if (s !== v) sets.push(sql`${sql.ref(c)} = ${s}`);
      }
      for (const c of t.json ?? []) {
        const v = r[c];
        if (v === null || v === undefined) continue;
        const s = JSON.stringify(scrubJson(v, literals));
        if (s !== JSON.stringify(v)) sets.push(sql`${sql.ref(c)} = ${s}::jsonb`);
      }
      if (sets.length === 0) continue;
      await sql`UPDATE ${sql.table(t.table)} SET ${sql.join(sets)} WHERE id = ${r.id as string}`.execute(tx);
      changed++;
    }
  }
  return changed;
}
