/**
 * Redaction of personal data from a text the office publishes on the reply board (问政回复). Pure: the caller
 * gives the names known to the case (petitioner, representatives) and the terms the proposer judged not personal.
 * Removed, in this order: names of the parties, resident ID numbers (18 digits, check digit X, and the old 15),
 * e-mail addresses, phone numbers (mobile with +86/0086, separators; landlines with area code), licence plates,
 * and detailed addresses (门牌号, 楼栋单元室). 信访工作条例 第四十六条第五项 holds to account whoever discloses a
 * petitioner's information; the regulation's 第三十条第三款 forbids passing it to the accused.
 */

export const REDACTION_KINDS = ['name', 'id_number', 'email', 'phone', 'plate', 'address'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

export const REDACTION_LABELS: Record<RedactionKind, { zh: string; en: string }> = {
  name: { zh: '姓名', en: 'name' },
  id_number: { zh: '身份证号', en: 'ID number' },
  email: { zh: '电子邮箱', en: 'e-mail' },
  phone: { zh: '电话号码', en: 'phone number' },
  plate: { zh: '车牌号', en: 'licence plate' },
  address: { zh: '门牌号/楼栋单元室', en: 'house or flat number' },
};

/** The fields of a publication, as the redaction report names them. */
export const TEXT_FIELD_LABELS = {
  title: { zh: '标题', en: 'title' },
  summary: { zh: '诉求摘要', en: 'summary' },
  reply: { zh: '答复', en: 'reply' },
} as const;

export interface Redaction {
  kind: RedactionKind;
  /** what was removed, masked (张*, 138****5678): the report never repeats the data it removed */
  masked: string;
}

const NAME_MARK = '某某';
const MARK = '***';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const mask = (kind: RedactionKind, s: string): string => {
  const t = s.replace(/\s+/g, '');
  switch (kind) {
    case 'name':
      return t.length <= 1 ? '*' : t[0] + '*'.repeat(Math.min(t.length - 1, 3));
    case 'email':
      return t.replace(/^(.).*(@.*)$/, '$1***$2');
    case 'address':
      // the shape stays (*号楼*单元***室), the numbers go
      return t.replace(/[0-9一二三四五六七八九十〇两]+/g, (n) => '*'.repeat(Math.min(n.length, 4)));
    case 'plate':
      return `${t.slice(0, 2)}*****`;
    case 'phone': {
      const d = t.replace(/\D/g, '').replace(/^(?:0086|86)(?=1\d{10}$)/, '');
      return d.length >= 7 ? `${d.slice(0, 3)}****${d.slice(-4)}` : '****';
    }
    default:
      return t.length >= 8 ? `${t.slice(0, 3)}${'*'.repeat(t.length - 7)}${t.slice(-4)}` : '****';
  }
};

const DIGIT_GUARD_BEFORE = '(?<![0-9A-Za-z])';
const DIGIT_GUARD_AFTER = '(?![0-9A-Za-z])';

// 18-digit resident ID: 6-digit area, birth date 19xx/20xx, 3-digit sequence, check digit (0-9 or X); the old 15 digits
const ID18 = `\\d{6}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx]`;
const ID15 = `\\d{6}\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}`;
const SEP = '[\\s\\-—.·]?';
// mobile: 1[3-9]x xxxx xxxx, with +86 / 0086 / 86 in front, spaces or hyphens between the groups
const MOBILE = `(?:(?:\\+|00)?86${SEP}|\\(\\+?86\\)${SEP})?1[3-9]\\d${SEP}\\d{4}${SEP}\\d{4}`;
// landline: area code 0xx / 0xxx, then 7 or 8 digits, optional extension; (0536) 8123456 too
const LANDLINE = `(?:(?:\\+|00)86${SEP})?(?:\\(0\\d{2,3}\\)|0\\d{2,3})${SEP}\\d{3,4}${SEP}\\d{4}(?:转\\d{1,5})?`;
const EMAIL = `[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}`;
// 鲁G·12345, 京A12345, 粤B D12345 (new-energy: 6 characters after the letter)
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE = `[${PROVINCES}][A-HJ-NP-Z][\\s·•\\-]?[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警]`;
// detailed addresses: a run of numbered parts (3号楼2单元501室, 5栋1单元302, 12号院, 人民路18号, 18-2号): the road or
// community name stays (it says where the matter is), the numbers that find a household go
const CN = '[一二三四五六七八九十〇两]';
// a part that starts an address run; a bare Chinese numeral counts only with 单元/号楼/号院/栋 (一座桥, 300户 are no address)
const PART = `(?:(?:\\d+|${CN}+)(?:号院|号楼|栋|单元)|\\d+(?:幢|座|室)|[A-Z]座)`;
const CONT = `(?:(?:\\d+|${CN}+)(?:号院|号楼|号|栋|幢|座|单元|层|楼|室)|\\d{3,4}(?![0-9号]))`;
const ADDRESS = `(?:${PART}(?:[-—]?${CONT})*|(?<=[路街巷道弄同里])\\d+(?:[-之]\\d+)?号(?:${CONT})*)`;

interface Rule {
  kind: RedactionKind;
  re: RegExp;
}

const RULES: Rule[] = [
  { kind: 'id_number', re: new RegExp(`${DIGIT_GUARD_BEFORE}(?:${ID18}|${ID15})${DIGIT_GUARD_AFTER}`, 'g') },
  { kind: 'email', re: new RegExp(EMAIL, 'g') },
  { kind: 'phone', re: new RegExp(`${DIGIT_GUARD_BEFORE}(?:${MOBILE}|${LANDLINE})${DIGIT_GUARD_AFTER}`, 'g') },
  { kind: 'plate', re: new RegExp(`${PLATE}${DIGIT_GUARD_AFTER}`, 'g') },
  { kind: 'address', re: new RegExp(ADDRESS, 'g') },
];

/** A name as it may be written: each character, optionally separated by spaces (张 三 丰). */
const nameRe = (name: string) =>
  new RegExp(
    [...name.replace(/\s+/g, '')].map(escape).join('\\s*'),
    'g',
  );

export interface RedactOptions {
  /** names of the parties known to the case */
  names: readonly string[];
  /** terms the proposer judged not to be personal data; left as they are */
  keep?: readonly string[];
}

export interface Redacted {
  text: string;
  redactions: Redaction[];
}

/** Full-width digits, letters and ＠＋－． (１３８…) are read as ASCII, so a number typed in full width is found too. */
export const normalizeWidth = (s: string) => s.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff20\uff0b\uff0d\uff0e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

export function redact(input: string, opts: RedactOptions): Redacted {
  const keep = (opts.keep ?? []).map((k) => k.trim()).filter((k) => k.length > 0);
  let text = normalizeWidth(input);
  const redactions: Redaction[] = [];
  // terms kept are set aside under placeholders no rule matches, and put back at the end
  const held: string[] = [];
  for (const k of keep) {
    text = text.split(normalizeWidth(k)).join(`\u0000${held.length}\u0000`);
    held.push(normalizeWidth(k));
  }
  const names = [...new Set(opts.names.map((n) => n.replace(/\s+/g, '')).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
  for (const n of names)
    text = text.replace(nameRe(n), (m) => {
      redactions.push({ kind: 'name', masked: mask('name', m) });
      return NAME_MARK;
    });
  for (const rule of RULES)
    text = text.replace(rule.re, (m) => {
      redactions.push({ kind: rule.kind, masked: mask(rule.kind, m) });
      return MARK;
    });
  text = text.replace(/\u0000(\d+)\u0000/g, (_, i: string) => held[Number(i)]!);
  return { text, redactions };
}

export interface PartyData {
  name: string | null;
  phone: string | null;
  idNumber: string | null;
}

export interface Leftover {
  field: string;
  kind: 'name' | 'phone' | 'id_number';
}

const digits = (s: string) => normalizeWidth(s).replace(/\D/g, '');

/**
 * The guard's check: does a public text still contain a party's name, phone number or ID number, however written
 * (spaces inside a name, separators or +86 in a phone, a lower-case x)? Independent of redact(): it does not trust
 * the rules above, it looks for the data itself.
 */
export function personalDataLeft(fields: Record<string, string>, parties: readonly PartyData[]): Leftover[] {
  const out: Leftover[] = [];
  for (const [field, raw] of Object.entries(fields)) {
    const text = normalizeWidth(raw);
    const compact = text.replace(/\s+/g, '');
    const allDigits = digits(text).toUpperCase();
    const idText = compact.replace(/[\s\-]/g, '').toUpperCase();
    for (const p of parties) {
      if (p.name && p.name.replace(/\s+/g, '').length >= 2 && compact.includes(p.name.replace(/\s+/g, ''))) out.push({ field, kind: 'name' });
      const ph = p.phone ? digits(p.phone).replace(/^(?:0086|86)(?=1\d{10}$)/, '') : '';
      if (ph.length >= 7 && allDigits.includes(ph)) out.push({ field, kind: 'phone' });
      const id = p.idNumber ? normalizeWidth(p.idNumber).replace(/\s+/g, '').toUpperCase() : '';
      if (id.length >= 15 && idText.includes(id)) out.push({ field, kind: 'id_number' });
    }
  }
  return out.filter((l, i) => out.findIndex((x) => x.field === l.field && x.kind === l.kind) === i);
}
