/**
 * One spreadsheet row → the registration input of a case, or the reason it cannot be one. Pure apart from the
 * lookups it is given, so the dry run, the all-or-nothing check and the real run judge every row the same way.
 */
import { registerInput } from '../cases/register-case.js';
import { channelOf, isClosedStatus, kindOf, MULTI, type ImportOptions, type Mapping, type Target } from './import-mapping.js';

export interface Lookups {
  /** normalised category name or code → id (active categories) */
  categories: Map<string, string>;
  /** normalised unit name or code → id (active units in the importer's area) */
  units: Map<string, string>;
  /** the one unit whose name ends with the value ('东湖区' → '江城市东湖区': exports leave out the city), if only one */
  unitBySuffix?: (key: string) => string | undefined;
}

/** What the case's 'imported' event keeps of the source record: its history, which our lifecycle did not see. */
export interface SourceRecord {
  source: string;
  externalId: string;
  row: number;
  status?: string;
  closedInSource: boolean;
  closedAt?: string;
  result?: string;
  resolved?: string;
  satisfied?: string;
  unit?: string;
  category?: string;
  latitude?: number;
  longitude?: number;
}

export type RowVerdict =
  | { ok: true; row: number; externalId: string; input: Record<string, unknown>; unitId?: string; record: SourceRecord }
  | { ok: false; row: number; externalId?: string; reason: string; skipped?: boolean };

export const normKey = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

const pad = (s: string | undefined) => (s ?? '0').padStart(2, '0');

/**
 * Dates as exports write them: ISO 8601 (with or without zone, 'T' or space, '+00' or '+00:00'), US
 * 'MM/DD/YYYY hh:mm:ss AM', 'YYYY/MM/DD HH:mm', '2024年5月1日 09:30'. Without a zone the offset of the import applies.
 */
export function parseDate(v: string, utcOffset: string): Date | undefined {
  const s = v.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(s);
  let parts: { y: string; mo: string; d: string; h?: string; mi?: string; se?: string; z?: string } | undefined;
  if (m) parts = { y: m[1]!, mo: m[2]!, d: m[3]!, h: m[4], mi: m[5], se: m[6], z: m[7] };
  if (!parts && (m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i.exec(s))) {
    let h = Number(m[4] ?? 0);
    if (m[7]?.toUpperCase() === 'PM' && h < 12) h += 12;
    if (m[7]?.toUpperCase() === 'AM' && h === 12) h = 0;
    parts = { y: m[3]!, mo: m[1]!, d: m[2]!, h: String(h), mi: m[5], se: m[6] };
  }
  if (!parts && (m = /^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2}))?秒?)?$/.exec(s)))
    parts = { y: m[1]!, mo: m[2]!, d: m[3]!, h: m[4], mi: m[5], se: m[6] };
  if (!parts) return undefined;
  let z = parts.z ?? utcOffset;
  if (/^[+-]\d{2}$/.test(z)) z += ':00';
  else if (/^[+-]\d{4}$/.test(z)) z = `${z.slice(0, 3)}:${z.slice(3)}`;
  const iso = `${parts.y}-${pad(parts.mo)}-${pad(parts.d)}T${pad(parts.h)}:${pad(parts.mi)}:${pad(parts.se)}${z.toUpperCase() === 'Z' ? 'Z' : z}`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1990) return undefined; // 1900-01-01 is an export's "no date"
  return d;
}

function coordinate(v: string, max: number): number | undefined | 'bad' {
  if (v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || Math.abs(n) > max) return 'bad';
  return n === 0 ? undefined : n; // 0.0 is SF's "unknown"
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function judgeRow(
  cells: string[],
  rowNo: number,
  ctx: { headers: string[]; mapping: Mapping; options: ImportOptions; lookups: Lookups; now: Date; seen: Map<string, number> },
): RowVerdict {
  const { mapping, options, lookups } = ctx;
  const col = (h: string) => ctx.headers.indexOf(h);
  const one = (t: Target) => {
    const h = mapping[t];
    if (h === undefined) return '';
    return (cells[col(Array.isArray(h) ? h[0]! : h)] ?? '').trim();
  };
  const many = (t: Target, sep: string, labelled: boolean) => {
    const h = mapping[t];
    if (h === undefined) return '';
    const hs = Array.isArray(h) ? h : [h];
    const vals = hs.map((x) => [x, (cells[col(x)] ?? '').trim()] as const).filter(([, v]) => v !== '');
    return vals.map(([x, v]) => (labelled && hs.length > 1 ? `${x}：${v}` : v)).join(sep);
  };
  const text = (t: Target, sep: string, labelled = false) => (MULTI.has(t) ? many(t, sep, labelled) : one(t));
  if (cells.every((c) => c.trim() === '')) return { ok: false, row: rowNo, reason: '空行 / empty row' };
  const externalId = one('externalId');
  const fail = (reason: string) => ({ ok: false as const, row: rowNo, externalId: externalId || undefined, reason });
  if (!externalId) return fail('externalId: 缺少外部编号 / no external id');
  const first = ctx.seen.get(externalId);
  if (first !== undefined) return fail(`externalId: 与第${first}行重复 / same external id as row ${first}`);
  ctx.seen.set(externalId, rowNo);

  const status = one('status');
  const closedRaw = one('closedAt');
  const closedInSource = (status !== '' && isClosedStatus(status)) || (status === '' && closedRaw !== '');
  if (closedInSource && options.closedRows === 'skip') return { ...fail('源系统已办结，按所选不导入 / closed in the source system, left out as chosen'), skipped: true };

  let receivedAt: Date | undefined;
  if (mapping.receivedAt !== undefined) {
    const raw = one('receivedAt');
    receivedAt = parseDate(raw, options.utcOffset);
    if (!receivedAt) return fail(raw ? `receivedAt: 无法识别的时间 “${clip(raw, 40)}” / unreadable date` : 'receivedAt: 缺少受理时间 / no date');
    if (receivedAt.getTime() > ctx.now.getTime() + 60_000) return fail('receivedAt: 晚于当前时间 / in the future');
  }
  let closedAt: Date | undefined;
  if (closedRaw) {
    closedAt = parseDate(closedRaw, options.utcOffset);
    if (closedAt && receivedAt && closedAt.getTime() < receivedAt.getTime()) return fail('closedAt: 办结时间早于受理时间 / closed before it was received');
  }
  const lat = coordinate(one('latitude'), 90);
  const lng = coordinate(one('longitude'), 180);
  if (lat === 'bad' || lng === 'bad') return fail('latitude/longitude: 坐标超出范围 / not a WGS-84 coordinate');

  const categoryRaw = one('category');
  let categoryId: string | undefined;
  if (categoryRaw) categoryId = options.categoryValues[categoryRaw] ?? lookups.categories.get(normKey(categoryRaw));
  categoryId ??= options.defaultCategoryId;
  const unitRaw = one('unit');
  const unitId = unitRaw ? (options.unitValues[unitRaw] ?? lookups.units.get(normKey(unitRaw)) ?? lookups.unitBySuffix?.(normKey(unitRaw))) : undefined;
  const kindRaw = one('kind');
  const body = text('content', '\n', true);
  const title = clip(text('title', ' - ') || body.split('\n')[0]!, 200);
  // a one-word content ("Odor") says little alone: the title (category - descriptor) goes in front of it
  const content = body.length >= 5 || !title || title === body ? body || title : `${title}：${body}`;
  const location = text('location', ', ');
  const input: Record<string, unknown> = {
    channel: mapping.channel !== undefined ? channelOf(one('channel'), options.defaultChannel) : options.defaultChannel,
    // a category names its kind; without one, the row's 工单类型 or the import's default
    ...(categoryId ? { categoryId } : { kind: (kindRaw && kindOf(kindRaw)) || options.defaultKind }),
    title,
    content,
    ...(location ? { location: clip(location, 500) } : {}),
    // an export of requests carries no petitioner we could verify: imported matters are registered without one
    anonymous: true,
    ...(receivedAt ? { receivedAt: receivedAt.toISOString() } : {}),
  };
  const parsed = registerInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(`${issue.path.join('.') || 'row'}: ${issue.message}`);
  }
  const opt = (v: string) => (v ? v : undefined);
  const record: SourceRecord = {
    source: options.source,
    externalId,
    row: rowNo,
    status: opt(status),
    closedInSource,
    closedAt: closedAt?.toISOString(),
    result: opt(clip(text('result', '\n'), 4000)),
    resolved: opt(one('resolved')),
    satisfied: opt(one('satisfied')),
    unit: opt(unitRaw),
    category: opt(categoryRaw),
    latitude: lat,
    longitude: lng,
  };
  return { ok: true, row: rowNo, externalId, input, unitId, record };
}
