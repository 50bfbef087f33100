import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffOfFile } from '../src/report/unified-diff.js';
import { run, type RunResult } from '../src/run.js';
import { migrateFolder } from './helpers/project.js';
import { SYSTEM_PYTHON } from './helpers/python.js';

/**
 * Real code nobody wrote for asyncshift: the system Python's standard library (without its tests and
 * lib2to3's Python 2 fixtures), migrated as one project with every transform. Nothing may crash or
 * fail, `git apply` must take the diff, the result must compile, and a second run must propose nothing.
 */
const STDLIB = path.dirname(execFileSync(SYSTEM_PYTHON, ['-I', '-c', 'import os; print(os.__file__)'], { encoding: 'utf8' }).trim());

/** Installed libraries, each migrated as a project of its own (they are what real code looks like). */
const LIBRARIES = ['requests', 'urllib3', 'httpx', 'click', '_pytest', 'asyncpg', 'starlette', 'fastapi'];
/** Where the system Python keeps the Debian-packaged libraries the test set-up installs. */
const DIST_PACKAGES = path.dirname(execFileSync(SYSTEM_PYTHON, ['-I', '-c', 'import requests, os; print(os.path.dirname(requests.__file__))'], { encoding: 'utf8' }).trim());

const SKIP = /(^|\/)(test|tests|idle_test|lib2to3|site-packages|dist-packages|__pycache__)(\/|$)/;

/** Copies the Python files of `source` (tests left out) into a new project folder. */
function projectFrom(source: string, prefix: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-corpus-'));
  for (const name of fs.readdirSync(source, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.py') && !SKIP.test(file))) {
    fs.mkdirSync(path.dirname(path.join(root, prefix, name)), { recursive: true });
    fs.copyFileSync(path.join(source, name), path.join(root, prefix, name));
  }
  fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "corpus"\n');
  return root;
}

describe('real code', () => {
  it('the standard library migrates without failures, applies, compiles, and is stable, with the prefilter as without it', () => {
    const root = projectFrom(STDLIB, '');
    const everyFileParsed = run({ paths: [root], parseEverything: true });
    const withPrefilter = expectSoundMigration(root);
    expect(sameMigration(withPrefilter)).toEqual(sameMigration(everyFileParsed));
  }, 900_000);

  it.each(LIBRARIES)('the installed %s library migrates without failures, applies, compiles, and is stable', (library) => {
    expectSoundMigration(projectFrom(path.join(DIST_PACKAGES, library), library), { allowNoChange: true });
  }, 300_000);
});

/** What a migration proposes: the diff, the review items and the counts. */
function sameMigration(result: RunResult) {
  return { diff: result.files.map(diffOfFile).join(''), reviews: result.reviews, reasons: result.reasons, counts: result.counts, bridges: result.bridges };
}

/**
 * No failed file, `git apply` takes the diff, the result compiles, a second run proposes nothing.
 * Returns the first run (before anything was applied).
 */
function expectSoundMigration(root: string, options: { allowNoChange?: boolean } = {}): RunResult {
  const first = migrateFolder(root);
  expect(first.result.files.filter((file) => file.outcome.status === 'failed')).toEqual([]);
  if (!options.allowNoChange) expect(Object.keys(first.after).length).toBeGreaterThan(0);
  const patch = first.result.files.map(diffOfFile).join('');
  execFileSync('git', ['init', '-q'], { cwd: root });
  if (patch) execFileSync('git', ['apply', '-'], { cwd: root, input: patch });

  const changed = Object.keys(first.after).map((file) => path.join(root, file));
  const compiled = spawnSync(SYSTEM_PYTHON, ['-I', '-c', 'import sys\nfor f in sys.argv[1:]:\n    compile(open(f, encoding="utf-8").read(), f, "exec")', ...changed], { encoding: 'utf8' });
  expect(compiled.stderr).toBe('');
  expect(compiled.status).toBe(0);

  expect(Object.keys(migrateFolder(root).after)).toEqual([]);
  return first.result;
}
