import { z } from 'zod';
import type { ErrorCode } from './errors.js';

export type Lang = 'zh' | 'en';

/** Picks the first supported language in an Accept-Language header; Chinese is the default. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh';
  const tags = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh';
}

const MESSAGES: Record<ErrorCode, { zh: string; en: string }> = {
  VALIDATION_FAILED: { zh: '输入有误，请检查标出的字段', en: 'Some fields are invalid; see details' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please sign in first' },
  FORBIDDEN: { zh: '您的角色无权执行此操作', en: 'Your role may not do this' },
  NOT_FOUND: { zh: '未找到该资源', en: 'Not found' },
  CASE_NOT_FOUND: { zh: '未找到该信访事项', en: 'Case not found' },
  ATTACHMENT_NOT_FOUND: { zh: '未找到该附件', en: 'Attachment not found' },
  ACTION_NOT_ALLOWED: {
    zh: '当前状态（{status}）下不能执行“{action}”',
    en: 'Action "{action}" is not allowed while the case is {status}',
  },
  CASE_STATE_CONFLICT: {
    zh: '该事项刚被他人处理，状态已变化，请刷新后重试',
    en: 'Someone else changed this case just now; reload and try again',
  },
  STATE_CONFLICT: {
    zh: '该记录刚被他人处理，状态已变化，请刷新后重试',
    en: 'Someone else changed this record just now; reload and try again',
  },
  RECORD_NOT_FOUND: { zh: '未找到该记录', en: 'Record not found' },
  DEADLINE_PASSED: { zh: '已超过期限（截止 {due}）：{rule}', en: 'The time limit has passed (due {due}): {rule}' },
  ALREADY_EXISTS: { zh: '{field} 已存在', en: '{field} already exists' },
  CASE_FINAL: {
    zh: '该事项已经复核终结，以同一事实和理由提出的请求不再受理（《信访工作条例》第三十六条）',
    en: 'This matter was concluded by re-review; the same request on the same facts is not accepted again (Regulation art. 36)',
  },
  OBJECTION_NOT_ALLOWED: { zh: '不能再次退单：{reason}', en: 'The dispatch cannot be returned: {reason}' },
  EXTENSION_NOT_ALLOWED: { zh: '不能延期：{reason}', en: 'Extension not possible: {reason}' },
  ACCUSATION_TO_ACCUSED: {
    zh: '检举控告事项不得交给被检举控告的单位办理（《信访工作条例》第三十条）',
    en: 'An accusation may not be sent to the unit it accuses (Regulation art. 30)',
  },
  INVALID_TARGET_UNIT: { zh: '目标单位无效：{reason}', en: 'Invalid target unit: {reason}' },
  REVIEW_NOT_APPLICABLE: { zh: '本事项不适用复查、复核：{reason}', en: 'Review does not apply to this matter: {reason}' },
  UNIT_HAS_OPEN_WORK: {
    zh: '该单位尚有{cases}件在办信访事项、{records}条在办台账记录、{units}个在用下级单位、{users}名在岗人员：须先改派事项（改派 reroute）、移交台账、停用下级单位并调转或停用人员，再停用本单位',
    en: 'The unit still has {cases} open case(s), {records} open register record(s), {units} active sub-unit(s) and {users} active user(s): re-route the cases (reroute), hand on the records, deactivate the sub-units and move or deactivate the staff first',
  },
  UNIT_INACTIVE: { zh: '单位已停用：{unit}', en: 'The unit is deactivated: {unit}' },
  DOCUMENT_NOT_APPLICABLE: { zh: '{kind}暂不能出具：{reason}', en: 'The {kind} cannot be issued yet: {reason}' },
  DOCUMENT_NOT_FOUND: { zh: '文书不存在', en: 'No such document' },
  VERIFIER_NOT_INDEPENDENT: { zh: '现场核查须由整改责任单位以外的其他人员进行：{reason}', en: 'The on-site check must be made by someone else: {reason}' },
  EVIDENCE_REQUIRED: { zh: '缺少佐证材料：{what}', en: 'Evidence is missing: {what}' },
  PUBLICATION_NOT_ALLOWED: { zh: '不能公开：{reason}', en: 'Cannot be published: {reason}' },
  SECOND_PERSON_REQUIRED: { zh: '须由提议人以外的另一人审核', en: 'Someone other than the proposer must approve' },
  PERSONAL_DATA_LEFT: { zh: '公开文本仍含信访人个人信息（{what}），不予公开（{basis}）', en: 'The public text still contains personal data of a party ({what}); not published ({basis})' },
  PAYLOAD_TOO_LARGE: { zh: '内容过大（上限 {limit} 字节）', en: 'Too large (limit {limit} bytes)' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的文件类型：{type}', en: 'Unsupported file type: {type}' },
  RATE_LIMITED: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  BAD_REQUEST: { zh: '请求格式有误：{reason}', en: 'Malformed request: {reason}' },
  NOT_ACCEPTABLE: { zh: '无法按请求的格式应答', en: 'The requested format cannot be produced' },
  URI_TOO_LONG: { zh: '请求地址过长', en: 'The request URL is too long' },
  HEADERS_TOO_LARGE: { zh: '请求头过大', en: 'The request headers are too large' },
  REQUEST_TIMEOUT: { zh: '请求超时', en: 'The request timed out' },
  LOGIN_LOCKED: {
    zh: '登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试',
    en: 'Too many failed sign-ins; locked for now, try again in {minutes} minutes',
  },
  CSRF_ORIGIN_MISMATCH: {
    zh: '请求来自其他网站（{origin}），已拒绝',
    en: 'The request comes from another site ({origin}) and was refused',
  },
  IDEMPOTENCY_KEY_REUSED: {
    zh: '该 Idempotency-Key 已用于另一个不同的请求，请换一个新的键',
    en: 'This Idempotency-Key was already used for a different request; use a new key',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    zh: '使用该 Idempotency-Key 的请求仍在处理中，请稍后重试',
    en: 'A request with this Idempotency-Key is still being processed; retry shortly',
  },
  IDEMPOTENCY_ANSWER_LOST: {
    zh: '使用该 Idempotency-Key 的请求已经办结，但其应答已丢失；请重新读取该记录查看结果',
    en: 'The request with this Idempotency-Key was carried out, but its answer was lost; read the record to see the result',
  },
  INTERNAL: { zh: '服务器内部错误，已记录，请稍后重试', en: 'Internal error; it has been logged, please retry later' },
};

/** A parameter of a message: a value, or a label in both languages (an action's or a status's name) shown in the reader's. */
export type MessageParam = string | number | { zh: string; en: string };

export function errorMessage(code: ErrorCode, lang: Lang, params: Record<string, MessageParam> = {}): string {
  const template = MESSAGES[code][lang];
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = params[key];
    return v === undefined ? `{${key}}` : typeof v === 'object' ? v[lang] : String(v);
  });
}

export function zodLocale(lang: Lang) {
  return (lang === 'zh' ? z.locales.zhCN() : z.locales.en()).localeError;
}
