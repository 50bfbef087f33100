import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PYTHON } from './helpers/python.js';

/**
 * The Python asyncshift writes into users' code must not turn their type checker red. The helper
 * module and the entry-point runner are type-checked with pyright's default settings, laid out as in
 * a migrated project, beside code that calls the helper the way migrated code does: those calls
 * must type-check with subprocess's own result types (bytes, or str in text mode), and wrong uses
 * of the results must be errors on exactly the lines that say so. Python 3.8 is the oldest version
 * users run the helper on; 3.13 takes typeshed's newest branches.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const PYRIGHT = createRequire(import.meta.url).resolve('pyright');

const PROJECT_FILES = {
  '_async_subprocess.py': 'transforms/subprocess-asyncio/_async_subprocess.py',
  'entry_point_runner.py': 'src/plan/entry_point_runner.py',
  'uses_helper.py': 'tests/python/typecheck/uses_helper.py',
  'misuses_helper.py': 'tests/python/typecheck/misuses_helper.py',
};

interface Diagnostic {
  file: string;
  line: number;
  severity: string;
  message: string;
}

describe.each(['3.8', '3.13'])('pyright, Python %s', (version) => {
  let folder = '';
  let diagnostics: Diagnostic[] = [];
  const of = (file: string) => diagnostics.filter((diagnostic) => diagnostic.file === file);

  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-pyright-'));
    for (const [name, source] of Object.entries(PROJECT_FILES)) fs.copyFileSync(path.join(ROOT, source), path.join(folder, name));
    diagnostics = runPyright(folder, version);
  }, 120_000);

  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('finds no error or warning in the helper module and the entry-point runner', () => {
    expect(of('_async_subprocess.py')).toEqual([]);
    expect(of('entry_point_runner.py')).toEqual([]);
  });

  it('accepts calls of the helper with the result types of subprocess', () => {
    expect(of('uses_helper.py')).toEqual([]);
  });

  it('reports a text result used as bytes, and the reverse, on the caller\'s line', () => {
    const marked = markedLines(path.join(folder, 'misuses_helper.py'));
    expect(marked.length).toBeGreaterThan(0);
    const errors = of('misuses_helper.py').filter((diagnostic) => diagnostic.severity === 'error');
    expect(errors.map((diagnostic) => diagnostic.line)).toEqual(marked);
    expect(of('misuses_helper.py').filter((diagnostic) => diagnostic.severity !== 'error')).toEqual([]);
  });
});

function runPyright(folder: string, version: string): Diagnostic[] {
  const run = spawnSync(process.execPath, [PYRIGHT, '--outputjson', '--pythonversion', version, '--pythonpath', SYSTEM_PYTHON, '.'], {
    cwd: folder, encoding: 'utf8', timeout: 120_000,
  });
  const report = JSON.parse(run.stdout) as {
    generalDiagnostics: { file: string; severity: string; message: string; range: { start: { line: number } } }[];
    summary: { filesAnalyzed: number };
  };
  expect(report.summary.filesAnalyzed, run.stderr).toBe(Object.keys(PROJECT_FILES).length);
  return report.generalDiagnostics.map((diagnostic) => ({
    file: path.basename(diagnostic.file),
    line: diagnostic.range.start.line + 1,
    severity: diagnostic.severity,
    message: diagnostic.message,
  }));
}

/** The 1-based lines whose comment says pyright must report an error there. */
function markedLines(file: string): number[] {
  return fs.readFileSync(file, 'utf8').split('\n').flatMap((line, index) => (/#\s*error:/.test(line) ? [index + 1] : []));
}
