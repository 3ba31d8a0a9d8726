import type { Generated } from 'kysely';
import type { BigRef, BigRefNullable, Timestamp, TimestampNullable } from '../db/types.js';

type Label = { zh: string; en: string };

export const CAMPAIGN_ITEM_STATUSES = ['selected', 'planned', 'in_progress', 'resolved_claimed', 'resolved', 'withdrawn'] as const;
export type CampaignItemStatus = (typeof CAMPAIGN_ITEM_STATUSES)[number];
/** not yet resolved nor withdrawn: what is left of the backlog (清仓见底 counts these down to zero) */
export const OPEN_ITEM_STATUSES = ['selected', 'planned', 'in_progress', 'resolved_claimed'] as const satisfies readonly CampaignItemStatus[];

/** How the responsible unit says a case was resolved. */
export const OUTCOMES = ['resolved', 'terminated', 'other'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, Label> = {
  resolved: { zh: '化解（息诉罢访）', en: 'Resolved (petitioner satisfied, no further petitions)' },
  terminated: { zh: '依法终结（第三十七条第三款：做好疏导教育、帮扶救助）', en: 'Concluded by law (Art. 37(3): guidance and aid continue)' },
  other: { zh: '其他', en: 'Other' },
};

export interface ProgressEntry {
  n: number;
  at: string;
  note: string;
  by: string | null;
}

export interface CampaignsTable {
  id: Generated<string>;
  reg_no: string;
  name: string;
  office_unit_id: BigRef;
  period_start: string;
  period_end: string;
  target_date: string;
  filter: Record<string, unknown> | string;
  description: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CampaignItemsTable {
  id: Generated<string>;
  status: CampaignItemStatus;
  version: Generated<number>;
  campaign_id: string;
  office_unit_id: BigRef;
  unit_id: BigRefNullable;
  case_id: string;
  leader_user_id: string | null;
  leader_post: string | null;
  plan: string | null;
  measures: string | null;
  due_at: TimestampNullable;
  planned_at: TimestampNullable;
  progress: Generated<ProgressEntry[]>;
  outcome: Outcome | null;
  outcome_note: string | null;
  claimed_by: string | null;
  claimed_at: TimestampNullable;
  verified_by: string | null;
  verified_at: TimestampNullable;
  verification: string | null;
  refusals: Generated<number>;
  withdraw_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module '../db/types.js' {
  interface DB {
    campaigns: CampaignsTable;
    campaign_items: CampaignItemsTable;
  }
}
