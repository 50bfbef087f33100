import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Regenerates the modules that embed the .py files asyncshift writes into users' code, and gives
    // the run its own temporary folder, removed at the end.
    globalSetup: ['scripts/embed-python.mjs', 'tests/helpers/temp-root.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Snapshot cases run real test suites; two cores are shared by everything.
    maxWorkers: 2,
  },
});
