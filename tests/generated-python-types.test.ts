import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PYTHON } from './helpers/python.js';

/**
 * The Python asyncshift writes into users' code must not turn their type checker red. The helper
 * module and the entry-point runner are type-checked with pyright's and mypy's default settings,
 * laid out as in a migrated project, beside code that calls the helper the way migrated code does:
 * those calls must type-check with subprocess's own result types (bytes, or str in text mode), and
 * wrong uses of the results must be errors on exactly the lines that say so. Python 3.8 is the
 * oldest version users run the helper on; 3.13 takes typeshed's newest branches. The helper also
 * passes both checkers' strict modes.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const PYRIGHT = createRequire(import.meta.url).resolve('pyright');

const HELPER = '_async_subprocess.py';
const RUNNER = 'entry_point_runner.py';
const AWAITER = 'await_if_awaitable.py';
const ENTRY_LOOP = 'entry_loop.py';
const USES = 'uses_helper.py';
const MISUSES = 'misuses_helper.py';
const PROJECT_FILES = {
  [HELPER]: 'transforms/subprocess-asyncio/_async_subprocess.py',
  [RUNNER]: 'src/plan/entry_point_runner.py',
  [AWAITER]: 'src/plan/await_if_awaitable.py',
  [ENTRY_LOOP]: 'src/plan/entry_loop.py',
  [USES]: 'tests/python/typecheck/uses_helper.py',
  [MISUSES]: 'tests/python/typecheck/misuses_helper.py',
};

interface Diagnostic {
  file: string;
  line: number;
  severity: string;
  message: string;
}

let folder = '';
let mypyCache = '';
beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-typecheck-'));
  mypyCache = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-mypy-cache-'));
  for (const [name, source] of Object.entries(PROJECT_FILES)) fs.copyFileSync(path.join(ROOT, source), path.join(folder, name));
});
afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
  fs.rmSync(mypyCache, { recursive: true, force: true });
});

describe.each([
  { checker: 'pyright', version: '3.8' },
  { checker: 'pyright', version: '3.13' },
  { checker: 'mypy', version: '3.8' },
])('$checker, Python $version', ({ checker, version }) => {
  let diagnostics: Diagnostic[] = [];
  const of = (file: string) => diagnostics.filter((diagnostic) => diagnostic.file === file);

  beforeAll(() => {
    diagnostics = checker === 'pyright' ? runPyright(folder, version) : runMypy(folder, version);
  }, 120_000);

  it('finds no error or warning in the helper module, the entry-point runners and the await-if-awaitable helper', () => {
    expect(of(HELPER)).toEqual([]);
    expect(of(RUNNER)).toEqual([]);
    expect(of(ENTRY_LOOP)).toEqual([]);
    expect(of(AWAITER)).toEqual([]);
  });

  it('accepts calls of the helper with the result types of subprocess', () => {
    expect(of(USES)).toEqual([]);
  });

  it('reports a text result used as bytes, and the reverse, on the caller\'s line', () => {
    const marked = markedLines(path.join(folder, MISUSES));
    expect(marked.length).toBeGreaterThan(0);
    expect(of(MISUSES).filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.line)).toEqual(marked);
    expect(of(MISUSES).filter((diagnostic) => diagnostic.severity !== 'error')).toEqual([]);
  });
});

describe('strict modes', () => {
  it('pyright\'s strict mode finds no error in the helper', () => {
    const strict = fs.mkdtempSync(path.join(folder, 'strict-'));
    fs.copyFileSync(path.join(folder, HELPER), path.join(strict, HELPER));
    fs.writeFileSync(path.join(strict, 'pyrightconfig.json'), JSON.stringify({ typeCheckingMode: 'strict' }));
    expect(runPyright(strict, '3.8', 1)).toEqual([]);
  }, 120_000);

  it('mypy --strict finds no error in the helper', () => {
    expect(runMypy(folder, '3.8', ['--strict', HELPER])).toEqual([]);
  }, 120_000);
});

function runPyright(project: string, version: string, files = Object.keys(PROJECT_FILES).length): Diagnostic[] {
  const run = spawnSync(process.execPath, [PYRIGHT, '--outputjson', '--pythonversion', version, '--pythonpath', SYSTEM_PYTHON, '.'], {
    cwd: project, encoding: 'utf8', timeout: 120_000,
  });
  const report = JSON.parse(run.stdout) as {
    generalDiagnostics: { file: string; severity: string; message: string; range: { start: { line: number } } }[];
    summary: { filesAnalyzed: number };
  };
  expect(report.summary.filesAnalyzed, run.stderr).toBe(files);
  return report.generalDiagnostics.map((diagnostic) => ({
    file: path.basename(diagnostic.file),
    line: diagnostic.range.start.line + 1,
    severity: diagnostic.severity,
    message: diagnostic.message,
  }));
}

/** mypy (Debian's, on the system Python) with its default settings unless told otherwise. */
function runMypy(project: string, version: string, args = Object.keys(PROJECT_FILES)): Diagnostic[] {
  const run = spawnSync(SYSTEM_PYTHON, ['-m', 'mypy', '--python-version', version, '--cache-dir', mypyCache, '--no-error-summary', '--show-absolute-path', ...args], {
    cwd: project, encoding: 'utf8', timeout: 120_000,
  });
  expect(run.stderr, 'mypy runs').toBe('');
  return run.stdout.split('\n').flatMap((line) => {
    const found = /^(.*?):(\d+): (error|warning|note): (.*)$/.exec(line);
    return found ? [{ file: path.basename(found[1]), line: Number(found[2]), severity: found[3], message: found[4] }] : [];
  });
}

/** The 1-based lines whose comment says the type checker must report an error there. */
function markedLines(file: string): number[] {
  return fs.readFileSync(file, 'utf8').split('\n').flatMap((line, index) => (/#\s*error:/.test(line) ? [index + 1] : []));
}
