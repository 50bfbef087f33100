import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/report/unified-diff.js';
import { migrateFolder } from './helpers/project.js';
import { SYSTEM_PYTHON } from './helpers/python.js';

/**
 * Real code nobody wrote for asyncshift: the system Python's standard library (without its tests and
 * lib2to3's Python 2 fixtures), migrated as one project with every transform. Nothing may crash or
 * fail, `git apply` must take the diff, the result must compile, and a second run must propose nothing.
 */
const STDLIB = path.dirname(execFileSync(SYSTEM_PYTHON, ['-I', '-c', 'import os; print(os.__file__)'], { encoding: 'utf8' }).trim());

const SKIP = /(^|\/)(test|tests|idle_test|lib2to3|site-packages|dist-packages|__pycache__)(\/|$)/;

describe('the standard library', () => {
  it('migrates without failures, applies, compiles, and is stable', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-corpus-'));
    const modules = fs.readdirSync(STDLIB, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.py') && !SKIP.test(name));
    for (const name of modules) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.copyFileSync(path.join(STDLIB, name), path.join(root, name));
    }
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "corpus"\n');

    const first = migrateFolder(root);
    expect(first.result.files.filter((file) => file.outcome.status === 'failed')).toEqual([]);
    expect(Object.keys(first.after).length).toBeGreaterThan(0);
    const patch = first.result.files.map((file) => file.outcome.status === 'changed'
      ? unifiedDiff(file.relativePath, file.outcome.before, file.outcome.after, { created: file.outcome.created }) : '').join('');
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['apply', '-'], { cwd: root, input: patch });

    const compiled = spawnSync(SYSTEM_PYTHON, ['-I', '-c', 'import sys\nfor f in sys.argv[1:]:\n    compile(open(f, encoding="utf-8").read(), f, "exec")', ...Object.keys(first.after).map((file) => path.join(root, file))], { encoding: 'utf8' });
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);

    expect(Object.keys(migrateFolder(root).after)).toEqual([]);
  }, 300_000);
});
