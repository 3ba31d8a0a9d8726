import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import './hooks.js';
import type PgBoss from 'pg-boss';
import { loadConfig, type Config } from './core/config.js';
import { connect, type Database } from './db/connection.js';
import { migrate } from './db/migrate.js';
import { handleClientErrors } from './db/pool-errors.js';
import { ensureRollups } from './analytics/rollups.js';
import { ClockService } from './clocks/service.js';
import type { Deps } from './workflow/deps.js';
import { buildApp } from './http/app.js';
import { startJobs } from './jobs/boss.js';
import { addUserWords } from './text/tokenize.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Runtime {
  config: Config;
  database: Database;
  deps: Deps;
  /** what opening built of the metric rollups (null: they were current) */
  rollupsBuilt?: { facts: number; rollups: number; pending: number } | null;
}

/** Connects (PGlite under the data directory, or DATABASE_URL), migrates, loads clocks. */
export async function openRuntime(
  config: Config = loadConfig(),
  opts: { now?: () => Date; pgliteDir?: string; rebuildRollupsOnSettingsChange?: boolean } = {},
): Promise<Runtime> {
  const database = await connect({ databaseUrl: config.databaseUrl, dataDir: opts.pgliteDir ?? path.join(config.dataDir, 'pglite') });
  // a broken connection of a checked-out client must not end the process (src/db/pool-errors.ts)
  if (database.backend === 'postgres') handleClientErrors(database.pool);
  await migrate(database);
  const clocks = new ClockService(database.db, { fractions: config.warnFractions, beforeHours: config.warnHoursBefore });
  await clocks.reload();
  const words = await database.db.selectFrom('text_dictionary').select('word').execute();
  if (words.length) addUserWords(words.map((w) => w.word));
  const deps: Deps = { db: database.db, clocks, config, now: opts.now ?? (() => new Date()) };
  // the metric rollups are built for a database that has none (new, or from before they existed); the server also
  // rebuilds them after a change of a setting that shapes them
  const rollupsBuilt = await ensureRollups(database.db, config.metrics, deps.now(), { rebuildOnSettingsChange: opts.rebuildRollupsOnSettingsChange });
  return { config, database, deps, rollupsBuilt };
}

export interface Server {
  app: FastifyInstance;
  boss: PgBoss | null;
  url: string;
  close(): Promise<void>;
}

export async function startServer(rt: Runtime, opts: { jobs?: boolean; logger?: boolean } = {}): Promise<Server> {
  const app = await buildApp({ deps: rt.deps, backend: rt.database.backend, logger: opts.logger ?? true, webDir: path.join(ROOT, 'web', 'dist') });
  const boss = opts.jobs === false ? null : await startJobs(rt.database, rt.deps, { databaseUrl: rt.config.databaseUrl });
  await app.listen({ port: rt.config.port, host: rt.config.host });
  const url = `http://${rt.config.host === '0.0.0.0' ? '127.0.0.1' : rt.config.host}:${rt.config.port}`;
  return {
    app,
    boss,
    url,
    close: async () => {
      await app.close();
      if (boss) await boss.stop({ graceful: true, wait: true, timeout: 5000 });
      await rt.database.close();
    },
  };
}
