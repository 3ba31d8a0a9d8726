-- Tamper-evident audit (docs/security.md "Tamper-evident audit") and retention marks (docs/security.md "Retention").
--
-- audit_log stays append-only: triggers refuse UPDATE, DELETE and TRUNCATE, for the table's owner too (only dropping
-- the trigger gets round them, and the hash chain then exposes what was changed). The chain is not built at insert:
-- intake writes hundreds of audit rows a second from many connections, and a chain head written at insert would be
-- a hot row every transaction holds until it commits, serialising them all. Instead an insert only queues the row's
-- id (audit_pending, a statement trigger, no shared row); audit_seal() — run by a job every minute and by
-- `minsheng audit seal` — takes a short advisory lock, reads the committed queued rows in id order and appends
-- each to audit_chain with seq = previous seq + 1, prev_hash = previous hash and
--   hash = sha256(prev_hash || canonical text of the record)
-- where the canonical text is jsonb_build_array(id, at in epoch microseconds, actor_user_id, actor_unit_id,
-- actor_kind, ip, action, entity_type, entity_id, data)::text (jsonb's text form is canonical: keys sorted, no
-- duplicates). `minsheng audit verify` recomputes it in src/audit/chain.ts with its own copy of that expression, so
-- a replaced function in the database cannot make it lie. A record is protected from the moment it is sealed.

CREATE TABLE audit_chain (
  seq        bigint PRIMARY KEY,
  audit_id   bigint NOT NULL UNIQUE REFERENCES audit_log(id),
  prev_hash  text NOT NULL,
  hash       text NOT NULL,
  sealed_at  timestamptz NOT NULL DEFAULT now()
);

-- records written and not yet sealed; every audit_log row is in exactly one of audit_pending and audit_chain
CREATE TABLE audit_pending (
  audit_id bigint PRIMARY KEY
);
INSERT INTO audit_pending (audit_id) SELECT id FROM audit_log;

CREATE FUNCTION audit_queue() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO audit_pending (audit_id) SELECT id FROM new_rows;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_log_queue AFTER INSERT ON audit_log REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_queue();

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '审计记录只能追加，不能修改或删除 / audit records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Seals up to max_rows queued records; returns how many. One sealer at a time (advisory lock 7152, held only for
-- this call's transaction); with wait = false a second sealer returns 0 at once instead of waiting. SECURITY DEFINER:
-- the application's role needs no INSERT on audit_chain nor DELETE on audit_pending, only EXECUTE on this function.
CREATE FUNCTION audit_seal(max_rows int DEFAULT 5000, wait boolean DEFAULT true) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  head_seq bigint;
  head_hash text;
  prev text;
  first_seq bigint;
  r record;
  n int := 0;
BEGIN
  IF wait THEN
    PERFORM pg_advisory_xact_lock(7152);
  ELSIF NOT pg_try_advisory_xact_lock(7152) THEN
    RETURN 0;
  END IF;
  SELECT c.seq, c.hash INTO head_seq, head_hash FROM audit_chain c ORDER BY c.seq DESC LIMIT 1;
  IF head_seq IS NULL THEN
    head_seq := 0;
    head_hash := repeat('0', 64);
  END IF;
  first_seq := head_seq + 1;
  FOR r IN
    SELECT a.id,
           jsonb_build_array(a.id, (extract(epoch FROM a.at) * 1000000)::bigint, a.actor_user_id, a.actor_unit_id,
                             a.actor_kind, a.ip, a.action, a.entity_type, a.entity_id, a.data)::text AS canon
      FROM audit_pending p JOIN audit_log a ON a.id = p.audit_id
     ORDER BY a.id
     LIMIT max_rows
  LOOP
    head_seq := head_seq + 1;
    prev := head_hash;
    head_hash := encode(sha256(convert_to(prev || r.canon, 'UTF8')), 'hex');
    INSERT INTO audit_chain (seq, audit_id, prev_hash, hash) VALUES (head_seq, r.id, prev, head_hash);
    n := n + 1;
  END LOOP;
  DELETE FROM audit_pending p USING audit_chain c WHERE c.audit_id = p.audit_id AND c.seq >= first_seq;
  RETURN n;
END $$;

-- Retention (src/retention): when a record's personal data was removed. Kept on the matter, which stays.
ALTER TABLE cases ADD COLUMN anonymised_at timestamptz;
ALTER TABLE disputes ADD COLUMN anonymised_at timestamptz;
ALTER TABLE hazards ADD COLUMN anonymised_at timestamptz;
ALTER TABLE petitioners ADD COLUMN anonymised_at timestamptz;
ALTER TABLE attachments ADD COLUMN anonymised_at timestamptz;
CREATE INDEX cases_retention_idx ON cases (closed_at) WHERE status = 'closed' AND anonymised_at IS NULL;
CREATE INDEX case_parties_petitioner_idx ON case_parties (petitioner_id);
CREATE INDEX dispute_parties_petitioner_idx ON dispute_parties (petitioner_id);
CREATE INDEX hazard_reporters_petitioner_idx ON hazard_reporters (petitioner_id);
