export const STATUSES = [
  'registered', // 已登记: awaiting routing (第二十二条, 15 days)
  'dispatched', // 已交办/转送: awaiting the unit's signature
  'signed', // 已签收: the unit decides acceptance (第二十三条) or objects (5 working days)
  'objected', // 退单待裁定: the dispatcher upholds (re-routes) or rejects the objection
  'accepted', // 已受理/办理中: 60-day handling clock (第三十四条)
  'reply_pending', // 答复待审批: draft reply awaiting the unit head
  'replied', // 已答复: evaluation, return visit, review window (第三十五条)
  'review', // 复查中
  'reviewed', // 已复查: re-review window (第三十六条)
  'rereview', // 复核中
  'rereviewed', // 已复核: final; the same request on the same facts is not accepted again
  'not_accepted', // 不予受理
  'linked', // 已关联: already accepted below and within time (第十九条第三款); the citizen is told its progress
  'merged', // 已合并: duplicate of another case, whose timeline it joins
  'closed', // 已办结
] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, { zh: string; en: string }> = {
  registered: { zh: '已登记', en: 'Registered' },
  dispatched: { zh: '已交办', en: 'Dispatched' },
  signed: { zh: '已签收', en: 'Signed for' },
  objected: { zh: '退单待裁定', en: 'Returned, awaiting decision' },
  accepted: { zh: '办理中', en: 'Accepted, in handling' },
  reply_pending: { zh: '答复待审批', en: 'Reply awaiting approval' },
  replied: { zh: '已答复', en: 'Replied' },
  review: { zh: '复查中', en: 'Under review' },
  reviewed: { zh: '已复查', en: 'Reviewed' },
  rereview: { zh: '复核中', en: 'Under re-review' },
  rereviewed: { zh: '已复核（终结）', en: 'Re-reviewed (final)' },
  not_accepted: { zh: '不予受理', en: 'Not accepted' },
  linked: { zh: '已关联在办事项', en: 'Linked to a case in progress' },
  merged: { zh: '已合并', en: 'Merged as duplicate' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const CHANNELS = ['web', 'phone', 'letter', 'email', 'visit', 'fax', 'hotline', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

export const KINDS = ['suggestion', 'accusation', 'appeal'] as const;
export type CaseKind = (typeof KINDS)[number];

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const; // 满意 / 基本满意 / 不满意
export type Rating = (typeof RATINGS)[number];
