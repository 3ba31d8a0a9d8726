import { tokenize } from './tokenize.js';

/** Filter keys understood in `key:value`; Chinese aliases map to the same key. */
const FILTER_KEYS: Record<string, string> = {
  status: 'status', 状态: 'status',
  category: 'category', 分类: 'category', 类别: 'category',
  unit: 'unit', 单位: 'unit',
  channel: 'channel', 渠道: 'channel',
  place: 'place', 地点: 'place',
  from: 'from', 起: 'from',
  to: 'to', 止: 'to',
};
const DATE_KEYS = new Set(['from', 'to']);

export interface ParsedQuery {
  /** For `to_tsquery('simple', $1)`; '' when the query has no text part (omit the condition). */
  tsquery: string;
  filters: Record<string, string>;
  /** Positive words and phrases, for highlight(). */
  terms: string[];
  /** Raw phrases; a caller wanting strict adjacency can add `content ILIKE '%…%'` (pg_trgm). */
  phrases: string[];
  /** Human-readable problems (bad dates); the rest of the query still applies. */
  errors: string[];
}

interface Part { text: string; negated: boolean; phrase: boolean; }

// Curly and corner quotes are what Chinese input methods produce; NFKC already folds ＂ － ：.
const OPEN_QUOTES = new Set(['"', '“', '「', '『']);
const CLOSE_QUOTES = new Set(['"', '”', '」', '』']);

function lex(input: string): { parts: Part[]; filters: [string, string][] } {
  const s = input.normalize('NFKC');
  const parts: Part[] = [];
  const filters: [string, string][] = [];
  let i = 0;
  const readQuoted = (): string => {
    i++; // opening quote
    let out = '';
    while (i < s.length && !CLOSE_QUOTES.has(s[i]!)) out += s[i++];
    i++; // closing quote (or past the end when unterminated: take the rest, never fail)
    return out;
  };
  while (i < s.length) {
    if (/\s/u.test(s[i]!)) { i++; continue; }
    let negated = false;
    if (s[i] === '-') { negated = true; i++; }
    if (i < s.length && OPEN_QUOTES.has(s[i]!)) {
      parts.push({ text: readQuoted(), negated, phrase: true });
      continue;
    }
    let word = '';
    while (i < s.length && !/\s/u.test(s[i]!) && !OPEN_QUOTES.has(s[i]!)) word += s[i++];
    const colon = word.indexOf(':');
    const key = colon > 0 ? FILTER_KEYS[word.slice(0, colon).toLowerCase()] : undefined;
    if (key && !negated) {
      let value = word.slice(colon + 1);
      if (value === '' && i < s.length && OPEN_QUOTES.has(s[i]!)) value = readQuoted();
      if (value.trim() !== '') filters.push([key, value.trim()]);
      continue;
    }
    if (word !== '') parts.push({ text: word, negated, phrase: false });
  }
  return { parts, filters };
}

/** Quotes one lexeme for to_tsquery; tokens are letters/digits only, escaping is a second guard. */
function lexeme(token: string): string {
  return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * Parses a search box string. Syntax (see README.md): words are AND-ed, "a phrase" must appear
 * in order, -word / -"phrase" excludes, key:value filters. Never throws, and the tsquery it
 * produces is always valid for to_tsquery('simple', …), whatever the input.
 */
export function parseQuery(input: string): ParsedQuery {
  const { parts, filters: rawFilters } = lex(input ?? '');
  const clauses: string[] = [];
  const terms: string[] = [];
  const phrases: string[] = [];
  const errors: string[] = [];
  for (const p of parts) {
    // Phrases use the same 'search' segmentation as the indexed document, so that the sub-words
    // jieba inserts before long words line up position by position with `<->`.
    const tokens = tokenize(p.text, p.phrase ? 'search' : 'exact');
    if (tokens.length === 0) continue;
    const joined = tokens.map(lexeme).join(p.phrase ? ' <-> ' : ' & ');
    const clause = tokens.length > 1 ? `(${joined})` : joined;
    clauses.push(p.negated ? `!${clause}` : clause);
    if (!p.negated) {
      if (p.phrase) { phrases.push(p.text.trim()); terms.push(p.text.trim()); }
      else terms.push(...tokens);
    }
  }
  const filters: Record<string, string> = {};
  for (const [key, value] of rawFilters) {
    if (DATE_KEYS.has(key) && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      errors.push(`${key}: expected a date like 2026-01-31, got "${value}"`);
      continue;
    }
    filters[key] = value; // the last one wins, as in most search boxes
  }
  return { tsquery: clauses.join(' & '), filters, terms: [...new Set(terms)], phrases, errors };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * HTML-escapes `text` and wraps every occurrence of a term in <mark>…</mark>. Matching is on the
 * raw text (case-insensitive, longest term first) so the operator sees exactly what was typed.
 */
export function highlight(text: string, terms: readonly string[]): string {
  const wanted = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length > 0))]
    .sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return escapeHtml(text);
  const re = new RegExp(wanted.map(escapeRegExp).join('|'), 'giu');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(re)) {
    out += escapeHtml(text.slice(last, m.index)) + '<mark>' + escapeHtml(m[0]) + '</mark>';
    last = m.index + m[0].length;
  }
  // Adjacent tokens of one word (金毛 + 湾) read better as a single mark.
  return (out + escapeHtml(text.slice(last))).replaceAll('</mark><mark>', '');
}
