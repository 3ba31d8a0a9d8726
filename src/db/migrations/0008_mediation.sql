-- 矛盾纠纷排查化解: the dispute mediation register (人民调解法). A dispute is registered (found by grid workers, a visit,
-- the hotline, or converted from a petition), assigned to a people's mediation committee (a unit) and a mediator,
-- accepted with the parties' consent (第十七条), mediated in sessions (第二十七条 调解记录), and concluded by an
-- agreement (第二十八条至第三十条), no agreement (第二十六条) or a referral to court, arbitration or an administrative
-- procedure. An agreement's performance is followed up (第三十一条第二款) and its judicial confirmation applied for
-- within 30 days of taking effect (第三十三条). Parties are petitioners rows (personal data kept apart), linked here.

CREATE SEQUENCE dispute_reg_seq;

CREATE TABLE disputes (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status                  text NOT NULL CHECK (status IN ('registered', 'assigned', 'mediating', 'not_mediated', 'agreement',
                            'no_agreement', 'referred', 'performed', 'not_performed', 'returned')),
  version                 int NOT NULL DEFAULT 1,
  office_unit_id          bigint NOT NULL REFERENCES units(id),
  -- the people's mediation committee (a unit) the dispute is assigned to
  unit_id                 bigint REFERENCES units(id),
  case_id                 uuid REFERENCES cases(id),
  reg_no                  text NOT NULL UNIQUE,
  type                    text NOT NULL CHECK (type IN ('family', 'neighbours', 'consumer', 'medical', 'traffic', 'labour_wages',
                            'property_management', 'land', 'other')),
  title                   text NOT NULL,
  description             text NOT NULL,
  place                   text,
  lat                     double precision CHECK (lat BETWEEN -90 AND 90),
  lng                     double precision CHECK (lng BETWEEN -180 AND 180),
  source                  text NOT NULL CHECK (source IN ('grid', 'visit', 'petition', 'hotline', 'other')),
  mediator_user_id        uuid REFERENCES users(id),
  initiation              text CHECK (initiation IN ('applied', 'proactive', 'suggested')),
  accepted_at             timestamptz,
  outcome                 text CHECK (outcome IN ('agreement', 'no_agreement', 'referred')),
  concluded_at            timestamptz,
  outcome_reason          text,
  referred_to             text CHECK (referred_to IN ('court', 'arbitration', 'administrative')),
  referred_authority      text,
  agreement_content       text,
  agreement_form          text CHECK (agreement_form IN ('written', 'oral')),
  agreement_effective_at  timestamptz,
  performance_due_on      date,
  performance             text CHECK (performance IN ('performed', 'partly', 'not_performed')),
  performance_checked_at  timestamptz,
  performance_note        text,
  confirmation_applied_at timestamptz,
  confirmation_court      text,
  confirmation_result     text CHECK (confirmation_result IN ('confirmed', 'invalid')),
  confirmation_decided_at timestamptz,
  supervision_id          uuid REFERENCES supervision_items(id),
  returned_at             timestamptz,
  created_by              uuid REFERENCES users(id),
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL,
  -- a dispute comes from a petition exactly when it is linked to one
  CHECK ((source = 'petition') = (case_id IS NOT NULL)),
  CHECK ((outcome IS NULL) = (concluded_at IS NULL)),
  CHECK (outcome = 'referred' OR referred_to IS NULL),
  CHECK (lat IS NULL OR lng IS NOT NULL)
);
CREATE INDEX disputes_office_idx ON disputes (office_unit_id, status, created_at);
CREATE INDEX disputes_unit_idx ON disputes (unit_id, status);
CREATE INDEX disputes_case_idx ON disputes (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX disputes_concluded_idx ON disputes (concluded_at) WHERE concluded_at IS NOT NULL;
-- one dispute at a time per petition: a second conversion while one is open conflicts
CREATE UNIQUE INDEX disputes_one_open_per_case ON disputes (case_id)
  WHERE case_id IS NOT NULL AND status IN ('registered', 'assigned', 'mediating', 'agreement', 'not_performed');

-- the parties: applicant (申请人), respondent (被申请人), others; their personal data stays in petitioners
CREATE TABLE dispute_parties (
  dispute_id    uuid NOT NULL REFERENCES disputes(id),
  petitioner_id uuid NOT NULL REFERENCES petitioners(id),
  role          text NOT NULL CHECK (role IN ('applicant', 'respondent', 'other')),
  seq           int NOT NULL,
  PRIMARY KEY (dispute_id, petitioner_id)
);

-- 第二十七条: 人民调解员应当记录调解情况 — one row per mediation session, each recorded by the action record_session
CREATE TABLE dispute_sessions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dispute_id       uuid NOT NULL REFERENCES disputes(id),
  held_on          date NOT NULL,
  place            text,
  notes            text NOT NULL,
  mediator_user_id uuid REFERENCES users(id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dispute_sessions_dispute_idx ON dispute_sessions (dispute_id, held_on);
