-- Statutory documents (docs/documents.md): notices and decisions generated from a case as .docx and PDF, numbered
-- with a 文号 and archived with the case (信访工作条例 第二十三条、第二十二条、第三十四条、第三十二条、第三十五条、
-- 第三十六条; 人民调解法 第二十八条、第二十九条).

-- 1. Document numbers (文号) of any kind, per issuing unit, kind and year, allocated in the issuing transaction.
--    Generalises supervision_counters (督〔2026〕17号): supervision now numbers through this table too, its counters
--    carried over under the kinds 'supervision.notice' and 'supervision.bulletin' so no number is given twice.
CREATE TABLE doc_number_counters (
  office_unit_id bigint NOT NULL REFERENCES units(id),
  kind           text NOT NULL,
  year           int NOT NULL,
  n              int NOT NULL,
  PRIMARY KEY (office_unit_id, kind, year)
);
INSERT INTO doc_number_counters (office_unit_id, kind, year, n)
  SELECT office_unit_id, 'supervision.' || kind, year, n FROM supervision_counters;

-- 2. Templates per issuing unit and kind, edited by an administrator; a unit without its own uses its nearest
--    ancestor's, and without any the default shipped in code (src/documents/defaults.ts).
CREATE TABLE document_templates (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  office_unit_id bigint NOT NULL REFERENCES units(id),
  kind           text NOT NULL,
  title          text NOT NULL,
  prefix         text NOT NULL,
  body           text NOT NULL,
  updated_by     uuid REFERENCES users(id),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (office_unit_id, kind)
);

-- 3. Every generated document, kept: regenerating adds a version (and a new 文号), never overwrites. The files are
--    bytea (a notice is some tens of KB and must travel with a backup of the case). A document addressed to the
--    petitioner holds their name: the table is shielded like the case's parties and materials (0015_rls.sql).
CREATE TABLE case_documents (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id         uuid NOT NULL REFERENCES cases(id),
  kind            text NOT NULL CHECK (kind IN ('accept_notice', 'not_accepted_notice', 'routing_slip', 'extension_notice',
                    'handling_opinion', 'review_opinion', 'rereview_opinion', 'mediation_agreement')),
  version         int NOT NULL,
  office_unit_id  bigint NOT NULL REFERENCES units(id),
  doc_no          text NOT NULL,
  title           text NOT NULL,
  -- addressed to the petitioner (their notice): personal data inside, and the citizen may download it
  personal        boolean NOT NULL,
  -- the template it was made with; removing a template keeps the document (its text is in content and the files)
  template_id     uuid REFERENCES document_templates(id) ON DELETE SET NULL,
  content         jsonb NOT NULL,
  docx            bytea NOT NULL,
  pdf             bytea NOT NULL,
  generated_by    uuid REFERENCES users(id),
  generated_at    timestamptz NOT NULL,
  UNIQUE (case_id, kind, version),
  UNIQUE (office_unit_id, doc_no)
);
CREATE INDEX case_documents_case_idx ON case_documents (case_id, generated_at);

ALTER TABLE case_documents ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS case_documents_shield ON case_documents;
CREATE POLICY case_documents_shield ON case_documents
  USING (minsheng_may_read_case(case_id))
  WITH CHECK (minsheng_may_write_case(case_id));
