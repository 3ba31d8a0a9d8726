-- 回访: return-visit tasks for the return-visit staff of the office that registered a case (北京市接诉即办工作条例
-- 第二十三条; 潍坊市12345热线条例 第二十五条 回访制度), the attempts made (channel, reached or not, the retry plan), the
-- outcome in queryable columns (解决率, 满意率, 回访率 read them), and the office's selection policy per category
-- ("3 × 100%": urgent, every case, unsatisfied evaluations; deterministic sampling otherwise).

CREATE TABLE return_visit_policies (
  id                bigserial PRIMARY KEY,
  office_unit_id    bigint NOT NULL REFERENCES units(id),
  -- NULL: the office-wide default row
  category_id       bigint REFERENCES categories(id),
  -- what creates a task: the reply issued (approve_reply), the handling deadline expired (case clock 'handle'), or both
  trigger           text NOT NULL DEFAULT 'reply' CHECK (trigger IN ('reply', 'deadline', 'both')),
  -- matters of this category are urgent (警情类, police-call-like): cases carry no urgency field of their own
  urgent            boolean NOT NULL DEFAULT false,
  visit_urgent      boolean NOT NULL DEFAULT true,
  visit_all         boolean NOT NULL DEFAULT false,
  visit_unsatisfied boolean NOT NULL DEFAULT true,
  sample_percent    int NOT NULL DEFAULT 30 CHECK (sample_percent BETWEEN 0 AND 100),
  max_attempts      int NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 10),
  on_unsolved       text NOT NULL DEFAULT 'supervise' CHECK (on_unsolved IN ('reopen', 'supervise', 'none')),
  updated_by        uuid REFERENCES users(id),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
-- one row per office and category, one default row per office
CREATE UNIQUE INDEX return_visit_policies_key ON return_visit_policies (office_unit_id, (COALESCE(category_id, 0)));

CREATE TABLE return_visits (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status           text NOT NULL CHECK (status IN ('due', 'retry', 'done', 'unreachable', 'cancelled')),
  version          int NOT NULL DEFAULT 1,
  -- the office that registered the case: its return-visit staff keep the task
  office_unit_id   bigint NOT NULL REFERENCES units(id),
  -- the case's lead unit: the unit whose handling is visited
  unit_id          bigint REFERENCES units(id),
  case_id          uuid NOT NULL REFERENCES cases(id),
  category_id      bigint REFERENCES categories(id),
  trigger          text NOT NULL CHECK (trigger IN ('reply', 'deadline', 'evaluation', 'manual')),
  reason           text NOT NULL CHECK (reason IN ('urgent', 'all', 'unsatisfied', 'sampled', 'manual')),
  -- the case's deterministic sampling point (0–99) when it was sampled
  sample_point     int CHECK (sample_point BETWEEN 0 AND 99),
  -- the policy in force when the task was opened (NULL: the built-in default), and what it said
  policy_id        bigint REFERENCES return_visit_policies(id) ON DELETE SET NULL,
  max_attempts     int NOT NULL CHECK (max_attempts BETWEEN 1 AND 10),
  on_unsolved      text NOT NULL CHECK (on_unsolved IN ('reopen', 'supervise', 'none')),
  note             text,
  attempts         int NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz,
  channel          text CHECK (channel IN ('phone', 'sms', 'visit', 'wechat', 'other')),
  -- the outcome: NULL while open; reached false when closed as unreachable
  reached          boolean,
  solved           text CHECK (solved IN ('solved', 'partly_solved', 'unsolved')),
  satisfied        text CHECK (satisfied IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  comments         text,
  visited_at       timestamptz,
  follow_up        text CHECK (follow_up IN ('reopened', 'supervision', 'none')),
  follow_up_note   text,
  supervision_id   uuid,
  cancel_reason    text,
  closed_at        timestamptz,
  created_by       uuid REFERENCES users(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  -- (no row CHECK tying the outcome to the status: the engine sets the status first, then the outcome, in one transaction)
  updated_at       timestamptz NOT NULL
);
-- one open task per case at a time
CREATE UNIQUE INDEX return_visits_open_case ON return_visits (case_id) WHERE status IN ('due', 'retry');
CREATE INDEX return_visits_office_idx ON return_visits (office_unit_id, status, created_at);
CREATE INDEX return_visits_unit_idx ON return_visits (unit_id, status);
CREATE INDEX return_visits_case_idx ON return_visits (case_id, created_at);
-- the metrics: outcomes of a period per office, unit and category
CREATE INDEX return_visits_outcome_idx ON return_visits (office_unit_id, closed_at) WHERE status IN ('done', 'unreachable');

CREATE TABLE return_visit_attempts (
  id               bigserial PRIMARY KEY,
  visit_id         uuid NOT NULL REFERENCES return_visits(id),
  n                int NOT NULL CHECK (n >= 1),
  at               timestamptz NOT NULL,
  channel          text NOT NULL CHECK (channel IN ('phone', 'sms', 'visit', 'wechat', 'other')),
  reached          boolean NOT NULL,
  next_attempt_at  timestamptz,
  solved           text CHECK (solved IN ('solved', 'partly_solved', 'unsolved')),
  satisfied        text CHECK (satisfied IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  comments         text,
  user_id          uuid REFERENCES users(id),
  UNIQUE (visit_id, n)
);
