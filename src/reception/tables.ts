import type { Generated } from 'kysely';
import type { BigRef, Timestamp, TimestampNullable } from '../db/types.js';

export const DAY_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type DayStatus = (typeof DAY_STATUSES)[number];
export const BOOKING_STATUSES = ['booked', 'cancelled', 'attended', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const LABELS = {
  day: { draft: { zh: '草稿', en: 'Draft' }, published: { zh: '已发布', en: 'Published' }, cancelled: { zh: '已取消', en: 'Cancelled' } },
  booking: {
    booked: { zh: '已预约', en: 'Booked' },
    cancelled: { zh: '已取消', en: 'Cancelled' },
    attended: { zh: '已到访', en: 'Attended' },
    no_show: { zh: '未到', en: 'No-show' },
  },
} as const;

export interface ReceptionDaysTable {
  id: Generated<string>;
  office_unit_id: BigRef;
  day: string;
  place: string;
  leader_name: string;
  leader_post: string;
  leader_user_id: string | null;
  topic: string | null;
  status: Generated<DayStatus>;
  published_at: TimestampNullable;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ReceptionSlotsTable {
  id: Generated<string>;
  day_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number;
  booked: Generated<number>;
}

export interface ReceptionBookingsTable {
  id: Generated<string>;
  slot_id: string;
  day_id: string;
  code: string;
  petitioner_id: string | null;
  summary: string;
  status: Generated<BookingStatus>;
  created_at: Timestamp;
  cancelled_at: TimestampNullable;
  marked_at: TimestampNullable;
  marked_by: string | null;
}

export interface ReceptionCasesTable {
  case_id: string;
  day_id: string;
  booking_id: string | null;
  leader_name: string;
  leader_post: string;
  created_at: Timestamp;
}

export interface CaseLeadersTable {
  case_id: string;
  leader_user_id: string;
  leader_name: string;
  leader_post: string;
  taken_at: Timestamp;
}

declare module '../db/types.js' {
  interface DB {
    reception_days: ReceptionDaysTable;
    reception_slots: ReceptionSlotsTable;
    reception_bookings: ReceptionBookingsTable;
    reception_cases: ReceptionCasesTable;
    case_leaders: CaseLeadersTable;
  }
}
