-- The shared storage of every register (return visits, supervision, mediation, hazards): one event table and one
-- clock table, written by the same engine as the case lifecycle (workflow/engine.ts). Each register keeps its own
-- records in its own table (0006…), with the columns every register has: id, status, version, office_unit_id (the
-- unit keeping the register), unit_id (the unit responsible now), case_id (the petition it came from, if any).

CREATE TABLE register_events (
  id            bigserial PRIMARY KEY,
  entity        text NOT NULL,
  entity_id     uuid NOT NULL,
  type          text NOT NULL,
  from_status   text,
  to_status     text,
  actor_user_id uuid REFERENCES users(id),
  actor_unit_id bigint REFERENCES units(id),
  public        boolean NOT NULL DEFAULT false,
  data          jsonb NOT NULL DEFAULT '{}',
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX register_events_entity_idx ON register_events (entity, entity_id, id);

CREATE TABLE register_clocks (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  entity        text NOT NULL,
  entity_id     uuid NOT NULL,
  rule_key      text NOT NULL,
  purpose       text NOT NULL CHECK (purpose IN ('deadline', 'window')),
  unit_id       bigint REFERENCES units(id),
  start_date    date NOT NULL,
  started_at    timestamptz NOT NULL,
  amount        int NOT NULL,
  period_unit   text NOT NULL CHECK (period_unit IN ('day', 'workday', 'hour')),
  extended_days int NOT NULL DEFAULT 0,
  pauses        jsonb NOT NULL DEFAULT '[]',
  due_at        timestamptz,
  status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'paused', 'met', 'stopped')),
  warned        jsonb NOT NULL DEFAULT '[]',
  overdue_at    timestamptz,
  stopped_at    timestamptz
);
CREATE INDEX register_clocks_entity_idx ON register_clocks (entity, entity_id);
CREATE INDEX register_clocks_due_idx ON register_clocks (due_at) WHERE status = 'running';
