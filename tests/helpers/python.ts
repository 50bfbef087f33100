import { spawnSync } from 'node:child_process';

/** The system Python, where the Debian test packages are installed (not a pyenv shim). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

export interface PytestOutcome {
  passed: number;
  failed: number;
  errors: number;
  output: string;
}

/** Runs a sample repository's own pytest suite (or the given pytest arguments in that folder) and counts the outcome. */
export function runPytest(folder: string, env: Record<string, string> = {}, args: string[] = []): PytestOutcome {
  const result = spawnSync(SYSTEM_PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-W', 'error::RuntimeWarning', ...args], {
    cwd: folder,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
    timeout: 180_000,
  });
  // A suite killed by the timeout prints no summary: say so, or it reads as a suite of no tests.
  const stopped = result.error ? `\npytest did not finish: ${result.error.message}` : result.signal ? `\npytest was killed by ${result.signal}` : '';
  const output = `${result.stdout}\n${result.stderr}${stopped}`;
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(output.split('\n').filter((l) => /(passed|failed|error)/.test(l)).at(-1) ?? '')?.[1] ?? 0);
  return { passed: count('passed'), failed: count('failed'), errors: count('errors?'), output };
}
