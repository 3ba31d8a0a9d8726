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

export interface Database {
  db: Kysely<DB>;
  pool: pg.Pool;
  backend: Backend;
  /** runs a multi-statement SQL script (migrations); PGlite refuses those as prepared statements */
  exec(sql: string): Promise<void>;
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

async function connectServer(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', (err) => console.error('postgres pool error', err));
  const { rows } = await pool.query<{ enc: string; ctype: string }>(
    `SELECT pg_encoding_to_char(encoding) AS enc, datctype AS ctype FROM pg_database WHERE datname = current_database()`,
  );
  const info = rows[0];
  if (!info || info.enc !== 'UTF8' || info.ctype === 'C' || info.ctype === 'POSIX') {
    await pool.end();
    // pg_trgm treats non-ASCII letters as word separators under the C locale: Chinese search would silently find nothing.
    throw new Error(
      `The database must use ENCODING 'UTF8' with a UTF-8 locale (found ${info?.enc ?? '?'} / ${info?.ctype ?? '?'}). ` +
        `Create it with: CREATE DATABASE minsheng ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0;`,
    );
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    backend: 'postgres',
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: async () => {
      await db.destroy();
    },
  };
}

async function connectPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    backend: 'pglite',
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
