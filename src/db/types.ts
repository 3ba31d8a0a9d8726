import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type TimestampNullable = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/**
 * JSON columns are written as JSON text (`JSON.stringify`): node-postgres would send a JS array as a PostgreSQL
 * array, not JSON, so the types accept only strings on write and every writer serialises explicitly.
 */
export type Json<T = unknown> = ColumnType<T, string | undefined, string>;
/** bigint identities come back from pg as strings; we keep them as strings end to end. */
export type BigId = ColumnType<string, string | number | undefined, string | number>;
export type BigRef = ColumnType<string, string | number, string | number>;
export type BigRefNullable = ColumnType<string | null, string | number | null | undefined, string | number | null>;

export interface UnitsTable {
  id: BigId;
  parent_id: BigRefNullable;
  code: string;
  name: string;
  name_en: string | null;
  type: string;
  path: string;
  depth: number;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  unit_id: BigRef;
  username: string;
  display_name: string;
  password_hash: string | null;
  roles: string[];
  active: Generated<boolean>;
  created_at: Timestamp;
  password_changed_at: Date | null;
  /** the member's own contact for work notices (0030_staff_notices.sql); NULL channel: e-mail if given, else none */
  email: string | null;
  phone: string | null;
  notify_channel: 'sms' | 'email' | 'none' | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  /** 0016_auth.sql: id to list and revoke a session, last use (idle expiry), where it was opened */
  id: Generated<string>;
  last_seen_at: Generated<Date>;
  user_agent: string | null;
  ip: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: TimestampNullable;
  revoked_at: TimestampNullable;
}

export interface CategoriesTable {
  id: BigId;
  code: string;
  name: string;
  name_en: string | null;
  kind: string;
  parent_id: BigRefNullable;
  active: Generated<boolean>;
}

export interface PetitionersTable {
  id: Generated<string>;
  name: string | null;
  id_number: string | null;
  phone: string | null;
  address: string | null;
  email: string | null;
  created_at: Timestamp;
  /** 0014: when retention removed the personal data (src/retention) */
  anonymised_at: Date | null;
  /** 0023: the channel the citizen chose for notices; null = the default rule (src/notifications/channel.ts) */
  notify_channel: Generated<'sms' | 'email' | 'none' | 'post' | null>;
}

export interface CasesTable {
  id: Generated<string>;
  reg_no: string;
  tracking_code: string;
  tracking_secret_hash: string;
  channel: string;
  kind: string;
  category_id: BigRefNullable;
  title: string;
  content: string;
  location: string | null;
  oral: Generated<boolean>;
  anonymous: Generated<boolean>;
  collective: Generated<boolean>;
  headcount: number | null;
  status: string;
  version: Generated<number>;
  intake_unit_id: BigRef;
  lead_unit_id: BigRefNullable;
  route_type: string | null;
  accused_unit_id: BigRefNullable;
  accused_user_ids: Generated<string[]>;
  review_level: Generated<number>;
  review_unit_id: BigRefNullable;
  related_case_id: string | null;
  designated_after_dispute: Generated<boolean>;
  outcome: ColumnType<Record<string, unknown> | null, string | undefined, string | null>;
  evaluation: string | null;
  received_at: Timestamp;
  registered_at: Timestamp;
  accepted_at: TimestampNullable;
  replied_at: TimestampNullable;
  closed_at: TimestampNullable;
  created_by: string | null;
  updated_at: Timestamp;
  search_vector: ColumnType<string | null, never, unknown>;
  dup_fingerprint: ColumnType<{ body: string; title: string | null } | null, string | undefined, string | null>;
  /** 0014: when retention removed the personal data from the matter (src/retention) */
  anonymised_at: Date | null;
}

export interface CasePartiesTable {
  case_id: string;
  petitioner_id: string;
  role: 'petitioner' | 'representative';
}

export interface CaseUnitsTable {
  case_id: string;
  unit_id: BigRef;
  role: string;
  active: Generated<boolean>;
  assigned_at: Timestamp;
  signed_at: TimestampNullable;
}

export interface CaseRequestsTable {
  id: Generated<string>;
  case_id: string;
  type: 'objection' | 'extension' | 'reply';
  status: Generated<'pending' | 'approved' | 'rejected' | 'withdrawn'>;
  unit_id: BigRef;
  data: Json<Record<string, unknown>>;
  requested_by: string | null;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: TimestampNullable;
  decision_note: string | null;
}

export interface Pause {
  from: string;
  to: string | null;
  reason?: string;
}

export interface CaseClocksTable {
  id: Generated<string>;
  case_id: string;
  rule_key: string;
  purpose: 'deadline' | 'window';
  unit_id: BigRefNullable;
  start_date: ColumnType<string, string, string>;
  started_at: Timestamp;
  amount: number;
  period_unit: 'day' | 'workday' | 'hour';
  extended_days: Generated<number>;
  pauses: Json<Pause[]>;
  due_at: TimestampNullable;
  status: Generated<'running' | 'paused' | 'met' | 'stopped'>;
  warned: Json<string[]>;
  overdue_at: TimestampNullable;
  stopped_at: TimestampNullable;
}

export interface CaseEventsTable {
  id: BigId;
  case_id: string;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor_user_id: string | null;
  actor_unit_id: BigRefNullable;
  public: Generated<boolean>;
  data: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface AuditLogTable {
  id: BigId;
  at: Timestamp;
  actor_user_id: string | null;
  actor_unit_id: BigRefNullable;
  actor_kind: string;
  ip: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  data: Json<Record<string, unknown>>;
}

export interface AttachmentsTable {
  id: Generated<string>;
  case_id: string;
  sha256: string;
  size_bytes: ColumnType<string, number | string, number | string>;
  mime_type: string;
  kind: string;
  filename: string;
  public: Generated<boolean>;
  uploaded_by: string | null;
  created_at: Timestamp;
  /** 0014: file deleted, filename and hash cleared by retention */
  anonymised_at: Date | null;
}

export interface ClockRulesTable {
  key: string;
  amount: number;
  period_unit: string;
  updated_at: Timestamp;
}

export interface GeoBoundariesTable {
  unit_id: BigId;
  /** the GeoJSON FeatureCollection, as validated and stored */
  data: string;
  features: number;
  bytes: number;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** 0013_security.sql: failed sign-ins per username or client IP */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: TimestampNullable;
  updated_at: Timestamp;
}

/** 0013_security.sql: one claimed Idempotency-Key per actor, with its (encrypted) first response */
export interface IdempotencyKeysTable {
  key_hash: string;
  request_hash: string;
  method: string;
  path: string;
  status: number | null;
  response: string | null;
  created_at: Timestamp;
  completed_at: TimestampNullable;
}

export interface HolidayYearsTable {
  year: number;
  data: Json<unknown>;
  updated_at: Timestamp;
}

export interface CaseDupKeysTable {
  band_key: ColumnType<string, string, string>;
  case_id: string;
  received_at: Timestamp;
}

export interface TextModelsTable {
  id: BigId;
  target: 'category' | 'unit';
  version: number;
  trained_at: Timestamp;
  cases_used: number;
  labels: number;
  metrics: Json<Record<string, unknown>>;
  model: string;
  active: Generated<boolean>;
}

export interface TextDictionaryTable {
  word: string;
  kind: Generated<string>;
  created_at: Timestamp;
}

export interface HotspotRunsTable {
  id: BigId;
  computed_at: Timestamp;
  period_start: Timestamp;
  period_end: Timestamp;
  topics: Json<unknown[]>;
}

export interface ResponseTemplatesTable {
  id: BigId;
  title: string;
  category_id: BigRefNullable;
  decision: string | null;
  body: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RoutingRulesTable {
  id: BigId;
  name: string;
  category_id: BigRefNullable;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  place: string | null;
  unit_id: BigRef;
  priority: Generated<number>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RegisterEventsTable {
  id: BigId;
  entity: string;
  entity_id: string;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor_user_id: string | null;
  actor_unit_id: BigRefNullable;
  public: Generated<boolean>;
  data: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface RegisterClocksTable extends Omit<CaseClocksTable, 'case_id'> {
  entity: string;
  entity_id: string;
}

/** src/db/migrations/0010_metric_rollups.sql: what each record contributes to each metric (src/analytics/rollups.ts) */
export interface MetricFactsTable {
  source: string;
  source_id: string;
  metric: string;
  day: string;
  unit_id: string;
  category_id: string | null;
  num: number;
  den: number;
  p1: Generated<number>;
  p2: Generated<number>;
  p3: Generated<number>;
  settles_at: Timestamp;
}

export interface MetricDeltasTable extends Omit<MetricFactsTable, 'source' | 'source_id'> {
  id: Generated<string>;
}

export interface MetricRollupsTable {
  grain: 'd' | 'm';
  day: string;
  unit_id: string;
  category_id: Generated<string>;
  metric: string;
  num: Generated<string>;
  den: Generated<string>;
  p1: Generated<string>;
  p2: Generated<string>;
  p3: Generated<string>;
}

export interface ReportsTable {
  id: BigId;
  kind: 'weekly' | 'monthly' | 'quarterly' | 'topic';
  unit_id: BigRef;
  period_from: string;
  period_to: string;
  topic_index: number | null;
  public: Generated<boolean>;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  progress: Generated<number>;
  doc_no: string | null;
  title: string | null;
  xlsx: Buffer | null;
  docx: Buffer | null;
  pdf: Buffer | null;
  requested_by: string | null;
  created_at: Timestamp;
  finished_at: TimestampNullable;
  error: string | null;
}

/** 0014_audit_chain.sql: the hash chain over audit_log (src/audit/chain.ts) */
export interface AuditChainTable {
  seq: string;
  audit_id: string;
  prev_hash: string;
  hash: string;
  sealed_at: Generated<Date>;
}

/** 0017_interop.sql: another system's id of a case that came from it (Open311 pull, spreadsheet import) */
export interface CaseExternalRefsTable {
  source: string;
  external_id: string;
  case_id: string;
  created_at: Generated<Date>;
}

/** 0019_imports.sql: a spreadsheet import (src/interop/import-*.ts) and what became of each of its rows */
export interface ImportsTable {
  id: Generated<string>;
  created_by: string;
  unit_id: BigRef;
  filename: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  file: Buffer;
  headers: Json<string[]>;
  total_rows: number;
  source: string | null;
  mapping: Json<unknown> | null;
  options: Json<unknown> | null;
  status: Generated<'uploaded' | 'queued' | 'running' | 'done' | 'rejected' | 'failed'>;
  progress: Generated<number>;
  counts: Json<Record<string, number>>;
  error: string | null;
  created_at: Generated<Date>;
  started_at: TimestampNullable;
  finished_at: TimestampNullable;
}

export interface ImportRowsTable {
  import_id: string;
  row_no: number;
  external_id: string | null;
  outcome: 'created' | 'already' | 'invalid' | 'skipped';
  case_id: string | null;
  reason: string | null;
}

/** 0020_webhooks.sql: subscriptions, the outbox of deliveries (written by triggers on the event tables), attempts */
export interface WebhookSubscriptionsTable {
  id: Generated<string>;
  name: string;
  url: string;
  event_types: string[];
  secret: string;
  unit_id: BigRef;
  unit_path: string;
  scope_path: string;
  created_by: string;
  active: Generated<boolean>;
  paused: Generated<boolean>;
  max_attempts: Generated<number>;
  retry_base_seconds: Generated<number>;
  created_at: Generated<Date>;
  disabled_at: TimestampNullable;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  subscription_id: string;
  source: 'case' | 'register';
  event_id: string;
  event_type: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'queued' | 'retrying' | 'delivered' | 'failed' | 'cancelled'>;
  attempts: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: TimestampNullable;
  created_at: Generated<Date>;
  delivered_at: TimestampNullable;
}

export interface WebhookAttemptsTable {
  id: Generated<string>;
  delivery_id: string;
  attempt: number;
  at: Generated<Date>;
  status_code: number | null;
  error: string | null;
  duration_ms: number | null;
}

/** 0018_open311.sql: Open311 GeoReport v2 (src/open311/, docs/open311.md) */
export interface Open311ServiceAttributesTable {
  category_id: BigRef;
  code: string;
  variable: Generated<boolean>;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: Generated<boolean>;
  datatype_description: string | null;
  ord: Generated<number>;
  description: string;
  vals: Json<{ key: string; name: string }[]>;
}

export interface Open311ApiKeysTable {
  id: BigId;
  name: string;
  key_hash: string;
  unit_id: BigRef;
  created_by: string | null;
  created_at: Generated<Date>;
  revoked_at: TimestampNullable;
}

export interface Open311RequestsTable {
  case_id: string;
  token: string;
  api_key_id: BigRef;
  service_code: string;
  lat: number | null;
  long: number | null;
  address_string: string | null;
  address_id: string | null;
  media_url: string | null;
  attributes: Json<Record<string, string | string[]>>;
  created_at: Generated<Date>;
}

export interface Open311UpdatesTable {
  api_key_id: BigRef;
  remote_update_id: string;
  case_id: string;
  event_id: BigRef;
  created_at: Generated<Date>;
}

export interface Open311RemotesTable {
  id: BigId;
  name: string;
  base_url: string;
  api_key: string;
  jurisdiction_id: string | null;
  service_map: Json<Record<string, string>>;
  intake_unit_id: BigRef;
  active: Generated<boolean>;
  pulled_until: TimestampNullable;
  last_error: string | null;
  last_run_at: TimestampNullable;
  created_at: Generated<Date>;
}

export interface DB {
  reports: ReportsTable;
  metric_facts: MetricFactsTable;
  metric_deltas: MetricDeltasTable;
  metric_rollups: MetricRollupsTable;
  metric_rollup_meta: { key: string; value: string };
  register_events: RegisterEventsTable;
  register_clocks: RegisterClocksTable;
  response_templates: ResponseTemplatesTable;
  routing_rules: RoutingRulesTable;
  case_dup_keys: CaseDupKeysTable;
  text_models: TextModelsTable;
  text_dictionary: TextDictionaryTable;
  hotspot_runs: HotspotRunsTable;
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  categories: CategoriesTable;
  petitioners: PetitionersTable;
  cases: CasesTable;
  case_parties: CasePartiesTable;
  case_units: CaseUnitsTable;
  case_requests: CaseRequestsTable;
  case_clocks: CaseClocksTable;
  case_events: CaseEventsTable;
  audit_log: AuditLogTable;
  attachments: AttachmentsTable;
  clock_rules: ClockRulesTable;
  holiday_years: HolidayYearsTable;
  geo_boundaries: GeoBoundariesTable;
  login_throttle: LoginThrottleTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_chain: AuditChainTable;
  audit_pending: { audit_id: string };
  case_external_refs: CaseExternalRefsTable;
  imports: ImportsTable;
  import_rows: ImportRowsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  open311_service_attributes: Open311ServiceAttributesTable;
  open311_api_keys: Open311ApiKeysTable;
  open311_requests: Open311RequestsTable;
  open311_updates: Open311UpdatesTable;
  open311_remotes: Open311RemotesTable;
  open311_pushes: { remote_id: BigRef; event_id: BigRef; pushed_at: Generated<Date> };
}
