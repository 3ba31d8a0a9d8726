-- Identity shielding in the database (docs/security.md "Identity shielding in the database").
--
-- 信访工作条例 第三十条: 不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位。
-- 第四十六条（五）holds to account whoever 将信访人的检举、揭发材料或者有关情况透露、转给被检举、揭发的人员或者单位.
-- The code already hides an accusation from the accused unit's subtree and from accused staff (cases/scope.ts,
-- cases/petitioner-access.ts); this migration makes PostgreSQL itself refuse, so a future code path that forgets
-- cannot leak the accuser:
--   * ordinary work runs as the NOLOGIN role minsheng_app, which is subject to row-level security (the schema owner
--     and superusers are not: migrations and pg-boss keep running as the connecting user — src/db/connection.ts);
--   * every transaction that touches personal rows says who is asking (set_config('minsheng.actor_*', …, true),
--     src/db/actor-context.ts); the policies below hide a case's parties, its petitioners rows and its materials
--     from an actor who is the subject of that accusation, and FAIL CLOSED: with no actor in the transaction there
--     are no personal rows at all.

-- 1. The application's role. Roles are cluster-wide and several databases (test databases, two installations) may
--    run this migration at the same moment on one server: create it once, tolerate the concurrent creator.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'minsheng_app') THEN
    BEGIN
      CREATE ROLE minsheng_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created by another database's migration in the meantime
    END;
  END IF;
  -- the connecting (owner) user switches into the role for ordinary work; a superuser needs no membership
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AND NOT pg_has_role(current_user, 'minsheng_app', 'MEMBER') THEN
    BEGIN
      EXECUTE format('GRANT minsheng_app TO %I', current_user);
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION '数据库用户 % 不能切换到角色 minsheng_app / user % cannot switch to role minsheng_app', current_user, current_user
        USING HINT = 'As a database administrator: CREATE ROLE minsheng_app NOLOGIN; GRANT minsheng_app TO ' || quote_ident(current_user) || ';';
    END;
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO minsheng_app;

-- 2. Grants. The migration runner calls this after every run (src/db/migrate.ts), so tables of later migrations
--    (0016 …) are granted too, whoever created them. A table or sequence on which minsheng_app already holds any
--    privilege is left as it is: a migration that wants the app to have less (audit_log below) grants what it wants.
CREATE OR REPLACE FUNCTION minsheng_grant_app() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  r record;
  n int := 0;
BEGIN
  FOR r IN
    SELECT c.oid::regclass AS rel, c.relkind
      FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
       AND NOT EXISTS (SELECT 1 FROM aclexplode(coalesce(c.relacl, acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::"char", c.relowner))) a
                        WHERE a.grantee = 'minsheng_app'::regrole)
  LOOP
    IF r.relkind = 'S' THEN
      EXECUTE format('GRANT USAGE, SELECT, UPDATE ON SEQUENCE %s TO minsheng_app', r.rel);
    ELSIF r.relkind IN ('v', 'm') THEN
      EXECUTE format('GRANT SELECT ON TABLE %s TO minsheng_app', r.rel);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %s TO minsheng_app', r.rel);
    END IF;
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;

-- The audit trail is append-only for the application (issue 9 "Tamper-evident audit"; 0014 adds triggers and the
-- hash chain): it may write and read records, never change or remove one. Which migrations were applied is the
-- owner's business: the application only reads it.
GRANT SELECT, INSERT ON audit_log TO minsheng_app;
GRANT SELECT ON schema_migrations TO minsheng_app;
-- 0014's hash chain is written only by its SECURITY DEFINER functions (audit_queue, audit_seal): the app reads it
DO $$
BEGIN
  IF to_regclass('audit_chain') IS NOT NULL THEN GRANT SELECT ON audit_chain TO minsheng_app; END IF;
  IF to_regclass('audit_pending') IS NOT NULL THEN GRANT SELECT ON audit_pending TO minsheng_app; END IF;
END $$;
SELECT minsheng_grant_app();

-- 3. Who is asking, as the application set it for the current transaction; NULL when nothing is set (a value set
--    with is_local = true reads as '' once its transaction has ended).
CREATE OR REPLACE FUNCTION minsheng_actor(key text) RETURNS text LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('minsheng.actor_' || key, true), '') $$;

-- May the actor read this case's personal rows (parties, materials)? The system (jobs that need them): yes. A
-- citizen (tracking code + secret): their own case only. Staff: unless the case is an accusation (检举控告) and they
-- are an accused person or work in the accused unit's subtree — the same rule as hiddenAccusation() in
-- src/workflow/register-query.ts. No actor, or an unknown kind: no.
CREATE OR REPLACE FUNCTION minsheng_may_read_case(p_case uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE minsheng_actor('kind')
    WHEN 'system' THEN true
    WHEN 'citizen' THEN p_case::text = minsheng_actor('case_id')
    WHEN 'staff' THEN minsheng_actor('user_id') IS NOT NULL AND minsheng_actor('unit_path') IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM cases c
         WHERE c.id = p_case AND c.kind = 'accusation'
           AND (minsheng_actor('user_id') = ANY (c.accused_user_ids::text[])
                OR EXISTS (SELECT 1 FROM units au WHERE au.id = c.accused_unit_id AND minsheng_actor('unit_path') LIKE au.path || '%')))
    ELSE false
  END
$$;

-- May the actor write a case's personal rows? Staff and the system (registration, uploads, retention); a citizen
-- only on their own case (their uploads).
CREATE OR REPLACE FUNCTION minsheng_may_write_case(p_case uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(minsheng_actor('kind') IN ('staff', 'system') OR (minsheng_actor('kind') = 'citizen' AND p_case::text = minsheng_actor('case_id')), false)
$$;

-- A petitioners row is hidden when it is a party to any case the actor may not read. SECURITY DEFINER: the check
-- must see the links the actor cannot (case_parties is itself shielded below; a NOT EXISTS over the actor's own,
-- filtered view of it would find nothing and let the row through). Runs as the owner, who is not subject to RLS.
-- A citizen sees only the people of their own case; other kinds need an actor in the transaction.
CREATE OR REPLACE FUNCTION minsheng_may_read_petitioner(p_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT CASE minsheng_actor('kind')
    WHEN 'citizen' THEN EXISTS (SELECT 1 FROM case_parties cp WHERE cp.petitioner_id = p_id AND cp.case_id::text = minsheng_actor('case_id'))
    WHEN 'staff' THEN NOT EXISTS (SELECT 1 FROM case_parties cp WHERE cp.petitioner_id = p_id AND NOT minsheng_may_read_case(cp.case_id))
    WHEN 'system' THEN true
    ELSE false
  END
$$;

-- 4. The policies. FORCE is not set: the owner (migrations, pg-boss, backups with pg_dump) keeps seeing everything.
ALTER TABLE petitioners ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS petitioners_shield ON petitioners;
CREATE POLICY petitioners_shield ON petitioners
  USING (minsheng_may_read_petitioner(id))
  WITH CHECK (coalesce(minsheng_actor('kind') IN ('staff', 'system'), false));

ALTER TABLE case_parties ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS case_parties_shield ON case_parties;
CREATE POLICY case_parties_shield ON case_parties
  USING (minsheng_may_read_case(case_id))
  WITH CHECK (minsheng_may_write_case(case_id));

-- the accuser's materials (检举、揭发材料) and every other file of the case
ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS attachments_shield ON attachments;
CREATE POLICY attachments_shield ON attachments
  USING (minsheng_may_read_case(case_id))
  WITH CHECK (minsheng_may_write_case(case_id));
