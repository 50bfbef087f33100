import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffOfFile } from '../src/report/unified-diff.js';
import { applyMigration, copyFolder, migrateFolder, unawaitedCoroutines } from './helpers/project.js';
import { runPytest } from './helpers/python.js';
import { startServices, type CaseServices } from './helpers/services.js';

/**
 * Every folder under snapshots/ is a sample repository (`before/`), its expected migration
 * (`expected.diff`) and optional settings (`case.json`). Each case is migrated and compared with the
 * stored diff, its own test suite runs before and after migration with the same number of passing
 * tests, no call to a project coroutine is left un-awaited, and migrating the output again changes
 * nothing. UPDATE_SNAPSHOTS=1 rewrites the diffs.
 */
const SNAPSHOTS = path.resolve(import.meta.dirname, '..', 'snapshots');

interface CaseSettings {
  select?: string[];
  services?: CaseServices[];
}

const cases = fs.readdirSync(SNAPSHOTS).filter((name) => fs.existsSync(path.join(SNAPSHOTS, name, 'before'))).sort();

describe.each(cases)('snapshot %s', (name) => {
  const folder = path.join(SNAPSHOTS, name);
  const settings: CaseSettings = fs.existsSync(path.join(folder, 'case.json'))
    ? JSON.parse(fs.readFileSync(path.join(folder, 'case.json'), 'utf8'))
    : {};

  it('migrates to the stored diff, passes its own tests before and after, and is stable', async () => {
    const env = await startServices(settings.services ?? []);
    try {
      const original = copyFolder(path.join(folder, 'before'));
      const migration = migrateFolder(original, { select: settings.select });
      const diff = migration.result.files
        .filter((file) => file.outcome.status === 'changed')
        .map(diffOfFile)
        .join('');
      const expectedFile = path.join(folder, 'expected.diff');
      if (process.env.UPDATE_SNAPSHOTS === '1' || !fs.existsSync(expectedFile)) fs.writeFileSync(expectedFile, diff);
      expect(diff).toBe(fs.readFileSync(expectedFile, 'utf8'));
      expect(migration.result.files.filter((file) => file.outcome.status === 'failed')).toEqual([]);

      const before = runPytest(original, env.variables);
      expect(before.failed + before.errors, before.output).toBe(0);
      expect(before.passed, before.output).toBeGreaterThan(0);

      const migrated = copyFolder(original);
      applyMigration(migrated, migration);
      expect(unawaitedCoroutines(migrated), 'project coroutines that nothing awaits').toEqual([]);
      const after = runPytest(migrated, env.variables);
      expect(after.failed + after.errors, after.output).toBe(0);
      expect(after.passed, after.output).toBe(before.passed);

      const again = migrateFolder(migrated, { select: settings.select });
      expect(Object.keys(again.after)).toEqual([]);
    } finally {
      await env.stop();
    }
  }, 300_000);
});
