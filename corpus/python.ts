import path from 'node:path';
import { PACKAGE_ROOT, type TestSuite } from './manifest.js';
import { runProcess } from './processes.js';

/** The system Python, where the Debian packages live (not a pyenv shim that may come first on PATH). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

export interface CompileFailure {
  /** Relative to the tree. */
  file: string;
  error: string;
}

/**
 * The files (relative to `tree`) that no longer parse: Python the system Python's `compile()`
 * rejects, TOML that tomllib rejects, `.cfg`/`.ini` settings that configparser rejects.
 */
export async function compileFailures(tree: string, files: readonly string[]): Promise<CompileFailure[]> {
  if (files.length === 0) return [];
  const result = await runProcess(SYSTEM_PYTHON, ['-I', path.join(PACKAGE_ROOT, 'corpus', 'compile_check.py')], {
    cwd: tree,
    input: files.join('\n'),
    env: { PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (result.code !== 0) throw new Error(`compile check failed to run: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout) as CompileFailure[];
}

export interface SuiteOutcome {
  passed: number;
  failed: number;
  errors: number;
  /** The ids of the tests that failed or errored (pytest's short summary). */
  failedTests: string[];
  /** pytest's closing line, or why there is none. */
  summary: string;
  /**
   * Coroutines Python warned were never awaited (`RuntimeWarning: coroutine 'f' was never awaited`),
   * by name: a call left unawaited that the tests' assertions did not notice (a coroutine is truthy).
   */
  neverAwaited: string[];
}

/** A test still running after this long has hung (a migrated lock held across an await, say): it fails alone. */
const TEST_TIMEOUT_SECONDS = 300;

/**
 * Runs a repository's own suite as the manifest says and counts the outcome from pytest's last line.
 * pytest-timeout (python3-pytest-timeout) ends a hanging test, so one hang loses one test, not the suite.
 */
export async function runSuite(tree: string, suite: TestSuite, testTimeoutSeconds = TEST_TIMEOUT_SECONDS): Promise<SuiteOutcome> {
  const result = await runProcess(SYSTEM_PYTHON, ['-m', 'pytest', '-q', '-rfE', '-p', 'no:cacheprovider', `--timeout=${testTimeoutSeconds}`, ...suite.args], {
    cwd: tree,
    env: { PYTHONDONTWRITEBYTECODE: '1', ...suite.env },
    timeoutMs: 20 * 60_000,
  });
  const lines = `${result.stdout}\n${result.stderr}`.split('\n');
  const closing = lines.filter((line) => /\d+ (passed|failed|errors?)\b/.test(line)).at(-1);
  const failedTests = [...new Set(lines.map((line) => /^(?:FAILED|ERROR) (\S+)/.exec(line)?.[1]).filter((id): id is string => !!id))];
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}\\b`).exec(closing ?? '')?.[1] ?? 0);
  const summary = result.timedOut ? 'timed out' : (closing?.replace(/=+/g, '').trim() ?? `no pytest summary (exit ${result.code}): ${result.stderr.trim().split('\n').at(-1) ?? ''}`);
  const neverAwaited = [...new Set(lines.flatMap((line) => [...line.matchAll(/coroutine '([^']+)' was never awaited/g)].map((match) => match[1])))];
  return { passed: count('passed'), failed: count('failed'), errors: count('errors?'), failedTests, summary, neverAwaited };
}

/** The Debian packages of `names` that are not installed. */
export async function missingDebianPackages(names: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of names) {
    const result = await runProcess('dpkg-query', ['-W', '-f=${Status}', name], { cwd: PACKAGE_ROOT });
    if (!result.stdout.includes('install ok installed')) missing.push(name);
  }
  return missing;
}
