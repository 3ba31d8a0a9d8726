-- Cases that came from another system (an Open311 server we pull from, a spreadsheet import): the other system's id
-- for each, so pulling or importing the same record again finds the case instead of registering it twice. The
-- reference is written in the registration's own transaction (src/interop/external-refs.ts), so a crash between the
-- two cannot leave a case without its reference or a reference without its case.
CREATE TABLE case_external_refs (
  source      text NOT NULL,          -- e.g. 'open311:https://other.example/open311/v2', 'import:nyc-311'
  external_id text NOT NULL,
  case_id     uuid NOT NULL REFERENCES cases (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, external_id)
);
CREATE INDEX case_external_refs_case_idx ON case_external_refs (case_id);
