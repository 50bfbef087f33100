import path from 'node:path';
import { expect, it } from 'vitest';
import { runPytest } from './helpers/python.js';

/**
 * The runner that split entry points call, `src/plan/entry_point_runner.py`, run by
 * tests/python/test_entry_point_runner.py: outside an event loop and inside a running one, where
 * asyncio.run would raise, with results and exceptions reaching the sync caller.
 */
it('the entry-point runner runs a coroutine to completion from sync code, in or out of a running loop', () => {
  const outcome = runPytest(path.resolve(import.meta.dirname, 'python'), { PYTHONDEVMODE: '1' }, ['test_entry_point_runner.py']);
  expect(outcome.failed + outcome.errors, outcome.output).toBe(0);
  expect(outcome.passed, outcome.output).toBeGreaterThan(0);
}, 60_000);

/**
 * The helper a call on a receiver of unknown type goes through, `src/plan/await_if_awaitable.py`, run
 * by tests/python/test_await_if_awaitable.py: a coroutine is awaited, any other result handed back.
 */
it('the await-if-awaitable helper awaits a coroutine and hands any other result back untouched', () => {
  const outcome = runPytest(path.resolve(import.meta.dirname, 'python'), { PYTHONDEVMODE: '1' }, ['test_await_if_awaitable.py']);
  expect(outcome.failed + outcome.errors, outcome.output).toBe(0);
  expect(outcome.passed, outcome.output).toBeGreaterThan(0);
}, 60_000);
