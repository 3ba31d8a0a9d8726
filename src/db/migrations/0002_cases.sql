-- Cases (信访事项 / 工单), the people who raised them, events, clocks, audit.

-- Personal data lives apart from the matter, read through one access path (cases/petitioner-access.ts).
-- Kept separate so PostgreSQL row-level security can guard it later without touching the cases table.
CREATE TABLE petitioners (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text,
  id_number   text,
  phone       text,
  address     text,
  email       text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE case_reg_seq;

CREATE TABLE cases (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reg_no             text NOT NULL UNIQUE,
  tracking_code      text NOT NULL UNIQUE,
  tracking_secret_hash text NOT NULL,
  channel            text NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('suggestion', 'accusation', 'appeal')),
  category_id        bigint REFERENCES categories(id),
  title              text NOT NULL,
  content            text NOT NULL,
  location           text,
  oral               boolean NOT NULL DEFAULT false,
  anonymous          boolean NOT NULL DEFAULT false,
  collective         boolean NOT NULL DEFAULT false,
  headcount          int,
  status             text NOT NULL,
  version            int NOT NULL DEFAULT 1,
  intake_unit_id     bigint NOT NULL REFERENCES units(id),
  lead_unit_id       bigint REFERENCES units(id),
  route_type         text,
  -- 检举控告: the unit and staff the accusation is about; they never see the accuser (第三十条)
  accused_unit_id    bigint REFERENCES units(id),
  accused_user_ids   uuid[] NOT NULL DEFAULT '{}',
  -- 复查/复核: level 0 = original handling, 1 = review, 2 = re-review
  review_level       int NOT NULL DEFAULT 0,
  review_unit_id     bigint REFERENCES units(id),
  related_case_id    uuid REFERENCES cases(id),
  designated_after_dispute boolean NOT NULL DEFAULT false,
  outcome            jsonb,
  evaluation         text,
  received_at        timestamptz NOT NULL,
  registered_at      timestamptz NOT NULL DEFAULT now(),
  accepted_at        timestamptz,
  replied_at         timestamptz,
  closed_at          timestamptz,
  created_by         uuid REFERENCES users(id),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_status_idx ON cases (status);
CREATE INDEX cases_intake_unit_idx ON cases (intake_unit_id);
CREATE INDEX cases_lead_unit_idx ON cases (lead_unit_id);
CREATE INDEX cases_received_idx ON cases (received_at);
CREATE INDEX cases_title_trgm_idx ON cases USING gin (title gin_trgm_ops);

CREATE TABLE case_parties (
  case_id        uuid NOT NULL REFERENCES cases(id),
  petitioner_id  uuid NOT NULL REFERENCES petitioners(id),
  -- petitioner, or representative of a collective petition (第二十条: at most 5)
  role           text NOT NULL CHECK (role IN ('petitioner', 'representative')),
  PRIMARY KEY (case_id, petitioner_id)
);

-- Every unit that has a part in a case; scoping reads this one table.
CREATE TABLE case_units (
  case_id     uuid NOT NULL REFERENCES cases(id),
  unit_id     bigint NOT NULL REFERENCES units(id),
  -- intake, lead, assist, review, former (a unit that returned it or handled an earlier stage)
  role        text NOT NULL,
  active      boolean NOT NULL DEFAULT true,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  signed_at   timestamptz,
  PRIMARY KEY (case_id, unit_id, role)
);
CREATE INDEX case_units_unit_idx ON case_units (unit_id, case_id);

-- Pending requests that need a second person's decision: objections (退单), extensions, replies.
CREATE TABLE case_requests (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id      uuid NOT NULL REFERENCES cases(id),
  type         text NOT NULL CHECK (type IN ('objection', 'extension', 'reply')),
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
  unit_id      bigint NOT NULL REFERENCES units(id),
  data         jsonb NOT NULL,
  requested_by uuid REFERENCES users(id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by   uuid REFERENCES users(id),
  decided_at   timestamptz,
  decision_note text
);
CREATE INDEX case_requests_case_idx ON case_requests (case_id, type, status);
-- at most one pending request of a type per case: a second concurrent request conflicts
CREATE UNIQUE INDEX case_requests_one_pending ON case_requests (case_id, type) WHERE status = 'pending';

CREATE TABLE case_clocks (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id      uuid NOT NULL REFERENCES cases(id),
  rule_key     text NOT NULL,
  -- deadline: warned and marked overdue; window: only limits when the citizen or unit may act
  purpose      text NOT NULL CHECK (purpose IN ('deadline', 'window')),
  unit_id      bigint REFERENCES units(id),
  start_date   date NOT NULL,
  started_at   timestamptz NOT NULL,
  amount       int NOT NULL,
  period_unit  text NOT NULL CHECK (period_unit IN ('day', 'workday', 'hour')),
  extended_days int NOT NULL DEFAULT 0,
  pauses       jsonb NOT NULL DEFAULT '[]',
  due_at       timestamptz,
  status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'paused', 'met', 'stopped')),
  warned       jsonb NOT NULL DEFAULT '[]',
  overdue_at   timestamptz,
  stopped_at   timestamptz
);
CREATE INDEX case_clocks_case_idx ON case_clocks (case_id);
CREATE INDEX case_clocks_due_idx ON case_clocks (due_at) WHERE status = 'running';

CREATE TABLE case_events (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id     uuid NOT NULL REFERENCES cases(id),
  type        text NOT NULL,
  from_status text,
  to_status   text,
  actor_user_id uuid REFERENCES users(id),
  actor_unit_id bigint REFERENCES units(id),
  -- public events appear on the citizen's timeline; internal ones never do
  public      boolean NOT NULL DEFAULT false,
  data        jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_events_case_idx ON case_events (case_id, id);

CREATE TABLE audit_log (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid,
  actor_unit_id bigint,
  actor_kind  text NOT NULL,
  ip          text,
  action      text NOT NULL,
  entity_type text NOT NULL,
  entity_id   text,
  data        jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);

CREATE TABLE attachments (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id     uuid NOT NULL REFERENCES cases(id),
  sha256      text NOT NULL,
  size_bytes  bigint NOT NULL,
  mime_type   text NOT NULL,
  kind        text NOT NULL,
  filename    text NOT NULL,
  -- a citizen may see what they themselves sent; staff evidence stays internal
  public      boolean NOT NULL DEFAULT false,
  uploaded_by uuid REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_case_idx ON attachments (case_id);

-- Rule lengths an administrator overrides; absent keys use the 信访工作条例 defaults in code.
CREATE TABLE clock_rules (
  key        text PRIMARY KEY,
  amount     int NOT NULL,
  period_unit text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Holiday data for years the bundled package does not know yet (holiday-cn JSON format).
CREATE TABLE holiday_years (
  year       int PRIMARY KEY,
  data       jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
