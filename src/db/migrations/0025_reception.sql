-- 领导接访 and 包案 (docs/reception.md).
-- 信访工作条例 第十八条第一款: 各级机关、单位应当向社会公布……信访接待的时间和地点; 第二款: 各级机关、单位领导干部应当……
-- 定期接待群众来访、定期下访，包案化解群众反映强烈的突出问题.

-- A reception day (接访日) published by an office: the date, the place and the leader who receives (a name and a
-- post as text, optionally the leader's user account: a leader is often a county or street official without one).
CREATE TABLE reception_days (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  office_unit_id  bigint NOT NULL REFERENCES units(id),
  day             date NOT NULL,
  place           text NOT NULL,
  leader_name     text NOT NULL,
  leader_post     text NOT NULL,
  leader_user_id  uuid REFERENCES users(id),
  topic           text,
  status          text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'cancelled')),
  published_at    timestamptz,
  created_by      uuid REFERENCES users(id),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reception_days_status_day_idx ON reception_days (status, day);
CREATE INDEX reception_days_office_idx ON reception_days (office_unit_id, day);

-- Time slots of a day. `booked` is the number of live bookings; a booking takes a seat with the conditional
-- UPDATE … SET booked = booked + 1 WHERE booked < capacity, so two bookings for the last seat cannot both succeed.
CREATE TABLE reception_slots (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  day_id    uuid NOT NULL REFERENCES reception_days(id),
  starts_at timestamptz NOT NULL,
  ends_at   timestamptz NOT NULL,
  capacity  int NOT NULL CHECK (capacity BETWEEN 1 AND 200),
  booked    int NOT NULL DEFAULT 0,
  CHECK (ends_at > starts_at),
  CHECK (booked >= 0 AND booked <= capacity)
);
CREATE INDEX reception_slots_day_idx ON reception_slots (day_id, starts_at);

-- A citizen's booking. The person (name, phone) is a petitioners row, read through the masked, audited path of
-- cases/petitioner-access.ts; the booking holds the matter's short summary and a random code (the citizen's key).
CREATE TABLE reception_bookings (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slot_id       uuid NOT NULL REFERENCES reception_slots(id),
  day_id        uuid NOT NULL REFERENCES reception_days(id),
  code          text NOT NULL UNIQUE,
  petitioner_id uuid REFERENCES petitioners(id) ON DELETE SET NULL,
  summary       text NOT NULL,
  status        text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'attended', 'no_show')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  cancelled_at  timestamptz,
  marked_at     timestamptz,
  marked_by     uuid REFERENCES users(id)
);
CREATE INDEX reception_bookings_day_idx ON reception_bookings (day_id, slot_id);

-- A case registered at a reception, attributed to the leader who received it (copied from the day: a later edit of
-- the day does not rewrite history).
CREATE TABLE reception_cases (
  case_id     uuid PRIMARY KEY REFERENCES cases(id),
  day_id      uuid NOT NULL REFERENCES reception_days(id),
  booking_id  uuid UNIQUE REFERENCES reception_bookings(id),
  leader_name text NOT NULL,
  leader_post text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reception_cases_day_idx ON reception_cases (day_id);

-- 包案: the leader who has taken personal charge of a case now (one at a time: the primary key is the claim). Taking
-- and releasing (src/reception/charge.ts) write the case's own timeline event and audit row; the status is unchanged.
CREATE TABLE case_leaders (
  case_id        uuid PRIMARY KEY REFERENCES cases(id),
  leader_user_id uuid NOT NULL REFERENCES users(id),
  leader_name    text NOT NULL,
  leader_post    text NOT NULL,
  taken_at       timestamptz NOT NULL
);
CREATE INDEX case_leaders_user_idx ON case_leaders (leader_user_id);

-- The booking rows point at personal data: like petitioners (0015_rls.sql) they are read only in a transaction that
-- names its actor (fail closed), and written by staff or the system (the portal books as the system). Once a case
-- is registered from a booking, the booking (its summary, its person) is hidden wherever that case's parties are:
-- an accusation's booking never reaches the accused unit or accused staff (信访工作条例 第三十条).
ALTER TABLE reception_bookings ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS reception_bookings_shield ON reception_bookings;
CREATE POLICY reception_bookings_shield ON reception_bookings
  USING (coalesce(minsheng_actor('kind') IN ('staff', 'system'), false)
         AND NOT EXISTS (SELECT 1 FROM reception_cases rc WHERE rc.booking_id = reception_bookings.id AND NOT minsheng_may_read_case(rc.case_id)))
  WITH CHECK (coalesce(minsheng_actor('kind') IN ('staff', 'system'), false));
