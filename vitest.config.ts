import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Snapshot cases run real test suites; two cores are shared by everything.
    maxWorkers: 2,
  },
});
