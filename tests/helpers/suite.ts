import { expect } from 'vitest';
import { applyMigration, makeProject, migrateFolder, unawaitedCoroutines, type Migration } from './project.js';
import { runPytest } from './python.js';

/**
 * Writes a project, runs its own pytest suite, migrates it in place and runs the suite again: both
 * runs pass the same tests, and no project coroutine is left un-awaited. `args` go to pytest
 * (`--timeout=30` where a deadlock is what the test guards against).
 */
export function migratesAndStillPasses(files: Record<string, string>, env: Record<string, string> = {}, args: string[] = []): Migration & { root: string } {
  const root = makeProject(files);
  const before = runPytest(root, env, args);
  expect(before.failed + before.errors, before.output).toBe(0);
  expect(before.passed, before.output).toBeGreaterThan(0);
  const migration = migrateFolder(root);
  applyMigration(root, migration);
  const after = runPytest(root, env, args);
  expect(after.failed + after.errors, after.output).toBe(0);
  expect(after.passed, after.output).toBe(before.passed);
  expect(unawaitedCoroutines(root)).toEqual([]);
  return { ...migration, root };
}
