import type { Generated } from 'kysely';
import type { BigRef, BigRefNullable, Timestamp, TimestampNullable } from '../db/types.js';

/** 纠纷类型: the kinds of 民间纠纷 a people's mediation committee takes (人民调解法 第二条). */
export const DISPUTE_TYPES = [
  'family', // 婚姻家庭
  'neighbours', // 邻里
  'consumer', // 消费
  'medical', // 医疗
  'traffic', // 交通事故
  'labour_wages', // 劳动争议、欠薪
  'property_management', // 物业服务
  'land', // 土地、山林、宅基地
  'other',
] as const;
export type DisputeType = (typeof DISPUTE_TYPES)[number];

export const DISPUTE_TYPE_LABELS: Record<DisputeType, { zh: string; en: string }> = {
  family: { zh: '婚姻家庭纠纷', en: 'Family and marriage' },
  neighbours: { zh: '邻里纠纷', en: 'Neighbours' },
  consumer: { zh: '消费纠纷', en: 'Consumer' },
  medical: { zh: '医疗纠纷', en: 'Medical' },
  traffic: { zh: '交通事故纠纷', en: 'Traffic accident' },
  labour_wages: { zh: '劳动争议（欠薪）', en: 'Labour and unpaid wages' },
  property_management: { zh: '物业服务纠纷', en: 'Property management' },
  land: { zh: '土地（山林、宅基地）纠纷', en: 'Land, forest and homestead' },
  other: { zh: '其他纠纷', en: 'Other' },
};

/** Where the dispute came to light (矛盾纠纷排查): found by grid workers, a walk-in visit, a petition, the hotline, other. */
export const DISPUTE_SOURCES = ['grid', 'visit', 'petition', 'hotline', 'other'] as const;
export type DisputeSource = (typeof DISPUTE_SOURCES)[number];

export const DISPUTE_SOURCE_LABELS: Record<DisputeSource, { zh: string; en: string }> = {
  grid: { zh: '网格员排查发现', en: 'Found by grid workers' },
  visit: { zh: '来访', en: 'Walk-in visit' },
  petition: { zh: '信访事项转入', en: 'From a petition' },
  hotline: { zh: '热线', en: 'Hotline' },
  other: { zh: '其他', en: 'Other' },
};

export const DISPUTE_STATUSES = [
  'registered', // 已登记，待指派
  'assigned', // 已指派调解委员会和调解员，待受理
  'mediating', // 已受理，调解中（调解时限）
  'not_mediated', // 当事人拒绝调解，不予调解（第十七条）
  'agreement', // 达成调解协议，履行中（履行期限、司法确认期间）
  'no_agreement', // 调解不成，已终止并告知其他途径（第二十六条）
  'referred', // 已引导至诉讼、仲裁或行政程序（第二十六条）
  'performed', // 协议已履行
  'not_performed', // 协议未履行（第三十一条第二款 督促履行）
  'returned', // 已退回信访程序
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** Statuses of a dispute still being worked on: mediation, or the follow-up of an agreement's performance. */
export const OPEN_STATUSES = ['registered', 'assigned', 'mediating', 'agreement', 'not_performed'] as const satisfies readonly DisputeStatus[];

export const OUTCOMES = ['agreement', 'no_agreement', 'referred'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** 第二十六条: 仲裁、行政、司法等途径 */
export const REFERRAL_TARGETS = ['court', 'arbitration', 'administrative'] as const;
export type ReferralTarget = (typeof REFERRAL_TARGETS)[number];

export const PARTY_ROLES = ['applicant', 'respondent', 'other'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export interface DisputesTable {
  id: Generated<string>;
  status: DisputeStatus;
  version: Generated<number>;
  office_unit_id: BigRef;
  /** the people's mediation committee (人民调解委员会) the dispute is assigned to */
  unit_id: BigRefNullable;
  case_id: string | null;
  reg_no: string;
  type: DisputeType;
  title: string;
  description: string;
  place: string | null;
  lat: number | null;
  lng: number | null;
  source: DisputeSource;
  mediator_user_id: string | null;
  /** 第十七条: the parties applied, or the committee mediates on its own initiative; 第十八条: suggested by a court or the police */
  initiation: 'applied' | 'proactive' | 'suggested' | null;
  accepted_at: TimestampNullable;
  outcome: Outcome | null;
  concluded_at: TimestampNullable;
  outcome_reason: string | null;
  referred_to: ReferralTarget | null;
  referred_authority: string | null;
  agreement_content: string | null;
  agreement_form: 'written' | 'oral' | null;
  agreement_effective_at: TimestampNullable;
  performance_due_on: string | null;
  performance: 'performed' | 'partly' | 'not_performed' | null;
  performance_checked_at: TimestampNullable;
  performance_note: string | null;
  confirmation_applied_at: TimestampNullable;
  confirmation_court: string | null;
  confirmation_result: 'confirmed' | 'invalid' | null;
  confirmation_decided_at: TimestampNullable;
  supervision_id: string | null;
  returned_at: TimestampNullable;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DisputePartiesTable {
  dispute_id: string;
  petitioner_id: string;
  role: PartyRole;
  seq: number;
}

export interface DisputeSessionsTable {
  id: Generated<string>;
  dispute_id: string;
  held_on: string;
  place: string | null;
  notes: string;
  mediator_user_id: string | null;
  created_at: Timestamp;
}

declare module '../db/types.js' {
  interface DB {
    disputes: DisputesTable;
    dispute_parties: DisputePartiesTable;
    dispute_sessions: DisputeSessionsTable;
  }
}

/**
 * Labels of every enumerated value in the dispute table's inputs and records, for the web app's forms and facts
 * (GET /api/workflows → valueLabels). One flat map: `other` is shared by the type, the source and the party role.
 */
export const DISPUTE_VALUE_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  ...DISPUTE_TYPE_LABELS,
  ...DISPUTE_SOURCE_LABELS,
  other: { zh: '其他', en: 'Other' },
  applicant: { zh: '申请人', en: 'Applicant' },
  respondent: { zh: '被申请人', en: 'Respondent' },
  applied: { zh: '当事人申请调解', en: 'The parties applied' },
  proactive: { zh: '调解委员会主动调解', en: 'Offered by the committee' },
  suggested: { zh: '法院、公安机关告知申请', en: 'Suggested by a court or the police' },
  agreement: { zh: '达成调解协议', en: 'Agreement' },
  no_agreement: { zh: '调解不成', en: 'No agreement' },
  referred: { zh: '引导至其他途径', en: 'Referred' },
  court: { zh: '诉讼（人民法院）', en: 'Court' },
  arbitration: { zh: '仲裁', en: 'Arbitration' },
  administrative: { zh: '行政程序', en: 'Administrative procedure' },
  written: { zh: '书面调解协议书', en: 'Written agreement' },
  oral: { zh: '口头协议', en: 'Oral agreement' },
  performed: { zh: '已履行', en: 'Performed' },
  partly: { zh: '部分履行', en: 'Partly performed' },
  not_performed: { zh: '未履行', en: 'Not performed' },
  confirmed: { zh: '确认有效', en: 'Confirmed valid' },
  invalid: { zh: '确认无效', en: 'Found invalid' },
};
