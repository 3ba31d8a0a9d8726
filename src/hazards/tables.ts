import type { ColumnType, Generated } from 'kysely';
import type { BigRef, BigRefNullable, Timestamp, TimestampNullable } from '../db/types.js';

type Label = { zh: string; en: string };

/** How the hazard came to light (安全生产法 第七十四条: anyone may report a hazard). */
export const HAZARD_SOURCES = ['inspection', 'citizen', 'petition', 'hotline', 'other'] as const;
export type HazardSource = (typeof HAZARD_SOURCES)[number];

export const HAZARD_SOURCE_LABELS: Record<HazardSource, Label> = {
  inspection: { zh: '排查发现', en: 'Found by inspection' },
  citizen: { zh: '群众举报', en: 'Reported by a citizen' },
  petition: { zh: '信访事项转入', en: 'From a petition' },
  hotline: { zh: '12345热线', en: '12345 hotline' },
  other: { zh: '其他', en: 'Other' },
};

export const HAZARD_TYPES = ['fire', 'building', 'gas', 'traffic', 'flood', 'food', 'production_safety', 'public_order', 'other'] as const;
export type HazardType = (typeof HAZARD_TYPES)[number];

export const HAZARD_TYPE_LABELS: Record<HazardType, Label> = {
  fire: { zh: '消防安全', en: 'Fire safety' },
  building: { zh: '房屋及建（构）筑物安全（含自建房、户外广告设施）', en: 'Buildings and structures (self-built houses, billboards)' },
  gas: { zh: '燃气安全', en: 'Gas' },
  traffic: { zh: '道路交通安全', en: 'Road traffic' },
  flood: { zh: '防汛及城市内涝', en: 'Flooding' },
  food: { zh: '食品安全', en: 'Food safety' },
  production_safety: { zh: '安全生产', en: 'Workplace safety' },
  public_order: { zh: '社会治安', en: 'Public order' },
  other: { zh: '其他', en: 'Other' },
};

/** 一般隐患 / 重大隐患 (安全生产法 第四十一条第三款: major hazards are supervised until removed). */
export const HAZARD_GRADES = ['general', 'major'] as const;
export type HazardGrade = (typeof HAZARD_GRADES)[number];

export const HAZARD_GRADE_LABELS: Record<HazardGrade, Label> = {
  general: { zh: '一般隐患', en: 'General' },
  major: { zh: '重大隐患', en: 'Major' },
};

export const HAZARD_STATUSES = ['reported', 'assigned', 'rectifying', 'verifying', 'verified', 'closed', 'dismissed'] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];

/** Not yet closed out (销号) nor dismissed: on the board and the map. */
export const OPEN_HAZARD_STATUSES = ['reported', 'assigned', 'rectifying', 'verifying', 'verified'] as const satisfies readonly HazardStatus[];

/** The photo's moment: the hazard as found, or the site after rectification (整改前后对比). */
export const PHOTO_STAGES = ['found', 'rectified'] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];

export interface HazardsTable {
  id: Generated<string>;
  status: HazardStatus;
  version: Generated<number>;
  office_unit_id: BigRef;
  unit_id: BigRefNullable;
  case_id: string | null;
  reg_no: string;
  source: HazardSource;
  type: HazardType;
  grade: HazardGrade;
  title: string;
  description: string;
  place: string;
  lat: number | null;
  lng: number | null;
  /** the inspection team, or 群众 / 12345热线 / the petition: never a citizen's identity */
  found_by: string;
  found_on: string;
  leader_name: string | null;
  leader_post: string | null;
  requirements: string | null;
  measures: string | null;
  planned_at: TimestampNullable;
  rectify_due_at: TimestampNullable;
  rectification: string | null;
  rectified_at: TimestampNullable;
  rectified_by: string | null;
  verification: string | null;
  verified_at: TimestampNullable;
  verified_by: string | null;
  verify_failures: Generated<number>;
  close_note: string | null;
  closed_at: TimestampNullable;
  dismiss_reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HazardReportersTable {
  hazard_id: string;
  petitioner_id: string;
}

export interface HazardPhotosTable {
  id: Generated<string>;
  hazard_id: string;
  stage: PhotoStage;
  sha256: string;
  size_bytes: ColumnType<string, number | string, number | string>;
  mime_type: string;
  filename: string;
  round: Generated<number>;
  uploaded_by: string | null;
  created_at: Timestamp;
}

declare module '../db/types.js' {
  interface DB {
    hazards: HazardsTable;
    hazard_reporters: HazardReportersTable;
    hazard_photos: HazardPhotosTable;
  }
}
