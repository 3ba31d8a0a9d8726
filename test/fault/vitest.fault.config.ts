import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Fault tests (npm run test:fault; docs/security.md "Fault tests"): real server processes killed, restarted and
// doubled, a private PostgreSQL restarted. Files are *.fault.ts, so the main suite (test/**/*.test.ts) skips them.
// One file at a time: each starts server processes of its own, and the machine has two cores.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/fault/**/*.fault.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
  },
});
