// Stand-alone config for the demo-seed test: the shared vitest.config.ts names a globalSetup
// (test/global-setup.ts) that this self-contained test does not need.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/seed/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
