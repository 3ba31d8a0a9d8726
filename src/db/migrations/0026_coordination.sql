-- A register on the shared mechanism (src/workflow, docs/registers.md):
--
-- 信访工作联席会议 (信访工作条例 第十二条、第十三条、第二十四条): a coordination item about a hard case, or about a dispute
-- over who accepts a matter that concerns several units (第二十四条: 受理有争议……由共同的信访工作联席会议协调处理). The
-- office opens it listing the units involved; meetings are recorded (date, participants as units and posts, minutes);
-- decisions (议定事项) are assigned to one or more units, each with its own deadline (register_clocks, rule
-- coordination_decision); each unit reports its part done (第十二条第二款: 落实……议定事项，及时报送落实情况); the office
-- follows up and closes the item when every part is done.
--
-- The register holds matters, not people: no petitioner's data is copied here (a case's parties stay on the case,
-- shielded by 0015_rls.sql); an item about an accusation is hidden from the accused unit by the register scope
-- (第三十条, workflow/register-query.ts), as for every register.

CREATE SEQUENCE coordination_reg_seq;

CREATE TABLE coordination_items (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status          text NOT NULL CHECK (status IN ('open', 'meeting_held', 'decisions_assigned', 'following_up', 'closed', 'withdrawn')),
  version         int NOT NULL DEFAULT 1,
  -- the office that convenes (联席会议办公室, usually the petition office)
  office_unit_id  bigint NOT NULL REFERENCES units(id),
  -- the unit designated to accept the matter (a dispute over acceptance, once decided), else null
  unit_id         bigint REFERENCES units(id),
  case_id         uuid REFERENCES cases(id),
  reg_no          text NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('hard_case', 'acceptance_dispute')),
  title           text NOT NULL,
  description     text NOT NULL,
  -- the units involved (成员单位 concerned); they see the item
  unit_ids        bigint[] NOT NULL,
  close_note      text,
  closed_at       timestamptz,
  withdraw_reason text,
  created_by      uuid REFERENCES users(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL,
  CHECK (cardinality(unit_ids) >= 1)
);
CREATE INDEX coordination_items_office_idx ON coordination_items (office_unit_id, status, created_at);
CREATE INDEX coordination_items_case_idx ON coordination_items (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX coordination_items_units_idx ON coordination_items USING gin (unit_ids);

CREATE TABLE coordination_meetings (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id      uuid NOT NULL REFERENCES coordination_items(id),
  n            int NOT NULL,
  held_on      date NOT NULL,
  place        text,
  -- [{unitId, unitName, post}]: units and posts, never a citizen
  participants jsonb NOT NULL,
  minutes      text NOT NULL,
  recorded_by  uuid REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (item_id, n)
);

CREATE TABLE coordination_decisions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id     uuid NOT NULL REFERENCES coordination_items(id),
  n           int NOT NULL,
  content     text NOT NULL,
  created_by  uuid REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (item_id, n)
);

-- one row per decision and unit: each unit reports its own part done, on its own clock
CREATE TABLE coordination_tasks (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id     uuid NOT NULL REFERENCES coordination_items(id),
  decision_id uuid NOT NULL REFERENCES coordination_decisions(id),
  unit_id     bigint NOT NULL REFERENCES units(id),
  clock_id    uuid REFERENCES register_clocks(id),
  due_at      timestamptz,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  report      text,
  done_at     timestamptz,
  done_by     uuid REFERENCES users(id),
  UNIQUE (decision_id, unit_id)
);
CREATE INDEX coordination_tasks_item_idx ON coordination_tasks (item_id, status);

