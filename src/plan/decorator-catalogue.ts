/**
 * Third-party and standard-library decorators, by what they do to a function that turns async:
 *
 * - `transparent`: they return the function itself or a wrapper that hands its result back
 *   unchanged, so an `async def` stays a coroutine function (`staticmethod`, `abc.abstractmethod`,
 *   pytest marks, `unittest.mock.patch`, deprecation warnings);
 * - `coroutine-aware`: they look at the function and wrap a coroutine function with an async
 *   wrapper (`backoff.on_exception`, `tenacity.retry`, `vcr.use_cassette`);
 * - `sync-only`: they call the function and use its result synchronously, so on a coroutine function
 *   they would keep, cache or time the coroutine object instead of its result: the function stays
 *   sync, and the review item names the async alternative.
 *
 * `[tool.asyncshift] transparent-decorators` / `sync-decorators` add qualified names. Each entry
 * carries an example, which tests/decorator-catalogue.test.ts migrates.
 */
export type DecoratorEffect = 'transparent' | 'coroutine-aware' | 'sync-only';

export interface CatalogueEntry {
  /** Matches the decorator's qualified name (`functools.lru_cache`, `vcr.VCR().use_cassette`). */
  pattern: RegExp;
  effect: DecoratorEffect;
  /** For sync-only entries: why, and what to use instead. */
  reason?: string;
  alternative?: string;
  /** How the decorator is written, with the imports it needs: the catalogue's test uses it. */
  example: { imports: string; decorator: string };
}

export const DECORATOR_CATALOGUE: readonly CatalogueEntry[] = [
  { pattern: /^builtins\.(staticmethod|classmethod)$/, effect: 'transparent', example: { imports: '', decorator: '@staticmethod' } },
  { pattern: /^abc\.abstractmethod$/, effect: 'transparent', example: { imports: 'import abc', decorator: '@abc.abstractmethod' } },
  { pattern: /^(typing|typing_extensions)\.(overload|override|final|no_type_check)$/, effect: 'transparent', example: { imports: 'from typing import final', decorator: '@final' } },
  { pattern: /^functools\.wraps$/, effect: 'transparent', example: { imports: 'import functools', decorator: '@functools.wraps(print)' } },
  { pattern: /^(warnings|typing_extensions|deprecated|deprecated\.classic|deprecation)\.(deprecated|Deprecated)$/, effect: 'transparent', example: { imports: 'import typing_extensions', decorator: '@typing_extensions.deprecated("use other")' } },
  { pattern: /^pytest\.mark\./, effect: 'transparent', example: { imports: 'import pytest', decorator: '@pytest.mark.slow' } },
  { pattern: /^(unittest\.mock|mock)\.patch(\.object|\.dict|\.multiple)?$/, effect: 'coroutine-aware', example: { imports: 'from unittest import mock', decorator: '@mock.patch("os.getcwd")' } },
  { pattern: /^unittest\.(skip|skipIf|skipUnless|expectedFailure)$/, effect: 'transparent', example: { imports: 'import unittest', decorator: '@unittest.skipIf(False, "never")' } },
  { pattern: /^backoff\.(on_exception|on_predicate)$/, effect: 'coroutine-aware', example: { imports: 'import backoff', decorator: '@backoff.on_exception(backoff.expo, OSError, max_tries=3)' } },
  { pattern: /^tenacity\.retry$/, effect: 'coroutine-aware', example: { imports: 'import tenacity', decorator: '@tenacity.retry(stop=tenacity.stop_after_attempt(3))' } },
  { pattern: /^vcr\.(VCR\(\)\.)?use_cassette$/, effect: 'coroutine-aware', example: { imports: 'import vcr', decorator: '@vcr.use_cassette("fixtures/calls.yaml")' } },
  {
    pattern: /^functools\.(lru_cache|cache)$/, effect: 'sync-only', example: { imports: 'import functools', decorator: '@functools.lru_cache(maxsize=None)' },
    reason: 'a cache would store the coroutine object, which can be awaited only once', alternative: 'async_lru.alru_cache',
  },
  {
    pattern: /^cachetools\.(cached|cachedmethod|func\.\w+)$/, effect: 'sync-only', example: { imports: 'import cachetools', decorator: '@cachetools.cached(cachetools.TTLCache(8, 60))' },
    reason: 'a cache would store the coroutine object, which can be awaited only once', alternative: 'async_lru.alru_cache(ttl=...)',
  },
  {
    pattern: /^(retrying|retry)\.retry$/, effect: 'sync-only', example: { imports: 'import retrying', decorator: '@retrying.retry(stop_max_attempt_number=3)' },
    reason: 'it retries the call that builds the coroutine, never the awaited work', alternative: 'tenacity.retry or backoff.on_exception',
  },
  {
    pattern: /^ratelimit\.(limits|sleep_and_retry)$/, effect: 'sync-only', example: { imports: 'import ratelimit', decorator: '@ratelimit.sleep_and_retry' },
    reason: 'it counts calls and sleeps with time.sleep, blocking the event loop', alternative: 'aiolimiter.AsyncLimiter',
  },
  {
    pattern: /^timeout_decorator\.timeout$/, effect: 'sync-only', example: { imports: 'import timeout_decorator', decorator: '@timeout_decorator.timeout(5)' },
    reason: 'its alarm signal would time the creation of the coroutine, not the work', alternative: 'asyncio.timeout',
  },
  {
    pattern: /^functools\.singledispatch$/, effect: 'sync-only', example: { imports: 'import functools', decorator: '@functools.singledispatch' },
    reason: 'every implementation registered on it would have to change colour together', alternative: 'dispatch by hand to async implementations',
  },
  {
    pattern: /^hypothesis\.given$/, effect: 'sync-only', example: { imports: 'import hypothesis', decorator: '@hypothesis.given(hypothesis.strategies.integers())' },
    reason: 'Hypothesis calls the test body synchronously for each example', alternative: 'keep the property test sync',
  },
  {
    pattern: /^atexit\.register$/, effect: 'sync-only', example: { imports: 'import atexit', decorator: '@atexit.register' },
    reason: 'atexit handlers are called synchronously', alternative: 'close resources at the end of the asyncio.run() body',
  },
  {
    pattern: /^behave\.(given|when|then|step|Given|When|Then|Step)$/, effect: 'sync-only', example: { imports: 'from behave import step', decorator: '@step("it works")' },
    reason: 'behave calls step functions synchronously', alternative: 'behave.api.async_step.async_run_until_complete between the step decorator and an async step',
  },
  {
    pattern: /^parameterized\.(parameterized\.)?expand$/, effect: 'sync-only', example: { imports: 'from parameterized import parameterized', decorator: '@parameterized.expand([(1,), (2,)])' },
    reason: 'parameterized before 0.9 calls each case synchronously and returns the coroutine unawaited', alternative: 'parameterized 0.9 or later, then list it in transparent-decorators',
  },
  {
    pattern: /^singer\.utils\.handle_top_exception$/, effect: 'sync-only', example: { imports: 'import singer', decorator: '@singer.utils.handle_top_exception(None)' },
    reason: 'it calls the function synchronously inside its exception handler', alternative: 'a try/except around asyncio.run() in the entry point',
  },
  {
    pattern: /^atheris\.instrument_func$/, effect: 'sync-only', example: { imports: 'import atheris', decorator: '@atheris.instrument_func' },
    reason: 'atheris calls the fuzz target synchronously', alternative: 'a sync fuzz target that calls asyncio.run()',
  },
  {
    pattern: /^(sqlalchemy\.event\.listens_for|pydantic\.(validator|field_validator|model_validator|root_validator))$/, effect: 'sync-only',
    example: { imports: 'import pydantic', decorator: '@pydantic.validator("name")' },
    reason: 'the library calls it synchronously', alternative: 'keep it sync',
  },
];

/** Web frameworks whose decorators call the function synchronously; named in the review item. */
export const SYNC_FRAMEWORKS: readonly [RegExp, string][] = [
  [/^flask\.|^flask\.Flask\(\)\.|\.route$/, 'a Flask view is called synchronously'],
  [/^celery\.|\.task$|^shared_task$/, 'a Celery task is called synchronously by the worker'],
  [/^django\./, 'a Django view decorator expects a sync view'],
  [/^bottle\./, 'a Bottle route is called synchronously (Bottle is a WSGI framework)'],
];

export interface UserDecorators {
  /** Qualified names of decorators that support coroutine functions. */
  transparent: readonly string[];
  /** Qualified names of decorators that call the function synchronously. */
  sync: readonly string[];
}

export type CatalogueVerdict = { keeps: true } | { keeps: false; reason: string };

/**
 * What a decorator with this qualified name does to a function that turns async: keeps it a
 * coroutine function, or pins it (with the reason for the review item); undefined when unknown.
 */
export function catalogueVerdict(name: string, user: UserDecorators = { transparent: [], sync: [] }): CatalogueVerdict | undefined {
  const named = (list: readonly string[]) => list.some((entry) => name === entry || name.startsWith(`${entry}(`) || name.startsWith(`${entry}.`));
  if (named(user.sync)) return { keeps: false, reason: `decorated with @${name}, which the configuration lists as sync-only` };
  if (named(user.transparent)) return { keeps: true };
  const entry = DECORATOR_CATALOGUE.find((candidate) => candidate.pattern.test(name));
  if (entry?.effect === 'sync-only') return { keeps: false, reason: `decorated with @${name}: ${entry.reason} (use ${entry.alternative})` };
  if (entry) return { keeps: true };
  const framework = SYNC_FRAMEWORKS.find(([pattern]) => pattern.test(name));
  return framework ? { keeps: false, reason: framework[1] } : undefined;
}
