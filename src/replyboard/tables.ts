import type { Generated } from 'kysely';
import type { BigRef, BigRefNullable, Json, Timestamp, TimestampNullable } from '../db/types.js';
import type { Redaction } from './redact.js';

export const PUBLICATION_STATUSES = ['proposed', 'published', 'rejected', 'unpublished', 'withdrawn'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

/** The staff-edited text before redaction (internal). */
export interface PublicationSource {
  title: string;
  summary: string;
  reply: string;
}

export interface PublicationRedaction extends Redaction {
  field: 'title' | 'summary' | 'reply';
}

export interface CasePublicationConsentsTable {
  case_id: string;
  consent: boolean;
  given_at: Timestamp;
  channel: string;
  withdrawn_at: TimestampNullable;
  withdrawn_via: string | null;
}

export interface ReplyboardItemsTable {
  id: Generated<string>;
  status: PublicationStatus;
  version: Generated<number>;
  office_unit_id: BigRef;
  unit_id: BigRefNullable;
  case_id: string;
  pub_no: string;
  category_id: BigRefNullable;
  source: Json<PublicationSource>;
  keep_terms: string[];
  public_title: string;
  public_summary: string;
  public_reply: string;
  redactions: Json<PublicationRedaction[]>;
  replied_on: string | null;
  proposed_by: string | null;
  approved_by: string | null;
  published_at: TimestampNullable;
  unpublished_at: TimestampNullable;
  end_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module '../db/types.js' {
  interface DB {
    case_publication_consents: CasePublicationConsentsTable;
    replyboard_items: ReplyboardItemsTable;
  }
}
