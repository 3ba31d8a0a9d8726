-- Security basics (docs/security.md): login throttling and idempotent POSTs. Both live in the database so that
-- they hold across restarts and across several server processes sharing one PostgreSQL.

-- Failed sign-ins per key: 'user:<username as typed, lower-cased>' or 'ip:<client address>'. A key is locked
-- while locked_until lies ahead; failures count within a window that starts at the first failure.
CREATE TABLE login_throttle (
  key               text PRIMARY KEY,
  failures          int NOT NULL DEFAULT 0,
  window_started_at timestamptz NOT NULL,
  locked_until      timestamptz,
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_throttle_updated_idx ON login_throttle (updated_at);

-- One row per (actor, Idempotency-Key): claimed by the first request (a unique row: concurrent duplicates
-- cannot both claim it), completed with the response. The key itself is not stored, only its hash; the
-- response is encrypted with a key derived from the Idempotency-Key (it may contain a citizen's tracking secret).
CREATE TABLE idempotency_keys (
  key_hash      text PRIMARY KEY,
  request_hash  text NOT NULL,
  method        text NOT NULL,
  path          text NOT NULL,
  status        int,
  response      text,
  created_at    timestamptz NOT NULL,
  completed_at  timestamptz
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
