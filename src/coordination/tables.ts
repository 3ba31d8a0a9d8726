import type { Generated } from 'kysely';
import type { BigRef, BigRefNullable, Timestamp, TimestampNullable } from '../db/types.js';

type Label = { zh: string; en: string };

/** A hard case to coordinate, or a dispute over who accepts a matter concerning several units (第二十四条). */
export const COORDINATION_KINDS = ['hard_case', 'acceptance_dispute'] as const;
export type CoordinationKind = (typeof COORDINATION_KINDS)[number];

export const COORDINATION_KIND_LABELS: Record<CoordinationKind, Label> = {
  hard_case: { zh: '疑难复杂信访事项', en: 'Hard case' },
  acceptance_dispute: { zh: '受理争议（第二十四条）', en: 'Dispute over who accepts (Art. 24)' },
};

export const COORDINATION_STATUSES = ['open', 'meeting_held', 'decisions_assigned', 'following_up', 'closed', 'withdrawn'] as const;
export type CoordinationStatus = (typeof COORDINATION_STATUSES)[number];
export const OPEN_COORDINATION_STATUSES = ['open', 'meeting_held', 'decisions_assigned', 'following_up'] as const satisfies readonly CoordinationStatus[];

export interface CoordinationItemsTable {
  id: Generated<string>;
  status: CoordinationStatus;
  version: Generated<number>;
  office_unit_id: BigRef;
  unit_id: BigRefNullable;
  case_id: string | null;
  reg_no: string;
  kind: CoordinationKind;
  title: string;
  description: string;
  unit_ids: string[];
  close_note: string | null;
  closed_at: TimestampNullable;
  withdraw_reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Participant {
  unitId: string | null;
  unitName: string;
  post: string;
}

export interface CoordinationMeetingsTable {
  id: Generated<string>;
  item_id: string;
  n: number;
  held_on: string;
  place: string | null;
  participants: Participant[] | string;
  minutes: string;
  recorded_by: string | null;
  created_at: Timestamp;
}

export interface CoordinationDecisionsTable {
  id: Generated<string>;
  item_id: string;
  n: number;
  content: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CoordinationTasksTable {
  id: Generated<string>;
  item_id: string;
  decision_id: string;
  unit_id: BigRef;
  clock_id: string | null;
  due_at: TimestampNullable;
  status: Generated<'open' | 'done'>;
  report: string | null;
  done_at: TimestampNullable;
  done_by: string | null;
}

declare module '../db/types.js' {
  interface DB {
    coordination_items: CoordinationItemsTable;
    coordination_meetings: CoordinationMeetingsTable;
    coordination_decisions: CoordinationDecisionsTable;
    coordination_tasks: CoordinationTasksTable;
  }
}
