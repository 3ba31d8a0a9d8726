/**
 * The server of `minsheng serve` (src/cli.ts) on a simulated clock: the wall clock shifted by
 * MINSHENG_FAULT_CLOCK_OFFSET_MS, so that a test's deadlines fall in its own simulated year (2051) while two server
 * processes agree on the time. Only for the fault tests (test/fault/jobs.fault.ts); the database must not be empty
 * (prepareDatabase), there is no demo seed.
 */
import { loadConfig } from '../../src/core/config.js';
import { openRuntime, startServer } from '../../src/bootstrap.js';

const offset = Number(process.env.MINSHENG_FAULT_CLOCK_OFFSET_MS);
if (!Number.isFinite(offset)) throw new Error('MINSHENG_FAULT_CLOCK_OFFSET_MS must be a number of milliseconds');
const rt = await openRuntime(loadConfig(), { now: () => new Date(Date.now() + offset) });
const server = await startServer(rt, { logger: false });
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
console.log(`serve-sim ${process.pid} on ${server.url}, clock ${new Date(Date.now() + offset).toISOString()}`);
