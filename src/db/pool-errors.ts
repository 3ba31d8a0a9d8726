import pg from 'pg';

/**
 * Keeps the server alive when PostgreSQL goes away (restart, failover, a terminated backend): node-postgres emits an
 * 'error' event on a pooled client whose connection breaks; the pool listens for it only while the client is idle.
 * A client checked out between two queries (inside a transaction, while the application computes) has no listener,
 * and an unhandled 'error' event ends the process — under load the server died with "terminating connection due to
 * administrator command" (test/fault/pg-restart.fault.ts). With a listener on every client, the broken client's
 * next query fails (one request answers 500, its transaction is gone), the pool drops it on release because it is no
 * longer queryable, and the next request gets a new connection once PostgreSQL is back: no restart needed.
 *
 * Covers every client from its next checkout on, so it may be called on a pool already in use.
 */
export function handleClientErrors(pool: pg.Pool, label = 'postgres'): void {
  let last = 0;
  const guarded = new WeakSet<pg.PoolClient>();
  const guard = (client: pg.PoolClient) => {
    if (guarded.has(client)) return;
    guarded.add(client);
    client.on('error', (err: Error) => {
      // one line per second at most: a restart breaks every connection at once
      const now = Date.now();
      if (now - last < 1000) return;
      last = now;
      console.error(`[${label}] connection lost: ${err.message}`);
    });
  };
  // new clients, and (on checkout) any the pool opened before this was called
  pool.on('connect', guard);
  pool.on('acquire', guard);
}

/**
 * A pool for pg-boss on PostgreSQL (its `db` option), with the listener above: pg-boss's own pool attaches an error
 * listener to a client only for the duration of one query (once), and a second error on the same broken
 * connection ("Connection terminated unexpectedly" after "terminating connection due to administrator command")
 * ended the process. end() when pg-boss has stopped.
 */
export function jobsDb(url: string, max = 3): { executeSql(text: string, values?: unknown[]): Promise<pg.QueryResult>; end(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'pgboss' });
  pool.on('error', (err) => console.error('[jobs]', err.message));
  handleClientErrors(pool, 'jobs');
  return { executeSql: (text, values) => pool.query(text, values), end: () => pool.end() };
}
