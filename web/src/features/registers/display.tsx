/** How a register record's values read on screen: labels in the user's language, times in China Standard Time. */
import type { Lang } from '../../i18n/lang';
import { pick, type Label } from '../../lib/meta';
import { fmtTime } from '../../lib/time';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const isLabel = (v: unknown): v is Label => typeof v === 'object' && v !== null && 'zh' in v && 'en' in v;

export function displayValue(v: unknown, lang: Lang): string {
  if (v === null || v === undefined || v === '') return '—';
  if (isLabel(v)) return pick(v, lang);
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  if (typeof v === 'string' && ISO.test(v)) return fmtTime(v);
  if (Array.isArray(v)) return v.map((x) => displayValue(x, lang)).join('、');
  return String(v);
}

const CODE = /^[a-z][a-z0-9_]*$/;

/** A value with enumerated codes (applied, phone, partly_solved …) in words, from the register's value labels. */
export function showValue(v: unknown, lang: Lang, valueLabels?: Record<string, Label>): string {
  if (typeof v === 'string' && CODE.test(v) && valueLabels?.[v]) return pick(valueLabels[v], lang);
  return displayValue(v, lang);
}

/** Internal columns a reader does not need: ids, keys, versions (the names of the units are shown instead). */
export const isInternalField = (k: string) => /(^id$|Id$|Ids$|^version$|^dedupKey$|^(created|updated|rectified|verified|uploaded|proposed|approved)By$|^subjectEntity$|^masked$|^sha256$)/.test(k);

const humanise = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

export function fieldLabel(k: string, labels: Record<string, Label> | undefined, lang: Lang): string {
  return labels?.[k] ? pick(labels[k], lang) : humanise(k);
}

/** Field labels as plain strings in the user's language, for forms. */
export function labelsOf(fields: Record<string, Label>, lang: Lang): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, l]) => [k, pick(l, lang)]));
}
