import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyMigration, makeProject, migrateFiles, migrateFolder, reviewMessages, unawaitedCoroutines } from './helpers/project.js';
import { SYSTEM_PYTHON } from './helpers/python.js';

/** Migrates, applies, and checks that the output is stable and leaves no coroutine un-awaited. */
function migrateStable(files: Record<string, string>) {
  const root = makeProject(files);
  const first = migrateFolder(root);
  applyMigration(root, first);
  expect(unawaitedCoroutines(root)).toEqual([]);
  expect(migrateFolder(root).after).toEqual({});
  return { root, after: first.after, reviews: first.result.reviews };
}

const CLIENT = [
  'import time', '', '',
  'class Client:', '    def __init__(self):', '        self.token = self.login()', '',
  '    def login(self):', '        time.sleep(0)', '        return self.sign("t")', '',
  '    def sign(self, text):', '        time.sleep(0)', '        return text + "!"', '',
  '    def refresh(self):', '        self.token = self.login()', '        return self.token', '',
].join('\n');

describe('sync twins cut the cascade from callers that stay sync', () => {
  it('turns a method async and keeps its original code as a twin for __init__, twins following twins', () => {
    const { root, after, reviews } = migrateStable({ 'client.py': CLIENT });
    const out = after['client.py'];
    expect(out).toContain('    def __init__(self):\n        self.token = self.login_sync()');
    expect(out).toContain('    async def login(self):\n        await asyncio.sleep(0)\n        return await self.sign("t")');
    expect(out).toContain('    def login_sync(self):\n        time.sleep(0)\n        return self.sign_sync("t")');
    expect(out).toContain('    def sign_sync(self, text):\n        time.sleep(0)\n        return text + "!"');
    expect(out).toContain('    async def refresh(self):\n        self.token = await self.login()');
    expect(out).toMatch(/^import time$/m);
    expect(reviewMessages(reviews, 'AS125')).toContain('client.Client.login turned async; its original code stays as login_sync for the callers that stay sync (client.py:6, ...)');
    const run = spawnSync(SYSTEM_PYTHON, ['-c', 'import asyncio, client\nc = client.Client()\nprint(c.token, asyncio.run(c.refresh()))'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('t! t!\n');
  });

  it('says a callee stays sync for a caller\'s twin, not for a caller that stays sync (found on pipx)', () => {
    const { after, result } = migrateFiles({
      'client.py': [
        'import time', '', '',
        'class Client:', '    def __init__(self):', '        self.token = self.login()', '',
        '    def login(self):', '        time.sleep(0)', '        return self.fetch()', '',
        // A name taken: `fetch` can have no twin of its own.
        '    def fetch(self):', '        time.sleep(0)', '        return "t"', '',
        '    def fetch_sync(self):', '        return "t"', '',
        '    def refresh(self):', '        self.token = self.login()', '',
      ].join('\n'),
    });
    expect(after['client.py']).toContain('    async def login(self):\n        await asyncio.sleep(0)\n        return await asyncio.to_thread(self.fetch)');
    const pinned = result.reasons.pinned.find((reason) => reason.function === 'client.Client.fetch')!;
    expect(pinned.text).toBe('`Client.fetch` stays sync: called by the sync twin of client.Client.login (login_sync), which serves the callers that stay sync');
    expect(result.reviews.map((item) => item.message).join('\n')).not.toContain('called by client.Client.login, which stays sync');
  });

  it('gives the twin of an overloaded method its own @overload signatures (found on PyGithub)', () => {
    const { after } = migrateStable({
      'hub.py': [
        'import time', 'from typing import overload', '', '',
        'class Hub:', '    def __init__(self):', '        self.me = self.get_user()', '',
        '    @overload', '    def get_user(self) -> str: ...', '',
        '    @overload', '    def get_user(self, login: str) -> int: ...', '',
        '    def get_user(self, login=None):', '        time.sleep(0)', '        return "me" if login is None else len(login)', '',
        '    def refresh(self):', '        self.me = self.get_user()', '',
      ].join('\n'),
    });
    const out = after['hub.py'];
    expect(out).toContain('    @overload\n    async def get_user(self) -> str: ...\n\n    @overload\n    async def get_user(self, login: str) -> int: ...');
    expect(out).toContain('    @overload\n    def get_user_sync(self) -> str: ...\n\n    @overload\n    def get_user_sync(self, login: str) -> int: ...\n\n    def get_user_sync(self, login=None):\n        time.sleep(0)');
  });

  it('makes no twin of a method some code replaces on an object (found on behave and thefuck)', () => {
    const { after } = migrateStable({
      'client.py': CLIENT,
      'tests/test_client.py': 'from unittest import mock\n\nfrom client import Client\n\n\ndef test_login_replaced():\n    client = Client()\n    client.login = mock.Mock(return_value="x")\n    assert client.login() == "x"\n',
    });
    expect(after['client.py'] ?? '').not.toContain('login_sync');
    expect(after['tests/test_client.py'] ?? '').not.toContain('login_sync');
  });

  it('makes no twin of a function the tests patch by its path (found on cookiecutter)', () => {
    const { after } = migrateStable({
      'pkg/__init__.py': '',
      'pkg/prompt.py': 'import shutil\n\n\ndef prompt_and_delete(path, no_input=False):\n    if no_input:\n        shutil.rmtree(path)\n        return True\n    return False\n',
      'pkg/unzip.py': 'from pkg.prompt import prompt_and_delete\n\n\nclass Unzipper:\n    def __init__(self, path):\n        self.download = prompt_and_delete(path, no_input=True)\n\n\ndef refresh(path):\n    return prompt_and_delete(path)\n',
      'tests/test_unzip.py': 'from unittest import mock\n\nfrom pkg.unzip import Unzipper\n\n\ndef test_asks(tmp_path):\n    with mock.patch("pkg.unzip.prompt_and_delete", return_value=True) as asked:\n        assert Unzipper(str(tmp_path)).download is True\n    assert asked.called\n',
    });
    expect(Object.values(after).join('\n')).not.toContain('prompt_and_delete_sync');
    expect(after['pkg/unzip.py'] ?? '').not.toContain('async def refresh');
  });

  it('sees a patch made through a module-level alias of mock.patch (found on spotipy)', () => {
    const { after } = migrateStable({
      'pkg/__init__.py': '',
      'pkg/oauth.py': [
        'class OAuth:', '    @staticmethod', '    def _get_user_input(prompt):', '        return input(prompt)', '',
        '    @property', '    def code(self):', '        return self._get_user_input("code: ")', '',
        '    def get_auth_response(self):', '        return self._get_user_input("url: ")', '',
      ].join('\n'),
      'tests/test_oauth.py': [
        'import unittest', 'import unittest.mock as mock', '', 'from pkg.oauth import OAuth', '', 'patch = mock.patch', '', '',
        'class TestOAuth(unittest.TestCase):', '    @patch("pkg.oauth.OAuth._get_user_input", return_value="abc")',
        '    def test_code(self, asked):', '        self.assertEqual(OAuth().code, "abc")', '',
      ].join('\n'),
    });
    expect(Object.values(after).join('\n')).not.toContain('_get_user_input_sync');
  });

  it('makes no twin callers cannot reach: a function called through a package that re-exports it (found on pipx)', () => {
    const { root, after } = migrateStable({
      'pkg/__init__.py': '',
      'pkg/commands/__init__.py': 'from pkg.commands.listing import list_packages\n\n__all__ = ["list_packages"]\n',
      'pkg/commands/listing.py': 'import time\n\n\ndef list_packages():\n    time.sleep(0)\n    return ["a"]\n',
      'pkg/main.py': 'from pkg import commands\nfrom pkg.commands import list_packages\n\nCACHED = list_packages()\n\n\ndef run():\n    return commands.list_packages()\n\n\ndef refresh():\n    return list_packages()\n',
    });
    expect(Object.values(after).join('\n')).not.toContain('list_packages_sync');
    const run = spawnSync(SYSTEM_PYTHON, ['-c', 'from pkg import main\nprint(main.CACHED)'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe("['a']\n");
  });

  it('makes no twin for a caller that imports the function under a condition (found on twisted)', () => {
    const { root, after, reviews } = migrateStable({
      'pkg/__init__.py': '',
      'pkg/keys.py': 'import time\n\n\ndef show_key(options):\n    time.sleep(0)\n    return options["name"].upper()\n\n\ndef refresh(options):\n    return show_key(options)\n',
      'tests/__init__.py': '',
      'tests/test_keys.py': [
        'import importlib.util', '', 'import pytest', '', 'if importlib.util.find_spec("json"):', '    from pkg.keys import show_key', '', '',
        'def test_show_key():', '    assert show_key({"name": "a"}) == "A"', '',
        'def test_show_key_raises():', '    pytest.raises(KeyError, show_key, {})', '',
      ].join('\n'),
    });
    expect(Object.values(after).join('\n')).not.toContain('show_key_sync');
    expect(reviews.filter((item) => item.code === 'AS121')).toEqual([]);
    const run = spawnSync(SYSTEM_PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'], { cwd: root, encoding: 'utf8' });
    expect(run.stdout).toContain('2 passed');
  });

  it('gives module-level code, callbacks and callers in other modules the twin', () => {
    const { after } = migrateStable({
      'pkg/__init__.py': '',
      'pkg/scores.py': 'import time\n\n\ndef score(x):\n    time.sleep(0)\n    return -x\n\n\nBASE = score(1)\n\n\ndef best(items):\n    return sorted(items, key=score)[0], score(items[0])\n',
      'pkg/report.py': 'from .scores import score\n\nDEFAULT = score(2)\n\n\ndef run():\n    return score(3)\n',
    });
    expect(after['pkg/scores.py']).toContain('BASE = score_sync(1)');
    expect(after['pkg/scores.py']).toContain('async def best(items):\n    return sorted(items, key=score_sync)[0], await score(items[0])');
    expect(after['pkg/report.py']).toContain('from .scores import score, score_sync\n\nDEFAULT = score_sync(2)\n\n\nasync def run():\n    return await score(3)');
  });

  it('does not twin a function that shares a converted object, or whose caller cannot be named', () => {
    const shared = migrateFiles({
      'client.py': [
        'import requests', '', '',
        'class Client:', '    def __init__(self):', '        self.session = requests.Session()', '        self.me = self.whoami()', '',
        '    def whoami(self):', '        return self.session.get("http://x/me").json()', '',
        '    def fetch(self):', '        return self.whoami()', '',
      ].join('\n'),
    });
    expect(shared.after['client.py'] ?? '').not.toContain('_sync');
    const unknown = migrateFiles({
      // `start` is a name threads and servers have too: nothing tells what `x` is.
      'svc.py': 'import time\n\n\nclass A:\n    def start(self):\n        time.sleep(0)\n\n\nclass B:\n    def start(self):\n        return 1\n\n\nA().start()\n\n\ndef use(x):\n    x.start()\n\n\ndef run():\n    A().start()\n',
    });
    expect(unknown.after).toEqual({});
  });

  it('does not twin a function nothing async calls', () => {
    const { after, result } = migrateFiles({ 'm.py': 'import time\n\n\ndef slow():\n    time.sleep(0)\n\n\nslow()\n' });
    expect(after).toEqual({});
    expect(result.reviews.map((item) => item.code)).toEqual(['AS101']);
  });

  it('does not twin overrides whose only async callers are each other (found on poetry)', () => {
    const env = [
      'import subprocess', '', '',
      'class Env:', '    def execute(self, *args):', '        return subprocess.call(list(args))', '', '',
      'class VirtualEnv(Env):', '    def execute(self, *args):', '        return super().execute(*args)', '', '',
      'class Runner:', '    def __init__(self, env: VirtualEnv):', '        self.code = env.execute("true")', '',
    ].join('\n');
    const { after, result } = migrateFiles({ 'env.py': env });
    expect(after).toEqual({});
    expect(result.reasons.pinned.some((pin) => pin.function === 'env.Env.execute')).toBe(true);
    // An async caller outside the family needs the async version: then both twin.
    const needed = migrateFiles({ 'env.py': `${env}\n\nasync def main():\n    return await VirtualEnv().execute("true")\n` });
    expect(needed.after['env.py']).toContain('    async def execute(self, *args):\n        return await super().execute(*args)');
    expect(needed.after['env.py']).toContain('        self.code = env.execute_sync("true")');
    // main awaited what execute returned before; now it awaits the coroutine first.
    expect(needed.after['env.py']).toContain('    return await (await VirtualEnv().execute("true"))');
  });

  it('lets an entry point be handed on: its sync face keeps its name', () => {
    const { after } = migrateFiles({
      'cli.py': 'import time\n\nimport click\n\n\n@click.command()\ndef main():\n    time.sleep(0)\n',
      'tests/test_cli.py': 'from click.testing import CliRunner\n\nfrom cli import main\n\n\ndef test_main():\n    assert CliRunner().invoke(main).exit_code == 0\n',
    });
    expect(after['cli.py']).toContain('async def _main_async():\n    await asyncio.sleep(0)');
    expect(after['tests/test_cli.py']).toBeUndefined();
  });
});
