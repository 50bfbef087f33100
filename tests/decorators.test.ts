import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { indexModule } from '../src/analyze/module-index.js';
import { parsePython } from '../src/parse/parse-python.js';
import { SourceText } from '../src/parse/source-text.js';
import { applyMigration, makeProject, migrateFiles, migrateFolder, unawaitedCoroutines } from './helpers/project.js';
import { RETRY } from './helpers/python-samples.js';
import { SYSTEM_PYTHON } from './helpers/python.js';
import { migratesAndStillPasses } from './helpers/suite.js';
import { typeErrorsAdded } from './helpers/type-check.js';

function factsOf(code: string) {
  const source = new SourceText(code);
  const { index } = indexModule({
    tree: parsePython(source.text), source, file: 'deco.py', module: 'deco', transforms: [],
    projectFunctionNames: new Set(), transformOptions: { blocking: [] },
  });
  return {
    fn: (qualname: string) => index.functions.find((fn) => fn.qualname === qualname)?.asDecorator,
    cls: (name: string) => index.classes.find((cls) => cls.name === name)?.asDecorator,
  };
}

describe('reading a decorator from its definition', () => {
  it('finds the wrapper of a plain decorator, with or without functools.wraps', () => {
    const facts = factsOf(`${RETRY}\ndef plain(f):\n    def inner(*a):\n        print("called")\n        return f(*a)\n    return inner\n`);
    expect(facts.fn('retry')).toMatchObject({ kind: 'wraps', wrapper: 'deco:retry.wrapper', wrapped: 'func' });
    expect(facts.fn('retry')).toHaveProperty('wrapperReturn');
    expect(facts.fn('plain')).toMatchObject({ kind: 'wraps', wrapper: 'deco:plain.inner', wrapped: 'f' });
  });

  it('sees a factory with arguments through to the decorator it returns', () => {
    const facts = factsOf([
      'def retry(times, delay=0):', '    def decorate(func):', '        def wrapper(*args):',
      '            for _ in range(times):', '                result = func(*args)', '            return result',
      '        return wrapper', '    return decorate', '',
    ].join('\n'));
    expect(facts.fn('retry')).toEqual({ kind: 'factory', decorator: 'deco:retry.decorate' });
    expect(facts.fn('retry.decorate')).toMatchObject({ kind: 'wraps', wrapper: 'deco:retry.decorate.wrapper' });
  });

  it('sees a factory through settings its wrapper calls: an exception class it raises', () => {
    const facts = factsOf([
      'import functools', '', '',
      'def on_http_error(error):', '    def wrap(f):', '        @functools.wraps(f)', '        def wrapped_f(*args, **kwargs):',
      '            try:', '                return f(*args, **kwargs)', '            except KeyError as e:', '                raise error(str(e)) from e',
      '        return wrapped_f', '    return wrap', '',
    ].join('\n'));
    expect(facts.fn('on_http_error')).toEqual({ kind: 'factory', decorator: 'deco:on_http_error.wrap' });
    expect(facts.fn('on_http_error.wrap')).toMatchObject({ kind: 'wraps', wrapper: 'deco:on_http_error.wrap.wrapped_f', wrapped: 'f' });
  });

  it('keeps reading a decorator that returns its function through a library call by what it does with the function, not as a factory handing out that call', () => {
    const facts = factsOf('import typing\n\n\ndef registered(func):\n    return typing.cast(F, func)\n');
    expect(facts.fn('registered')).toMatchObject({ kind: 'hands-on', how: 'passes it to typing.cast' });
  });

  it('looks through typing.cast around the returned wrapper', () => {
    const facts = factsOf('from typing import cast\n\n\ndef on_error(f):\n    def wrapped(*a):\n        return f(*a)\n    return cast(F, wrapped)\n');
    expect(facts.fn('on_error')).toMatchObject({ kind: 'wraps', wrapper: 'deco:on_error.wrapped' });
    expect(facts.fn('on_error')).toHaveProperty('wrapperReturn');
  });

  it('reads a class whose __init__ keeps the function and whose __call__ calls it', () => {
    const facts = factsOf([
      'import functools', '', '',
      'class counted:', '    def __init__(self, func):', '        self.func = func', '        self.calls = 0',
      '        functools.update_wrapper(self, func)', '',
      '    def __call__(self, *args):', '        self.calls += 1', '        return self.func(*args)', '',
    ].join('\n'));
    expect(facts.cls('counted')).toEqual({ kind: 'wraps', wrapper: 'deco:counted.__call__', wrapped: 'self.func' });
  });

  it('tells registering decorators apart: returned unchanged, stored in a registry, or handed to a thread', () => {
    const facts = factsOf([
      'import threading', 'HANDLERS = {}', '', '',
      'def tagged(func):', '    func.tagged = True', '    return func', '', '',
      'def handler(func):', '    HANDLERS[func.__name__] = func', '    return func', '', '',
      'def in_background(func):', '    def start(*args):', '        threading.Thread(target=func, args=args).start()', '    return start', '',
    ].join('\n'));
    expect(facts.fn('tagged')).toEqual({ kind: 'returns-it' });
    expect(facts.fn('handler')).toEqual({ kind: 'returns-it', stored: { how: 'stores it in HANDLERS[func.__name__]', line: 11 } });
    expect(facts.fn('in_background')).toEqual({ kind: 'hands-on', how: 'passes it to threading.Thread', line: 17 });
  });

  it('reads parser.set_defaults(func=func) as argparse keeping the function under its key, unless it is kept elsewhere too', () => {
    const facts = factsOf([
      'REGISTRY = []', '', '',
      'def command(parser):', '    def decorator(func):', '        parser.set_defaults(func=func)', '        return func', '    return decorator', '', '',
      'def listed(parser):', '    def decorator(func):', '        parser.set_defaults(handler=func)', '        REGISTRY.append(func)', '        return func', '    return decorator', '',
    ].join('\n'));
    expect(facts.fn('command.decorator')).toEqual({ kind: 'returns-it', stored: { how: 'sets it as the `func` default of parser.set_defaults()', line: 6, defaultOf: 'func' } });
    expect(facts.fn('listed.decorator')).toEqual({ kind: 'returns-it', stored: { how: 'registers it with REGISTRY.append()', line: 14 } });
  });

  it('recognises a decorator that already picks its wrapper with inspect.iscoroutinefunction', () => {
    const facts = factsOf([
      'import inspect', '', '',
      'def traced(func):', '    def wrapper(*args):', '        return func(*args)',
      '    async def wrapper_async(*args):', '        return await func(*args)',
      '    return wrapper_async if inspect.iscoroutinefunction(func) else wrapper', '',
    ].join('\n'));
    expect(facts.fn('traced')).toEqual({ kind: 'colour-aware', syncWrappers: ['deco:traced.wrapper'] });
  });

  it('reads a factory whose settings are all starred (thefuck\'s @cache(*depends_on)) as the decorator it returns', () => {
    const facts = factsOf([
      'import functools', 'import shelve', '', '',
      'def cache(*depends_on):', '    def cache_decorator(fn):', '        @functools.wraps(fn)', '        def wrapper(*args):',
      '            with shelve.open("cache") as db:', '                return db.setdefault(repr(args), fn(*args))',
      '        return wrapper', '    return cache_decorator', '', '',
      'def spread(*settings):', '    return list(settings)', '',
    ].join('\n'));
    expect(facts.fn('cache')).toEqual({ kind: 'factory', decorator: 'deco:cache.cache_decorator' });
    expect(facts.fn('spread')).toBeUndefined();
  });

  it('does not mistake an ordinary function that returns its argument for a wrapper', () => {
    const facts = factsOf('def normalise(value):\n    value = value.strip()\n    return value.lower()\n');
    expect(facts.fn('normalise')).toBeUndefined();
  });
});

describe('project decorators in a migration', () => {
  it('turns the wrapper async, awaiting the wrapped call, when every decorated function turns async', () => {
    const { after, result } = migrateFiles({
      'api.py': `${RETRY}\n@retry\ndef fetch():\n    time.sleep(0)\n    return 1\n\n\n@retry\ndef store():\n    time.sleep(0)\n\n\ndef run():\n    store()\n    return fetch()\n`,
    });
    const out = after['api.py'];
    expect(out).toContain('    async def wrapper(*args, **kwargs):\n        try:\n            return await func(*args, **kwargs)\n        except OSError:\n            await asyncio.sleep(0)\n            return await func(*args, **kwargs)\n    return wrapper\n');
    expect(out).toContain('@retry\nasync def fetch():');
    expect(out).toContain('async def run():\n    await store()\n    return await fetch()');
    expect(out).not.toContain('inspect');
    expect(result.reviews.filter((item) => item.code === 'AS101')).toEqual([]);
  });

  it('makes a decorator colour-aware when it ends up on sync and async functions, and is stable', () => {
    const root = makeProject({
      'api.py': `${RETRY}\n@retry\ndef fetch():\n    time.sleep(0)\n    return 1\n\n\n@retry\ndef configure():\n    time.sleep(0)\n    return 2\n\n\nSETTINGS = configure()\n\n\ndef run():\n    return fetch()\n`,
    });
    const first = migrateFolder(root);
    const out = first.after['api.py'];
    expect(out).toContain([
      '    @functools.wraps(func)', '    def wrapper(*args, **kwargs):', '        try:', '            return func(*args, **kwargs)',
      '        except OSError:', '            time.sleep(0)', '            return func(*args, **kwargs)', '',
      '    @functools.wraps(func)', '    async def wrapper_async(*args, **kwargs):', '        try:', '            return await func(*args, **kwargs)',
      '        except OSError:', '            await asyncio.sleep(0)', '            return await func(*args, **kwargs)',
      '    return typing.cast(typing.Any, wrapper_async if inspect.iscoroutinefunction(func) else wrapper)',
    ].join('\n'));
    expect(out).toMatch(/^import inspect$/m);
    expect(out).toContain('@retry\ndef configure():\n    time.sleep(0)');
    expect(first.result.reviews.map((item) => item.code)).toContain('AS123');
    applyMigration(root, first);
    expect(unawaitedCoroutines(root)).toEqual([]);
    expect(migrateFolder(root).after).toEqual({});
  });

  it.each([
    ['from typing import Callable', 'Callable', 'Callable[["CacheTests"], Any]'],
    ['import collections.abc', 'collections.abc.Callable', 'collections.abc.Callable[["CacheTests"], typing.Any]'],
  ])('types the wrapped function as returning Any where the wrapper now awaits it, and pyright finds no new error (%s; found on twisted: meth: Callable[[PluginTests], object])', async (imported, callable, loosened) => {
    const files = {
      'cache_tests.py': [
        'import functools', 'import time', imported, '', '',
        'class CacheTests:', '    def __init__(self) -> None:', '        self.cleared = 0', '',
        '    def _clear(self) -> None:', '        self.cleared += 1', '',
        `    def _twice(meth: ${callable}[["CacheTests"], object]) -> ${callable}[["CacheTests"], None]:`,
        '        @functools.wraps(meth)', '        def wrapped(self: "CacheTests") -> None:', '            meth(self)', '            self._clear()', '            meth(self)', '',
        '        return wrapped', '',
        '    @_twice', '    def test_slow(self) -> None:', '        time.sleep(0)', '',
        '    @_twice', '    def test_fast(self) -> None:', '        assert self.cleared <= 1', '', '',
        'FAST = CacheTests().test_fast()', '',
      ].join('\n'),
    };
    const migration = migrateFiles(files);
    const out = migration.after['cache_tests.py'];
    expect(out).toContain('    async def test_slow(self) -> None:');
    expect(out).toContain(`    def _twice(meth: ${loosened}) -> ${callable}[["CacheTests"], None]:`);
    expect(out).toContain('            await meth(self)');
    expect(await typeErrorsAdded(makeProject(files), migration)).toEqual([]);
  });

  it('binds the wrapper again to the one of the right colour before the decorator sets its attributes, and the suite passes (found on tweepy: @payload)', async () => {
    const files = {
      'twitter/__init__.py': '',
      'twitter/api.py': [
        'import functools', 'import time', '', '',
        'def payload(payload_type, **payload_kwargs):', '    payload_list = payload_kwargs.get("list", False)', '',
        '    def decorator(method):', '        @functools.wraps(method)', '        def wrapper(*args, **kwargs):',
        '            kwargs["payload_type"] = payload_type', '            return method(*args, **kwargs)',
        '        wrapper.payload_list = payload_list', '        wrapper.payload_type = payload_type', '        return wrapper', '',
        '    return decorator', '', '',
        'class API:', '    def request(self, path, **kwargs):', '        time.sleep(0)', '        return {"path": path, "type": kwargs["payload_type"]}', '',
        '    @payload("status")', '    def get_status(self, status_id, **kwargs):', '        return self.request(f"statuses/{status_id}", **kwargs)', '',
        '    @payload("user", list=True)', '    def get_users(self, **kwargs):', '        return [self.request("users", **kwargs)]', '', '',
        'DEFAULT_USERS = API().get_users()', '',
      ].join('\n'),
      'tests/test_api.py': [
        'from twitter.api import API, DEFAULT_USERS', '', '',
        'def test_status():', '    assert API().get_status(7) == {"path": "statuses/7", "type": "status"}', '', '',
        'def test_settings_on_both_colours():', '    assert (API.get_status.payload_type, API.get_status.payload_list) == ("status", False)',
        '    assert (API.get_users.payload_type, API.get_users.payload_list) == ("user", True)', '    assert DEFAULT_USERS == [{"path": "users", "type": "user"}]', '',
      ].join('\n'),
    };
    const { after, result } = migratesAndStillPasses(files);
    expect(after['twitter/api.py']).toContain([
      '        async def wrapper_async(*args, **kwargs):', '            kwargs["payload_type"] = payload_type', '            return await method(*args, **kwargs)',
      '        wrapper = typing.cast(typing.Any, wrapper_async if inspect.iscoroutinefunction(method) else wrapper)',
      '        wrapper.payload_list = payload_list',
    ].join('\n'));
    expect(after['twitter/api.py']).toContain('    async def get_status(self, status_id, **kwargs):');
    expect(after['twitter/api.py']).toContain('    def get_users(self, **kwargs):');
    expect(result.reviews.map((item) => item.code)).toContain('AS123');
    expect(await typeErrorsAdded(makeProject(files), migrateFiles(files))).toEqual([]);
  });

  it('keeps one colour where the wrapper is used otherwise after its definition', () => {
    const { after, result } = migrateFiles({
      'api.py': [
        'import functools', 'import time', '', 'REGISTRY = []', '', '',
        'def tracked(method):', '    @functools.wraps(method)', '    def wrapper(*args, **kwargs):', '        return method(*args, **kwargs)',
        '    REGISTRY.append(wrapper)', '    return wrapper', '', '',
        '@tracked', 'def fetch():', '    time.sleep(0)', '', '', '@tracked', 'def configure():', '    time.sleep(0)', '', '',
        'SETTINGS = configure()', '', '', 'def run():', '    return fetch()', '',
      ].join('\n'),
    });
    expect(after['api.py'] ?? '').not.toContain('iscoroutinefunction');
    expect(after['api.py'] ?? '').not.toContain('async def fetch');
    expect(result.reviews.map((item) => item.code)).not.toContain('AS123');
  });

  it('keeps the imports the sync half of a colour-aware decorator still uses', () => {
    const { after } = migrateFiles({
      'api.py': `${RETRY}\n@retry\ndef parse(text):\n    return int(text)\n\n\nVALUE = parse("1")\n\n\n@retry\ndef fetch():\n    return subprocess.run(["true"]).returncode\n\n\ndef run():\n    return fetch()\n`.replace('import time', 'import subprocess\nimport time'),
    }, { select: ['time-sleep', 'subprocess-asyncio'] });
    expect(after['api.py']).toMatch(/^import time$/m);
    expect(after['api.py']).toContain('            time.sleep(0)\n');
    expect(after['api.py']).toContain('            await asyncio.sleep(0)\n');
  });

  it('keeps one colour for a wrapper that cannot test it, and says which function holds it back', () => {
    const { after, result } = migrateFiles({
      'api.py': [
        'import time', '', '',
        'class counted:', '    def __init__(self, func):', '        self.func = func', '',
        '    def __call__(self, *args):', '        return self.func(*args)', '', '',
        '@counted', 'def fetch():', '    time.sleep(0)', '', '',
        '@counted', 'def configure():', '    time.sleep(0)', '', '',
        'configure()', '', '',
        'def run():', '    fetch()', '',
      ].join('\n'),
    });
    expect(after).toEqual({});
    const messages = result.reviews.map((item) => item.message).join('\n');
    expect(messages).toMatch(/api\.counted\.__call__ stays sync \(its decorator @counted also wraps api\.configure, which stays sync\)/);
    expect(messages).toMatch(/api\.fetch stays sync \(decorated with @counted, whose wrapper api\.counted\.__call__ stays sync\)/);
  });

  it('turns a class-based decorator\'s __call__ async when everything it wraps turns async', () => {
    const { after } = migrateFiles({
      'api.py': [
        'import time', '', '',
        'class counted:', '    def __init__(self, func):', '        self.func = func', '        self.calls = 0', '',
        '    def __call__(self, *args):', '        self.calls += 1', '        return self.func(*args)', '', '',
        '@counted', 'def fetch():', '    time.sleep(0)', '', '',
        'def run():', '    return fetch()', '',
      ].join('\n'),
    });
    expect(after['api.py']).toContain('    async def __call__(self, *args):\n        self.calls += 1\n        return await self.func(*args)');
    expect(after['api.py']).toContain('async def run():\n    return await fetch()');
  });

  it('follows a factory with arguments to its wrapper', () => {
    const { after } = migrateFiles({
      'api.py': [
        'import time', '', '',
        'def retry(times):', '    def decorate(func):', '        def wrapper(*args):', '            for _ in range(times - 1):',
        '                try:', '                    return func(*args)', '                except OSError:', '                    pass',
        '            return func(*args)', '        return wrapper', '    return decorate', '', '',
        '@retry(3)', 'def fetch():', '    time.sleep(0)', '', '',
        'def run():', '    return fetch()', '',
      ].join('\n'),
    });
    expect(after['api.py']).toContain('        async def wrapper(*args):');
    expect(after['api.py']).toContain('                    return await func(*args)');
    expect(after['api.py']).toContain('            return await func(*args)');
  });

  it('reads a factory that hands out a library\'s decorator by the catalogue: a pytest mark keeps the test async, an lru_cache keeps the function sync (found on docker-py: requires_api_version)', () => {
    const migration = migratesAndStillPasses({
      'engine/__init__.py': '',
      'engine/api.py': [
        'import time', '', 'API_VERSION = "1.41"', '', '',
        'def build(tag):', '    time.sleep(0.01)  # the daemon builds', '    return f"sha256:{tag}"', '',
      ].join('\n'),
      'engine/cache.py': [
        'import functools', 'import time', '', '',
        'def memoized(size):', '    return functools.lru_cache(maxsize=size)', '', '',
        '@memoized(8)', 'def lookup(name):', '    time.sleep(0.01)  # asks the registry', '    return name.upper()', '',
      ].join('\n'),
      'tests/__init__.py': '',
      'tests/helpers.py': [
        'import pytest', '', 'from engine.api import API_VERSION', '', '',
        'def requires_api_version(version):', '    return pytest.mark.skipif(', '        tuple(API_VERSION.split(".")) < tuple(version.split(".")),',
        '        reason=f"API version is too low (< {version})",', '    )', '',
      ].join('\n'),
      'tests/test_api.py': [
        'from engine.api import build', 'from engine.cache import lookup', 'from tests import helpers', '', '',
        '@helpers.requires_api_version("1.25")', 'def test_build():', '    assert build("x") == "sha256:x"', '', '',
        '@helpers.requires_api_version("9.0")', 'def test_build_on_a_future_api():', '    assert build("y") == "sha256:y"', '', '',
        'def test_lookup():', '    assert lookup("a") == "A"', '    assert lookup("a") == "A"', '',
      ].join('\n'),
    });
    expect(migration.after['tests/test_api.py']).toContain('@helpers.requires_api_version("1.25")\nasync def test_build():\n    assert await build("x") == "sha256:x"');
    expect(migration.after['engine/cache.py']).toBeUndefined();
    expect(migration.result.reviews.map((item) => item.message).join('\n')).toContain('engine.cache.lookup stays sync (decorated with @memoized, which hands out @functools.lru_cache: a cache would store the coroutine object, which can be awaited only once');
  });

  it('lets a decorator that returns the function unchanged through, and keeps registered or threaded functions sync with where', () => {
    const { after, result } = migrateFiles({
      'app.py': [
        'import threading', 'import time', 'HANDLERS = {}', '', '',
        'def tagged(func):', '    func.tagged = True', '    return func', '', '',
        'def handler(func):', '    HANDLERS[func.__name__] = func', '    return func', '', '',
        'def in_background(func):', '    def start(*args):', '        threading.Thread(target=func, args=args).start()', '    return start', '', '',
        '@tagged', 'def a():', '    time.sleep(0)', '', '',
        '@handler', 'def b():', '    time.sleep(0)', '', '',
        '@in_background', 'def c():', '    time.sleep(0)', '', '',
        'def run():', '    a()', '    b()', '    c()', '',
      ].join('\n'),
    });
    const out = after['app.py'];
    expect(out).toContain('@tagged\nasync def a():');
    expect(out).toContain('async def run():\n    await a()\n    await asyncio.to_thread(b)\n    await asyncio.to_thread(c)');
    const messages = result.reviews.map((item) => item.message).join('\n');
    expect(messages).toContain('app.b stays sync (decorated with @handler, which stores it in HANDLERS[func.__name__] at app.py:12, where its callers cannot be seen to await it)');
    expect(messages).toContain('app.c stays sync (decorated with @in_background, which passes it to threading.Thread at app.py:18)');
  });

  it('says where a starred factory\'s decorator hands the function on (thefuck\'s @cache gives it to a cache that calls it)', () => {
    const { result } = migrateFiles({
      'utils.py': [
        'import time', '', '',
        'class Cache:', '    def get_value(self, fn, args):', '        return fn(*args)', '', '',
        '_cache = Cache()', '', '',
        'def cache(*depends_on):', '    def cache_decorator(fn):', '        def wrapper(*args):', '            return _cache.get_value(fn, args)',
        '        return wrapper', '    return cache_decorator', '', '',
        '@cache("~/.bashrc")', 'def aliases():', '    time.sleep(0)', '    return {}', '',
      ].join('\n'),
    });
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('utils.aliases stays sync (decorated with @cache, which passes it to _cache.get_value at utils.py:15)');
  });

  it('leaves a wrapper with a blocking call of its own sync while nothing it wraps turns async', () => {
    const { after } = migrateFiles({
      'api.py': `${RETRY}\n@retry\ndef parse(text):\n    return int(text)\n\n\ndef run():\n    return parse("1")\n`,
    });
    expect(after).toEqual({});
  });

  it('reads a decorator defined in the class body that uses it', () => {
    const { after } = migrateFiles({
      'api.py': [
        'import time', '', '',
        'class Client:', '    def _logged(func):', '        def wrapper(self, *args):', '            print(func.__name__)',
        '            return func(self, *args)', '        return wrapper', '',
        '    @_logged', '    def fetch(self):', '        time.sleep(0)', '', '',
        'def run():', '    return Client().fetch()', '',
      ].join('\n'),
    });
    expect(after['api.py']).toContain('        async def wrapper(self, *args):\n            print(func.__name__)\n            return await func(self, *args)');
    expect(after['api.py']).toContain('    @_logged\n    async def fetch(self):');
  });

  describe('a generator under a wrapper that hands back what calling it gives (found on GitPython: @unbare_repo on _iter_expand_paths)', () => {
    const GUARD = [
      'import functools', 'import sys', 'import time', '', '',
      'def unbare(func):', '    @functools.wraps(func)', '    def wrapper(self, *args, **kwargs):',
      '        if self.bare:', '            raise ValueError("bare repository")', '        return func(self, *args, **kwargs)', '',
      '    return wrapper', '', '',
    ].join('\n');
    const REPO = [
      'class Repo:', '    def __init__(self, bare):', '        self.bare = bare', '',
      '    @unbare', '    def paths(self, names):', '        for name in names:', '            time.sleep(0)', '            yield name.upper()', '',
    ].join('\n');
    const run = (root: string) => spawnSync(SYSTEM_PYTHON, ['app.py'], { cwd: root, encoding: 'utf8' });

    /** Migrates the program, checks that it prints `printed` before and after, and returns the migration. */
    function migratesAlike(source: string, printed: string) {
      const root = makeProject({ 'app.py': source });
      expect(run(root).stdout).toBe(printed);
      const migration = migrateFolder(root);
      applyMigration(root, migration);
      const after = run(root);
      expect(after.stderr).toBe('');
      expect(after.stdout).toBe(printed);
      expect(unawaitedCoroutines(root)).toEqual([]);
      expect(migrateFolder(root).after).toEqual({});
      return migration;
    }

    it('turns the generator async and leaves the wrapper as it is; the program prints what it printed', () => {
      const source = `${GUARD}${REPO}\n\ndef listing(repo):\n    return [path for path in repo.paths(["a", "b"])]\n\n\ndef main():\n    print(listing(Repo(False)))\n    try:\n        listing(Repo(True))\n    except ValueError as error:\n        print(error)\n\n\nif __name__ == "__main__":\n    main()\n`;
      const out = migratesAlike(source, "['A', 'B']\nbare repository\n").after['app.py'];
      expect(out).toContain('    @unbare\n    async def paths(self, names):\n        for name in names:\n            await asyncio.sleep(0)\n');
      expect(out).toContain('    def wrapper(self, *args, **kwargs):\n        if self.bare:\n            raise ValueError("bare repository")\n        return func(self, *args, **kwargs)\n');
      expect(out).toContain('[path async for path in repo.paths(["a", "b"])]');
    });

    it('keeps the sync half of a colour-aware wrapper for the generator when a plain function under it turns async', () => {
      const source = `${GUARD}${REPO}\n    @unbare\n    def fetch(self):\n        time.sleep(0)\n        return "fetched"\n\n\ndef collect(repo):\n    return [path for path in repo.paths(["x"])] + [repo.fetch()]\n\n\nif __name__ == "__main__":\n    print(collect(Repo(False)))\n`;
      const migration = migratesAlike(source, "['X', 'fetched']\n");
      const out = migration.after['app.py'];
      expect(out).toContain('    return typing.cast(typing.Any, wrapper_async if inspect.iscoroutinefunction(func) else wrapper)');
      expect(out).toContain('    async def fetch(self):');
      expect(out).toContain('    async def paths(self, names):');
      expect(migration.result.reviews.find((item) => item.code === 'AS123')?.message).toContain('the generator it hands back');
    });

    it('runs as before where the wrapper calls blocking code of its own', () => {
      const guard = GUARD.replace('def unbare(func):', 'def ping():\n    time.sleep(0)\n\n\ndef unbare(func):').replace('        if self.bare:', '        ping()\n        if self.bare:');
      for (const fetch of ['        return "fetched"', '        time.sleep(0)\n        return "fetched"']) {
        const source = `${guard}${REPO}\n    @unbare\n    def fetch(self):\n${fetch}\n\n\ndef collect(repo):\n    return list(repo.paths(["x"])) + [repo.fetch()]\n\n\nif __name__ == "__main__":\n    print(collect(Repo(False)))\n`;
        expect(migratesAlike(source, "['X', 'fetched']\n").after['app.py']).toContain('    async def paths(self, names):');
      }
    });

    it('still keeps a generator sync under a wrapper that does more with the call than return it', () => {
      const source = `${GUARD.replace('        return func(self, *args, **kwargs)', '        result = func(self, *args, **kwargs)\n        return result')}${REPO}\n\ndef listing(repo):\n    return list(repo.paths(["a"]))\n`;
      const { after, result } = migrateFiles({ 'app.py': source });
      expect(after['app.py'] ?? source).toContain('    def paths(self, names):\n        for name in names:\n            time.sleep(0)\n');
      expect(result.reviews.map((item) => item.message).join('\n')).toContain('a generator decorated with @unbare: its wrapper cannot await an async generator');
    });
  });
});
