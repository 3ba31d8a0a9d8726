// Stand-alone config for the calendar tests: the shared vitest.config.ts names a globalSetup
// (test/global-setup.ts, database) that these pure-function tests do not need.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/calendar/**/*.test.ts'],
  },
});
