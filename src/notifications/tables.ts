import type { Generated } from 'kysely';
import type { TimestampNullable } from '../db/types.js';

/** 0023_notifications.sql: the notification outbox (one row per notice to one person) */
export interface NotificationsTable {
  id: Generated<string>;
  case_id: string;
  event_id: string | number;
  event_type: string;
  kind: string;
  basis: string;
  audience: Generated<'citizen' | 'staff'>;
  petitioner_id: string | null;
  /** a staff notice's reader (0030_staff_notices.sql) */
  user_id: string | null;
  channel: 'sms' | 'email' | 'post';
  address: string;
  subject: string | null;
  body: string | null;
  status: Generated<'pending' | 'queued' | 'retrying' | 'delivered' | 'failed' | 'manual'>;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: TimestampNullable;
  provider: string | null;
  provider_message_id: string | null;
  created_at: Generated<Date>;
  delivered_at: TimestampNullable;
}

/** What the logging SMS provider would have sent (a stand-in for a gateway) */
export interface NotificationSmsLogTable {
  id: Generated<string>;
  notification_id: string;
  case_id: string;
  phone: string;
  text: string;
  message_id: string;
  at: Generated<Date>;
}

/** 0030: which events tell which unit's people */
export interface StaffNoticeRulesTable {
  event_type: string;
  kind: string;
  awaits: string | null;
  unit_of: 'lead' | 'intake' | 'review' | 'clock';
  roles: string[];
  basis: string;
}

/** 0031_staff_inbox.sql: the in-app message centre, one message per member told of an event */
export interface StaffInboxTable {
  id: Generated<string>;
  user_id: string;
  event_id: string | number;
  case_id: string;
  event_type: string;
  kind: string;
  basis: string;
  created_at: Date;
  read_at: Date | null;
}

declare module '../db/types.js' {
  interface DB {
    staff_inbox: StaffInboxTable;
    staff_notice_rules: StaffNoticeRulesTable;
    notifications: NotificationsTable;
    notification_sms_log: NotificationSmsLogTable;
  }
}
