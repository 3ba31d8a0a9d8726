import { defineConfig } from 'vitest/config';

// The text module's own config: pure unit tests, no database globalSetup.
export default defineConfig({
  test: {
    include: ['test/text/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
