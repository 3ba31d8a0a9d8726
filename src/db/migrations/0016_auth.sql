-- Passwords and sessions (docs/security.md "Passwords and sessions"). A session has an id (to list and revoke one
-- without knowing its token), the time it was last used (idle expiry) and where it was opened (shown to its user
-- so a stranger's session stands out). expires_at stays the absolute end, set at sign-in.
ALTER TABLE sessions ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE sessions ADD COLUMN user_agent text;
ALTER TABLE sessions ADD COLUMN ip text;
CREATE UNIQUE INDEX sessions_id_idx ON sessions (id);

-- When the password last changed (by its user or an administrator), for the record and the user's own page.
ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
