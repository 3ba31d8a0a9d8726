/**
 * The statutory documents a case produces: what each is called, the article that requires it, its 文号 prefix,
 * whether it is addressed to the petitioner (personal data inside; the citizen may download it from the portal),
 * and the placeholders its template may use. The default wording of each is in defaults.ts.
 */
export const DOCUMENT_KINDS = [
  'accept_notice', // 受理告知书
  'not_accepted_notice', // 不予受理告知书
  'routing_slip', // 转送/交办单
  'extension_notice', // 延期告知书
  'handling_opinion', // 信访处理意见书
  'review_opinion', // 复查意见书
  'rereview_opinion', // 复核意见书
  'mediation_agreement', // 调解协议书
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface KindSpec {
  label: { zh: string; en: string };
  basis: string;
  /** the default 文号 prefix: 受〔2026〕1号 */
  prefix: string;
  /** addressed to the petitioner: their notice, with their name — personal data, and theirs to download */
  personal: boolean;
  /** placeholders of this kind besides the common ones */
  fields: readonly string[];
}

/** Placeholders every template may use. */
export const COMMON_FIELDS = ['officeName', 'docNo', 'date', 'regNo', 'title', 'content', 'location', 'receivedDate', 'trackingCode'] as const;
const PERSON = ['petitionerName'] as const;

export const KINDS: Record<DocumentKind, KindSpec> = {
  accept_notice: {
    label: { zh: '受理告知书', en: 'Notice of acceptance' },
    basis: '《信访工作条例》第二十三条',
    prefix: '受',
    personal: true,
    fields: [...PERSON, 'acceptedDate', 'procedure', 'leadUnit', 'dueDate'],
  },
  not_accepted_notice: {
    label: { zh: '不予受理告知书', en: 'Notice of non-acceptance' },
    basis: '《信访工作条例》第二十三条',
    prefix: '不受',
    personal: true,
    fields: [...PERSON, 'reason', 'suggestedAuthority'],
  },
  routing_slip: {
    label: { zh: '转送/交办单', en: 'Routing slip' },
    basis: '《信访工作条例》第二十二条',
    prefix: '转',
    personal: false,
    fields: ['routeMode', 'leadUnit', 'assistUnits', 'dueDate', 'note'],
  },
  extension_notice: {
    label: { zh: '延期告知书', en: 'Notice of extension' },
    basis: '《信访工作条例》第三十四条',
    prefix: '延',
    personal: true,
    fields: [...PERSON, 'leadUnit', 'acceptedDate', 'extensionDays', 'reason', 'dueDate'],
  },
  handling_opinion: {
    label: { zh: '信访处理意见书', en: 'Written decision on the petition' },
    basis: '《信访工作条例》第三十二条',
    prefix: '处',
    personal: true,
    fields: [...PERSON, 'leadUnit', 'request', 'facts', 'reasons', 'decision', 'legalBasis', 'replyText', 'reviewAuthority', 'dueDate'],
  },
  review_opinion: {
    label: { zh: '复查意见书', en: 'Review decision' },
    basis: '《信访工作条例》第三十五条',
    prefix: '复查',
    personal: true,
    fields: [...PERSON, 'leadUnit', 'request', 'reviewReason', 'decision', 'opinion', 'legalBasis', 'reviewAuthority', 'dueDate'],
  },
  rereview_opinion: {
    label: { zh: '复核意见书', en: 'Re-review decision' },
    basis: '《信访工作条例》第三十六条',
    prefix: '复核',
    personal: true,
    fields: [...PERSON, 'request', 'reviewReason', 'decision', 'opinion', 'legalBasis'],
  },
  mediation_agreement: {
    label: { zh: '调解协议书', en: 'Mediation agreement' },
    basis: '《信访工作条例》第三十三条；《人民调解法》第二十八条、第二十九条',
    prefix: '调',
    personal: true,
    fields: [...PERSON, 'disputeRegNo', 'mediationCommittee', 'disputeDescription', 'agreement', 'dueDate'],
  },
};

export const isDocumentKind = (k: string): k is DocumentKind => (DOCUMENT_KINDS as readonly string[]).includes(k);

export const allowedFields = (kind: DocumentKind): string[] => [...COMMON_FIELDS, ...KINDS[kind].fields];

/** Decisions as the documents word them (第三十二条 支持 / 解释说明 / 不予支持; reviews 维持 / 变更 / 撤销). */
export const DECISION_WORDS: Record<string, string> = {
  support: '予以支持',
  explain: '作出解释说明',
  not_support: '不予支持',
  mediation_agreement: '经调解达成协议',
  adopted: '予以采纳',
  partly_adopted: '部分采纳',
  not_adopted: '不予采纳',
  substantiated: '反映问题属实',
  partly_substantiated: '反映问题部分属实',
  not_substantiated: '反映问题不属实',
  upheld: '维持原处理意见',
  changed: '变更原处理意见',
  revoked: '撤销原处理意见',
};
