import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './connection.js';

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

/** Applies numbered SQL files in order, each in its own transaction, recording them in schema_migrations. */
export async function migrate(database: Database, dir?: string): Promise<string[]> {
  await database.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const { rows } = await database.pool.query<{ version: number }>('SELECT version FROM schema_migrations');
  const done = new Set(rows.map((r) => r.version));
  const applied: string[] = [];
  for (const m of listMigrations(dir)) {
    if (done.has(m.version)) continue;
    // Two app nodes starting together: the advisory lock makes the second wait, then skip.
    await database.exec(`BEGIN;
      SELECT pg_advisory_xact_lock(7151);
      ${m.sql}
      INSERT INTO schema_migrations (version, name) VALUES (${m.version}, '${m.name.replace(/'/g, "''")}');
      COMMIT;`).catch(async (err: unknown) => {
      await database.exec('ROLLBACK').catch(() => undefined);
      const again = await database.pool.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (again.rowCount) return; // another node applied it while we waited
      throw new Error(`migration ${m.version}_${m.name} failed: ${(err as Error).message}`);
    });
    applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
  }
  return applied;
}
