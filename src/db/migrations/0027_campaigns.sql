-- A register on the shared mechanism (src/workflow, docs/registers.md):
--
-- 积案化解专项行动 (backlog campaigns): the office selects long-running or repeated petitions by a filter, in its own
-- scope, into a campaign; each case becomes a campaign item (一案一策) with a responsible leader (包案领导, 信访工作条例
-- 第十八条第二款: 领导干部……包案化解群众反映强烈的突出问题), a plan, measures and a target date; the responsible unit reports
-- progress and then resolution (化解/息诉罢访, 依法终结, other); the office verifies it — never the person who reported
-- it — or sends it back (第三十八条: 专项督查; 疑难复杂信访问题列入督查范围). The board (挂图作战) counts items by unit and
-- status; the campaign's progress (清仓见底) counts them by status.
--
-- The register holds matters, not people: no petitioner's data is copied here; an item about an accusation is hidden
-- from the accused unit by the register scope (第三十条), and selection never picks a case the actor cannot see.

CREATE SEQUENCE campaign_reg_seq;

CREATE TABLE campaigns (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reg_no          text NOT NULL UNIQUE,
  name            text NOT NULL,
  -- the office that runs the campaign (the creator's unit)
  office_unit_id  bigint NOT NULL REFERENCES units(id),
  period_start    date NOT NULL,
  period_end      date NOT NULL,
  -- 清仓见底: the day every item should be resolved by
  target_date     date NOT NULL,
  -- the filter the cases were selected by, as given (registeredBefore, openLongerThanDays, repeat, unitId …)
  filter          jsonb NOT NULL,
  description     text,
  created_by      uuid REFERENCES users(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (period_end >= period_start),
  CHECK (target_date >= period_start)
);
CREATE INDEX campaigns_office_idx ON campaigns (office_unit_id, created_at);

CREATE TABLE campaign_items (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status           text NOT NULL CHECK (status IN ('selected', 'planned', 'in_progress', 'resolved_claimed', 'resolved', 'withdrawn')),
  version          int NOT NULL DEFAULT 1,
  campaign_id      uuid NOT NULL REFERENCES campaigns(id),
  office_unit_id   bigint NOT NULL REFERENCES units(id),
  -- the responsible unit: the case's lead unit when selected, the leader's unit once a plan is assigned
  unit_id          bigint REFERENCES units(id),
  case_id          uuid NOT NULL REFERENCES cases(id),
  -- 包案领导: a staff user, by post (职务); no profile of anyone is kept
  leader_user_id   uuid REFERENCES users(id),
  leader_post      text,
  plan             text,
  measures         text,
  due_at           timestamptz,
  planned_at       timestamptz,
  -- [{n, at, note, by}]: progress reports of the responsible unit
  progress         jsonb NOT NULL DEFAULT '[]',
  outcome          text CHECK (outcome IN ('resolved', 'terminated', 'other')),
  outcome_note     text,
  claimed_by       uuid REFERENCES users(id),
  claimed_at       timestamptz,
  verified_by      uuid REFERENCES users(id),
  verified_at      timestamptz,
  verification     text,
  refusals         int NOT NULL DEFAULT 0,
  withdraw_reason  text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL,
  UNIQUE (campaign_id, case_id)
);
CREATE INDEX campaign_items_campaign_idx ON campaign_items (campaign_id, status);
CREATE INDEX campaign_items_case_idx ON campaign_items (case_id);
CREATE INDEX campaign_items_unit_idx ON campaign_items (unit_id, status);
