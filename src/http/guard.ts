import type { FastifyRequest } from 'fastify';
import { AppError, type FieldIssue } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';

/**
 * One check on every request's inputs before any route sees them (docs/security.md, "Bad input"): no NUL
 * character (U+0000) anywhere — path, path parameters, query string, JSON body keys and values — because
 * PostgreSQL refuses NUL in text and the request would otherwise fail deep inside as a 500; and no query value
 * longer than MAX_QUERY_VALUE (no query parameter of the API needs more). Multipart fields are streamed to the
 * handler; a NUL there is caught by the error mapper (PostgreSQL's 22021 → 400).
 */
export const MAX_QUERY_VALUE = 2000;
const MAX_DEPTH = 64;

const nulMessage = (lang: Lang) => (lang === 'en' ? 'contains a NUL character (U+0000), which is not allowed' : '含有不允许的空字符（U+0000）');
const longMessage = (lang: Lang) => (lang === 'en' ? `longer than ${MAX_QUERY_VALUE} characters` : `超过 ${MAX_QUERY_VALUE} 个字符`);

function walk(value: unknown, field: string, out: FieldIssue[], lang: Lang, opts: { maxString?: number }, depth = 0): void {
  if (out.length >= 20) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ field, message: nulMessage(lang) });
    else if (opts.maxString !== undefined && value.length > opts.maxString) out.push({ field, message: longMessage(lang) });
    return;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return;
  if (depth > MAX_DEPTH) {
    out.push({ field, message: lang === 'en' ? 'nested too deeply' : '嵌套层级过深' });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, field ? `${field}.${i}` : String(i), out, lang, opts, depth + 1));
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const name = field ? `${field}.${k}` : k;
    if (k.includes('\u0000')) out.push({ field: name.replace(/\u0000/g, '\\u0000'), message: nulMessage(lang) });
    else walk(v, name, out, lang, opts, depth + 1);
  }
}

/** The issues of a request's inputs, or none. */
export function unsafeInputIssues(req: FastifyRequest, lang: Lang): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const path = req.url.split('?')[0] ?? '';
  if (/%00/i.test(path) || path.includes('\u0000')) issues.push({ field: '(path)', message: nulMessage(lang) });
  else walk(req.params, '', issues, lang, {});
  walk(req.query, '', issues, lang, { maxString: MAX_QUERY_VALUE });
  if (req.body !== undefined && typeof req.body !== 'function') walk(req.body, '', issues, lang, {});
  return issues.map((i) => ({ ...i, field: i.field || '(body)' }));
}

export function rejectUnsafeInput(req: FastifyRequest, lang: Lang): void {
  const issues = unsafeInputIssues(req, lang);
  if (issues.length) throw new AppError('VALIDATION_FAILED', {}, { issues });
}
