-- Incremental rollups of the metrics (src/analytics/rollups.ts, docs/metrics.md "Rollups").
--
-- metric_facts: what each source record (a case, a return visit, a dispute, a hazard) contributes now to each metric,
--   one row per contribution: the metric, the CST day it counts in, the ONE unit it is attributed to, its category,
--   numerator, denominator and up to three raw counts (p1..p3, for weighted numerators), and settles_at — the instant
--   from which it counts (a deadline counts once it has fallen due). Rewritten for the record in the transaction that
--   changes it, so the facts are always exactly what the definitions compute from the base tables.
-- metric_deltas: every change of a fact as a signed row (+ for a fact added, - for one removed): the queue a job
--   folds into the rollups once settled. Reads add the settled deltas not yet folded, so they are exact at any time.
-- metric_rollups: sums of facts per grain (d = day, m = month, day = the 1st) × CST day × unit SUBTREE (a fact counts
--   for its unit and every unit above it) × category (0 = none) × metric; so a unit subtree × period is a lookup of
--   whole months plus the days at either end, never a scan of cases.
CREATE TABLE metric_facts (
  source       text NOT NULL,
  source_id    uuid NOT NULL,
  metric       text NOT NULL,
  day          date NOT NULL,
  unit_id      bigint NOT NULL,
  category_id  bigint,
  num          int NOT NULL,
  den          int NOT NULL,
  p1           int NOT NULL DEFAULT 0,
  p2           int NOT NULL DEFAULT 0,
  p3           int NOT NULL DEFAULT 0,
  settles_at   timestamptz NOT NULL
);
CREATE INDEX metric_facts_source_idx ON metric_facts (source_id);

CREATE TABLE metric_deltas (
  id           bigserial PRIMARY KEY,
  metric       text NOT NULL,
  day          date NOT NULL,
  unit_id      bigint NOT NULL,
  category_id  bigint,
  num          int NOT NULL,
  den          int NOT NULL,
  p1           int NOT NULL DEFAULT 0,
  p2           int NOT NULL DEFAULT 0,
  p3           int NOT NULL DEFAULT 0,
  settles_at   timestamptz NOT NULL
);
CREATE INDEX metric_deltas_settles_idx ON metric_deltas (settles_at);
CREATE INDEX metric_deltas_day_idx ON metric_deltas (day);

CREATE TABLE metric_rollups (
  grain        char(1) NOT NULL CHECK (grain IN ('d', 'm')),
  day          date NOT NULL,
  unit_id      bigint NOT NULL,
  category_id  bigint NOT NULL DEFAULT 0,
  metric       text NOT NULL,
  num          bigint NOT NULL DEFAULT 0,
  den          bigint NOT NULL DEFAULT 0,
  p1           bigint NOT NULL DEFAULT 0,
  p2           bigint NOT NULL DEFAULT 0,
  p3           bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, grain, day, category_id, metric)
);

-- what the facts were computed with (settings that shape a fact, e.g. the response window), and when rebuilt
CREATE TABLE metric_rollup_meta (
  key    text PRIMARY KEY,
  value  text NOT NULL
);
