import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './types.js';

// bigint (int8) ids as strings, not lossy numbers; counts are cast explicitly where needed.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
// `date` columns stay 'YYYY-MM-DD' strings: a Date would shift them by the process time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Backend = 'pglite' | 'postgres';

/**
 * The role ordinary work runs as (migration 0015_rls.sql): not the owner and not a superuser, so PostgreSQL's
 * row-level security applies to it. Migrations and pg-boss run as the connecting user (the owner).
 */
export const APP_ROLE = 'minsheng_app';

/** A connection as the schema owner: `query` with parameters, `exec` for a multi-statement script. */
export interface OwnerConnection {
  query<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  exec(sql: string): Promise<void>;
}

export interface Database {
  /** queries as APP_ROLE (row-level security applies) */
  db: Kysely<DB>;
  /** the pool behind `db`, as APP_ROLE */
  pool: pg.Pool;
  backend: Backend;
  /** runs a multi-statement SQL script as the owner (migrations); PGlite refuses those as prepared statements */
  exec(sql: string): Promise<void>;
  /**
   * Runs fn on a connection as the owner, who is not subject to row-level security: migrations, pg-boss on PGlite,
   * administrators' tools. Never for a request's work.
   */
  asOwner<T>(fn: (c: OwnerConnection) => Promise<T>): Promise<T>;
  /** after migrations: ordinary work from now on as APP_ROLE; refuses to go on if that role could bypass RLS */
  enterAppRole(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string;
  /** PGlite data directory, or 'memory://' for tests */
  dataDir?: string;
  poolMax?: number;
}

export async function connect(opts: ConnectOptions): Promise<Database> {
  if (opts.databaseUrl) return connectServer(opts.databaseUrl, opts.poolMax ?? 10);
  return connectPglite(opts.dataDir ?? 'memory://');
}

const ROLE_CHECK = `SELECT current_user AS who, r.rolsuper AS super, r.rolbypassrls AS bypass FROM pg_roles r WHERE r.rolname = current_user`;

/** The app's queries must be subject to row-level security: a superuser or BYPASSRLS role would see every row. */
async function assertAppRole(q: (text: string) => Promise<pg.QueryResult<{ who: string; super: boolean; bypass: boolean }>>): Promise<void> {
  const r = (await q(ROLE_CHECK)).rows[0];
  if (!r || r.who !== APP_ROLE || r.super || r.bypass)
    throw new Error(
      `数据库角色不对：应用必须以 ${APP_ROLE}（非超级用户、无 BYPASSRLS）运行 / the application must run as ${APP_ROLE}, ` +
        `not a superuser nor BYPASSRLS (found ${r?.who ?? '?'}${r?.super ? ', superuser' : ''}${r?.bypass ? ', bypassrls' : ''})`,
    );
}

async function connectServer(url: string, max: number): Promise<Database> {
  // The owner's pool: migrations (and the encoding check); small, and idle most of the time.
  const ownerPool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 10_000 });
  ownerPool.on('error', (err) => console.error('postgres pool error', err));
  const { rows } = await ownerPool.query<{ enc: string; ctype: string }>(
    `SELECT pg_encoding_to_char(encoding) AS enc, datctype AS ctype FROM pg_database WHERE datname = current_database()`,
  );
  const info = rows[0];
  if (!info || info.enc !== 'UTF8' || info.ctype === 'C' || info.ctype === 'POSIX') {
    await ownerPool.end();
    // pg_trgm treats non-ASCII letters as word separators under the C locale: Chinese search would silently find nothing.
    throw new Error(
      `The database must use ENCODING 'UTF8' with a UTF-8 locale (found ${info?.enc ?? '?'} / ${info?.ctype ?? '?'}). ` +
        `Create it with: CREATE DATABASE minsheng ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0;`,
    );
  }
  // Every connection of the app's pool starts as APP_ROLE (the startup parameter `role`, what SET ROLE sets): no
  // window in which a fresh connection runs as the owner, and if the role is missing or not granted the connection
  // fails instead of running unshielded.
  const pool = new pg.Pool({ connectionString: url, max, options: `-c role=${APP_ROLE}` });
  pool.on('error', (err) => console.error('postgres pool error', err));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const asOwner = async <T>(fn: (c: OwnerConnection) => Promise<T>): Promise<T> => {
    const client = await ownerPool.connect();
    try {
      return await fn({ query: (text, values) => client.query(text, values), exec: async (sql) => void (await client.query(sql)) });
    } finally {
      client.release();
    }
  };
  return {
    db,
    pool,
    backend: 'postgres',
    exec: (sql) => asOwner((c) => c.exec(sql)),
    asOwner,
    enterAppRole: () => assertAppRole((text) => pool.query(text)),
    close: async () => {
      await db.destroy();
      await ownerPool.end();
    },
  };
}

async function connectPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  // PGlite has ONE session: the role is switched on it. Ordinary work runs as APP_ROLE; asOwner holds the single
  // connection (nothing else runs meanwhile), resets the role, and switches back before letting go.
  const hasRole = async () => (await pglite.query(`SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}'`)).rows.length > 0;
  let appRole = await hasRole();
  // an existing data directory: shielded from the first query on; a new one stays the owner until migrations made the role
  if (appRole) await pglite.exec(`SET ROLE ${APP_ROLE}`);
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const asOwner = async <T>(fn: (c: OwnerConnection) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('RESET ROLE');
      return await fn({ query: (text, values) => client.query(text, values), exec: async (sql) => void (await pglite.exec(sql)) });
    } finally {
      try {
        appRole ||= await hasRole();
        if (appRole) await backToAppRole(client);
      } catch (err) {
        // the single session would stay the owner, unshielded: close it rather than serve from it
        await pglite.close().catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    }
  };
  return {
    db,
    pool,
    backend: 'pglite',
    exec: (sql) => asOwner((c) => c.exec(sql)),
    asOwner,
    enterAppRole: async () => {
      if (!appRole) {
        appRole = await hasRole();
        if (appRole) await pglite.exec(`SET ROLE ${APP_ROLE}`);
      }
      await assertAppRole((text) => pool.query(text));
    },
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** SET ROLE back after owner work; a script that failed inside its own BEGIN leaves an aborted transaction to end first. */
async function backToAppRole(client: pg.PoolClient): Promise<void> {
  try {
    await client.query(`SET ROLE ${APP_ROLE}`);
  } catch {
    await client.query('ROLLBACK');
    await client.query(`SET ROLE ${APP_ROLE}`);
  }
}
