import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMigration, copyFolder, migrateFolder, unawaitedCoroutines } from './helpers/project.js';
import { runPytest } from './helpers/python.js';
import { startServices, type CaseServices } from './helpers/services.js';

/**
 * What a user gets by default: every transform on. Each sample repository, whatever transforms its
 * stored diff selects, must still migrate without failures, keep its own suite passing with the same
 * count, leave no coroutine un-awaited, and be stable under a second run — so that transforms meeting
 * in one project never produce code that does not run.
 */
const SNAPSHOTS = path.resolve(import.meta.dirname, '..', 'snapshots');
const cases = fs.readdirSync(SNAPSHOTS).filter((name) => fs.existsSync(path.join(SNAPSHOTS, name, 'before'))).sort();

describe.each(cases)('every transform on %s', (name) => {
  it('migrates, passes its own suite before and after, and is stable', async () => {
    const settingsFile = path.join(SNAPSHOTS, name, 'case.json');
    const services: CaseServices[] = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')).services ?? [] : [];
    const env = await startServices(services);
    try {
      const original = copyFolder(path.join(SNAPSHOTS, name, 'before'));
      const migration = migrateFolder(original);
      expect(migration.result.files.filter((file) => file.outcome.status === 'failed')).toEqual([]);
      const before = runPytest(original, env.variables);
      expect(before.failed + before.errors, before.output).toBe(0);
      const migrated = copyFolder(original);
      applyMigration(migrated, migration);
      expect(unawaitedCoroutines(migrated)).toEqual([]);
      const after = runPytest(migrated, env.variables);
      expect(after.failed + after.errors, after.output).toBe(0);
      expect(after.passed, after.output).toBe(before.passed);
      expect(Object.keys(migrateFolder(migrated).after)).toEqual([]);
    } finally {
      await env.stop();
    }
  }, 300_000);
});
