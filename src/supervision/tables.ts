import { sql, type Generated } from 'kysely';
import type { BigRef, Json, Timestamp, TimestampNullable } from '../db/types.js';

export const SUPERVISION_SOURCES = [
  'case_overdue', // 超期未办：a statutory step of a case went overdue
  'repeated_returns', // 多次退单
  'unsatisfied', // 不满意
  'return_visit', // 回访未解决或不满意
  'hazard_overdue', // 隐患整改超期
  'hazard_major', // 重大隐患
  'mediation_performance', // 调解协议未履行
  'manual', // 人工立项
] as const;
export type SupervisionSource = (typeof SUPERVISION_SOURCES)[number];

export const SUPERVISION_LEVELS = ['routine', 'listed', 'interview'] as const; // 日常督办 → 挂牌督办 → 约谈
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export const SUPERVISION_STATUSES = ['open', 'notified', 'responded', 'closed', 'withdrawn'] as const;
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];
/** the statuses in which the supervised unit still owes an answer or the office a decision */
export const OPEN_SUPERVISION_STATUSES = ['open', 'notified', 'responded'] as const satisfies readonly SupervisionStatus[];
/** `[alias.]status IN (<the open statuses>)` for raw queries (the partial unique index of 0006 spells the same list) */
export const isOpenSupervision = (alias?: string) => sql<boolean>`${sql.ref(alias ? `${alias}.status` : 'status')} IN (${sql.join(OPEN_SUPERVISION_STATUSES.map((x) => sql.lit(x)))})`;

export interface AccountabilityRecommendation {
  measure: string;
  target: string;
  reason: string;
  at: string;
  byUserId: string | null;
}

export interface SupervisionItemsTable {
  id: Generated<string>;
  status: SupervisionStatus;
  version: Generated<number>;
  office_unit_id: BigRef;
  unit_id: BigRef;
  case_id: string | null;
  subject_entity: 'return_visit' | 'dispute' | 'hazard' | null;
  subject_id: string | null;
  source: SupervisionSource;
  reason: string;
  dedup_key: string;
  level: Generated<SupervisionLevel>;
  notice_no: string | null;
  notice_content: string | null;
  notified_at: TimestampNullable;
  response: string | null;
  responded_at: TimestampNullable;
  review_comment: string | null;
  accountability: Json<AccountabilityRecommendation[]>;
  closed_at: TimestampNullable;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SupervisionCountersTable {
  office_unit_id: BigRef;
  kind: 'notice' | 'bulletin';
  year: number;
  n: number;
}

export interface SupervisionBulletinsTable {
  id: Generated<string>;
  office_unit_id: BigRef;
  bulletin_no: string;
  title: string;
  period_from: string;
  period_to: string;
  content: Json<unknown>;
  created_by: string | null;
  created_at: Timestamp;
}

declare module '../db/types.js' {
  interface DB {
    supervision_items: SupervisionItemsTable;
    supervision_counters: SupervisionCountersTable;
    supervision_bulletins: SupervisionBulletinsTable;
  }
}
