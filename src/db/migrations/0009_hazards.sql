-- 风险隐患排查整治: the hazard register. A hazard is found by inspection or reported by a citizen (安全生产法 第七十四条),
-- from a petition or the hotline; registered with its type, grade (一般 / 重大), place and map point and photos;
-- assigned to a responsible unit with a rectification deadline (register_clocks, rule hazard_rectify) and a responsible
-- leader (包干领导); the unit records its plan (一案一策) and the rectification with evidence; someone outside the unit
-- verifies it on site (rule hazard_verify); the office closes it out (销号). Major and overdue hazards are supervised
-- (安全生产法 第四十一条第三款, supervision_items). A citizen reporter's contact is a petitioners row, linked apart.

CREATE SEQUENCE hazard_reg_seq;

CREATE TABLE hazards (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status          text NOT NULL CHECK (status IN ('reported', 'assigned', 'rectifying', 'verifying', 'verified', 'closed', 'dismissed')),
  version         int NOT NULL DEFAULT 1,
  office_unit_id  bigint NOT NULL REFERENCES units(id),
  -- the responsible unit, once assigned
  unit_id         bigint REFERENCES units(id),
  case_id         uuid REFERENCES cases(id),
  reg_no          text NOT NULL UNIQUE,
  source          text NOT NULL CHECK (source IN ('inspection', 'citizen', 'petition', 'hotline', 'other')),
  type            text NOT NULL CHECK (type IN ('fire', 'building', 'gas', 'traffic', 'flood', 'food', 'production_safety', 'public_order', 'other')),
  grade           text NOT NULL CHECK (grade IN ('general', 'major')),
  title           text NOT NULL,
  description     text NOT NULL,
  place           text NOT NULL,
  lat             double precision CHECK (lat BETWEEN -90 AND 90),
  lng             double precision CHECK (lng BETWEEN -180 AND 180),
  -- the inspection team, or 群众 / 12345热线 / the petition's number: never a citizen's identity (see hazard_reporters)
  found_by        text NOT NULL,
  found_on        date NOT NULL,
  -- 包干领导: a name and a post as text (a county leader who takes a major hazard often has no account here)
  leader_name     text,
  leader_post     text,
  requirements    text,
  -- 一案一策: the responsible unit's rectification plan
  measures        text,
  planned_at      timestamptz,
  rectify_due_at  timestamptz,
  rectification   text,
  rectified_at    timestamptz,
  rectified_by    uuid REFERENCES users(id),
  verification    text,
  verified_at     timestamptz,
  verified_by     uuid REFERENCES users(id),
  verify_failures int NOT NULL DEFAULT 0,
  close_note      text,
  closed_at       timestamptz,
  dismiss_reason  text,
  created_by      uuid REFERENCES users(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL,
  CHECK ((lat IS NULL) = (lng IS NULL))
);
CREATE INDEX hazards_office_idx ON hazards (office_unit_id, status, created_at);
CREATE INDEX hazards_unit_idx ON hazards (unit_id, status);
CREATE INDEX hazards_case_idx ON hazards (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX hazards_open_idx ON hazards (grade, type) WHERE status IN ('reported', 'assigned', 'rectifying', 'verifying', 'verified');

-- the citizen who reported it (source citizen or hotline): personal data stays in petitioners, read masked
CREATE TABLE hazard_reporters (
  hazard_id     uuid PRIMARY KEY REFERENCES hazards(id),
  petitioner_id uuid NOT NULL REFERENCES petitioners(id)
);

-- photos of the hazard as found and of the rectified site; the files are in the content-addressed attachment store
CREATE TABLE hazard_photos (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hazard_id   uuid NOT NULL REFERENCES hazards(id),
  stage       text NOT NULL CHECK (stage IN ('found', 'rectified')),
  sha256      text NOT NULL,
  size_bytes  bigint NOT NULL,
  mime_type   text NOT NULL,
  filename    text NOT NULL,
  -- the rectification round (hazards.verify_failures when uploaded): a failed check needs fresh photos
  round       int NOT NULL DEFAULT 0,
  uploaded_by uuid REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hazard_photos_hazard_idx ON hazard_photos (hazard_id, stage, created_at);
