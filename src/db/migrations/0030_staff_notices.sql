-- Notices to staff (docs/notifications.md): when a case event leaves work waiting for a unit — a dispatch to sign for,
-- a return (退单) to decide, a reply or an extension to approve, a review to decide, a deadline warning or an overdue
-- mark — the people of that unit whose roles may do the awaited action are told, by e-mail or SMS, through the same
-- outbox, trigger point and delivery jobs as the citizen's notices of 0023 (same transaction as the event).
-- A notice names the matter by its registration number and links to the workbench; it never carries the content of
-- the matter or anyone's personal data (an e-mail may be read on a phone in a meeting).

-- The staff member's own contact for work notices, and their choice (NULL: e-mail if an e-mail is given, else none;
-- SMS only when chosen). Staff contact details are the staff member's personal data: only administrators and the
-- member themself read them (src/http/routes/org.ts, /api/me/notify).
ALTER TABLE users ADD COLUMN IF NOT EXISTS email text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS phone text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS notify_channel text CHECK (notify_channel IN ('sms', 'email', 'none'));

ALTER TABLE notifications ADD COLUMN IF NOT EXISTS user_id uuid REFERENCES users(id) ON DELETE SET NULL;
CREATE UNIQUE INDEX IF NOT EXISTS notifications_staff_once ON notifications (event_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS notifications_user_idx ON notifications (user_id, created_at) WHERE user_id IS NOT NULL;

-- Which events tell which unit's people, and who among them: one row per event type. The roles are those of the
-- awaited action in the case transition table (src/cases/lifecycle.ts); test/http/staff-notices.test.ts checks
-- that every row matches the table, so the two cannot drift apart. unit_of: the case's lead unit, intake unit,
-- review unit, or the unit of the clock that warned (the event's data.unit).
CREATE TABLE IF NOT EXISTS staff_notice_rules (
  event_type text PRIMARY KEY,
  kind       text NOT NULL,
  awaits     text,
  unit_of    text NOT NULL CHECK (unit_of IN ('lead', 'intake', 'review', 'clock')),
  roles      text[] NOT NULL,
  basis      text NOT NULL
);
INSERT INTO staff_notice_rules (event_type, kind, awaits, unit_of, roles, basis) VALUES
  ('route',             'dispatch_notice',          'sign',              'lead',   ARRAY['handler', 'unit_head'], '信访工作条例 第二十二条'),
  ('reroute',           'dispatch_notice',          'sign',              'lead',   ARRAY['handler', 'unit_head'], '信访工作条例 第二十二条'),
  ('uphold_objection',  'dispatch_notice',          'sign',              'lead',   ARRAY['handler', 'unit_head'], '信访工作条例 第二十三条第三款'),
  ('reject_objection',  'objection_rejected_notice', 'sign',             'lead',   ARRAY['handler', 'unit_head'], '信访工作条例 第二十三条第三款'),
  ('object',            'objection_notice',         'uphold_objection',  'intake', ARRAY['dispatcher'], '信访工作条例 第二十三条第三款'),
  ('request_extension', 'extension_request_notice', 'approve_extension', 'lead',   ARRAY['unit_head'], '信访工作条例 第三十四条'),
  ('draft_reply',       'reply_approval_notice',    'approve_reply',     'lead',   ARRAY['unit_head'], '信访工作条例 第三十二条'),
  ('request_review',    'review_request_notice',    'decide_review',     'review', ARRAY['handler', 'unit_head'], '信访工作条例 第三十五条'),
  ('request_rereview',  'rereview_request_notice',  'decide_rereview',   'review', ARRAY['handler', 'unit_head'], '信访工作条例 第三十六条'),
  ('clock_warning',     'deadline_warning_notice',  NULL,                'clock',  ARRAY['handler', 'unit_head', 'dispatcher'], '信访工作条例 第二十三条、第三十二条、第三十四条（办理时限）'),
  ('clock_overdue',     'overdue_notice',           NULL,                'clock',  ARRAY['handler', 'unit_head', 'dispatcher'], '信访工作条例 第二十三条、第三十二条、第三十四条（办理时限）')
ON CONFLICT (event_type) DO UPDATE SET kind = EXCLUDED.kind, awaits = EXCLUDED.awaits, unit_of = EXCLUDED.unit_of, roles = EXCLUDED.roles, basis = EXCLUDED.basis;

-- The people told: active users of exactly that unit (not its sub-units) with one of the roles, not the person who
-- caused the event, never accused staff nor anyone of the accused unit's subtree of an accusation (信访工作条例
-- 第三十条第三款; the same rule as minsheng_may_read_case of 0015), by their channel to their address.
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
  INSERT INTO notifications (case_id, event_id, event_type, kind, basis, audience, user_id, channel, address, status, created_at)
  SELECT NEW.case_id, NEW.id, NEW.type, r.kind, r.basis, 'staff', u.id, x.channel,
         CASE x.channel WHEN 'sms' THEN u.phone ELSE u.email END, 'pending', NEW.at
    FROM users u
    CROSS JOIN LATERAL (SELECT coalesce(u.notify_channel, CASE WHEN u.email IS NOT NULL THEN 'email' ELSE 'none' END) AS channel) x
    JOIN units uu ON uu.id = u.unit_id
    JOIN cases c ON c.id = NEW.case_id
   WHERE u.unit_id = target AND u.active AND u.roles && r.roles
     AND u.id IS DISTINCT FROM NEW.actor_user_id
     AND x.channel <> 'none'
     AND coalesce(CASE x.channel WHEN 'sms' THEN u.phone ELSE u.email END, '') <> ''
     AND NOT (c.kind = 'accusation' AND (u.id = ANY (c.accused_user_ids)
              OR EXISTS (SELECT 1 FROM units au WHERE au.id = c.accused_unit_id AND uu.path LIKE au.path || '%')))
  ON CONFLICT (event_id, user_id) WHERE user_id IS NOT NULL DO NOTHING;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS case_events_staff_notifications ON case_events;
CREATE CONSTRAINT TRIGGER case_events_staff_notifications AFTER INSERT ON case_events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION minsheng_notify_staff_event();
