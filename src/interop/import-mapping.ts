/**
 * The column-mapping step of an import: which spreadsheet column feeds which field of a case, the suggestion made
 * from known export layouts (NYC 311, SF 311, 12345 hotline exports), and the options the person chooses.
 */
import { z } from 'zod';
import { CHANNELS, KINDS } from '../cases/states.js';
import { inputRule, withRules } from '../core/input-rules.js';

/** Fields a column can feed. Text fields may take several columns (joined); the others take one. */
export const TARGETS = [
  'externalId', // the source system's id: re-importing the same id never makes a second case
  'title',
  'content',
  'kind', // 工单类型 投诉/求助/咨询/建议/举报 → our kinds
  'category',
  'unit', // the unit responsible (Agency, 被反映区 …) → routed there
  'receivedAt',
  'closedAt',
  'status',
  'result', // 办理结果 / Resolution Description
  'resolved', // 是否解决
  'satisfied', // 是否满意
  'location',
  'latitude',
  'longitude',
  'channel',
] as const;
export type Target = (typeof TARGETS)[number];
export const MULTI: ReadonlySet<Target> = new Set(['title', 'content', 'location', 'result']);

const header = z.string().min(1).max(200);
const EXTERNAL_ID_MAPPED = inputRule<{ externalId?: unknown }>({
  field: 'externalId',
  message: '须指定外部编号列（用于防止重复导入）/ map a column to externalId',
  doc: 'a column is mapped to externalId (it keeps a re-run from importing twice)',
  test: (m) => m.externalId !== undefined,
});
const TEXT_MAPPED = inputRule<{ content?: unknown; title?: unknown }>({
  field: 'content',
  message: '须指定内容或标题列 / map content or title',
  doc: 'a column is mapped to content or title',
  test: (m) => m.content !== undefined || m.title !== undefined,
});
export const mappingSchema = withRules(z.partialRecord(z.enum(TARGETS), z.union([header, z.array(header).min(1).max(20)])), EXTERNAL_ID_MAPPED, TEXT_MAPPED);
export type Mapping = z.infer<typeof mappingSchema>;

const id = z.union([z.string().regex(/^\d{1,18}$/), z.number().int().positive()]).transform(String);
export const optionsSchema = z.object({
  /** names the source system: external ids are unique per source (import:<source>) */
  source: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,60}$/, 'letters, digits, . _ - (e.g. nyc-311)'),
  /** valid_rows: valid rows commit, invalid ones go to the error file; all_or_nothing: any invalid row stops all */
  mode: z.enum(['valid_rows', 'all_or_nothing']).default('valid_rows'),
  /** check every row and report, commit nothing */
  dryRun: z.boolean().default(false),
  /** only the first N data rows (a trial run on a big file) */
  maxRows: z.number().int().min(1).max(1_000_000).optional(),
  /** dates without a zone are wall-clock times at this offset (Excel and most exports carry none) */
  utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/).default('+08:00'),
  defaultKind: z.enum(KINDS).default('appeal'),
  defaultChannel: z.enum(CHANNELS).default('hotline'),
  defaultCategoryId: id.optional(),
  /** source value → category id, for values that match no category name or code */
  categoryValues: z.record(z.string(), id).default({}),
  /** source value → unit id, for values that match no unit name or code in the importer's area */
  unitValues: z.record(z.string(), id).default({}),
  /** route each row whose unit is known to that unit, in the registration's transaction (dispatchers) */
  route: z.boolean().default(true),
  /** rows the source system had already closed: register them with their history, or leave them out */
  closedRows: z.enum(['register', 'skip']).default('register'),
});
export type ImportOptions = z.infer<typeof optionsSchema>;

const norm = (s: string) => s.toLowerCase().replace(/[\s_\-()（）:：]/g, '');

/** Known header names per target, normalised (lower case, no spaces, underscores or brackets). */
const KNOWN: Record<Target, string[]> = {
  externalId: ['uniquekey', '工单编号', '工单号', '编号', 'servicerequestid', 'caseid', 'externalid', '受理编号'],
  title: ['标题', '工单标题', '诉求标题', 'title', 'subject'],
  content: ['内容', '诉求内容', '来电内容', '工单内容', '反映内容', '问题描述', 'description', 'content', 'descriptor', 'locationtype'],
  kind: ['工单类型', '诉求类型', '类型'],
  category: ['complainttype', 'category', '问题分类', '事项分类', '诉求分类', '分类', 'servicename'],
  unit: ['agency', 'agencyname', '被反映区', '承办单位', '责任单位', '处理单位', '办理单位'],
  receivedAt: ['createddate', 'requesteddatetime', 'opened', '来电时间', '受理时间', '登记时间', '创建时间', '派单时间'],
  closedAt: ['closeddate', 'closed', '办结时间', '结案时间', '完成时间'],
  status: ['status', '状态', '工单状态', '办理状态'],
  result: ['resolutiondescription', 'statusnotes', '办理结果', '处理结果', '答复内容'],
  resolved: ['是否解决', '解决情况'],
  satisfied: ['是否满意', '满意度', '评价结果'],
  location: ['incidentaddress', 'address', 'borough', 'neighborhood', '地址', '事发地址', '发生地点', '事发地点', '所属街道'],
  latitude: ['latitude', 'lat', '纬度'],
  longitude: ['longitude', 'long', 'lng', 'lon', '经度'],
  channel: ['source', 'opendatachanneltype', 'channel', '来源', '来源渠道', '渠道'],
};

/**
 * A first mapping from the header names. The person reviews it; nothing is imported on a suggestion alone.
 * A layout without a title column (NYC, SF) gets one composed of category and the first content column.
 */
export function suggestMapping(headers: string[]): Mapping {
  const out: Partial<Record<Target, string[]>> = {};
  const used = new Set<string>();
  for (const t of TARGETS) {
    for (const h of headers) {
      if (!h || used.has(h) || !KNOWN[t].includes(norm(h))) continue;
      // 'agency' before 'agency name' (NYC has both): one unit column
      if (!MULTI.has(t) && out[t]) continue;
      (out[t] ??= []).push(h);
      used.add(h);
    }
  }
  if (!out.title) {
    const parts = [...(out.category ?? []), ...(out.content ?? []).slice(0, 1)];
    if (parts.length > 0) out.title = parts;
  }
  const m: Record<string, string | string[]> = {};
  for (const [t, hs] of Object.entries(out)) m[t] = MULTI.has(t as Target) ? hs! : hs![0]!;
  return m as Mapping;
}

/** Known channel words → our channels; anything else is the import's default. */
export function channelOf(v: string, fallback: (typeof CHANNELS)[number]): (typeof CHANNELS)[number] {
  const s = norm(v);
  if (/^(phone|电话|来电|热线|12345)/.test(s)) return 'phone';
  if (/^(web|online|网站|网上|网络|twitter|微信|app)/.test(s)) return 'web';
  if (/^(email|e-mail|邮件|邮箱)/.test(s)) return 'email';
  if (/^(mobile|open311|integratedagency|otherdepartment|api)/.test(s)) return 'api';
  if (/^(letter|信件|来信)/.test(s)) return 'letter';
  if (/^(visit|walkin|来访|走访)/.test(s)) return 'visit';
  return fallback;
}

/** 工单类型 words → our kinds (举报/检举/控告 are accusations, 建议/意见 suggestions; 投诉/求助/咨询 are requests). */
export function kindOf(v: string): (typeof KINDS)[number] | undefined {
  if (/举报|检举|控告/.test(v)) return 'accusation';
  if (/建议|意见/.test(v)) return 'suggestion';
  if (/投诉|求助|咨询|求决|申诉|诉求/.test(v)) return 'appeal';
  return undefined;
}

const CLOSED = new Set(['closed', '已办结', '办结', '已完成', '完成', '已关闭', '关闭', '已结案', '结案', '已解决', '已归档', 'resolved']);
export const isClosedStatus = (v: string) => CLOSED.has(norm(v));
