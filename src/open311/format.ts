/**
 * Rendering for GeoReport v2: the same records as JSON or as XML (text/xml, no namespace, the element names of the
 * spec). A list in XML is a wrapper element whose children are named by ITEM (attributes → attribute …).
 */
export type Val = string | number | boolean | null | undefined | Val[] | { [k: string]: Val };
export type Rec = { [k: string]: Val };
export type Format = 'json' | 'xml';

export const FORMATS: readonly Format[] = ['json', 'xml'];
export const CONTENT_TYPE: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

/** the child element of each list in the spec's XML */
const ITEM: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

// characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF)
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const xmlEscape = (s: string) =>
  s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function xmlOf(name: string, v: Val): string {
  if (v === undefined) return '';
  if (v === null) return `<${name}/>`;
  if (Array.isArray(v)) {
    const item = ITEM[name] ?? 'item';
    return `<${name}>${v.map((x) => xmlOf(item, x)).join('')}</${name}>`;
  }
  if (typeof v === 'object') return `<${name}>${Object.entries(v).map(([k, x]) => xmlOf(k, x)).join('')}</${name}>`;
  return `<${name}>${xmlEscape(String(v))}</${name}>`;
}

/** root: the XML root element (services, service_requests, errors …); in JSON a list is the bare array */
export function render(format: Format, root: string, body: Rec | Rec[]): string {
  if (format === 'json') return JSON.stringify(body);
  return `<?xml version="1.0" encoding="utf-8"?>${xmlOf(root, body as Val)}`;
}

/** W3C date-time in China Standard Time, e.g. 2052-03-02T09:00:00+08:00 (the spec wants an explicit offset) */
export function w3c(d: Date | null | undefined): string | null {
  if (!d) return null;
  return `${new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A W3C date-time with its offset, or undefined: a date without a zone is ambiguous, so it is refused */
export function parseW3c(s: string): Date | undefined {
  if (!W3C.test(s)) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** services.json → ['services', 'json']; the last dot splits, so a service code may itself hold dots */
export function splitFormat(file: string): { name: string; format: Format } | undefined {
  const i = file.lastIndexOf('.');
  if (i <= 0) return undefined;
  const ext = file.slice(i + 1).toLowerCase();
  if (ext !== 'json' && ext !== 'xml') return undefined;
  return { name: file.slice(0, i), format: ext };
}
