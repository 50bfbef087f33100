import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Regenerates the modules that embed the .py files asyncshift writes into users' code.
    globalSetup: ['scripts/embed-python.mjs'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Snapshot cases run real test suites; two cores are shared by everything.
    maxWorkers: 2,
  },
});
