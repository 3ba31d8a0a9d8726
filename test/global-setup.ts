/**
 * On PostgreSQL (TEST_DATABASE_URL set) the schema is migrated once before the test files run in parallel;
 * each file then works in its own unit subtree. On PGlite every file has its own in-memory database.
 */
import { connect } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';

export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const database = await connect({ databaseUrl: url });
  await migrate(database);
  await database.close();
}
