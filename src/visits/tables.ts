import type { Generated } from 'kysely';
import type { BigId, BigRef, BigRefNullable, Timestamp, TimestampNullable } from '../db/types.js';

export const VISIT_STATUSES = ['due', 'retry', 'done', 'unreachable', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];
export const OPEN_STATUSES: readonly VisitStatus[] = ['due', 'retry'];

export const VISIT_CHANNELS = ['phone', 'sms', 'visit', 'wechat', 'other'] as const; // 电话 / 短信 / 上门 / 微信 / 其他
export type VisitChannel = (typeof VISIT_CHANNELS)[number];

export const SOLVED = ['solved', 'partly_solved', 'unsolved'] as const; // 解决 / 部分解决 / 未解决
export type Solved = (typeof SOLVED)[number];

export const SATISFIED = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const; // 满意 / 基本满意 / 不满意
export type Satisfied = (typeof SATISFIED)[number];

export const TRIGGERS = ['reply', 'deadline', 'both'] as const; // what a policy lets create a task
export type PolicyTrigger = (typeof TRIGGERS)[number];

export const TASK_TRIGGERS = ['reply', 'deadline', 'evaluation', 'manual'] as const; // what created this task
export type TaskTrigger = (typeof TASK_TRIGGERS)[number];

export const REASONS = ['urgent', 'all', 'unsatisfied', 'sampled', 'manual'] as const; // why this case is visited
export type VisitReason = (typeof REASONS)[number];

export const ON_UNSOLVED = ['reopen', 'supervise', 'none'] as const;
export type OnUnsolved = (typeof ON_UNSOLVED)[number];

export interface ReturnVisitPoliciesTable {
  id: BigId;
  office_unit_id: BigRef;
  category_id: BigRefNullable;
  trigger: PolicyTrigger;
  urgent: boolean;
  visit_urgent: boolean;
  visit_all: boolean;
  visit_unsatisfied: boolean;
  sample_percent: number;
  max_attempts: number;
  on_unsolved: OnUnsolved;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ReturnVisitsTable {
  id: Generated<string>;
  status: VisitStatus;
  version: Generated<number>;
  office_unit_id: BigRef;
  unit_id: BigRefNullable;
  case_id: string;
  category_id: BigRefNullable;
  trigger: TaskTrigger;
  reason: VisitReason;
  sample_point: number | null;
  policy_id: BigRefNullable;
  max_attempts: number;
  on_unsolved: OnUnsolved;
  note: string | null;
  attempts: Generated<number>;
  next_attempt_at: TimestampNullable;
  channel: VisitChannel | null;
  reached: boolean | null;
  solved: Solved | null;
  satisfied: Satisfied | null;
  comments: string | null;
  visited_at: TimestampNullable;
  follow_up: 'reopened' | 'supervision' | 'none' | null;
  follow_up_note: string | null;
  supervision_id: string | null;
  cancel_reason: string | null;
  closed_at: TimestampNullable;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReturnVisitAttemptsTable {
  id: BigId;
  visit_id: string;
  n: number;
  at: Timestamp;
  channel: VisitChannel;
  reached: boolean;
  next_attempt_at: TimestampNullable;
  solved: Solved | null;
  satisfied: Satisfied | null;
  comments: string | null;
  user_id: string | null;
}

declare module '../db/types.js' {
  interface DB {
    return_visit_policies: ReturnVisitPoliciesTable;
    return_visits: ReturnVisitsTable;
    return_visit_attempts: ReturnVisitAttemptsTable;
  }
}

export const LABELS = {
  channel: {
    phone: { zh: '电话', en: 'Phone' },
    sms: { zh: '短信', en: 'SMS' },
    visit: { zh: '上门', en: 'In person' },
    wechat: { zh: '微信', en: 'WeChat' },
    other: { zh: '其他', en: 'Other' },
  },
  solved: {
    solved: { zh: '解决', en: 'Solved' },
    partly_solved: { zh: '部分解决', en: 'Partly solved' },
    unsolved: { zh: '未解决', en: 'Unsolved' },
  },
  satisfied: {
    satisfied: { zh: '满意', en: 'Satisfied' },
    basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
    dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
  },
  reason: {
    urgent: { zh: '紧急事项全量回访', en: 'Urgent matter: every one visited' },
    all: { zh: '该类事项全量回访', en: 'Every case of the category visited' },
    unsatisfied: { zh: '不满意评价全量回访', en: 'Unsatisfied evaluation: every one visited' },
    sampled: { zh: '抽样回访', en: 'Sampled' },
    manual: { zh: '人工派发', en: 'Opened by hand' },
  },
  onUnsolved: {
    reopen: { zh: '重新办理', en: 'Reopen the case' },
    supervise: { zh: '转督查督办', en: 'Open a supervision item' },
    none: { zh: '不作处理', en: 'Nothing further' },
  },
  followUp: {
    reopened: { zh: '已重新办理', en: 'Case reopened' },
    supervision: { zh: '已转督查督办', en: 'Supervision item opened' },
  },
  trigger: {
    reply: { zh: '出具处理意见后', en: 'Reply issued' },
    deadline: { zh: '办理期限届满', en: 'Handling deadline expired' },
    evaluation: { zh: '群众评价不满意', en: 'Unsatisfied evaluation' },
    manual: { zh: '人工派发', en: 'By hand' },
  },
} as const;
