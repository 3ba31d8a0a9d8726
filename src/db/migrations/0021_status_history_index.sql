-- The backlog at a period's end (src/analytics/counts.ts backlogCounts) reads the history only of cases whose status
-- changed at or after that instant; this index finds them without scanning every event.
CREATE INDEX IF NOT EXISTS case_events_status_at_idx ON case_events (at) WHERE to_status IS NOT NULL;
