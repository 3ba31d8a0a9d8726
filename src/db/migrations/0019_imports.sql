-- Bulk imports of cases from spreadsheets (xlsx, csv): docs/import-export.md "Import". The uploaded file is kept as
-- bytea until the import has run (a few MB; it travels with a backup like the cases made from it, and every app node
-- can run the job). The column mapping chosen by the person is stored with it, so the job and a re-run read the same.
CREATE TABLE imports (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_by   uuid NOT NULL REFERENCES users(id),
  -- the cases land in this unit (the importer's): their intake unit, as if registered there by the importer
  unit_id      bigint NOT NULL REFERENCES units(id),
  filename     text NOT NULL,
  format       text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  encoding     text,                   -- csv: utf-8 | gbk, as detected
  file         bytea NOT NULL,
  headers      jsonb NOT NULL,
  total_rows   int NOT NULL,
  -- external ids are unique per source (case_external_refs): 'import:<name>', chosen at the mapping step
  source       text,
  mapping      jsonb,
  options      jsonb,
  status       text NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded', 'queued', 'running', 'done', 'rejected', 'failed')),
  progress     int NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  counts       jsonb NOT NULL DEFAULT '{}',
  error        text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz
);
CREATE INDEX imports_unit_idx ON imports (unit_id, created_at DESC);

-- One line per source row the job has decided: what became of it and why. 'created' lines are written in the case's
-- own registration transaction, so a row is either a case with its line or neither; a job that stops half-way
-- resumes after the last decided row.
CREATE TABLE import_rows (
  import_id    uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  row_no       int NOT NULL,           -- the spreadsheet's row number (the header is row 1)
  external_id  text,
  outcome      text NOT NULL CHECK (outcome IN ('created', 'already', 'invalid', 'skipped')),
  case_id      uuid REFERENCES cases(id),
  reason       text,
  PRIMARY KEY (import_id, row_no)
);
