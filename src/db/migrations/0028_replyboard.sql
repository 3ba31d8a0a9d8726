-- Public reply board (问政回复, issue 11): the office may publish anonymised matters and their replies, with the
-- citizen's consent, the personal data redacted by the server, and a second person's approval.
--
-- 1. Consent, given by the citizen at intake (portal or staff registration; default no) and withdrawn by the citizen
--    with the tracking code and query code. One row per case; a case without a row has no consent.
-- 2. The register of publications, on the shared mechanism (src/workflow, docs/registers.md): proposed → published
--    → unpublished (or rejected / withdrawn). It holds the matter, never the person: the public fields are the
--    redacted texts; `source` keeps the staff-edited text before redaction (internal, like the case's content), so
--    the redaction can be re-run at approval against the parties known to the case then.
--
-- 信访工作条例 第三十条第三款 / 第四十六条第五项: an accusation (检举控告) is never published; the Personal Information
-- Protection Law is not in the project's law folder, so the rule quoted is the regulation's own duty not to disclose.

CREATE TABLE case_publication_consents (
  case_id        uuid PRIMARY KEY REFERENCES cases(id),
  consent        boolean NOT NULL,
  given_at       timestamptz NOT NULL,
  -- the channel the citizen said it on: the case's intake channel (web = the portal form)
  channel        text NOT NULL,
  withdrawn_at   timestamptz,
  -- 'portal' (tracking code + query code)
  withdrawn_via  text
);

CREATE SEQUENCE replyboard_seq;

CREATE TABLE replyboard_items (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status           text NOT NULL CHECK (status IN ('proposed', 'published', 'rejected', 'unpublished', 'withdrawn')),
  version          int NOT NULL DEFAULT 1,
  -- the office that proposes and publishes (the proposer's unit)
  office_unit_id   bigint NOT NULL REFERENCES units(id),
  -- the unit that replied (the case's lead unit): shown on the board
  unit_id          bigint REFERENCES units(id),
  case_id          uuid NOT NULL REFERENCES cases(id),
  -- the board's own number (GK…): never the case's registration number or tracking code
  pub_no           text NOT NULL UNIQUE,
  category_id      bigint REFERENCES categories(id),
  -- {title, summary, reply}: the staff-edited text before redaction (internal)
  source           jsonb NOT NULL,
  -- terms the proposer judged not to be personal data (e.g. the office's public hotline); never the petitioner's
  keep_terms       text[] NOT NULL DEFAULT '{}',
  public_title     text NOT NULL,
  public_summary   text NOT NULL,
  public_reply     text NOT NULL,
  -- [{field, kind, masked}]: what the redaction removed, masked
  redactions       jsonb NOT NULL DEFAULT '[]',
  replied_on       date,
  proposed_by      uuid REFERENCES users(id),
  approved_by      uuid REFERENCES users(id),
  published_at     timestamptz,
  unpublished_at   timestamptz,
  end_reason       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL
);
-- at most one live publication of a case
CREATE UNIQUE INDEX replyboard_items_live_case_idx ON replyboard_items (case_id) WHERE status IN ('proposed', 'published');
CREATE INDEX replyboard_items_public_idx ON replyboard_items (published_at DESC) WHERE status = 'published';
CREATE INDEX replyboard_items_office_idx ON replyboard_items (office_unit_id, status, created_at);
