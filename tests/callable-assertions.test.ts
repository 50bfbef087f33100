import { describe, expect, it } from 'vitest';
import { makeProject, migrateFolder } from './helpers/project.js';
import { migratesAndStillPasses } from './helpers/suite.js';

/**
 * `self.assertRaises(E, f, x)` calls `f` itself. Modelled on patroni's and GitPython's suites, where
 * such a statement kept the function it asserts on (and everything that calls it) sync.
 */
const STORE = [
  'import functools', 'import time', '', '',
  'class NotFound(Exception):', '    pass', '', '',
  'def fetch(key, default=None):', '    time.sleep(0.01)', '    if key != "ok":', '        raise NotFound(key)', '    return default', '', '',
  'class Client:', '    def get(self, key):', '        time.sleep(0.01)', '        raise NotFound(key)', '', '',
  '@functools.lru_cache(maxsize=None)', 'def cached(key):', '    time.sleep(0.01)', '    raise NotFound(key)', '',
].join('\n');

const TESTS = [
  'import unittest', '', 'import pytest', '', 'from app.store import Client, NotFound, cached, fetch', '', '',
  'class StoreTest(unittest.TestCase):',
  '    def setUp(self):', '        self.client = Client()', '',
  '    def test_missing(self):', '        self.assertRaises(NotFound, fetch, "nope")', '',
  '    def test_keywords_and_regex(self):', '        self.assertRaises(NotFound, fetch, "nope", default=3)',
  '        self.assertRaisesRegex(NotFound, "no", fetch, "nope")', '',
  '    def test_literal_arguments(self):', '        self.assertRaises(NotFound, fetch, ["nope"], default={"port": (1, -2), "hosts": {"a"}})', '',
  '    def test_method_over_lines(self):', '        self.assertRaises(', '            NotFound,', '            self.client.get,', '            "x",', '        )', '',
  '    def test_argument_evaluated_first(self):', '        missing = {}', '        with self.assertRaises(KeyError):',
  '            self.assertRaises(NotFound, fetch, missing["a"])', '', '',
  'def test_pytest_form():', '    pytest.raises(NotFound, fetch, "nope")', '', '',
  'def test_sync_function():', '    fetch("ok")', '    pytest.raises(NotFound, cached, "nope")', '',
].join('\n');

let migrated: ReturnType<typeof migratesAndStillPasses> | undefined;

/** One migration, whose suite passes before and after, shared by the tests below. */
function migrate() {
  migrated ??= migratesAndStillPasses({ 'app/__init__.py': '', 'app/store.py': STORE, 'tests/__init__.py': '', 'tests/test_store.py': TESTS });
  return migrated;
}

describe('assertions that call the function they check', () => {
  it('rewrites self.assertRaises(E, f, x) and pytest.raises(E, f, x) to their with form when f turns async', () => {
    const migration = migrate();
    const tests = migration.after['tests/test_store.py'];
    expect(tests).toContain('    async def test_missing(self):\n        with self.assertRaises(NotFound):\n            await fetch("nope")');
    expect(tests).toContain('        with self.assertRaises(NotFound):\n            await fetch("nope", default=3)\n'
      + '        with self.assertRaisesRegex(NotFound, "no"):\n            await fetch("nope")');
    expect(tests).toContain('    async def test_literal_arguments(self):\n        with self.assertRaises(NotFound):\n            await fetch(["nope"], default={"port": (1, -2), "hosts": {"a"}})\n');
    expect(tests).toContain('    async def test_method_over_lines(self):\n        with self.assertRaises(NotFound):\n            await self.client.get("x")\n');
    expect(tests).toContain('async def test_pytest_form():\n    with pytest.raises(NotFound):\n        await fetch("nope")');
    expect(migration.after['app/store.py']).toContain('async def fetch(key, default=None):\n    await asyncio.sleep(0.01)');
  });

  it('runs the assertion of a function that stays sync in asyncio.to_thread, arguments as they were', () => {
    const migration = migrate();
    expect(migration.after['tests/test_store.py']).toContain(
      'async def test_sync_function():\n    await fetch("ok")\n    await asyncio.to_thread(pytest.raises, NotFound, cached, "nope")');
    expect(migration.after['app/store.py']).toContain('@functools.lru_cache(maxsize=None)\ndef cached(key):\n    time.sleep(0.01)');
  });

  it('keeps an assertion whose arguments could raise before the call as it is, calling a sync twin', () => {
    const migration = migrate();
    const tests = migration.after['tests/test_store.py'];
    expect(tests).toContain('    def test_argument_evaluated_first(self):');
    expect(tests).toContain('            self.assertRaises(NotFound, fetch_sync, missing["a"])');
  });

  it('changes nothing on a second run', () => {
    expect(migrateFolder(migrate().root).after).toEqual({});
  });

  it('leaves the assertion alone where the function stays sync', () => {
    const root = makeProject({
      'app/__init__.py': '',
      'app/store.py': 'class NotFound(Exception):\n    pass\n\n\ndef fetch(key):\n    raise NotFound(key)\n',
      'tests/test_store.py': 'import unittest\n\nfrom app.store import NotFound, fetch\n\n\nclass T(unittest.TestCase):\n    def test_it(self):\n        self.assertRaises(NotFound, fetch, "x")\n',
    });
    expect(migrateFolder(root).after).toEqual({});
  });
});
