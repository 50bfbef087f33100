import path from 'node:path';
import { expect, it } from 'vitest';
import { runPytest } from './helpers/python.js';

/**
 * The generated helper, `transforms/subprocess-asyncio/_async_subprocess.py`, against subprocess
 * itself: tests/python/test_async_subprocess.py runs each case through the stdlib function and
 * through its async twin and compares results or exceptions field by field, plus the Popen shapes
 * and cancellation. Python's development mode is on, and an un-awaited coroutine, an unretrieved
 * task exception or an unclosed transport fails the run.
 */
it('the helper returns and raises what subprocess does (pytest, system Python)', () => {
  const outcome = runPytest(path.resolve(import.meta.dirname, 'python'), { PYTHONDEVMODE: '1' }, [
    '-s', '-p', 'no:logging', '-W', 'error::pytest.PytestUnraisableExceptionWarning', 'test_async_subprocess.py',
  ]);
  expect(outcome.failed + outcome.errors, outcome.output).toBe(0);
  expect(outcome.passed, outcome.output).toBeGreaterThan(0);
  expect(outcome.output, 'the helper leaves no unretrieved exception or unclosed transport behind')
    .not.toMatch(/never retrieved|never awaited|unclosed transport|_async_subprocess.*ResourceWarning/);
}, 180_000);
