import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, OwnerConnection } from './connection.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f.slice(5, -4), sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * Applies numbered SQL files in order, each in its own transaction, recording them in schema_migrations; then grants
 * the application's role what it needs on every table a migration made (0015_rls.sql) and switches ordinary work
 * to that role. Everything here runs as the owner.
 */
export async function migrate(database: Database, dir?: string): Promise<string[]> {
  // a bare { pool, exec } (bench/gen loads data as the owner on its own connections) has no owner/app split
  const asOwner: Database['asOwner'] =
    typeof database.asOwner === 'function'
      ? database.asOwner
      : (fn) => fn({ query: (t, v) => database.pool.query(t, v), exec: (s) => database.exec(s) } as OwnerConnection);
  const applied = await asOwner((c) => applyAll(c, dir));
  if (typeof database.enterAppRole === 'function') await database.enterAppRole();
  return applied;
}

async function applyAll(c: OwnerConnection, dir?: string): Promise<string[]> {
  // only when missing: a login role that is merely a member of minsheng_app (docs/security.md) may not create tables,
  // and CREATE TABLE IF NOT EXISTS checks that right before it looks
  const has = await c.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!has.rows[0]?.t)
    await c.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const { rows } = await c.query<{ version: number }>('SELECT version FROM schema_migrations');
  const done = new Set(rows.map((r) => r.version));
  const applied: string[] = [];
  for (const m of listMigrations(dir)) {
    if (done.has(m.version)) continue;
    // Two app nodes starting together: the advisory lock makes the second wait, then skip.
    const ok = await c
      .exec(
        `BEGIN;
      SELECT pg_advisory_xact_lock(7151);
      ${m.sql}
      INSERT INTO schema_migrations (version, name) VALUES (${m.version}, '${m.name.replace(/'/g, "''")}');
      COMMIT;`,
      )
      .then(
        () => true,
        async (err: unknown) => {
          await c.exec('ROLLBACK').catch(() => undefined);
          const again = await c.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
          if (again.rowCount) return false; // another node applied it while we waited
          throw new Error(`migration ${m.version}_${m.name} failed: ${(err as Error).message}`);
        },
      );
    if (ok) applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
  }
  // Tables made by migrations after 0015 get the app role's grants; cheap when there is nothing new. Under the
  // migration lock: concurrent GRANTs on one table fail with "tuple concurrently updated".
  await c.exec(`BEGIN;
    SELECT pg_advisory_xact_lock(7151);
    DO $$ BEGIN IF to_regprocedure('minsheng_grant_app()') IS NOT NULL THEN PERFORM minsheng_grant_app(); END IF; END $$;
    COMMIT;`).catch(async (err: unknown) => {
    await c.exec('ROLLBACK').catch(() => undefined);
    throw err;
  });
  return applied;
}
