-- The in-app message centre (issue 13, docs/notifications.md "Message centre"): the bell in the workbench header. Each
-- member of staff told of an event by the rules of 0030 (staff_notice_rules) gets one message in their own inbox,
-- whatever their e-mail/SMS channel — also those who chose none or gave no address. The decision of who is told stays
-- in one place, minsheng_notify_staff_event: it now writes the inbox row for every member it finds and, as before, an
-- outbox row for those with a channel and an address.
-- A message carries no content of the matter and no personal data: the kind, the case (its registration number is
-- read at display time), the event's time, read or not. read_at is the reader's own: no route shows it to anyone else.
CREATE TABLE IF NOT EXISTS staff_inbox (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  event_id   bigint NOT NULL,
  case_id    uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  event_type text NOT NULL,
  kind       text NOT NULL,
  basis      text NOT NULL,
  created_at timestamptz NOT NULL,
  read_at    timestamptz,
  UNIQUE (event_id, user_id)
);
CREATE INDEX IF NOT EXISTS staff_inbox_user_idx ON staff_inbox (user_id, created_at DESC, event_id DESC);
-- the bell's count: the unread messages of one member
CREATE INDEX IF NOT EXISTS staff_inbox_unread_idx ON staff_inbox (user_id) WHERE read_at IS NULL;

-- A member reads and marks only their own messages, and never one of a case they may not read (the accusation rule
-- of 0015, 第三十条); the system (jobs, retention) sees all. The trigger below runs as the owner.
ALTER TABLE staff_inbox ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS staff_inbox_own ON staff_inbox;
CREATE POLICY staff_inbox_own ON staff_inbox
  USING (minsheng_actor('kind') = 'system' OR (minsheng_actor('kind') = 'staff' AND user_id::text = minsheng_actor('user_id') AND minsheng_may_read_case(case_id)))
  WITH CHECK (minsheng_actor('kind') = 'system' OR (minsheng_actor('kind') = 'staff' AND user_id::text = minsheng_actor('user_id')));

-- The people told (unchanged from 0030): active users of exactly that unit (not its sub-units) with one of the roles,
-- not the person who caused the event, never accused staff nor anyone of the accused unit's subtree of an accusation
-- (信访工作条例 第三十条第三款; the same rule as minsheng_may_read_case of 0015). Every one of them gets a message in
-- the inbox; those with a channel and its address also get a notice in the outbox, by that channel to that address.
CREATE OR REPLACE FUNCTION minsheng_notify_staff_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r staff_notice_rules%ROWTYPE;
  target bigint;
BEGIN
  SELECT * INTO r FROM staff_notice_rules WHERE event_type = NEW.type;
  IF NOT FOUND THEN RETURN NULL; END IF;
  SELECT CASE r.unit_of
           WHEN 'lead' THEN c.lead_unit_id
           WHEN 'intake' THEN c.intake_unit_id
           WHEN 'review' THEN c.review_unit_id
           WHEN 'clock' THEN CASE WHEN NEW.data->>'unit' ~ '^[0-9]{1,18}$' THEN (NEW.data->>'unit')::bigint END
         END
    INTO target FROM cases c WHERE c.id = NEW.case_id;
  IF target IS NULL THEN RETURN NULL; END IF;
  WITH told AS (
    SELECT u.id, u.phone, u.email,
           coalesce(u.notify_channel, CASE WHEN u.email IS NOT NULL THEN 'email' ELSE 'none' END) AS channel
      FROM users u
      JOIN units uu ON uu.id = u.unit_id
      JOIN cases c ON c.id = NEW.case_id
     WHERE u.unit_id = target AND u.active AND u.roles && r.roles
       AND u.id IS DISTINCT FROM NEW.actor_user_id
       AND NOT (c.kind = 'accusation' AND (u.id = ANY (c.accused_user_ids)
                OR EXISTS (SELECT 1 FROM units au WHERE au.id = c.accused_unit_id AND uu.path LIKE au.path || '%')))
  ), inbox AS (
    INSERT INTO staff_inbox (user_id, event_id, case_id, event_type, kind, basis, created_at)
    SELECT t.id, NEW.id, NEW.case_id, NEW.type, r.kind, r.basis, NEW.at FROM told t
    ON CONFLICT (event_id, user_id) DO NOTHING
  )
  INSERT INTO notifications (case_id, event_id, event_type, kind, basis, audience, user_id, channel, address, status, created_at)
  SELECT NEW.case_id, NEW.id, NEW.type, r.kind, r.basis, 'staff', t.id, t.channel,
         CASE t.channel WHEN 'sms' THEN t.phone ELSE t.email END, 'pending', NEW.at
    FROM told t
   WHERE t.channel <> 'none'
     AND coalesce(CASE t.channel WHEN 'sms' THEN t.phone ELSE t.email END, '') <> ''
  ON CONFLICT (event_id, user_id) WHERE user_id IS NOT NULL DO NOTHING;
  RETURN NULL;
END $$;
