-- 督查督办: supervision items (automatic for overdue steps, repeated returns, unsatisfied results, overdue or major
-- hazards, unperformed mediation agreements; or opened by hand), the notice (督办单) to the supervised unit with its
-- response deadline (register_clocks, rule supervision_response), the unit's written response, escalation levels
-- (日常督办 → 挂牌督办 → 约谈), accountability recommendations, and periodic bulletins (通报).

CREATE TABLE supervision_items (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status          text NOT NULL CHECK (status IN ('open', 'notified', 'responded', 'closed', 'withdrawn')),
  version         int NOT NULL DEFAULT 1,
  office_unit_id  bigint NOT NULL REFERENCES units(id),
  unit_id         bigint NOT NULL REFERENCES units(id),
  case_id         uuid REFERENCES cases(id),
  -- the register record it is about, if any (return_visit, dispute, hazard); no foreign key: those tables come later
  subject_entity  text CHECK (subject_entity IN ('return_visit', 'dispute', 'hazard')),
  subject_id      uuid,
  source          text NOT NULL CHECK (source IN ('case_overdue', 'repeated_returns', 'unsatisfied', 'return_visit',
                    'hazard_overdue', 'hazard_major', 'mediation_performance', 'manual')),
  reason          text NOT NULL,
  dedup_key       text NOT NULL,
  level           text NOT NULL DEFAULT 'routine' CHECK (level IN ('routine', 'listed', 'interview')),
  notice_no       text,
  notice_content  text,
  notified_at     timestamptz,
  response        text,
  responded_at    timestamptz,
  review_comment  text,
  accountability  jsonb NOT NULL DEFAULT '[]',
  closed_at       timestamptz,
  created_by      uuid REFERENCES users(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL
);
-- while an item about the same thing is open, no second one is opened (automatic triggers are idempotent)
CREATE UNIQUE INDEX supervision_items_open_dedup ON supervision_items (dedup_key) WHERE status IN ('open', 'notified', 'responded');
CREATE INDEX supervision_items_office_idx ON supervision_items (office_unit_id, status, created_at);
CREATE INDEX supervision_items_unit_idx ON supervision_items (unit_id, status);
CREATE INDEX supervision_items_case_idx ON supervision_items (case_id) WHERE case_id IS NOT NULL;

-- document numbers per office, kind (notice 督办单, bulletin 通报) and year: 督〔2026〕17号, allocated in the issuing transaction
CREATE TABLE supervision_counters (
  office_unit_id bigint NOT NULL REFERENCES units(id),
  kind           text NOT NULL CHECK (kind IN ('notice', 'bulletin')),
  year           int NOT NULL,
  n              int NOT NULL,
  PRIMARY KEY (office_unit_id, kind, year)
);

-- 通报: a period's supervision summarised by unit with the cases named; units and matters, never persons
CREATE TABLE supervision_bulletins (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  office_unit_id  bigint NOT NULL REFERENCES units(id),
  bulletin_no     text NOT NULL,
  title           text NOT NULL,
  period_from     date NOT NULL,
  period_to       date NOT NULL,
  content         jsonb NOT NULL,
  created_by      uuid REFERENCES users(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (period_from <= period_to)
);
CREATE INDEX supervision_bulletins_office_idx ON supervision_bulletins (office_unit_id, created_at);
