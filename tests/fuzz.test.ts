import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyMigration, makeProject, migrateFolder } from './helpers/project.js';
import { SYSTEM_PYTHON } from './helpers/python.js';
import { Random, randomModule } from './helpers/random-programs.js';

/**
 * The reparse gate and idempotency over random programs (tests/helpers/random-programs.ts): each
 * project holds modules that call into the ones before them, so decisions cross modules too. Every
 * output must compile with the system Python (which also rejects `await` outside `async def`), the
 * self-check must end clean, no file may fail, and a second run must propose nothing. A failure
 * names its seed: `randomModule(new Random(seed), ...)` builds the same module again.
 */
const PROJECTS = [11, 23, 37, 41];
const MODULES_PER_PROJECT = 40;

function randomProject(seed: number): Record<string, string> {
  const random = new Random(seed);
  const files: Record<string, string> = {};
  const names: string[] = [];
  for (let m = 0; m < MODULES_PER_PROJECT; m++) {
    const name = `mod${m}`;
    const imports = names.length > 0 && random.chance(0.6) ? [...new Set([random.pick(names), random.pick(names)])] : [];
    files[`app/${name}.py`] = randomModule(random, name, imports.map((other) => `app.${other}`));
    names.push(name);
  }
  files['app/__init__.py'] = '';
  return files;
}

/** The files Python's compile() rejects, with its message. */
function notCompiling(root: string, files: readonly string[]): string[] {
  const script = [
    'import sys', 'bad = []',
    'for name in sys.argv[1:]:',
    '    try:', '        compile(open(name, encoding="utf-8").read(), name, "exec")',
    '    except SyntaxError as error:', '        bad.append(f"{name}:{error.lineno}: {error.msg}")',
    'print("\\n".join(bad))',
  ].join('\n');
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script, ...files], { cwd: root, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n').filter(Boolean);
}

describe('random programs', () => {
  for (const seed of PROJECTS) {
    it(`project seed ${seed}: every output compiles, the self-check ends clean, and a second run proposes nothing`, () => {
      const files = randomProject(seed);
      const root = makeProject(files);
      expect(notCompiling(root, Object.keys(files)), 'the generator writes valid Python').toEqual([]);
      const first = migrateFolder(root);
      const failed = first.result.files.filter((file) => file.outcome.status === 'failed' || file.outcome.status === 'skipped');
      expect(failed.map((file) => `${file.relativePath}: ${'reason' in file.outcome ? file.outcome.reason : ''}`)).toEqual([]);
      expect(first.result.verification.findings).toEqual([]);
      const changed = Object.keys(first.after);
      expect(changed.length).toBeGreaterThan(MODULES_PER_PROJECT / 4);
      applyMigration(root, first);
      expect(notCompiling(root, changed)).toEqual([]);
      const second = migrateFolder(root);
      expect(Object.keys(second.after)).toEqual([]);
    });
  }
});
