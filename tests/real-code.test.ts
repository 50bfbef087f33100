import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMigration, makeProject, migrateFiles, migrateFolder, reviewMessages } from './helpers/project.js';
import { runPytest, SYSTEM_PYTHON } from './helpers/python.js';
import { migratesAndStillPasses } from './helpers/suite.js';
import { startPostgres } from './helpers/services.js';
import { typeErrorsAdded } from './helpers/type-check.js';

/**
 * Breakage found on public repositories (issue 13), each modelled on the code it was found in. Each
 * project's own tests pass before and after the migration: the migrated code runs as before.
 */
describe('library base classes keep their colour', () => {
  it('keeps threading.Thread.run, a logging.Handler and a json.JSONEncoder sync, and says why', () => {
    const { after, result } = migratesAndStillPasses({
      'worker.py': [
        'import json', 'import logging', 'import threading', 'import time', '', '',
        'def pause():', '    time.sleep(0.01)', '', '',
        'class Poller(threading.Thread):',
        '    def __init__(self):', '        super().__init__()', '        self.ticks = 0', '',
        '    def run(self):', '        pause()', '        self.ticks += 1', '',
        '    def status(self):', '        time.sleep(0.01)', '        return self.ticks', '', '',
        'class SlowHandler(logging.Handler):',
        '    def __init__(self):', '        super().__init__()', '        self.records = []', '',
        '    def emit(self, record):', '        pause()', '        self.records.append(record.getMessage())', '', '',
        'class Encoder(json.JSONEncoder):',
        '    def default(self, o):', '        pause()', '        return sorted(o)', '', '',
        'def run_once():', '    poller = Poller()', '    poller.start()', '    poller.join()', '    return poller.status()', '',
      ].join('\n'),
      'tests/test_worker.py': [
        'import json', 'import logging', '', 'from worker import Encoder, Poller, SlowHandler, run_once', '', '',
        'def test_thread_runs_its_body():', '    assert run_once() == 1', '', '',
        'def test_handler_records():', '    handler = SlowHandler()', '    log = logging.getLogger("t")', '    log.addHandler(handler)',
        '    log.warning("hi")', '    assert handler.records == ["hi"]', '', '',
        'def test_encoder():', '    assert json.dumps({1, 2}, cls=Encoder) == "[1, 2]"', '',
      ].join('\n'),
    });
    const worker = after['worker.py'];
    expect(worker).toContain('    def run(self):\n        pause()');
    expect(worker).toContain('    def emit(self, record):\n        pause()');
    expect(worker).toContain('    def default(self, o):\n        pause()');
    // What the library does not call stays free to migrate.
    expect(worker).toContain('    async def status(self):\n        await asyncio.sleep(0.01)');
    const reasons = reviewMessages(result.reviews, 'AS101');
    expect(reasons).toContain('it overrides threading.Thread.run, which the library calls synchronously');
    expect(reasons).toContain('it overrides logging.Handler.emit');
  });

  it('reads typing\'s aliases as the classes they stand for: a list, mapping or named tuple subclass\'s own method turns async (found on GitPython, mkdocs and pre-commit)', () => {
    const { after } = migratesAndStillPasses({
      'remotes.py': [
        'import time', 'from typing import List, MutableMapping, NamedTuple', '', '',
        'class Remotes(List[str]):', '    def refresh_all(self):', '        time.sleep(0)', '        return len(self)', '',
        '    def append(self, name):', '        time.sleep(0)', '        super().append(name)', '', '',
        // Found on mkdocs and pre-commit.
        'class Theme(MutableMapping):', '    def __init__(self):', '        self.data = {}', '',
        '    def __getitem__(self, key):', '        return self.data[key]', '',
        '    def __setitem__(self, key, value):', '        self.data[key] = value', '',
        '    def __delitem__(self, key):', '        del self.data[key]', '',
        '    def __iter__(self):', '        return iter(self.data)', '',
        '    def __len__(self):', '        return len(self.data)', '',
        '    def _load_config(self):', '        time.sleep(0)', '        self.data["name"] = "t"', '',
        '    def pop(self, key, default=None):', '        time.sleep(0)', '        return self.data.pop(key, default)', '', '',
        'class Prefix(NamedTuple):', '    root: str', '',
        '    def star(self, end):', '        time.sleep(0)', '        return self.root + end', '',
      ].join('\n'),
      'tests/test_remotes.py': [
        'from remotes import Prefix, Remotes, Theme', '', '',
        'def test_refresh():', '    remotes = Remotes(["origin"])', '    assert remotes.refresh_all() == 1', '', '',
        'def test_theme():', '    theme = Theme()', '    theme._load_config()', '    assert dict(theme) == {"name": "t"}', '    assert theme.pop("name") == "t"', '', '',
        'def test_prefix():', '    assert Prefix("a").star("/b") == "a/b"', '',
      ].join('\n'),
    });
    expect(after['remotes.py']).toContain('    async def refresh_all(self):\n        await asyncio.sleep(0)');
    expect(after['remotes.py']).toContain('    async def _load_config(self):\n        await asyncio.sleep(0)');
    expect(after['remotes.py']).toContain('    async def star(self, end):\n        await asyncio.sleep(0)');
    // MutableMapping's own `pop` calls __getitem__ and __delitem__; an override keeps its colour.
    expect(after['remotes.py']).toContain('    def pop(self, key, default=None):\n        time.sleep(0)');
    expect(after['remotes.py']).toContain('    def append(self, name):\n        time.sleep(0)');
    expect(after['tests/test_remotes.py']).toContain('assert await remotes.refresh_all() == 1');
  });

  it('annotates an overridden method that turns async and returns a literal with the literal\'s type, so overrides returning other values still match it (found on thefuck)', () => {
    const { after } = migratesAndStillPasses({
      'shells.py': [
        'import time', '', '',
        'class Generic:', '    def _get_version(self):', '        """The version of the current shell."""', '        return \'\'', '',
        '    def info(self):', '        return "shell " + self._get_version()', '', '',
        'class Bash(Generic):', '    def _get_version(self):', '        time.sleep(0)', '        return "5.2"', '', '',
        'class Plain:', '    def _get_version(self):', '        return \'\'', '',
      ].join('\n'),
      'tests/test_shells.py': [
        'import pytest', '', 'from shells import Bash, Generic', '', '',
        'def test_info():', '    assert Bash().info() == "shell 5.2"', '    assert Generic().info() == "shell "', '', '',
        '@pytest.fixture', 'def shell():', '    return Generic()', '', '',
        'def test_info_with_a_stand_in(shell, mocker):', '    shell._get_version = mocker.Mock(side_effect=["3.5.9"])', '    assert shell.info() == "shell 3.5.9"', '',
      ].join('\n'),
    });
    // The stand-in assigned over the method must be awaitable now (found on thefuck too).
    expect(after['tests/test_shells.py']).toContain('    shell._get_version = mocker.AsyncMock(side_effect=["3.5.9"])');
    expect(after['shells.py']).toContain('class Generic:\n    async def _get_version(self) -> str:\n        """The version of the current shell."""');
    // An override needs none: a narrower return type still matches its base.
    expect(after['shells.py']).toContain('class Bash(Generic):\n    async def _get_version(self):');
    expect(after['shells.py']).not.toContain('class Plain:\n    async');
  });

  it('keeps methods of a class derived from an unknown library class sync', () => {
    const { after, result } = migratesAndStillPasses({
      'plugin.py': [
        'import time', '', '',
        'def make_base():', '    return object', '', '',
        'class Plugin(make_base()):',
        '    def fetch(self):', '        time.sleep(0)', '        return 1', '',
      ].join('\n'),
      'tests/test_plugin.py': 'from plugin import Plugin\n\n\ndef test_fetch():\n    assert Plugin().fetch() == 1\n',
    });
    expect(after['plugin.py']).toBeUndefined();
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('derives from a class asyncshift cannot resolve');
  });

  it('reads the bases of with_metaclass(Meta, Base) as the class\'s own bases, and the migrated suite passes (found on barman)', () => {
    const { after } = migratesAndStillPasses({
      'store/__init__.py': '',
      'store/utils.py': [
        'def with_metaclass(meta, *bases):', '    class metaclass(type):', '        def __new__(cls, name, this_bases, d):', '            return meta(name, bases, d)', '',
        '    return type.__new__(metaclass, "temporary_class", (), {})', '',
      ].join('\n'),
      'store/archive.py': [
        'import time', 'from abc import ABCMeta, abstractmethod', '', 'from store.utils import with_metaclass', '', '',
        'class Status(with_metaclass(ABCMeta, object)):', '    @abstractmethod', '    def fetch(self):', '        pass', '', '',
        'class Archive(Status):', '    def fetch(self):', '        time.sleep(0)', '        return 1', '', '',
        'def archive_all(archives):', '    return [archive.fetch() for archive in archives]', '',
      ].join('\n'),
      'tests/test_archive.py': 'from store.archive import Archive\n\n\ndef test_fetch():\n    assert Archive().fetch() == 1\n',
    });
    expect(after['store/archive.py']).toContain('class Archive(Status):\n    async def fetch(self):\n        await asyncio.sleep(0)');
    expect(after['tests/test_archive.py']).toContain('    assert await Archive().fetch() == 1');
  });

  it('switches the project class that derives from unittest.TestCase, not a base named like it in another module', () => {
    const { after } = migratesAndStillPasses({
      'client.py': 'import time\n\n\ndef fetch():\n    time.sleep(0)\n    return 3\n',
      'tests/__init__.py': '',
      'tests/Framework.py': [
        'import unittest', '', '',
        'class BasicTestCase(unittest.TestCase):', '    def setUp(self):', '        self.ready = True', '', '',
        'class TestCase(BasicTestCase):', '    pass', '',
      ].join('\n'),
      'tests/test_client.py': [
        'from client import fetch', '', 'from . import Framework', '', '',
        'class Client(Framework.TestCase):',
        '    def testFetch(self):', '        self.assertTrue(self.ready)', '        self.assertEqual(fetch(), 3)', '',
        '    def testPlain(self):', '        self.assertTrue(self.ready)', '',
      ].join('\n'),
    });
    expect(after['tests/test_client.py']).toContain('class Client(Framework.TestCase):\n    async def testFetch(self):');
    expect(after['tests/Framework.py']).toContain('class BasicTestCase(unittest.IsolatedAsyncioTestCase):');
  });
});

describe('entry points declared anywhere keep a sync wrapper', () => {
  it('keeps a [tool.poetry.scripts] target callable synchronously, in a sub-project too, and keeps plugin hooks sync', () => {
    const { after, result } = migratesAndStillPasses({
      'pyproject.toml': '[tool.poetry]\nname = "tools"\n\n[tool.poetry.scripts]\nsync-feeds = "feeds.cli:main"\n\n[tool.poetry.plugins."pytest11"]\nfeeds = "feeds.plugin"\n',
      'feeds/__init__.py': '',
      'feeds/fetch.py': 'import time\n\n\ndef fetch(n):\n    time.sleep(0.01)\n    return list(range(n))\n\n\ndef version():\n    time.sleep(0.01)\n    return 1\n',
      'feeds/cli.py': 'import sys\n\nfrom feeds.fetch import fetch\n\n\ndef main(argv=None):\n    print(len(fetch(3)))\n    return 0\n',
      'feeds/plugin.py': 'from feeds.fetch import version\n\n\ndef pytest_report_header(config):\n    return f"feeds {version()}"\n',
      'extra/setup.py': 'from setuptools import setup\n\nsetup(name="extra", entry_points={"console_scripts": ["extra = extra_tool.main:run"]})\n',
      'extra/extra_tool/__init__.py': '',
      'extra/extra_tool/main.py': 'import time\n\n\ndef run():\n    time.sleep(0.01)\n    return 7\n',
      'tests/test_cli.py': [
        'import subprocess', 'import sys', '', '',
        'def test_console_script_runs_synchronously():',
        '    launcher = "import sys; from feeds.cli import main; sys.exit(main())"',
        '    done = subprocess.run([sys.executable, "-c", launcher], capture_output=True, text=True, check=True)',
        '    assert done.stdout == "3\\n"', '', '',
        'def test_sub_project_script():',
        '    launcher = "import sys; sys.path.insert(0, \'extra\'); from extra_tool.main import run; assert run() == 7"',
        '    subprocess.run([sys.executable, "-c", launcher], check=True)', '',
      ].join('\n'),
    });
    expect(after['feeds/cli.py']).toContain('def main(argv=None):\n    return _run_entry_point(_main_async(argv))');
    expect(after['extra/extra_tool/main.py']).toContain('def run():\n    return _run_entry_point(_run_async())');
    expect(after['feeds/plugin.py']).toBeUndefined();
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('reached through the `pytest11` entry point `feeds` (pyproject.toml), whose host calls it synchronously');
  });
});

describe('functions behave finds by name', () => {
  it('keeps the hooks of a features folder\'s environment.py sync, so that behave still runs them (found on pgcli and patroni)', () => {
    const root = makeProject({
      'app/__init__.py': '',
      'app/store.py': 'import time\n\n\ndef load_words(path):\n    time.sleep(0)\n    with open(path) as f:\n        return f.read().split()\n',
      'features/words.txt': 'alpha beta\n',
      'features/environment.py': [
        'import os', '', 'from app.store import load_words', '', '',
        'def before_all(context):', '    context.words = load_words(os.path.join(os.path.dirname(__file__), "words.txt"))', '', '',
        'def after_scenario(context, scenario):', '    context.words = load_words(os.path.join(os.path.dirname(__file__), "words.txt"))', '',
      ].join('\n'),
      'features/words.feature': 'Feature: words\n  Scenario: the fixtures are loaded\n    Then there are 2 words\n',
      'features/steps/steps.py': 'from behave import then\n\n\n@then("there are {count:d} words")\ndef step_count(context, count):\n    assert len(context.words) == count\n',
    });
    const behave = () => spawnSync(SYSTEM_PYTHON, ['-m', 'behave', '--no-capture', '--format', 'plain'], { cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    const before = behave();
    expect(before.status, before.stdout + before.stderr).toBe(0);
    const migration = migrateFolder(root);
    applyMigration(root, migration);
    const after = behave();
    expect(after.status, after.stdout + after.stderr).toBe(0);
    expect(fs.readFileSync(path.join(root, 'features/environment.py'), 'utf8')).toContain('def before_all(context):\n    context.words = load_words(');
    const reasons = migration.result.reviews.map((item) => item.message).join('\n');
    expect(reasons).toContain('before_all is a behave hook, which behave calls synchronously');
  });
});

describe('hooks other frameworks find by name', () => {
  it('keeps unittest\'s module fixtures sync, which pytest and unittest call synchronously', () => {
    const { after } = migratesAndStillPasses({
      'store.py': 'import time\n\nSTATE = {}\n\n\ndef open_store():\n    time.sleep(0)\n    STATE["open"] = True\n\n\ndef close_store():\n    time.sleep(0)\n    STATE["open"] = False\n',
      'tests/test_store.py': [
        'import unittest', '', 'import store', '', '',
        'def setUpModule():', '    store.open_store()', '', '',
        'def tearDownModule():', '    store.close_store()', '', '',
        'class TestStore(unittest.TestCase):', '    def test_open(self):', '        self.assertTrue(store.STATE["open"])', '',
      ].join('\n'),
    });
    expect(after['tests/test_store.py'] ?? '').not.toContain('async def setUpModule');
  });

  it('keeps Sphinx\'s setup(app) and gunicorn\'s server hooks sync, and says why', () => {
    const { after, result } = migrateFiles({
      'docs/conf.py': 'import subprocess\n\n\ndef setup(app):\n    version = subprocess.check_output(["git", "describe"], text=True)\n    app.add_config_value("release_name", version, "env")\n',
      'gunicorn.conf.py': 'import time\n\n\ndef post_fork(server, worker):\n    time.sleep(0)\n',
      'app/__init__.py': '',
      'app/work.py': 'import time\n\n\ndef work():\n    time.sleep(0)\n',
    });
    expect(after['docs/conf.py']).toBeUndefined();
    expect(after['gunicorn.conf.py']).toBeUndefined();
    expect(after['app/work.py']).toContain('async def work():');
    const reasons = result.reviews.map((item) => item.message).join('\n');
    expect(reasons).toContain("setup is a Sphinx extension's setup, which Sphinx calls synchronously");
    expect(reasons).toContain('post_fork is a gunicorn server hook, which gunicorn calls synchronously');
  });
});

describe('a packaging script', () => {
  it('leaves setup.py as it is while the package migrates (found on pg_view)', () => {
    const { after, result } = migrateFiles({
      'setup.py': [
        'import setuptools', '', '',
        'def read_requirements(path):', '    with open(path) as f:', '        return f.read().split()', '', '',
        'def setup_package():', '    setuptools.setup(name="tool", install_requires=read_requirements("requirements.txt"))', '', '',
        'if __name__ == "__main__":', '    setup_package()', '',
      ].join('\n'),
      'tool/__init__.py': '',
      'tool/core.py': 'import time\n\n\ndef wait():\n    time.sleep(0)\n',
    });
    expect(after['setup.py']).toBeUndefined();
    expect(after['tool/core.py']).toContain('async def wait():');
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('setup.setup_package stays sync (setup.py is a packaging script, which setuptools runs synchronously)');
  });
});

describe('functions pytest finds by name', () => {
  it('keeps xunit set-up and tear-down and conftest hooks sync while the tests themselves turn async', () => {
    const { after, result } = migratesAndStillPasses({
      'workspace.py': [
        'import shutil', 'import time', '', '',
        'def prepare(path):', '    time.sleep(0.01)', '    path.mkdir(exist_ok=True)', '    return path', '', '',
        'def clean(path):', '    time.sleep(0.01)', '    shutil.rmtree(path, ignore_errors=True)', '', '',
        'def entries(path):', '    time.sleep(0.01)', '    return sorted(p.name for p in path.iterdir())', '',
      ].join('\n'),
      'tests/conftest.py': [
        'from workspace import prepare', '', '',
        'def pytest_configure(config):', '    import pathlib', '    prepare(pathlib.Path(".scratch"))', '',
      ].join('\n'),
      'tests/test_workspace.py': [
        'import pathlib', '', 'from workspace import clean, entries, prepare', '', '',
        'def setup_module(module):', '    prepare(pathlib.Path(".module-scratch"))', '', '',
        'class TestWorkspace:',
        '    def setup_method(self, method):', '        self.root = prepare(pathlib.Path(".case-scratch"))', '',
        '    def teardown_method(self, method):', '        clean(self.root)', '',
        '    def test_prepared(self):', '        assert self.root.is_dir()', '        assert pathlib.Path(".scratch").is_dir()', '',
        '    def test_starts_empty(self):', '        assert entries(self.root) == []', '',
      ].join('\n'),
    });
    const tests = after['tests/test_workspace.py'];
    expect(tests).toContain('    def setup_method(self, method):\n        self.root = prepare(');
    expect(tests).toContain('    def teardown_method(self, method):\n        clean(self.root)');
    expect(tests).toContain('def setup_module(module):\n    prepare(');
    expect(tests).toContain('    async def test_starts_empty(self):\n        assert await entries(self.root) == []');
    expect(after['tests/conftest.py']).toBeUndefined();
    const reasons = result.reviews.map((item) => item.message).join('\n');
    expect(reasons).toContain('pytest calls setup_method synchronously');
    expect(reasons).toContain('pytest_configure is a pytest hook, which pytest calls synchronously');
  });
});

describe('calls the tests patch', () => {
  it('keeps the calls tests replace with mock.patch (bridged with asyncio.to_thread where the call alone is replaced), and no await on what they make (found on cookiecutter)', () => {
    const { after, result } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/vcs.py': 'import subprocess\n\n\ndef clone(url):\n    out = subprocess.check_output(["git", "clone", url], text=True)\n    return out.strip()\n',
      'pkg/replay.py': [
        'import json', '', '',
        'def dump(path, context):', '    with open(path, "w") as f:', '        json.dump(context, f)', '', '',
        'def load(path):', '    with open(path) as f:', '        return json.loads(f.read())', '',
      ].join('\n'),
      'pkg/hooks.py': 'import subprocess\nimport sys\n\n\ndef run_script(path):\n    proc = subprocess.Popen([sys.executable, path])\n    return proc.wait()\n',
      'tests/test_pkg.py': [
        'import json', 'from unittest import mock', '', 'from pkg import hooks, replay, vcs', '', '',
        'def test_clone():', '    with mock.patch("pkg.vcs.subprocess.check_output", return_value="done\\n") as check_output:',
        '        assert vcs.clone("https://example.invalid/repo") == "done"', '    check_output.assert_called_once()', '', '',
        'def test_dump(tmp_path):', '    with mock.patch("json.dump", side_effect=json.dump) as dumped:', '        replay.dump(tmp_path / "r.json", {"a": 1})',
        '    assert dumped.call_count == 1', '    assert replay.load(tmp_path / "r.json") == {"a": 1}', '', '',
        '@mock.patch("subprocess.Popen")', 'def test_hook(popen):', '    popen.return_value.wait.return_value = 0', '    assert hooks.run_script("hook.py") == 0', '',
      ].join('\n'),
    });
    // The call the test patches runs in a thread instead, where it still looks the patched name up.
    expect(after['pkg/vcs.py']).toContain('async def clone(url):\n    out = await asyncio.to_thread(subprocess.check_output, ["git", "clone", url], text=True)');
    expect(after['tests/test_pkg.py']).toContain('        assert await vcs.clone("https://example.invalid/repo") == "done"');
    expect(after['pkg/replay.py']).toContain('        json.dump(context, f)');
    expect(after['pkg/replay.py']).toContain('async def load(path):\n    async with aiofiles.open(path) as f:');
    expect(after['pkg/hooks.py'] ?? '').not.toContain('await proc.wait()');
    const reasons = result.reviews.map((item) => item.message).join('\n');
    expect(reasons).toContain('tests/test_pkg.py:8 patches pkg.vcs.subprocess.check_output');
    expect(reasons).toContain('patches json.dump, which the open-aiofiles conversion at pkg/replay.py:6 would no longer call');
  });

  it('lets a function turn async when a test spies on it with a mock that calls it (found on cookiecutter)', () => {
    const { after } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/api.py': 'import time\n\n\ndef fetch(name):\n    time.sleep(0)\n    return f"data:{name}"\n',
      'pkg/cli.py': 'from pkg.api import fetch\n\n\ndef show(name):\n    return fetch(name).upper()\n',
      'tests/test_cli.py': [
        'from unittest import mock', '', 'from pkg import cli', 'from pkg.api import fetch', '', '',
        'def test_show_calls_fetch():', '    with mock.patch("pkg.cli.fetch", side_effect=fetch) as spy:', '        assert cli.show("x") == "DATA:X"',
        '    spy.assert_called_once_with("x")', '', '',
        'def test_show_wraps_fetch():', '    with mock.patch("pkg.cli.fetch", wraps=fetch) as spy:', '        assert cli.show("y") == "DATA:Y"',
        '    assert spy.call_count == 1', '',
      ].join('\n'),
    });
    expect(after['pkg/api.py']).toContain('async def fetch(name):\n    await asyncio.sleep(0)');
    expect(after['pkg/cli.py']).toContain('async def show(name):\n    return (await fetch(name)).upper()');
  });

  it('keeps open() when a test patches builtins.open (found on hvac), and still converts the rest', () => {
    const { after } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/token.py': 'import os\nimport time\n\n\ndef read_token(folder):\n    time.sleep(0)\n    with open(os.path.join(folder, "token")) as f:\n        return f.read().strip()\n',
      'tests/test_token.py': [
        'from unittest import mock', '', 'from pkg import token', '', '',
        'def test_token():', '    with mock.patch("builtins.open", mock.mock_open(read_data="t\\n")) as opened:', '        assert token.read_token("/nowhere") == "t"',
        '    opened.assert_called_once()', '',
      ].join('\n'),
    });
    expect(after['pkg/token.py']).toContain('async def read_token(folder):\n    await asyncio.sleep(0)\n');
    expect(after['pkg/token.py']).not.toContain('aiofiles');
  });
  it('keeps the calls tests replace with flexmock, on a module\'s attribute or on builtins, and with patch.object on an attribute chain, with what they return (found on borgmatic)', () => {
    const { after, result } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/hook.py': [
        'import time', '', 'import requests', '', '',
        'def ping(url):', '    time.sleep(0)', '    return requests.get(url, timeout=10).ok', '', '',
        'def fetch(url):', '    return requests.post(url, timeout=10).ok', '', '',
        'def read_secret(path):', '    time.sleep(0)', '    with open(path, encoding="utf-8") as secret:', '        return secret.read().strip()', '',
      ].join('\n'),
      'tests/test_hook.py': [
        'import io', 'import sys', 'from unittest import mock', '', 'from flexmock import flexmock', '', 'from pkg import hook as module', '', '',
        'def test_ping():',
        '    flexmock(module.requests).should_receive("get").with_args("https://example.com/ping", timeout=10).and_return(flexmock(ok=True)).once()',
        '    assert module.ping("https://example.com/ping")', '', '',
        'def test_fetch():',
        '    with mock.patch.object(module.requests, "post", return_value=mock.Mock(ok=True)):', '        assert module.fetch("https://example.com/")', '', '',
        'def test_read_secret():', '    builtins = flexmock(sys.modules["builtins"])',
        '    builtins.should_receive("open").with_args("/secret", encoding="utf-8").and_return(io.StringIO("pw\\n"))',
        '    assert module.read_secret("/secret") == "pw"', '',
      ].join('\n'),
    });
    const hook = after['pkg/hook.py'];
    // The withdrawn conversion takes its response rewrite with it: `.ok` stays a requests Response's.
    expect(hook).toContain('async def ping(url):\n    await asyncio.sleep(0)\n    return requests.get(url, timeout=10).ok');
    expect(hook).toContain('def fetch(url):\n    return requests.post(url, timeout=10).ok');
    expect(hook).not.toContain('aiofiles');
    expect(reviewMessages(result.reviews, 'AS120')).toContain('patches builtins.open');
  });
});

describe('tests that stand in for time.sleep', () => {
  const project = {
    'pkg/__init__.py': '',
    'pkg/member.py': [
      'import time', '', '',
      'class Unreachable(Exception):', '    pass', '', '',
      'class Member:', '    def __init__(self, answers):', '        self.answers = list(answers)', '        self.polls = 0', '',
      '    def ping(self):', '        self.polls += 1', '        return self.answers.pop(0) if self.answers else False', '',
      '    def wait_ready(self, attempts=3, delay=5):',
      '        for _ in range(attempts):', '            if self.ping():', '                return True', '            time.sleep(delay)',
      '        raise Unreachable("no answer")', '',
      '    def watch(self):', '        while True:', '            self.ping()', '            time.sleep(10)', '',
    ].join('\n'),
    'pkg/cli.py': 'from pkg.member import Member\n\n\ndef main():\n    return Member([False, True]).wait_ready(delay=30)\n',
    'pyproject.toml': '[project]\nname = "pkg"\nversion = "1"\n\n[project.scripts]\nmember = "pkg.cli:main"\n',
    'tests/__init__.py': '',
    'tests/test_member.py': [
      'import time', 'import unittest', 'from unittest.mock import Mock, patch', '', 'import pytest', '', 'from pkg.cli import main', 'from pkg.member import Member, Unreachable', '', '',
      'class Stop(Exception):', '    pass', '', '',
      "@patch('time.sleep', Mock())", 'def test_ready_after_a_retry():', '    assert Member([False, True]).wait_ready() is True', '', '',
      "@patch('time.sleep', Mock(side_effect=[None, Stop()]))", 'def test_watch_sleeps_between_pings():', '    member = Member([])',
      '    with pytest.raises(Stop):', '        member.watch()', '    assert member.polls == 2', '', '',
      "@patch('time.sleep')", 'def test_sleeps_between_attempts(sleep):', '    assert Member([False, False, True]).wait_ready(delay=2) is True',
      '    assert sleep.call_count == 2', '    sleep.assert_called_with(2)', '', '',
      'def test_gives_up_after_every_attempt():', "    with patch('time.sleep') as sleep:", '        with pytest.raises(Unreachable):',
      '            Member([]).wait_ready(attempts=3, delay=2)', '    assert sleep.call_count == 3', '', '',
      "@patch('time.sleep', Mock())", 'class MemberTest(unittest.TestCase):', '    def test_ready_at_once(self):', '        self.assertTrue(Member([True]).wait_ready())', '', '',
      "@patch('time.sleep', Mock(side_effect=Stop))", 'def test_command_sleeps_before_retrying():', '    with pytest.raises(Stop):', '        main()', '', '',
      'def test_sleeps_through_the_module():', "    with patch.object(time, 'sleep') as sleep:", '        Member([False, True]).wait_ready(delay=3)', '    sleep.assert_called_once_with(3)', '',
    ].join('\n'),
  };
  const STAND_IN = "patch('asyncio.sleep', AsyncMock(side_effect=lambda delay, result=None: time.sleep(delay)))";

  it('patches asyncio.sleep alongside with a stand-in that calls the test\'s own, however the test made it (found on patroni and elastalert)', () => {
    const { after, result } = migratesAndStillPasses(project, {}, ['--timeout=30']);
    expect(after['pkg/member.py']).toContain('    async def wait_ready(self, attempts=3, delay=5):');
    expect(after['pkg/member.py']).toContain('            await asyncio.sleep(delay)');
    expect(after['pkg/member.py']).toContain('            await asyncio.sleep(10)');
    const tests = after['tests/test_member.py'];
    expect(tests).toContain(`@${STAND_IN}\n@patch('time.sleep', Mock())\nasync def test_ready_after_a_retry():`);
    expect(tests).toContain(`@${STAND_IN}\n@patch('time.sleep', Mock(side_effect=[None, Stop()]))\nasync def test_watch_sleeps_between_pings():`);
    expect(tests).toContain(`@${STAND_IN}\n@patch('time.sleep')\nasync def test_sleeps_between_attempts(sleep):`);
    expect(tests).toContain(`    with patch('time.sleep') as sleep, ${STAND_IN}:`);
    expect(tests).toContain(`@${STAND_IN}\n@patch('time.sleep', Mock())\nclass MemberTest(unittest.IsolatedAsyncioTestCase):`);
    // A test that stays sync reaches the converted sleep through the command's event loop.
    expect(after['pkg/cli.py']).toContain('return _run_entry_point(_main_async())');
    expect(tests).toContain(`@${STAND_IN}\n@patch('time.sleep', Mock(side_effect=Stop))\ndef test_command_sleeps_before_retrying():`);
    expect(tests).toContain("    with patch.object(time, 'sleep') as sleep, patch.object(asyncio, 'sleep', AsyncMock(side_effect=lambda delay, result=None: time.sleep(delay))):");
    expect(tests).toMatch(/^import asyncio\nimport time\n/);
    expect(result.reviews.filter((item) => item.code === 'AS120')).toEqual([]);
    // One item for the module, naming each stand-in's line.
    expect(result.reviews.filter((item) => item.code === 'AS202').map((item) => item.message)).toEqual([
      'the 7 stand-ins for time.sleep in this module (lines 15, 20, 28, 36, 42, 48, 55) stand in for asyncio.sleep too, through AsyncMocks that call them: while a test runs, every coroutine that sleeps meets its stand-in',
    ]);
  });

  it('follows monkeypatch.setattr of time.sleep, by object and by path, with a monkeypatch of asyncio.sleep on the next line (found on python-gitlab)', () => {
    const { after, result, root } = migratesAndStillPasses({
      ...project,
      'tests/test_member.py': [
        'import time', 'from unittest import mock', '', 'import pytest', '', 'from pkg.member import Member', '', '',
        'def test_waits_between_pings(monkeypatch: pytest.MonkeyPatch):', '    mock_sleep = mock.Mock()', '    monkeypatch.setattr(time, "sleep", mock_sleep)  # no real waits',
        '    assert Member([False, True]).wait_ready(delay=7) is True', '    mock_sleep.assert_called_once_with(7)', '', '',
        'def test_waits_by_path(monkeypatch):', '    slept = []', "    monkeypatch.setattr('time.sleep', slept.append)",
        '    assert Member([False, False, True]).wait_ready(delay=3) is True', '    assert slept == [3, 3]', '',
      ].join('\n'),
    }, {}, ['--timeout=30']);
    expect(after['pkg/member.py']).toContain('            await asyncio.sleep(delay)');
    const tests = after['tests/test_member.py'];
    expect(tests).toContain('    monkeypatch.setattr(time, "sleep", mock_sleep)  # no real waits\n    monkeypatch.setattr(asyncio, "sleep", AsyncMock(side_effect=lambda delay, result=None: time.sleep(delay)))\n');
    expect(tests).toContain("    monkeypatch.setattr('time.sleep', slept.append)\n    monkeypatch.setattr('asyncio.sleep', AsyncMock(side_effect=lambda delay, result=None: time.sleep(delay)))\n");
    expect(result.reviews.filter((item) => item.code === 'AS120')).toEqual([]);
    expect(migrateFolder(root).after).toEqual({});
  });

  it('runs the sleeps a test reaches with a patcher started in setUp, which it cannot follow, in a thread', () => {
    const { after, result } = migratesAndStillPasses({
      ...project,
      'tests/test_member.py': [
        'import unittest', 'from unittest.mock import patch', '', 'from pkg.member import Member', '', '',
        'class MemberTest(unittest.TestCase):', '    def setUp(self):', "        self.sleep = patch('time.sleep').start()", '        self.addCleanup(patch.stopall)', '',
        '    def test_sleeps_twice(self):', '        self.assertTrue(Member([False, False, True]).wait_ready())', '        self.assertEqual(self.sleep.call_count, 2)', '',
      ].join('\n'),
    }, {}, ['--timeout=30']);
    // Both sleeps are reached by a patch it cannot follow: they run in a thread, where the patched name is still looked up.
    expect(after['pkg/member.py']).toContain('            await asyncio.to_thread(time.sleep, delay)\n        raise Unreachable("no answer")');
    expect(after['pkg/member.py']).toContain('            await asyncio.to_thread(time.sleep, 10)');
    expect(after['tests/test_member.py'] ?? '').not.toContain('asyncio.sleep');
    expect(reviewMessages(result.reviews, 'AS120')).toContain('patches time.sleep');
  });
});

describe('tests that stand in for os.listdir', () => {
  it('patch aiofiles.os.listdir alongside, with a stand-in that calls theirs (found on patroni and elastalert)', () => {
    const { after, result } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/rules.py': [
        'import os', '', '',
        'def rule_files(folder):', '    with open(os.path.join(folder, "index")) as f:', '        wanted = set(f.read().split())',
        '    return sorted(name for name in os.listdir(folder) if name in wanted)', '',
      ].join('\n'),
      'tests/test_rules.py': [
        'import os', 'from unittest.mock import patch', '', 'from pkg.rules import rule_files', '', '',
        "@patch('os.listdir', return_value=['b.yaml', 'a.yaml', 'c.yaml'])", 'def test_only_the_listed_files(listdir, tmp_path):',
        '    (tmp_path / "index").write_text("a.yaml b.yaml")', "    assert rule_files(str(tmp_path)) == ['a.yaml', 'b.yaml']", '    listdir.assert_called_once_with(str(tmp_path))', '', '',
        'def test_an_empty_folder(tmp_path):', '    (tmp_path / "index").write_text("a.yaml")',
        "    with patch('os.listdir') as listdir:", '        listdir.return_value = []', '        assert rule_files(str(tmp_path)) == []', '',
      ].join('\n'),
    });
    expect(after['pkg/rules.py']).toContain('    return sorted(name for name in await aiofiles.os.listdir(folder) if name in wanted)');
    const tests = after['tests/test_rules.py'];
    expect(tests).toContain("@patch('aiofiles.os.listdir', AsyncMock(side_effect=lambda *args, **kwargs: os.listdir(*args, **kwargs)))\n@patch('os.listdir', return_value=");
    expect(tests).toContain("    with patch('os.listdir') as listdir, patch('aiofiles.os.listdir', AsyncMock(side_effect=lambda *args, **kwargs: os.listdir(*args, **kwargs))):");
    expect(result.reviews.filter((item) => item.code === 'AS120')).toEqual([]);
    expect(result.reviews.filter((item) => item.code === 'AS603')).toHaveLength(1);
  });
});

describe('a function named as a parameter\'s default', () => {
  it('is a value its callers call synchronously: they keep a sync twin (found on patroni)', () => {
    const { after } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/retry.py': [
        'import time', 'from typing import Callable', '', '',
        'def _sleep(interval: float) -> None:', '    time.sleep(interval)', '', '',
        'class Retry:', '    def __init__(self, attempts: int = 3, sleep_func: Callable[[float], None] = _sleep) -> None:',
        '        self.attempts = attempts', '        self.sleep_func = sleep_func', '',
        '    def __call__(self, fn):', '        for _ in range(self.attempts - 1):', '            try:', '                return fn()',
        '            except KeyError:', '                self.sleep_func(0)', '        return fn()', '', '',
        'def settle():', '    _sleep(0)', '    return "settled"', '',
      ].join('\n'),
      'tests/test_retry.py': [
        'from pkg.retry import Retry, settle', '', '',
        'def test_retries_until_it_works():', '    answers = [KeyError, KeyError, "ok"]', '',
        '    def flaky():', '        answer = answers.pop(0)', '        if answer is KeyError:', '            raise KeyError()', '        return answer', '',
        '    assert Retry()(flaky) == "ok"', '', '',
        'def test_settle():', '    assert settle() == "settled"', '',
      ].join('\n'),
    });
    expect(after['pkg/retry.py']).toContain('sleep_func: Callable[[float], None] = _sleep_sync)');
    expect(after['pkg/retry.py']).toContain('async def settle():\n    await _sleep(0)');
  });
});

describe('a patch is in force only for the tests it is written in', () => {
  const project = {
    'pkg/__init__.py': '',
    'pkg/token.py': 'import os\n\n\ndef read_token(folder):\n    with open(os.path.join(folder, "token")) as f:\n        return f.read().strip()\n',
    'pkg/store.py': [
      'class FileStore:', '    def __init__(self, path):', '        self.path = path', '',
      '    def load(self):', '        with open(self.path) as f:', '            return f.read()', '', '',
      'def make_store(path):', '    return FileStore(path)', '',
    ].join('\n'),
    'pkg/notes.py': [
      'def save_note(path, text):', '    with open(path, "w") as f:', '        f.write(text)', '', '',
      'def load_note(path):', '    with open(path) as f:', '        return f.read()', '',
    ].join('\n'),
    'pkg/waiting.py': 'import time\n\n\ndef wait_a_bit():\n    time.sleep(5)\n\n\ndef nap():\n    time.sleep(0)\n    return "rested"\n',
    'tests/test_pkg.py': [
      'import unittest', 'from unittest import mock', '', 'from pkg import notes, token, waiting', 'from pkg.store import make_store', '', '',
      'def _mock_open(data):', '    return mock.patch("builtins.open", mock.mock_open(read_data=data))', '', '',
      'def test_token():', '    with _mock_open("t\\n") as opened:', '        assert token.read_token("/nowhere") == "t"', '    opened.assert_called_once()', '', '',
      'def test_store():', '    with mock.patch("builtins.open", mock.mock_open(read_data="s")):', '        assert make_store("/nowhere").load() == "s"', '', '',
      'def test_notes(tmp_path):', '    notes.save_note(tmp_path / "n", "hi")', '    assert notes.load_note(tmp_path / "n") == "hi"', '', '',
      'def test_nap():', '    assert waiting.nap() == "rested"', '', '',
      '@mock.patch("time.sleep")', 'class TestWait(unittest.TestCase):', '    def test_wait(self, slept):', '        waiting.wait_a_bit()',
      '        slept.assert_called_once_with(5)', '',
    ].join('\n'),
  };

  it('converts the calls no patching test reaches, and keeps those it reaches through helpers, factories and class decorators (found on pre-commit and hvac)', () => {
    const { after, result } = migratesAndStillPasses(project);
    expect(after['pkg/notes.py']).toContain('async def load_note(path):\n    async with aiofiles.open(path) as f:');
    expect(after['pkg/waiting.py']).toContain('async def nap():\n    await asyncio.sleep(0)');
    // The class's time.sleep patch is followed onto asyncio.sleep (transforms/shared/patch-followers.ts) rather than kept.
    expect(after['pkg/waiting.py']).toContain('async def wait_a_bit():\n    await asyncio.sleep(5)');
    expect(after['tests/test_pkg.py']).toContain('@mock.patch("asyncio.sleep", AsyncMock(side_effect=lambda delay, result=None: time.sleep(delay)))\n@mock.patch("time.sleep")\nclass TestWait(');
    expect(after['pkg/token.py'] ?? '').not.toContain('aiofiles');
    expect(after['pkg/store.py'] ?? '').not.toContain('aiofiles');
    const reasons = result.reviews.map((item) => item.message).join('\n');
    // The patch's line in the test as it was, though the migrated test imports time and AsyncMock above it.
    expect(reasons).toContain('tests/test_pkg.py:9 patches builtins.open, which the open-aiofiles conversion at pkg/token.py:5 would no longer call');
    expect(reasons).toContain('patches builtins.open, which the open-aiofiles conversion at pkg/store.py:6 would no longer call');
  });

  it('reads what a reached function refers to, bare names through its module, not its keywords, own parameters, comments or prose (found on pre-commit and patroni)', () => {
    const { after } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/token.py': [
        'from os.path import exists', '', 'from pkg import rotation', '', '',
        'def read_token(path, check: bool = False):', '    if not exists(path) and path != "/nowhere":', '        return ""', '    """Stale tokens go through `rotate` and `expire`."""', '    # rotate() runs from the scheduler',
        '    with open(path) as f:', '        token = f.read().strip()', '    assert token, f"{path} is empty: see `rotate`"', '    if check:', '        rotation.renew(path, check=True)',
        '    return sorted([token], key=len)[0]', '',
      ].join('\n'),
      'pkg/rotation.py': [
        'def rotate(path):', '    with open(path, "w") as f:', '        f.write("new")', '', '',
        'def check(path):', '    with open(path) as f:', '        return f.read() == "new"', '', '',
        'def renew(path, check=False):', '    with open(path, "a") as f:', '        f.write("!")', '', '',
        'def exists(path):', '    with open(path):', '        return True', '',
      ].join('\n'),
      // A script no import can name (found on patroni): a test reaches it by no name.
      '.github/workflows/release.py': [
        'import sys', '', '', 'def renew(path):', '    with open(path) as f:', '        return f.read()', '', '',
        'if __name__ == "__main__":', '    print(renew(sys.argv[1]))', '',
      ].join('\n'),
      'tests/test_pkg.py': [
        'from unittest import mock', '', 'from pkg import rotation, token', '', '',
        'def test_token():', '    with mock.patch("builtins.open", mock.mock_open(read_data="t\\n")):', '        assert token.read_token("/nowhere") == "t"', '', '',
        'def test_rotation(tmp_path):', '    rotation.rotate(tmp_path / "t")', '    assert rotation.check(tmp_path / "t")', '    assert rotation.exists(tmp_path / "t")',
        '    rotation.renew(tmp_path / "t")', '    assert (tmp_path / "t").read_text() == "new!"', '',
      ].join('\n'),
    });
    expect(after['pkg/rotation.py']).toContain('async def rotate(path):\n    async with aiofiles.open(path, "w") as f:');
    expect(after['pkg/rotation.py']).toContain('async def check(path):');
    // A bare name is what the module binds: `exists` is os.path's there, not the project's.
    expect(after['pkg/rotation.py']).toContain('async def exists(path):');
    // What the reached code calls stays in the patching test's reach.
    expect(after['pkg/rotation.py']).toContain('def renew(path, check=False):\n    with open(path, "a") as f:');
    expect(after['pkg/rotation.py']).not.toContain('async def renew');
    expect(after['.github/workflows/release.py']).toContain('async def renew(path):\n    async with aiofiles.open(path) as f:');
  });

  it('holds back nothing for a test marked to be skipped unconditionally (found on buku)', () => {
    const { after } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/notes.py': [
        'def save_note(path, text):', '    with open(path, "w") as f:', '        f.write(text)', '', '',
        'def load_note(path):', '    with open(path) as f:', '        return f.read()', '',
      ].join('\n'),
      'tests/test_notes.py': [
        'import sys', 'from unittest import mock', '', 'import pytest', '', 'from pkg import notes', '', '',
        '@pytest.mark.skip(reason="open cannot be patched here")', 'def test_load_mocked():',
        '    with mock.patch("builtins.open", mock.mock_open(read_data="x")):', '        assert notes.load_note("/nowhere") == "x"', '', '',
        '@pytest.mark.skipif(sys.platform == "win32", reason="posix paths")', 'def test_save_mocked():',
        '    with mock.patch("builtins.open", mock.mock_open()) as opened:', '        notes.save_note("/nowhere", "x")', '    opened.assert_called_once_with("/nowhere", "w")', '', '',
        'def test_round_trip(tmp_path):', '    notes.save_note(tmp_path / "n", "hi")', '    assert notes.load_note(tmp_path / "n") == "hi"', '',
      ].join('\n'),
    });
    expect(after['pkg/notes.py']).toContain('async def load_note(path):\n    async with aiofiles.open(path) as f:');
    // A condition may let it run: its patch still holds.
    expect(after['pkg/notes.py']).toContain('def save_note(path, text):\n    with open(path, "w") as f:');
  });

  it('takes a patch decorating setUp, or a `with` block in a helper, as in force while that function runs (found on patroni)', () => {
    const { after } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/config.py': 'import json\n\n\nclass Config:\n    def __init__(self, path):\n        with open(path) as f:\n            self.data = json.load(f)\n',
      'pkg/notes.py': [
        'def save_note(path, text):', '    with open(path, "w") as f:', '        f.write(text)', '', '',
        'def load_note(path):', '    with open(path) as f:', '        return f.read()', '',
      ].join('\n'),
      'tests/test_config.py': [
        'import unittest', 'from unittest import mock', '', 'from pkg import notes', 'from pkg.config import Config', '', '',
        'class TestConfig(unittest.TestCase):', '    @mock.patch("builtins.open", mock.mock_open(read_data=\'{"a": 1}\'))', '    def setUp(self):', '        self.config = Config("/nowhere")', '',
        '    def test_value(self):', '        self.assertEqual(self.config.data, {"a": 1})', '', '',
        'def _saved_quietly(path):', '    with mock.patch("builtins.open", side_effect=OSError):', '        try:', '            notes.save_note(path, "x")', '        except OSError:', '            return False', '    return True', '', '',
        'def test_notes(tmp_path):', '    notes.save_note(tmp_path / "n", "hi")', '    assert notes.load_note(tmp_path / "n") == "hi"', '    assert not _saved_quietly(tmp_path / "m")', '',
      ].join('\n'),
    });
    // setUp's patch runs Config's __init__, not the notes; the helper's runs save_note only.
    expect(after['pkg/notes.py']).toContain('async def load_note(path):\n    async with aiofiles.open(path) as f:');
    expect(after['pkg/notes.py']).toContain('def save_note(path, text):\n    with open(path, "w") as f:');
    expect(after['pkg/notes.py']).not.toContain('async def save_note');
  });

  it('follows a reached call the resolver types to what it reaches, with its overrides, and a call on a library object to no project code (found on python-zulip-api)', () => {
    const { after, result } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/handler.py': [
        'import json', '', '', 'class Store:', '    def load(self, path):', '        return {}', '', '',
        'class FileStore(Store):', '    def load(self, path):', '        with open(path) as f:', '            return json.load(f)', '', '',
        'class Handler:', '    def __init__(self, store: Store):', '        self.store = store', '        self.decoder = json.JSONDecoder()', '',
        '    def upload_from_path(self, path):', '        with open(path) as f:', '            data = self.decoder.decode(f.read())',
        '        return self.store.load(data["name"])', '',
      ].join('\n'),
      // Methods named like the calls the patching test reaches, in classes it never reaches.
      'pkg/mirror.py': [
        'class Mirror:', '    def decode(self, path):', '        with open(path) as f:', '            return f.read()', '',
        '    def load(self, path):', '        with open(path) as f:', '            return f.read()', '',
      ].join('\n'),
      'tests/test_handler.py': [
        'import json', 'from unittest import mock', '', 'from pkg.handler import FileStore, Handler', 'from pkg.mirror import Mirror', '', '',
        'def test_upload(tmp_path):', '    (tmp_path / "n.json").write_text(json.dumps({"k": 1}))', '    handler = Handler(FileStore())',
        '    with mock.patch("builtins.open", mock.mock_open(read_data=json.dumps({"name": str(tmp_path / "n.json")}))):',
        '        assert handler.upload_from_path("/nowhere") == {"name": str(tmp_path / "n.json")}', '', '',
        'def test_mirror(tmp_path):', '    (tmp_path / "m").write_text("x")', '    assert Mirror().decode(tmp_path / "m") == "x"', '    assert Mirror().load(tmp_path / "m") == "x"', '',
      ].join('\n'),
    });
    // `self.decoder.decode(...)` is json's; `Mirror.decode` is not reached, and converts.
    expect(after['pkg/mirror.py']).toContain('    async def decode(self, path):\n        async with aiofiles.open(path) as f:');
    // `self.store.load(...)` reaches Store.load and FileStore's override below it (which the mock's data opens), not Mirror.load...
    expect(after['pkg/mirror.py']).toContain('    async def load(self, path):\n        async with aiofiles.open(path) as f:');
    // ... and the override keeps the `open` the test patches.
    expect(after['pkg/handler.py'] ?? '').not.toContain('aiofiles');
    expect(reviewMessages(result.reviews, 'AS120')).toContain('which the open-aiofiles conversion at pkg/handler.py:11 would no longer call');
  });

  it('takes a patch written in a fixture as in force everywhere, but in scripts no import can name', () => {
    const { after } = migrateFiles({
      ...project,
      'tests/conftest.py': 'from unittest import mock\n\nimport pytest\n\n\n@pytest.fixture\ndef no_files():\n    with mock.patch("builtins.open", side_effect=OSError):\n        yield\n',
      'scripts-ci/release.py': 'import sys\n\n\ndef notes(path):\n    with open(path) as f:\n        return f.read()\n\n\nif __name__ == "__main__":\n    print(notes(sys.argv[1]))\n',
    });
    expect(after['pkg/notes.py'] ?? '').not.toContain('aiofiles');
    expect(after['pkg/waiting.py']).toContain('async def nap():');
    // But for a script no import can name (found on patroni): it runs in a process of its own.
    expect(after['scripts-ci/release.py']).toContain('async def notes(path):\n    async with aiofiles.open(path) as f:');
  });
});

describe('code only the main thread may run', () => {
  it('keeps a test that blocks only on its own calls sync, so what it calls runs on its thread, where its thread-locals are (found on bottle)', () => {
    const { after } = migratesAndStillPasses({
      'web.py': [
        'import functools', 'import threading', '', 'request = threading.local()', '', '',
        '@functools.lru_cache(maxsize=None)',
        'def static_file(path):', '    with open(path) as f:', '        return request.user + ":" + f.read()', '', '',
        'def load(path):', '    with open(path) as f:', '        return f.read()', '',
      ].join('\n'),
      'tests/test_web.py': [
        'import os', 'import tempfile', '', 'from web import load, request, static_file', '', '',
        'def test_static_file():',
        '    fd, path = tempfile.mkstemp()', '    os.close(fd)',
        '    with open(path, "w") as f:', '        f.write("body")',
        '    request.user = "ann"', '    assert static_file(path) == "ann:body"', '', '',
        'def test_load(tmp_path):',
        '    (tmp_path / "a.txt").write_text("a")', '    assert load(str(tmp_path / "a.txt")) == "a"', '',
      ].join('\n'),
    });
    expect(after['web.py']).toContain('async def load(path):');
    expect(after['tests/test_web.py']).toContain('def test_static_file():\n    fd, path = tempfile.mkstemp()');
    expect(after['tests/test_web.py']).toContain('    assert static_file(path) == "ann:body"');
    expect(after['tests/test_web.py']).toContain('async def test_load(tmp_path):');
  });

  it('never moves a helper that installs signal handlers into a worker thread (found on buku)', () => {
    const { after } = migratesAndStillPasses({
      'cli.py': [
        'import shutil', 'import signal', 'import time', '', '',
        'def copy_quietly(source, target):', '    previous = signal.signal(signal.SIGINT, signal.default_int_handler)', '    try:',
        '        shutil.copy(source, target)', '    finally:', '        signal.signal(signal.SIGINT, previous)', '    return target', '', '',
        'def backup(source, target):', '    time.sleep(0)', '    return copy_quietly(source, target)', '',
      ].join('\n'),
      'tests/test_cli.py': 'from cli import backup\n\n\ndef test_backup(tmp_path):\n    source = tmp_path / "a"\n    source.write_text("x")\n    assert backup(source, tmp_path / "b") == tmp_path / "b"\n    assert (tmp_path / "b").read_text() == "x"\n',
    });
    // It turns async itself (its blocking copy goes to a thread, its signal calls stay on the loop's thread).
    expect(after['cli.py']).toContain('async def backup(source, target):\n    await asyncio.sleep(0)\n    return await copy_quietly(source, target)');
    expect(after['cli.py']).toContain('    previous = signal.signal(signal.SIGINT, signal.default_int_handler)\n    try:\n        await asyncio.to_thread(shutil.copy, source, target)');
    expect(after['cli.py']).not.toContain('to_thread(copy_quietly');
    // A helper that blocks in a way that does not turn it async keeps running where it was called.
    const session = migratesAndStillPasses({
      'cli.py': [
        'import signal', 'import sqlite3', 'import time', '', '',
        'def count_quietly(path):', '    previous = signal.signal(signal.SIGINT, signal.default_int_handler)', '    try:',
        '        with sqlite3.connect(path) as db:', '            return db.execute("select 1").fetchone()[0]', '    finally:', '        signal.signal(signal.SIGINT, previous)', '', '',
        'def check(path):', '    time.sleep(0)', '    return count_quietly(path)', '',
      ].join('\n'),
      'tests/test_cli.py': 'from cli import check\n\n\ndef test_check(tmp_path):\n    assert check(str(tmp_path / "db")) == 1\n',
    });
    expect(session.after['cli.py']).toContain('async def check(path):\n    await asyncio.sleep(0)\n    return count_quietly(path)');
  });

  it('keeps the code that calls an entry point installing signal handlers sync, where its sync face would run it in a worker thread (found on supervisor)', () => {
    const { after, result, root } = migratesAndStillPasses({
      'pyproject.toml': '[project]\nname = "daemon"\n\n[project.scripts]\ndaemon = "daemon:main"\n',
      'daemon.py': [
        'import signal', 'import time', '', '',
        'def setsignals():', '    signal.signal(signal.SIGHUP, signal.SIG_IGN)', '', '',
        'def main(args=None):', '    setsignals()', '    time.sleep(0.001)', '    return len(args or [])', '', '',
        'def ready():', '    time.sleep(0.001)', '    return True', '',
      ].join('\n'),
      'tests/test_daemon.py': [
        'import shutil', 'import tempfile', '', '',
        'def test_main():',
        '    from daemon import main, ready',
        '    folder = tempfile.mkdtemp()', '    try:', '        assert ready()', '        assert main([folder]) == 1', '    finally:', '        shutil.rmtree(folder)', '',
      ].join('\n'),
    });
    expect(after['daemon.py']).toContain('def main(args=None):\n    return _run_entry_point(_main_async(args))');
    expect(after['tests/test_daemon.py']).toBeUndefined();
    const reasons = reviewMessages(result.reviews, 'AS101');
    expect(reasons).toContain('it calls daemon.main at tests/test_daemon.py:10, an entry point that installs signal handlers');
    // A second run reads the split entry as the entry it was, and keeps the test as it is.
    expect(Object.keys(migrateFolder(root).after)).toEqual([]);
  });
});

describe('a decorator handed on as a value', () => {
  it('keeps its wrapper serving the functions it decorates out of sight: colour-aware where it can be, else sync (found on responses)', () => {
    const { after, result } = migratesAndStillPasses({
      'deco.py': [
        'import functools', '', '',
        'def retry(func):', '    @functools.wraps(func)', '    def wrapper(*args, **kwargs):',
        '        try:', '            return func(*args, **kwargs)', '        except OSError:', '            return func(*args, **kwargs)',
        '    return wrapper', '', '',
        'DECORATORS = {"retry": retry}', '',
      ].join('\n'),
      'rec.py': [
        'class Recorder:',
        '    def record(self, path):', '        def deco(function):', '            def wrapper(*args, **kwargs):',
        '                ret = function(*args, **kwargs)', '                self.dump(path)', '                return ret',
        '            return wrapper', '        return deco', '',
        '    def dump(self, path):', '        with open(path, "w") as file:', '            file.write("recorded")', '', '',
        'recorder = Recorder()', 'record = recorder.record', '',
      ].join('\n'),
      'store.py': [
        'from deco import DECORATORS, retry', '', '',
        '@retry', 'def load(path):', '    with open(path) as f:', '        return f.read()', '', '',
        '@DECORATORS["retry"]', 'def answer():', '    return 42', '',
      ].join('\n'),
      'tests/test_store.py': [
        'import rec', 'from store import answer, load', '', '',
        'def test_load(tmp_path):', '    (tmp_path / "a").write_text("a")', '    assert load(str(tmp_path / "a")) == "a"', '', '',
        'def test_answer():', '    assert answer() == 42', '', '',
        'def test_record(tmp_path):', '    @rec.record(str(tmp_path / "out"))', '    def run():', '        return 1', '',
        '    assert run() == 1', '    assert (tmp_path / "out").read_text() == "recorded"', '', '',
        'def test_record_on_own_recorder(tmp_path):', '    custom = rec.Recorder()', '',
        '    @custom.record(str(tmp_path / "own"))', '    def run():', '        return 2', '',
        '    assert run() == 2', '',
      ].join('\n'),
    });
    expect(after['deco.py']).toContain('    return typing.cast(typing.Any, wrapper_async if inspect.iscoroutinefunction(func) else wrapper)');
    expect(after['store.py']).toContain('async def load(path):');
    expect(after['rec.py']).toBeUndefined();
    expect(reviewMessages(result.reviews, 'AS101')).toContain('its decorator rec.Recorder.record is handed on as a value at rec.py:17, where the functions it decorates cannot be seen');
  });

});

describe('code that runs coroutines or methods by other means', () => {
  it('keeps a subclass method a base class reaches through getattr(self, name), held in a local, sync (found on gunicorn)', () => {
    const { after, result } = migratesAndStillPasses({
      'app/__init__.py': '',
      'app/base.py': 'class App:\n    def __call__(self, action, *args):\n        method = getattr(self, action, None)\n        if method is None:\n            raise ValueError(action)\n        return method(*args)\n',
      'app/slow.py': 'import time\n\nfrom app.base import App\n\n\nclass SlowApp(App):\n    def slow(self, delay):\n        time.sleep(delay)\n        return "done"\n',
      'tests/test_app.py': 'from app.slow import SlowApp\n\n\ndef test_dispatch_by_name():\n    assert SlowApp()("slow", 0.01) == "done"\n',
    });
    expect(after['app/slow.py']).toBeUndefined();
    expect(reviewMessages(result.reviews, 'AS101')).toContain('app.slow.SlowApp.slow stays sync (reachable through getattr() at app/base.py:6)');
  });

  it('keeps code that runs a coroutine on a loop of its own sync, and reads what asyncio.run returns as the coroutine\'s result (found on gunicorn)', () => {
    const { after, result } = migratesAndStillPasses({
      'bench.py': [
        'import asyncio', 'import json', '', '',
        'class Results:', '    def save_json(self, path):', '        with open(path, "w") as f:', '            json.dump({"ok": True}, f)', '', '',
        'async def run_benchmarks():', '    await asyncio.sleep(0)', '    return Results()', '', '',
        'def main(path):', '    results = asyncio.run(run_benchmarks())', '    results.save_json(path)', '',
      ].join('\n'),
      'tests/test_bench.py': [
        'import json', '', 'from bench import Results, main', '', '',
        'def test_main_saves(tmp_path):', '    main(tmp_path / "out.json")', '    assert json.loads((tmp_path / "out.json").read_text()) == {"ok": True}', '', '',
        'def test_results(tmp_path):', '    Results().save_json(tmp_path / "r.json")', '    assert (tmp_path / "r.json").exists()', '',
      ].join('\n'),
    });
    expect(after['bench.py'] ?? '').not.toContain('async def main');
    expect(reviewMessages(result.reviews, 'AS101')).toContain('bench.main stays sync (it runs a coroutine on an event loop of its own (asyncio.run at bench.py:17)');
  });
});

describe('a test\'s own function put in place of a method', () => {
  it('is made awaitable where the method turns async (found on responses)', () => {
    const { after } = migratesAndStillPasses({
      'rec.py': [
        'class Recorder:',
        '    def save(self, path):', '        self.dump(path)', '        return path', '',
        '    def dump(self, path):', '        with open(path, "w") as file:', '            file.write("recorded")', '',
      ].join('\n'),
      'tests/test_rec.py': [
        'import rec', '', '',
        'def test_save(tmp_path):', '    recorder = rec.Recorder()', '    written = []', '',
        '    def dump(path):', '        written.append(path)', '',
        '    recorder.dump = dump', '    assert recorder.save("p") == "p"', '    assert written == ["p"]', '',
      ].join('\n'),
    });
    expect(after['tests/test_rec.py']).toContain('    recorder.dump = AsyncMock(side_effect=dump)');
  });
});

describe('requests answered by a transport mock in the tests', () => {
  it('stay on requests where responses or requests_mock answer them, and convert where no mocking test reaches (found on responses and internetarchive)', () => {
    const { after, result } = migratesAndStillPasses({
      'api/__init__.py': '',
      'api/client.py': [
        'import requests', '', '',
        'def fetch(url):', '    return requests.get(url).json()', '', '',
        'def fetch_all(urls):', '    return [requests.get(url).json() for url in urls]', '', '',
        'def status(url):', '    return requests.get(url).status_code', '', '',
        'def ping(url):', '    return requests.head(url).status_code', '',
      ].join('\n'),
      'tests/test_client.py': [
        'import responses', '', 'from api.client import fetch, fetch_all, ping, status', '', '',
        'def test_fetch():',
        '    with responses.RequestsMock() as mocked:', '        mocked.add(responses.GET, "http://api.invalid/a", json={"a": 1})',
        '        assert fetch("http://api.invalid/a") == {"a": 1}', '', '',
        '@responses.activate', 'def test_fetch_all():',
        '    responses.add(responses.GET, "http://api.invalid/b", json=[2])', '    assert fetch_all(["http://api.invalid/b"]) == [[2]]', '', '',
        'def test_status(requests_mock):',
        '    requests_mock.get("http://api.invalid/c", status_code=204)', '    assert status("http://api.invalid/c") == 204', '', '',
        'def test_ping(httpserver):',
        '    httpserver.expect_request("/p").respond_with_data("")', '    assert ping(httpserver.url_for("/p")) == 200', '',
      ].join('\n'),
    });
    const client = after['api/client.py'];
    expect(client).toContain('def fetch(url):\n    return requests.get(url).json()');
    expect(client).toContain('def fetch_all(urls):\n    return [requests.get(url).json() for url in urls]');
    expect(client).toContain('def status(url):\n    return requests.get(url).status_code');
    expect(client).toContain('async def ping(url):');
    const kept = reviewMessages(result.reviews, 'AS120');
    for (const line of [7, 19]) expect(kept).toContain(`tests/test_client.py:${line} patches requests`);
    // @responses.activate keeps its test sync, and so what it calls.
    expect(reviewMessages(result.reviews, 'AS101')).toContain('decorated with @responses.activate');
  });
});

describe('attributes of an argparse namespace', () => {
  it('are whatever the code put there: a method called on one is awaited when it turns async (found on internetarchive)', () => {
    const { after } = migratesAndStillPasses({
      'lib.py': [
        'class File:', '    def download(self, path):', '        with open(path, "w") as f:', '            f.write("x")', '        return []', '', '',
        'class Item:', '    def download(self, destdir=None, dry_run=False):', '        return File().download(destdir + "/f")', '', '',
        'class Session:', '    def get_item(self, name):', '        return Item()', '',
      ].join('\n'),
      'cli.py': [
        'import argparse', 'import sys', '', 'import lib', '', '',
        'def main(args: argparse.Namespace) -> None:',
        '    item = args.session.get_item("nasa")', '    errors = item.download(destdir=args.dest)', '    sys.exit(1 if errors else 0)', '', '',
        'def run(argv=None):',
        '    parser = argparse.ArgumentParser()', '    parser.add_argument("dest")', '    args = parser.parse_args(argv)',
        '    args.session = lib.Session()', '    main(args)', '',
      ].join('\n'),
      'tests/test_cli.py': [
        'import pytest', '', 'import cli', '', '',
        'def test_cli(tmp_path):', '    with pytest.raises(SystemExit) as exit:', '        cli.run([str(tmp_path)])', '    assert exit.value.code == 0', '',
      ].join('\n'),
    });
    expect(after['cli.py']).toContain('    errors = await item.download(destdir=args.dest)');
  });
});

describe('calls of a console-script entry from code that turns async', () => {
  it('await the entry\'s async body by name, on their own loop, so its signal handlers go on the main thread as before', () => {
    const { after, result, root } = migratesAndStillPasses({
      'pyproject.toml': '[project]\nname = "daemon"\n\n[project.scripts]\ndaemon = "daemon:main"\n',
      'daemon.py': [
        'import signal', 'import time', '', '',
        'def main(args=None):', '    signal.signal(signal.SIGHUP, signal.SIG_IGN)', '    time.sleep(0.001)', '    return len(args or [])', '', '',
        'def ready():', '    time.sleep(0.001)', '    return True', '',
      ].join('\n'),
      'tools/__init__.py': '',
      'tools/smoke.py': 'import daemon\n\n\ndef smoke():\n    assert daemon.ready()\n    return daemon.main(["a", "b"])\n',
      'tests/test_daemon.py': [
        'from daemon import main, ready', 'from tools.smoke import smoke', '', '',
        'def test_main():', '    assert ready()', '    assert main(["x"]) == 1', '', '',
        'def test_smoke():', '    assert smoke() == 2', '',
      ].join('\n'),
    });
    expect(after['daemon.py']).toContain('def main(args=None):\n    return _run_entry_point(_main_async(args))');
    expect(after['tests/test_daemon.py']).toContain('from daemon import ready, _main_async');
    expect(after['tests/test_daemon.py']).toContain('    assert await _main_async(["x"]) == 1');
    expect(after['tools/smoke.py']).toContain('    return await daemon._main_async(["a", "b"])');
    expect(reviewMessages(result.reviews, 'AS101')).toBe('');
    expect(Object.keys(migrateFolder(root).after)).toEqual([]);
  });
});

describe('conversions that meet on one call', () => {
  it('awaits a method of an object built in a thread outside the bridge (found on PyGithub)', () => {
    const { after } = migratesAndStillPasses({
      'release.py': [
        'import time', '', '',
        'class Release:', '    def __init__(self, url):', '        time.sleep(0)', '        self.url = url', '        self.done = False', '',
        '    def complete(self):', '        time.sleep(0)', '        self.done = True', '        return self', '', '',
        'def get_release(url):', '    return Release(url).complete()', '',
      ].join('\n'),
      'tests/test_release.py': 'from release import get_release\n\n\ndef test_complete():\n    release = get_release("u")\n    assert release.done and release.url == "u"\n',
    });
    expect(after['release.py']).toContain('    return await (await asyncio.to_thread(Release, url)).complete()');
  });
});

describe('a script named like its package', () => {
  it('edits pg_view.py and the package pg_view/ each with its own plan (found on pg_view)', () => {
    const { after } = migratesAndStillPasses({
      'viewer/__init__.py': 'import time\n\n\ndef main():\n    time.sleep(0)\n    return 3\n',
      'viewer.py': '#!/usr/bin/env python\n\nfrom viewer import main\n\nif __name__ == "__main__":\n    main()\n',
      'tests/test_viewer.py': 'import subprocess\nimport sys\n\nfrom viewer import main\n\n\ndef test_main():\n    assert main() == 3\n\n\ndef test_script():\n    subprocess.run([sys.executable, "viewer.py"], check=True)\n',
    });
    expect(after['viewer/__init__.py']).toContain('async def main():\n    await asyncio.sleep(0)');
    expect(after['viewer.py']).toContain('if __name__ == "__main__":\n    asyncio.run(main())');
  });
});

describe('overloaded functions', () => {
  it('turns the @overload signatures async with their implementation (found on GitPython)', () => {
    const { after } = migratesAndStillPasses({
      'urls.py': [
        'import time', 'from typing import Literal, Union, overload', '', '',
        '@overload', 'def polish(url: str, expand: Literal[False] = ...) -> str: ...', '',
        '@overload', 'def polish(url: str, expand: Union[None, bool] = None) -> str: ...', '',
        'def polish(url: str, expand: Union[None, bool] = None) -> str:', '    time.sleep(0)', '    return url.rstrip("/")', '',
      ].join('\n'),
      'tests/test_urls.py': 'from urls import polish\n\n\ndef test_polish():\n    assert polish("a/") == "a"\n',
    });
    expect(after['urls.py']).toContain('@overload\nasync def polish(url: str, expand: Literal[False] = ...) -> str: ...');
    expect(after['urls.py']).toContain('@overload\nasync def polish(url: str, expand: Union[None, bool] = None) -> str: ...');
    expect(after['urls.py']).toContain('async def polish(url: str, expand: Union[None, bool] = None) -> str:\n    await asyncio.sleep(0)');
  });
});

describe('pytest settings beside the tests', () => {
  it('sets asyncio_mode in tests/pytest.ini too, which pytest prefers when run on that folder (found on buku)', () => {
    const root = makeProject({
      'pyproject.toml': '[project]\nname = "notes"\n',
      'notes.py': 'import time\n\n\ndef count(items):\n    time.sleep(0)\n    return len(items)\n',
      'tests/pytest.ini': '[pytest]\nmarkers =\n  slow: slow tests\n',
      'tests/test_notes.py': 'import sys\nimport pathlib\n\nsys.path.insert(0, str(pathlib.Path(__file__).parent.parent))\n\nfrom notes import count\n\n\ndef test_count():\n    assert count([1, 2]) == 2\n',
    });
    const before = runPytest(root, {}, ['tests']);
    expect(before.passed, before.output).toBe(1);
    const migration = migrateFolder(root);
    expect(migration.after['tests/pytest.ini']).toBe('[pytest]\nmarkers =\n  slow: slow tests\nasyncio_mode = auto\n');
    applyMigration(root, migration);
    const after = runPytest(root, {}, ['tests']);
    expect(after.failed + after.errors, after.output).toBe(0);
    expect(after.passed, after.output).toBe(1);
  });
});

describe('unittest set-up chains', () => {
  it('renames super().setUp() along with the setUp it reaches (found on redash)', () => {
    const { after } = migratesAndStillPasses({
      'app.py': 'import time\n\n\ndef connect():\n    time.sleep(0)\n    return {"ready": True}\n',
      'tests/__init__.py': '',
      'tests/base.py': 'from unittest import TestCase\n\nfrom app import connect\n\n\nclass BaseTestCase(TestCase):\n    def setUp(self):\n        self.db = connect()\n',
      'tests/test_sources.py': [
        'from tests.base import BaseTestCase', '', '',
        'class TestSources(BaseTestCase):', '    def setUp(self):', '        super(TestSources, self).setUp()', '        self.path = "/api"', '',
        '    def test_ready(self):', '        assert self.db["ready"] and self.path == "/api"', '',
      ].join('\n'),
    });
    expect(after['tests/test_sources.py']).toContain('    async def asyncSetUp(self):\n        await super(TestSources, self).asyncSetUp()');
  });
});

describe('functions imported under another name', () => {
  it('awaits main, imported as _main, in the with form of the assertRaises a test hands it to (found on patroni)', () => {
    const { after } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/__main__.py': 'import sys\nimport time\n\n\ndef main():\n    time.sleep(0)\n    sys.exit(1)\n\n\nif __name__ == "__main__":\n    main()\n',
      'tests/test_main.py': 'import unittest\n\nfrom pkg.__main__ import main as _main\n\n\nclass TestMain(unittest.TestCase):\n    def test_exit(self):\n        self.assertRaises(SystemExit, _main)\n',
    });
    expect(after['pkg/__main__.py']).toContain('async def main():');
    expect(after['tests/test_main.py']).toContain('    async def test_exit(self):\n        with self.assertRaises(SystemExit):\n            await _main()\n');
  });
});

describe('imports inside a function', () => {
  it('awaits a function imported relatively inside a function body (found on thefuck)', () => {
    const { after } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/entry/__init__.py': '',
      'pkg/entry/logger.py': 'import shutil\n\n\ndef shell_logger(path):\n    shutil.rmtree(path, ignore_errors=True)\n    return 0\n',
      'pkg/entry/main.py': [
        'import time', '', '',
        'def main(path, wait=False):',
        '    if wait:', '        time.sleep(0)', '        return 1',
        '    try:', '        from .logger import shell_logger', '        from ..entry import logger', '    except ImportError:', '        return 2',
        '    else:', '        return shell_logger(path) + logger.shell_logger(path)', '',
      ].join('\n'),
      'tests/test_main.py': 'from pkg.entry.main import main\n\n\ndef test_logs(tmp_path):\n    (tmp_path / "a").mkdir()\n    assert main(str(tmp_path / "a")) == 0\n    assert not (tmp_path / "a").exists()\n',
    });
    expect(after['pkg/entry/main.py']).toContain('        return await shell_logger(path) + await logger.shell_logger(path)');
  });
});

describe('functions that never return', () => {
  it('calls a sync -> NoReturn function on the loop instead of through a thread (found on pipx)', async () => {
    const files = {
      'pkg/__init__.py': '',
      'pkg/util.py': [
        'import os', 'import subprocess', 'import sys', 'from typing import NoReturn', '', '',
        'def exec_app(cmd: list[str]) -> NoReturn:  # asyncshift: keep-sync',
        '    if os.environ.get("PKG_SUBPROCESS"):', '        sys.exit(subprocess.run(cmd, check=False).returncode)',
        '    sys.exit(len(cmd))', '',
      ].join('\n'),
      'pkg/run.py': [
        'from shutil import which', 'from typing import NoReturn', '', 'from pkg.util import exec_app', '', '',
        'def run_app(app: str) -> NoReturn:', '    path = which(app)', '    exec_app([path or app, "--version"])', '',
      ].join('\n'),
      'tests/test_run.py': [
        'from unittest import mock', '', 'import pytest', '', 'from pkg.run import run_app', 'from pkg.util import exec_app', '', '',
        'def test_exits_with_the_argument_count():', '    with pytest.raises(SystemExit) as exited:', '        run_app("python3")', '    assert exited.value.code == 2', '', '',
        'def test_runs_a_subprocess(monkeypatch):', '    monkeypatch.setenv("PKG_SUBPROCESS", "1")',
        '    with mock.patch("pkg.util.subprocess.run") as run, pytest.raises(SystemExit) as exited:',
        '        run.return_value.returncode = 3', '        exec_app(["x"])', '    assert exited.value.code == 3', '',
      ].join('\n'),
    };
    const root = makeProject(files);
    const migration = migratesAndStillPasses(files);
    expect(migration.after['pkg/run.py']).toContain('async def run_app(app: str) -> NoReturn:\n    path = await asyncio.to_thread(which, app)\n    exec_app([path or app, "--version"])');
    expect(await typeErrorsAdded(root, migration)).toEqual([]);
  });

  it('reports a pinned one called on the loop', () => {
    const { after, result } = migrateFiles({
      'app.py': [
        'import shutil', 'import sys', 'import time', 'from typing import NoReturn', '', 'import hooks', '', '',
        '@hooks.on_fatal', 'def die(message: str) -> NoReturn:', '    time.sleep(0)', '    sys.exit(message)', '', '',
        'def clean(path: str) -> NoReturn:', '    shutil.rmtree(path)', '    die("cleaned")', '',
      ].join('\n'),
    });
    expect(after['app.py']).toContain('async def clean(path: str) -> NoReturn:\n    await asyncio.to_thread(shutil.rmtree, path)\n    die("cleaned")');
    expect(result.reviews.find((item) => item.code === 'AS126')?.message).toContain('app.die stays sync (decorated with @hooks.on_fatal');
  });
});

describe('functions the self-check sends to a thread', () => {
  it('keeps what they call sync too, so that a second run changes nothing (found on streamlink)', () => {
    const files = {
      'pkg/__init__.py': '',
      'pkg/main.py': [
        'import functools', 'import shutil', 'from time import sleep', '', '',
        'class Plugin:', '    def streams(self):', '        return self._get_streams()', '',
        '    def _get_streams(self):', '        raise NotImplementedError', '', '',
        'class Local(Plugin):', '    def _get_streams(self):', '        return find()', '', '',
        '@functools.lru_cache', 'def find():', '    return shutil.which("python3")', '', '',
        'def fetch(plugin: Plugin):', '    return plugin.streams()', '', '',
        'def fetch_with_retry(plugin: Plugin, count):', '    result = fetch(plugin)', '    while not result and count:',
        '        sleep(0.01)', '        count -= 1', '        result = fetch(plugin)', '    return result', '', '',
        'def handle(plugin: Plugin, retry, path):', '    shutil.rmtree(path, ignore_errors=True)', '    if retry:',
        '        return fetch_with_retry(plugin, retry)', '    return fetch(plugin)', '',
      ].join('\n'),
      'tests/test_main.py': [
        'from unittest import mock', '', 'from pkg.main import Local, handle', '', '',
        'def test_handle(tmp_path):', '    with mock.patch("pkg.main.sleep") as slept:', '        assert handle(Local(), 2, str(tmp_path / "x"))',
        '    assert not slept.called', '    assert handle(Local(), 0, str(tmp_path / "y"))', '',
      ].join('\n'),
    };
    const migration = migratesAndStillPasses(files);
    expect(migration.after['pkg/main.py']).toContain('    return await asyncio.to_thread(fetch, plugin)');
    const root = makeProject(files);
    applyMigration(root, migration);
    expect(migrateFolder(root).after).toEqual({});
  });
});

describe('tests that stop threads from starting', () => {
  it('keeps a test that patches threading.Thread.start sync, with what it calls (found on patroni)', () => {
    const { after } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/slots.py': [
        'import os', 'import shutil', 'import time', 'from threading import Thread', '', '',
        'class Advancer(Thread):', '    def run(self):', '        time.sleep(0)', '', '',
        'def copy_slots(source, target):', '    Advancer().start()', '    if os.path.exists(target):', '        shutil.rmtree(target)',
        '    shutil.copytree(source, target)', '    return sorted(os.listdir(target))', '', '',
        'def refresh(source, target):', '    time.sleep(0)', '    return copy_slots(source, target)', '',
      ].join('\n'),
      'tests/test_slots.py': [
        'import unittest', 'from threading import Thread', 'from unittest.mock import Mock, patch', '', 'from pkg.slots import copy_slots, refresh', '', '',
        '@patch.object(Thread, "start", Mock())',
        'class TestSlots(unittest.TestCase):',
        '    def setUp(self):', '        self.root = __import__("tempfile").mkdtemp()', '        os_path = __import__("os").path',
        '        self.source = os_path.join(self.root, "a")', '        __import__("os").makedirs(self.source)', '        open(os_path.join(self.source, "state"), "w").close()', '',
        '    def test_copy(self):', '        self.assertEqual(copy_slots(self.source, self.root + "/b"), ["state"])', '', '',
        'class TestRefresh(unittest.TestCase):',
        '    def test_refresh(self):', '        root = __import__("tempfile").mkdtemp()', '        __import__("os").makedirs(root + "/a")',
        '        self.assertEqual(refresh(root + "/a", root + "/b"), [])', '',
      ].join('\n'),
    });
    // The test stays sync and calls the original code, kept as a twin for it.
    expect(after['tests/test_slots.py']).toContain('@patch.object(Thread, "start", Mock())\nclass TestSlots(unittest.TestCase):');
    expect(after['tests/test_slots.py']).toContain('    def test_copy(self):\n        self.assertEqual(copy_slots_sync(');
    expect(after['pkg/slots.py']).toContain('async def refresh(source, target):');
  });
});

describe('library classes that call methods by a name they build', () => {
  it('keeps do_GET of an http.server handler and visit_* of an ast.NodeVisitor sync, with the methods they reach', () => {
    const { after, result } = migratesAndStillPasses({
      'mockserver.py': [
        'import ast', 'import json', 'import threading', 'import time', 'from http.server import BaseHTTPRequestHandler, HTTPServer', '', '',
        'class Handler(BaseHTTPRequestHandler):',
        '    def do_GET(self):', '        return self._do_request()', '',
        '    def _do_request(self):',
        '        status, body = self.do_request()',
        '        self.send_response(status)', '        self.end_headers()', '        self.wfile.write(body)', '',
        '    def do_request(self):', '        return 200, json.dumps({}).encode()', '',
        '    def log_message(self, *args):', '        pass', '', '',
        'class SlowHandler(Handler):',
        '    def do_request(self):', '        time.sleep(0.01)', '        return 200, b"slow"', '', '',
        'class Names(ast.NodeVisitor):',
        '    def __init__(self):', '        self.seen = []', '',
        '    def visit_Name(self, node):', '        time.sleep(0)', '        self.seen.append(node.id)', '', '',
        'def serve(handler):',
        '    server = HTTPServer(("127.0.0.1", 0), handler)',
        '    threading.Thread(target=server.serve_forever, daemon=True).start()',
        '    return server', '',
      ].join('\n'),
      'tests/test_mockserver.py': [
        'import ast', 'import urllib.request', '', 'from mockserver import Names, SlowHandler, serve', '', '',
        'def test_slow_handler():',
        '    server = serve(SlowHandler)',
        '    url = "http://127.0.0.1:%d/" % server.server_address[1]',
        '    assert urllib.request.urlopen(url, timeout=5).read() == b"slow"',
        '    server.shutdown()', '', '',
        'def test_names():',
        '    names = Names()', '    names.visit(ast.parse("a + b"))', '    assert names.seen == ["a", "b"]', '',
      ].join('\n'),
    });
    expect(after['mockserver.py'] ?? '').not.toMatch(/async def (do_GET|_do_request|do_request|visit_Name)/);
    expect(result.reviews.map((item) => item.message).join('\n')).toMatch(/BaseHTTPRequestHandler calls do_GET by its name/);
  });
});

describe('unittest mixins', () => {
  it('renames the set-up of a mixin that TestCase classes derive from, and switches a class that only inherits it', () => {
    const { after } = migratesAndStillPasses({
      'vault.py': 'import time\n\n\ndef login(token):\n    time.sleep(0.001)\n    return {"token": token}\n',
      'tests/__init__.py': '',
      'tests/case.py': [
        'from vault import login', '', '',
        'class VaultTestCase:',
        '    TOKEN = "root"', '',
        '    def setUp(self):', '        self.client = login(self.TOKEN)', '',
        '    def tearDown(self):', '        self.client = None', '',
      ].join('\n'),
      'tests/test_roles.py': [
        'from unittest import TestCase', '', 'from tests.case import VaultTestCase', 'from vault import login', '', '',
        'class TestRoles(VaultTestCase, TestCase):',
        '    def setUp(self):', '        super().setUp()', '        self.other = login("other")', '',
        '    def test_login(self):', '        self.assertEqual(self.client, {"token": "root"})', '        self.assertEqual(self.other["token"], "other")', '', '',
        'class TestPlain(VaultTestCase, TestCase):',
        '    def test_client(self):', '        self.assertEqual(self.client["token"], "root")', '',
      ].join('\n'),
    });
    expect(after['tests/case.py']).toContain('    async def asyncSetUp(self):\n        self.client = await login(self.TOKEN)');
    expect(after['tests/test_roles.py']).toContain('        await super().asyncSetUp()');
    expect(after['tests/test_roles.py']).toContain('class TestPlain(VaultTestCase, IsolatedAsyncioTestCase):');
  });

  // csvkit's tests: EmptyFileTests is mixed into subclasses of the project's own TestCase base.
  it('switches the TestCase base of a class that mixes in tests which turn async, from another module', () => {
    const files = (test: string[]) => ({
      'empty.csv': '',
      'tool.py': 'def read(path):\n    with open(path) as f:\n        return f.read()\n',
      'tests/__init__.py': '',
      'tests/utils.py': [
        'import unittest', '', 'from tool import read', '', '',
        'class ToolTestCase(unittest.TestCase):', '    pass', '', '',
        'class EmptyFileTests:', ...test, '',
      ].join('\n'),
      'tests/test_tool.py': [
        'from tests.utils import EmptyFileTests, ToolTestCase', '', '',
        'class TestTool(ToolTestCase, EmptyFileTests):',
        '    def test_nothing(self):', '        self.assertTrue(True)', '',
      ].join('\n'),
    });
    const { after } = migratesAndStillPasses(files(['    def test_empty(self):', '        self.assertEqual(read("empty.csv"), "")']));
    expect(after['tests/utils.py']).toContain('    async def test_empty(self):\n        self.assertEqual(await read("empty.csv"), "")');
    expect(after['tests/utils.py']).toContain('class ToolTestCase(unittest.IsolatedAsyncioTestCase):');
    // A test's own blocking call keeps it sync, in a helper module too: its loop is its own (csvkit's
    // test_empty installs signal handlers through what it calls, which a worker thread cannot).
    const own = migratesAndStillPasses(files(['    def test_empty(self):', '        with open("empty.csv") as f:', '            self.assertEqual(f.read(), "")']));
    expect(own.after['tests/utils.py'] ?? '').not.toContain('async def test_empty');
    // ... and is a test's call, not one of the blocking calls left in the code under test (jira's tests/tests.py).
    expect(own.result.blockingCalls).toMatchObject({ converted: 1, left: 0 });
  });
});

describe('what counts as test code in the count of blocking calls left', () => {
  // patroni's and pgcli's behave suites: 57 calls in step modules and hooks were counted as left in the
  // code under test. behave runs them as acceptance tests; their own blocking calls stay as written.
  it('keeps a test folder\'s helper sync for its own blocking calls, and does not count them', () => {
    const { after, result } = migratesAndStillPasses({
      'data.txt': 'stock: 3\n',
      'shop/__init__.py': '',
      'shop/stock.py': 'import time\n\n\ndef restock(count):\n    time.sleep(0.001)\n    return count\n',
      'tests/__init__.py': '',
      'tests/helpers.py': 'import time\n\ntime.sleep(0)\n\n\ndef load_count(path):\n    with open(path) as f:\n        return int(f.read().split(": ")[1])\n',
      'tests/test_stock.py': 'from shop.stock import restock\nfrom tests.helpers import load_count\n\n\ndef test_restock():\n    assert restock(load_count("data.txt")) == 3\n',
    });
    expect(after['tests/helpers.py']).toBeUndefined();
    expect(after['tests/test_stock.py']).toContain('async def test_restock():\n    assert await restock(load_count("data.txt")) == 3');
    expect(result.blockingCalls).toMatchObject({ converted: 1, left: 0 });
  });

  it('counts behave steps and environment hooks as tests, and a features package elsewhere as code', () => {
    const { after, result } = migrateFiles({
      'shop/__init__.py': '',
      'shop/stock.py': 'import time\n\n\ndef restock():\n    time.sleep(0.001)\n    return 3\n',
      'shop/features/__init__.py': '',
      'shop/features/flags.py': 'import time\n\n\ndef refresh_flags():\n    time.sleep(0.001)\n',
      'features/environment.py': 'import shutil\n\n\ndef after_all(context):\n    shutil.rmtree(context.workdir)\n',
      'features/steps/stock_steps.py': [
        'import time', '', 'from behave import step', '', 'from shop.stock import restock', '', '',
        '@step("the shelf is restocked")', 'def restocked(context):', '    time.sleep(0.001)', '    context.count = restock()', '',
      ].join('\n'),
    });
    expect(after['shop/features/flags.py']).toContain('async def refresh_flags():\n    await asyncio.sleep(0.001)');
    expect(after['features/steps/stock_steps.py']).toBeUndefined();
    expect(after['features/environment.py']).toBeUndefined();
    // The code under test a sync step calls stays sync, and is counted as left.
    expect(result.blockingCalls).toMatchObject({ converted: 1, left: 1 });
    expect(result.blockingCalls.leftCalls.map((left) => `${left.file}:${left.line}`)).toEqual(['shop/stock.py:5']);
  });
});

describe('a sync helper that blocks only through what stays sync', () => {
  // PyGithub's get_pull() builds a PullRequest whose __init__ may fetch: __init__ stays sync, and so
  // does get_pull, which blocks as much; an async caller runs it in a thread, as it would __init__.
  it('is run in a thread by its async callers, with the callee that keeps it sync named', () => {
    const { after, result } = migratesAndStillPasses({
      'shop/__init__.py': '',
      'shop/orders.py': [
        'import time', '', '',
        'class Order:',
        '    def __init__(self, number):', '        time.sleep(0.001)', '        self.number = number', '', '',
        'def get_order(number):', '    return Order(number)', '', '',
        'def checkout(number):', '    time.sleep(0.001)', '    return get_order(number).number', '',
      ].join('\n'),
      'tests/__init__.py': '',
      'tests/test_orders.py': 'from shop.orders import checkout\n\n\ndef test_checkout():\n    assert checkout(3) == 3\n',
    });
    expect(after['shop/orders.py']).toContain('    return (await asyncio.to_thread(get_order, number)).number');
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('shop.orders.get_order stays sync (it calls shop.orders.Order.__init__, which stays sync); called through asyncio.to_thread here');
  });
});

describe('super() in a TestCase hierarchy', () => {
  // PyGithub's tests: each base's setUp calls super().setUp(), which reaches unittest's own (a
  // subclass's override is never reached through super()), so the chain is not a receiver of unknown type.
  it('renames the set-up of every class of the chain when a subclass set-up blocks', () => {
    const { after, result } = migratesAndStillPasses({
      'tests/__init__.py': '',
      'tests/framework.py': [
        'import unittest', '', '',
        'class BasicTestCase(unittest.TestCase):',
        '    def setUp(self):', '        super().setUp()', '        self.calls = ["basic"]', '', '',
        'class TestCase(BasicTestCase):',
        '    def setUp(self):', '        super().setUp()', '        self.calls.append("framework")', '',
      ].join('\n'),
      'app/__init__.py': '',
      'app/store.py': 'import time\n\n\ndef load():\n    time.sleep(0.001)\n    return "app"\n',
      'tests/test_app.py': [
        'from app import store', 'from tests import framework', '', '',
        'class AppTest(framework.TestCase):',
        '    def setUp(self):', '        super().setUp()', '        self.calls.append(store.load())', '',
        '    def test_order(self):', '        self.assertEqual(self.calls, ["basic", "framework", "app"])', '',
      ].join('\n'),
    });
    expect(after['tests/test_app.py']).toContain('    async def asyncSetUp(self):\n        await super().asyncSetUp()\n        self.calls.append(await store.load())');
    expect(after['tests/framework.py']).toContain('class BasicTestCase(unittest.IsolatedAsyncioTestCase):');
    expect(result.reviews.map((item) => item.message).join('\n')).not.toMatch(/receiver of unknown type/);
  });

  it('still cannot tell when a sibling base that comes later in a subclass defines the method', () => {
    const { after, result } = migratesAndStillPasses({
      'tests/__init__.py': '',
      'app/__init__.py': '',
      'app/store.py': 'import time\n\n\ndef load():\n    time.sleep(0.001)\n    return "slow"\n',
      'tests/test_framework.py': [
        'import unittest', '', 'from app import store', '', '',
        'class Recording:',
        '    def setUp(self):', '        super().setUp()', '        self.calls = getattr(self, "calls", []) + ["recording"]', '', '',
        'class Slow:',
        '    def setUp(self):', '        self.calls = getattr(self, "calls", []) + [store.load()]', '', '',
        'class AppTest(Recording, Slow, unittest.TestCase):',
        '    def test_order(self):', '        self.assertEqual(self.calls, ["slow", "recording"])', '',
      ].join('\n'),
    });
    expect(after['tests/test_framework.py'] ?? '').not.toContain('async def');
    expect(result.reviews.map((item) => item.message).join('\n')).toMatch(/cannot tell what `setUp` belongs to/);
  });
});

describe('modules handed on as values', () => {
  it('keeps the functions of plugin modules stored in a table or passed to a helper sync (a Language protocol of modules)', () => {
    const { after, result } = migratesAndStillPasses({
      'hooks/__init__.py': '',
      'hooks/languages/__init__.py': '',
      'hooks/languages/docker.py': 'import time\n\n\ndef run_hook(entry):\n    time.sleep(0.001)\n    return 0, entry.encode()\n',
      'hooks/languages/script.py': 'import subprocess\nimport sys\n\n\ndef run_hook(entry):\n    out = subprocess.run([sys.executable, "-c", f"print({entry!r})"], capture_output=True).stdout\n    return 0, out.strip()\n',
      'hooks/lang_base.py': 'from typing import Protocol\n\n\nclass Language(Protocol):\n    def run_hook(self, entry: str) -> tuple[int, bytes]:\n        ...\n',
      'hooks/all_languages.py': 'from hooks.lang_base import Language\nfrom hooks.languages import docker\nfrom hooks.languages import script\n\nlanguages: dict[str, Language] = {"docker": docker, "script": script}\n',
      'hooks/run.py': [
        'import time', '', 'from hooks.all_languages import languages', 'from hooks.languages import docker', '', '',
        'def run(language_name, entry):',
        '    time.sleep(0.001)',
        '    retcode, out = languages[language_name].run_hook(entry)',
        '    return retcode, out', '', '',
        'def run_docker(entry):',
        '    time.sleep(0.001)',
        '    return docker.run_hook(entry)', '',
      ].join('\n'),
      'tests/test_run.py': [
        'from hooks.lang_base import Language', 'from hooks.languages import docker', 'from hooks.run import run, run_docker', '', '',
        'def run_language(language: Language, entry):', '    return language.run_hook(entry)', '', '',
        'def test_run():', '    assert run("docker", "x") == (0, b"x")', '    assert run("script", "y") == (0, b"y")', '', '',
        'def test_helper():', '    assert run_language(docker, "z") == (0, b"z")', '', '',
        'def test_direct():', '    assert run_docker("w") == (0, b"w")', '',
      ].join('\n'),
    });
    expect(after['hooks/languages/docker.py'] ?? '').not.toContain('async def');
    expect(after['hooks/languages/script.py'] ?? '').not.toContain('async def run_hook');
    expect(result.reviews.map((item) => item.message).join('\n')).toMatch(/its module hooks\.languages\.docker is handed on as a value at hooks\/all_languages\.py:5/);
  });

  it('lets a module spied on with mocker.spy change colour: the spy takes the function\'s own (found on cookiecutter)', () => {
    const { after } = migratesAndStillPasses({
      'tpl/__init__.py': '',
      'tpl/replay.py': [
        'import json', 'import os', '', '',
        'def get_file_name(folder, name):', '    return os.path.join(folder, f"{name}.json")', '', '',
        'def dump(folder, name, context):', '    with open(get_file_name(folder, name), "w") as f:', '        json.dump(context, f)', '', '',
        'def load(folder, name):', '    with open(get_file_name(folder, name)) as f:', '        return json.load(f)', '',
      ].join('\n'),
      'tests/test_replay.py': [
        'from tpl import replay', '', '',
        'def test_dump_then_load(mocker, tmp_path):', '    spy = mocker.spy(replay, "load")', '    replay.dump(str(tmp_path), "t", {"a": 1})',
        '    assert replay.load(str(tmp_path), "t") == {"a": 1}', '    spy.assert_called_once_with(str(tmp_path), "t")', '',
      ].join('\n'),
    });
    expect(after['tpl/replay.py']).toContain('async def load(folder, name):\n    async with aiofiles.open(get_file_name(folder, name)) as f:');
    expect(after['tests/test_replay.py']).toContain('    assert await replay.load(str(tmp_path), "t") == {"a": 1}');
  });
});

describe('typing bases', () => {
  it('reads a typing_extensions Protocol in the bases as inert: nothing in it calls the methods of a class that derives from it', () => {
    const { after, result } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/types.py': 'from typing_extensions import Protocol\n\n\nclass IterableObj(Protocol):\n    def list_items(self) -> list:\n        ...\n',
      'pkg/refs.py': [
        'import time', '', 'from pkg.types import IterableObj', '', '',
        'class Head(IterableObj):',
        '    def list_items(self):', '        return ["main"]', '',
        '    def delete(self):', '        time.sleep(0.001)', '        return "deleted"', '', '',
        'def remove(head: Head):', '    return head.delete()', '',
      ].join('\n'),
      'tests/test_refs.py': 'from pkg.refs import Head, remove\n\n\ndef test_remove():\n    assert remove(Head()) == "deleted"\n    assert Head().list_items() == ["main"]\n',
    });
    expect(after['pkg/refs.py']).toContain('    async def delete(self):\n        await asyncio.sleep(0.001)');
    expect(after['pkg/refs.py']).toContain('    return await head.delete()');
    expect(result.reviews.map((item) => item.message).join('\n')).not.toMatch(/Protocol, which may call/);
  });
});

describe('generic base classes', () => {
  it('sees a subscripted project base (PaginatedListBase[T]) as the base: an override changes colour with the method its base calls', () => {
    const { after } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/requester.py': 'import time\n\n\nclass Requester:\n    def request_json(self, url):\n        time.sleep(0.001)\n        return {"items": [1, 2], "next": None}\n',
      'pkg/paginated.py': [
        'from typing import Generic, TypeVar', '', 'from pkg.requester import Requester', '', 'T = TypeVar("T")', '', '',
        'class PaginatedListBase(Generic[T]):',
        '    def __init__(self):', '        self._elements: list[T] = []', '',
        '    def _could_grow(self) -> bool:', '        raise NotImplementedError', '',
        '    def _fetch_next_page(self) -> list[T]:', '        raise NotImplementedError', '',
        '    def __iter__(self):', '        yield from self._elements', '        while self._could_grow():', '            yield from self._grow()', '',
        '    def _grow(self) -> list[T]:', '        new = self._fetch_next_page()', '        self._elements += new', '        return new', '', '',
        'class PaginatedList(PaginatedListBase[T]):',
        '    def __init__(self, requester: Requester, url):', '        super().__init__()', '        self._requester = requester', '        self._next = url', '',
        '    def _could_grow(self) -> bool:', '        return self._next is not None', '',
        '    def _fetch_next_page(self) -> list[T]:',
        '        data = self._requester.request_json(self._next)', '        self._next = data["next"]', '        return data["items"]', '',
        '    def get_page(self, page):', '        return self._requester.request_json(f"{self._next}?page={page}")["items"]', '',
      ].join('\n'),
      'tests/test_pages.py': [
        'from pkg.paginated import PaginatedList', 'from pkg.requester import Requester', '', '',
        'def test_iterate():', '    assert list(PaginatedList(Requester(), "u")) == [1, 2]', '', '',
        'def test_page():', '    assert PaginatedList(Requester(), "u").get_page(2) == [1, 2]', '',
      ].join('\n'),
    });
    expect(after['pkg/paginated.py']).toContain('    async def get_page(self, page):');
    expect(after['pkg/paginated.py']).not.toContain('async def _fetch_next_page');
  });
});

describe('a generator that delegates with yield from', () => {
  it('keeps sync a function whose returned generator another generator delegates to, where the delegating generator turns async (found on docker-py: Plugin.upgrade)', () => {
    const { after, result } = migratesAndStillPasses({
      'sdk/__init__.py': '',
      'sdk/api.py': [
        'import time', '', '',
        'class APIClient:', '    def _stream(self, lines):', '        for line in lines:', '            yield line.upper()', '',
        '    def upgrade_plugin(self, name):', '        time.sleep(0.01)  # the daemon pulls it', '        return self._stream([name, "done"])', '',
        '    def inspect_plugin(self, name):', '        time.sleep(0.01)', '        return {"Name": name}', '',
      ].join('\n'),
      'sdk/plugins.py': [
        'from sdk.api import APIClient', '', '',
        'class Plugin:', '    def __init__(self, name):', '        self.api = APIClient()', '        self.name = name', '        self.attrs = {}', '',
        '    def reload(self):', '        self.attrs = self.api.inspect_plugin(self.name)', '',
        '    def upgrade(self):', '        yield from self.api.upgrade_plugin(self.name)', '        self.reload()', '',
      ].join('\n'),
      'tests/test_plugins.py': [
        'from sdk.plugins import Plugin', '', '',
        'def test_upgrade():', '    plugin = Plugin("vieux/sshfs")', '    assert list(plugin.upgrade()) == ["VIEUX/SSHFS", "DONE"]', '    assert plugin.attrs == {"Name": "vieux/sshfs"}', '',
      ].join('\n'),
    });
    expect(result.files.filter((file) => file.outcome.status === 'failed')).toEqual([]);
    expect(after['sdk/api.py']).toContain('    def upgrade_plugin(self, name):\n        time.sleep(0.01)');
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('sdk.api.APIClient.upgrade_plugin stays sync (what it returns is delegated to with `yield from` at sdk/plugins.py:14, which an async generator cannot do)');
  });
});

describe('protocol methods called by their names', () => {
  it('keeps __enter__/__exit__ sync when code calls them by name (an adapter entered by its geocoder)', () => {
    const { after, result } = migratesAndStillPasses({
      'adapters.py': [
        'import time', '', '',
        'class RequestsAdapter:',
        '    def __init__(self):', '        self.open = False', '',
        '    def __enter__(self):', '        self.open = True', '        return self', '',
        '    def __exit__(self, exc_type, exc_val, exc_tb):', '        time.sleep(0.001)', '        self.open = False', '', '',
        'class Geocoder:',
        '    def __init__(self, adapter):', '        self.adapter = adapter', '',
        '    def __enter__(self):', '        self.adapter.__enter__()', '        return self', '',
        '    def __exit__(self, *exc):', '        self.adapter.__exit__(*exc)', '',
      ].join('\n'),
      'tests/test_adapters.py': [
        'from adapters import Geocoder, RequestsAdapter', '', '',
        'def test_with():',
        '    adapter = RequestsAdapter()',
        '    with Geocoder(adapter):', '        assert adapter.open', '    assert not adapter.open', '',
      ].join('\n'),
    });
    expect(after['adapters.py'] ?? '').not.toContain('__aexit__');
    expect(result.reviews.map((item) => item.message).join('\n')).toMatch(/__exit__ is called by its name at adapters\.py:\d+, synchronously/);
  });
});

describe('every import form reaches the function that turned async', () => {
  it('awaits calls through import pkg.mod, aliases, from-imports of modules, relative imports, re-exports and __all__', () => {
    const { after } = migratesAndStillPasses({
      'shop/__init__.py': 'from .prices import quote as price_of\nfrom . import stock\n\n__all__ = ["price_of", "stock"]\n',
      'shop/prices.py': 'import time\n\n\ndef quote(item):\n    time.sleep(0.001)\n    return len(item)\n',
      'shop/stock.py': 'import time\n\n\ndef count(item):\n    time.sleep(0.001)\n    return 2\n',
      'shop/sub/__init__.py': '',
      'shop/sub/basket.py': [
        'import shop.prices', 'import shop.stock as inventory', 'from shop import prices', 'from .. import stock',
        'from ..prices import quote as q', 'from shop import price_of', 'from shop import *', '', '',
        'def total(items):',
        '    a = sum(shop.prices.quote(i) for i in items)',
        '    b = sum(inventory.count(i) for i in items)',
        '    c = prices.quote("x") + stock.count("y") + q("z") + price_of("w")',
        '    return a + b + c + len(__name__) * 0', '',
      ].join('\n'),
      'tests/test_basket.py': 'from shop.sub.basket import total\n\n\ndef test_total():\n    assert total(["ab", "c"]) == 3 + 4 + 1 + 2 + 1 + 1\n',
    });
    const basket = after['shop/sub/basket.py'];
    expect(basket).toContain('async def total(items):');
    expect(basket).toContain('a = sum([await shop.prices.quote(i) for i in items])');
    expect(basket).toContain('b = sum([await inventory.count(i) for i in items])');
    expect(basket).toContain('c = await prices.quote("x") + await stock.count("y") + await q("z") + await price_of("w")');
  });
});

describe('generator expressions read by a sync consumer', () => {
  it('turns the generator into a list when a bridged library call in it is awaited (any() cannot iterate an async generator)', () => {
    const { after } = migratesAndStillPasses({
      'venvs.py': [
        'import filecmp', 'import time', 'from pathlib import Path', '', '',
        'def belongs(resource: Path, sources: list[Path]) -> bool:',
        '    time.sleep(0.001)',
        '    return any(source.is_file() and filecmp.cmp(resource, source, shallow=False) for source in sources)', '',
      ].join('\n'),
      'tests/test_venvs.py': [
        'from venvs import belongs', '', '',
        'def test_belongs(tmp_path):',
        '    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"',
        '    a.write_text("x")', '    b.write_text("x")',
        '    assert belongs(a, [c, b])', '    assert not belongs(a, [c])', '',
      ].join('\n'),
    });
    expect(after['venvs.py']).toContain('return any([source.is_file() and await asyncio.to_thread(filecmp.cmp, resource, source, shallow=False) for source in sources])');
  });

  it('does the same for a project function that stays sync and runs in a thread there (barman\'s tests build dicts so)', () => {
    const { after, result } = migratesAndStillPasses({
      'backups.py': [
        'import functools', 'import time', '', '',
        '@functools.lru_cache()',
        'def backup_info(backup_id):', '    time.sleep(0.001)', '    return {"id": backup_id, "size": len(backup_id)}', '', '',
        'def report(ids):',
        '    time.sleep(0.001)',
        '    sizes = dict(', '        (backup_id, backup_info(backup_id)["size"])', '        for backup_id in ids', '    )',
        '    return sizes, sum(backup_info(backup_id)["size"] for backup_id in ids)', '',
      ].join('\n'),
      'tests/test_backups.py': [
        'from backups import report', '', '',
        'def test_report():', '    assert report(["a", "bcd"]) == ({"a": 1, "bcd": 3}, 4)', '',
      ].join('\n'),
    });
    expect(after['backups.py']).toContain('async def report(ids):');
    expect(after['backups.py']).toContain('sizes = dict([\n        (backup_id, (await asyncio.to_thread(backup_info, backup_id))["size"])\n        for backup_id in ids\n    ])');
    expect(after['backups.py']).toContain('sum([(await asyncio.to_thread(backup_info, backup_id))["size"] for backup_id in ids])');
    expect(after['tests/test_backups.py']).toContain('async def test_report():');
    expect(result.reviews.map((item) => item.message).join('\n')).not.toContain('inside a generator expression');
  });
});

describe('a function named in a code string', () => {
  it('stays sync when a profiler runs a string calling it, and says where (found on supervisor)', () => {
    const { after, result } = migratesAndStillPasses({
      'daemon.py': [
        'import time', '', '',
        'def profile(cmd, globals, locals):',
        '    import cProfile',
        '    cProfile.runctx(cmd, globals, locals)', '', '',
        'def go(options):', '    time.sleep(0.001)', '    options.append("ran")', '', '',
        'def main(options, profiled=False):',
        '    if profiled:', '        profile("go(options)", globals(), locals())', '    else:', '        go(options)',
        '    return options', '', '',
        'def status():', '    time.sleep(0.001)', '    return "up"', '',
      ].join('\n'),
      'tests/test_daemon.py': [
        'from daemon import main, status', '', '',
        'def test_status():', '    assert status() == "up"', '', '',
        'def test_main():', '    assert main([]) == ["ran"]', '', '',
        'def test_main_profiled():', '    assert main([], profiled=True) == ["ran"]', '',
      ].join('\n'),
    });
    expect(after['daemon.py']).toContain('async def status():');
    expect(after['daemon.py']).toContain('\ndef go(options):');
    expect(after['daemon.py']).toContain('profile("go(options)", globals(), locals())');
    const reasons = reviewMessages(result.reviews, 'AS101');
    expect(reasons).toContain('named in the code string "go(options)" at daemon.py:16');
  });
});

describe('a function whose name is bound again at module level', () => {
  it('stays sync when another branch binds its name to something else, and says why (found on waitress)', () => {
    const { after, result } = migratesAndStillPasses({
      'helpers.py': [
        'import os', 'import sys', 'import time', '',
        'if sys.platform.startswith("win"):',
        '    def _unlink(filename):', '        time.sleep(0.01)', '        os.unlink(filename)',
        'else:', '    _unlink = os.unlink', '', '',
        'def unlink(filename):', '    try:', '        _unlink(filename)', '    except OSError:', '        pass', '', '',
        'def settle():', '    time.sleep(0.001)', '    return True', '',
      ].join('\n'),
      'tests/test_helpers.py': [
        'import os', 'import tempfile', 'from helpers import settle, unlink', '', '',
        'def test_unlink():', '    fd, name = tempfile.mkstemp()', '    os.close(fd)', '    unlink(name)', '    assert not os.path.exists(name)', '    assert settle()', '',
      ].join('\n'),
    });
    expect(after['helpers.py']).toContain('async def settle():');
    expect(after['helpers.py']).toContain('\ndef unlink(filename):\n    try:\n        _unlink(filename)');
    const reasons = reviewMessages(result.reviews, 'AS101');
    expect(reasons).toContain('helpers._unlink stays sync (its name is bound again at module level');
  });

  it('keeps @overload stubs and their implementation one function', () => {
    const { after } = migratesAndStillPasses({
      'convert.py': [
        'import time', 'from typing import overload', '', '',
        '@overload', 'def scale(x: int) -> int: ...', '', '',
        '@overload', 'def scale(x: float) -> float: ...', '', '',
        'def scale(x):', '    time.sleep(0.001)', '    return x * 2', '',
      ].join('\n'),
      'tests/test_convert.py': 'from convert import scale\n\n\ndef test_scale():\n    assert scale(2) == 4\n',
    });
    expect(after['convert.py']).toContain('async def scale(x):');
  });
});

describe('a file object used after its with block', () => {
  it('keeps the block sync (bridged) when the closed file or its name is handed on afterwards', () => {
    const { after } = migratesAndStillPasses({
      'site_config.py': [
        'import time', '', '',
        'def load_config(config_file):',
        '    """Takes a path or a file object; a closed one is opened again by its name (as mkdocs does)."""',
        '    time.sleep(0)',
        '    if hasattr(config_file, "closed") and config_file.closed:',
        '        config_file = config_file.name',
        '    if isinstance(config_file, str):',
        '        with open(config_file) as reopened:',
        '            return reopened.read().strip()',
        '    return config_file.read().strip()', '',
      ].join('\n'),
      'tests/test_site_config.py': [
        'import os', 'import time', '', 'from site_config import load_config', '', '',
        'def test_load_from_closed_file(tmp_path):',
        '    time.sleep(0)',
        '    with open(os.path.join(tmp_path, "mkdocs.yml"), "w") as config_file:',
        '        config_file.write("site_name: Test\\n")',
        '    assert load_config(config_file) == "site_name: Test"', '', '',
        'def test_load_by_name(tmp_path):',
        '    time.sleep(0)',
        '    with open(os.path.join(tmp_path, "mkdocs.yml"), "w") as config_file:',
        '        config_file.write("site_name: Named\\n")',
        '    assert load_config(config_file.name) == "site_name: Named"', '',
      ].join('\n'),
    });
    const tests = after['tests/test_site_config.py'];
    expect(tests).toMatch(/def _with_block_\d+\(\):\n\s+with open\(os.path.join\(tmp_path, "mkdocs.yml"\), "w"\) as config_file:\n\s+config_file.write\("site_name: Test/);
    // Its name is read after the block: aiofiles types it as any path, not the str load_config takes.
    expect(tests).not.toContain('aiofiles.open');
  });
});

describe('requests auth objects with no httpx form', () => {
  it('keeps a request signed by an AuthBase subclass or OAuth-style object on requests, in a thread (it reads a PreparedRequest)', () => {
    const { after, result } = migratesAndStillPasses({
      'signing.py': [
        'import hashlib', 'import time', '', 'import requests', 'from requests.auth import AuthBase', '', '',
        'class SignedAuth(AuthBase):',
        '    def __init__(self, key):', '        self.key = key', '',
        '    def __call__(self, r):',
        '        body = r.body or b""',
        '        if isinstance(body, str):', '            body = body.encode()',
        '        r.headers["X-Signature"] = hashlib.sha256(self.key + body).hexdigest()',
        '        return r', '', '',
        'def post_signed(url, payload):',
        '    time.sleep(0)',
        '    auth = SignedAuth(b"k")',
        '    return requests.post(url, data=payload, auth=auth).status_code', '', '',
        'def put_signed(url, payload):',
        '    return requests.put(url, data=payload, auth=SignedAuth(b"k")).status_code', '',
      ].join('\n'),
      'tests/test_signing.py': [
        'import hashlib', '', 'from signing import post_signed, put_signed', '', '',
        'def test_signed(httpserver):',
        '    signature = hashlib.sha256(b"k" + b"hello").hexdigest()',
        '    httpserver.expect_request("/s", method="POST", headers={"X-Signature": signature}).respond_with_data("ok")',
        '    httpserver.expect_request("/s", method="PUT", headers={"X-Signature": signature}).respond_with_data("ok")',
        '    assert post_signed(httpserver.url_for("/s"), b"hello") == 200',
        '    assert put_signed(httpserver.url_for("/s"), b"hello") == 200', '',
      ].join('\n'),
    });
    expect(after['signing.py']).toContain('await asyncio.to_thread(requests.post, url, data=payload, auth=auth)');
    expect(result.reviews.map((item) => item.message).join('\n')).toMatch(/auth=auth is a SignedAuth object/);
  });
});

describe('responses whose headers the code rewrites', () => {
  it('keeps a request on requests when its response gets int header values or new headers (httpx.Headers encodes str only; found on tap-github)', () => {
    const { after, result } = migratesAndStillPasses({
      'tap/client.py': [
        'import time', '', '', 'class GithubException(Exception):', '    pass', '', '',
        'def calculate_seconds(epoch):', '    return max(int(epoch - time.time()), 0)', '', '',
        'def rate_throttling(response):', '    if "X-RateLimit-Remaining" in response.headers:',
        '        if int(response.headers["X-RateLimit-Remaining"]) == 0:',
        '            time.sleep(calculate_seconds(int(response.headers["X-RateLimit-Reset"])) + 2)', '            return True',
        '        return False', '    raise GithubException("no rate limit headers: check the base URL")', '',
      ].join('\n'),
      'tap/__init__.py': '',
      'tap/http.py': [
        'import time', '', 'import requests', '', '',
        'def api_call(url):', '    return requests.get(url)', '', '',
        'def exhausted(url):', '    resp = api_call(url)',
        '    resp.headers["X-RateLimit-Reset"] = int(round(time.time(), 0)) + 120', '    resp.headers["X-RateLimit-Remaining"] = 0',
        '    return resp', '',
      ].join('\n'),
      'tests/test_rate_limit.py': [
        'from unittest import mock', '', 'import pytest', '',
        'from tap.client import GithubException, rate_throttling', 'from tap.http import api_call, exhausted', '', '',
        '@mock.patch("time.sleep")', 'def test_waits_for_the_reset(mocked_sleep, httpserver):',
        '    httpserver.expect_request("/rate_limit").respond_with_json({})',
        '    assert rate_throttling(exhausted(httpserver.url_for("/rate_limit")))', '    assert mocked_sleep.called', '', '',
        'def test_header_not_found(httpserver):',
        '    httpserver.expect_request("/rate_limit").respond_with_json({})',
        '    resp = api_call(httpserver.url_for("/rate_limit"))', '    resp.headers = {}',
        '    with pytest.raises(GithubException):', '        rate_throttling(resp)', '',
      ].join('\n'),
    });
    expect(after['tap/http.py'] ?? '').not.toContain('httpx');
    const reasons = result.reviews.map((item) => item.message).join('\n');
    expect(reasons).toContain('resp.headers["X-RateLimit-Reset"] is set to int(round(time.time(), 0)) + 120, which httpx.Headers cannot encode');
  });
});

describe('star imports', () => {
  it('awaits a function re-exported through `from .helper import *` (a test helper package)', () => {
    const { after } = migratesAndStillPasses({
      'test/__init__.py': '',
      'test/lib/__init__.py': 'import inspect\n\nfrom .helper import *  # noqa: F401 F403\n\n__all__ = [name for name, obj in locals().items() if not (name.startswith("_") or inspect.ismodule(obj))]\n',
      // The helper turns async for the migrated code it calls (its own blocking calls would not make it so).
      'gitlib/__init__.py': '',
      'gitlib/files.py': 'def read_bytes(path):\n    with open(path, "rb") as fd:\n        return fd.read()\n',
      'test/lib/helper.py': 'import os.path as osp\n\nfrom gitlib.files import read_bytes\n\n__all__ = ["fixture_path", "fixture"]\n\n\ndef fixture_path(name):\n    return osp.join(osp.dirname(osp.dirname(__file__)), "fixtures", name)\n\n\ndef fixture(name):\n    return read_bytes(fixture_path(name))\n',
      'test/fixtures/diff_numstat': '3\t1\tREADME\n',
      'test/test_stats.py': 'from test.lib import fixture\n\n\ndef test_list_from_string():\n    output = fixture("diff_numstat").decode("ascii")\n    assert output.split("\\t")[2] == "README\\n"\n',
    });
    expect(after['test/test_stats.py']).toContain('output = (await fixture("diff_numstat")).decode("ascii")');
  });
});

describe('imports the migration adds', () => {
  it('never writes io.StringIO where a fixture named io takes the name (the read stays as it was)', () => {
    const { after } = migratesAndStillPasses({
      'tests/test_record.py': [
        'import csv', 'import time', '', 'import pytest', '', '',
        'class BufferedIO:', '    def __init__(self):', '        self.lines = []', '', '',
        '@pytest.fixture()', 'def io() -> BufferedIO:', '    return BufferedIO()', '', '',
        'def read_record(path):',
        '    time.sleep(0)',
        '    with open(path, encoding="utf-8", newline="") as f:',
        '        return list(csv.reader(f))', '', '',
        'def test_record(tmp_path, io):',
        '    path = tmp_path / "RECORD"', '    path.write_text("a,b,c\\n")',
        '    assert read_record(path) == [["a", "b", "c"]]', '    assert io.lines == []', '',
      ].join('\n'),
    });
    expect(after['tests/test_record.py'] ?? '').not.toContain('io.StringIO');
  });
});

describe('thread locks held by the event loop', () => {
  it('never awaits inside a with that holds a thread lock, where a bridged method takes the same lock (found on buku)', () => {
    const { after } = migratesAndStillPasses({
      'bookmarks.py': [
        'import threading', 'import time', '', '',
        'class BukuDb:',
        '    def __init__(self):', '        self.lock = threading.RLock()', '        self.rows = []', '        self.on_import = [self.add_rec]', '',
        '    def add_rec(self, url, title=None):',
        '        with self.lock:', '            time.sleep(0.001)', '            self.rows.append((url, title))', '            return len(self.rows)', '',
        '    def import_items(self, items):',
        '        time.sleep(0.001)',
        '        with self.lock:',
        '            return [self.add_rec(*item) for item in items]', '',
      ].join('\n'),
      'tests/test_bookmarks.py': [
        'from bookmarks import BukuDb', '', '',
        'def test_import():', '    db = BukuDb()', '    assert db.import_items([("a", "A"), ("b", None)]) == [1, 2]', '',
      ].join('\n'),
    });
    // add_rec stays sync (a stored callback): bridged under the lock, its worker thread would wait forever.
    expect(after['bookmarks.py'] ?? '').not.toMatch(/with self\.lock:\n[^\n]*await/);
  });
});

describe('functions reached by dynamic loading', () => {
  it('keeps plugin functions that are loaded by name and stored to be called later sync (a coroutine is always truthy)', () => {
    const { after, result } = migratesAndStillPasses({
      'fixer/__init__.py': '',
      'fixer/conf.py': [
        'import importlib.util', '', '',
        'def load_source(name, path):',
        '    spec = importlib.util.spec_from_file_location(name, path)',
        '    module = importlib.util.module_from_spec(spec)',
        '    spec.loader.exec_module(module)',
        '    return module', '',
      ].join('\n'),
      'fixer/types.py': [
        'from .conf import load_source', '', '',
        'class Rule:',
        '    def __init__(self, name, match, get_new_command):',
        '        self.name = name', '        self.match = match', '        self.get_new_command = get_new_command', '',
        '    @classmethod', '    def from_path(cls, path):',
        '        rule_module = load_source("rule", path)',
        '        return cls("rule", rule_module.match, rule_module.get_new_command)', '',
        '    def is_match(self, command):', '        if self.match(command):', '            return True', '        return False', '',
      ].join('\n'),
      'fixer/rules/__init__.py': '',
      'fixer/rules/git_push.py': [
        'import time', '', '',
        'def match(command):', '    time.sleep(0.001)', '    return "push" in command', '', '',
        'def get_new_command(command):', '    time.sleep(0.001)', '    return command + " --force"', '',
      ].join('\n'),
      'tests/test_rules.py': [
        'import os', '', 'from fixer.rules.git_push import get_new_command, match', 'from fixer.types import Rule', '', '',
        'def test_rule_module():', '    assert match("git push")', '    assert get_new_command("git push") == "git push --force"', '', '',
        'def test_loaded_rule_matches_only_its_commands():',
        '    import fixer.rules.git_push as module',
        '    rule = Rule.from_path(module.__file__)',
        '    assert rule.is_match("git push")', '    assert not rule.is_match("ls")', '',
      ].join('\n'),
    });
    expect(after['fixer/rules/git_push.py']).toBeUndefined();
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('used as a value through rule_module.match');
  });
});

describe('a FastAPI handler that becomes async never blocks the event loop', () => {
  it('runs the sync database helpers it calls in a thread (or converts them with it), against a real PostgreSQL', async () => {
    const postgres = await startPostgres();
    try {
      const { after, result } = migratesAndStillPasses({
        'notes/__init__.py': '',
        'notes/db.py': [
          'import os', '', 'import psycopg2', '', '',
          'def get_conn():',
          '    conn = psycopg2.connect(os.environ["DATABASE_URL"])',
          '    try:', '        yield conn', '    finally:', '        conn.close()', '',
        ].join('\n'),
        'notes/store.py': [
          'def init_schema(conn):',
          '    with conn.cursor() as cur:',
          '        cur.execute("CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, title text NOT NULL)")',
          '    conn.commit()', '', '',
          'def add_note(conn, title):',
          '    with conn.cursor() as cur:',
          '        cur.execute("INSERT INTO notes (title) VALUES (%s) RETURNING id", (title,))',
          '        note_id = cur.fetchone()[0]',
          '    conn.commit()',
          '    return note_id', '', '',
          'def titles(conn):',
          '    with conn.cursor() as cur:',
          '        cur.execute("SELECT title FROM notes ORDER BY id")',
          '        return [row[0] for row in cur.fetchall()]', '',
        ].join('\n'),
        'notes/pages.py': [
          'import requests', '', '',
          'def fetch_title(url):',
          '    response = requests.get(url, timeout=5)',
          '    response.raise_for_status()',
          '    return response.json()["title"]', '',
        ].join('\n'),
        'notes/app.py': [
          'from fastapi import Depends, FastAPI', '', 'from . import store', 'from .db import get_conn', 'from .pages import fetch_title', '',
          'app = FastAPI()', '', '',
          '@app.post("/notes")',
          'def create_note(url: str, conn=Depends(get_conn)):',
          '    store.init_schema(conn)',
          '    title = fetch_title(url)',
          '    return {"id": store.add_note(conn, title), "title": title}', '', '',
          '@app.get("/notes")',
          'def list_notes(conn=Depends(get_conn)):',
          '    store.init_schema(conn)',
          '    return store.titles(conn)', '',
        ].join('\n'),
        'tests/test_app.py': [
          'from fastapi.testclient import TestClient', '', 'from notes.app import app', '', '',
          'def test_create_and_list(httpserver):',
          '    httpserver.expect_request("/page").respond_with_json({"title": "Hello"})',
          '    client = TestClient(app)',
          '    created = client.post("/notes", params={"url": httpserver.url_for("/page")})',
          '    assert created.status_code == 200',
          '    assert created.json()["title"] == "Hello"',
          '    assert "Hello" in client.get("/notes").json()', '',
        ].join('\n'),
      }, postgres.variables);
      expect(result.verification.findings).toEqual([]);
      // The handler became async for its HTTP call: every store call in it is awaited (converted
      // with it) or runs in a thread, never a plain blocking call on the event loop.
      const handler = /async def create_note[\s\S]*?(?=\n\n\n|$)/.exec(after['notes/app.py'] ?? '')?.[0] ?? '';
      expect(handler).toContain('await fetch_title(url)');
      const storeCalls = [...handler.matchAll(/(await )?(asyncio\.to_thread\()?store\.\w+[(,]/g)];
      expect(storeCalls.length).toBe(2);
      for (const call of storeCalls) expect(call[1]).toBe('await ');
    } finally {
      await postgres.stop();
    }
  });
});

describe('a name defined more than once', () => {
  it('gives every definition of a conditionally defined function one colour, so callers can await whichever ran', () => {
    const files = {
      'pacing.py': [
        'import os', 'import time', '', '',
        'if os.environ.get("PACE_REQUESTS"):', '    def pause(seconds):', '        time.sleep(seconds)', '        return "slept"',
        'else:', '    def pause(seconds):', '        return "skipped"', '', '',
        'def fetch_all(urls):', '    return [(url, pause(0.001)) for url in urls]', '',
      ].join('\n'),
      'tests/test_pacing.py': [
        'import os', '', 'from pacing import fetch_all', '', '',
        'def test_paces_each_url():',
        '    expected = "slept" if os.environ.get("PACE_REQUESTS") else "skipped"',
        '    assert fetch_all(["a", "b"]) == [("a", expected), ("b", expected)]', '',
      ].join('\n'),
    };
    for (const env of [{}, { PACE_REQUESTS: '1' }] as Record<string, string>[]) {
      const { after, result } = migratesAndStillPasses(files, env);
      expect(after['pacing.py']).toContain('    async def pause(seconds):\n        await asyncio.sleep(seconds)');
      expect(after['pacing.py']).toContain('    async def pause(seconds):\n        return "skipped"');
      expect(result.reasons.async.map((reason) => reason.text)).toContain('`pause` becomes async: it has another definition of the same name (`pause`), which calls `time.sleep` (pacing.py:7), converted by time-sleep');
    }
  });
});

describe('StopIteration cannot leave a coroutine', () => {
  it('keeps a call sync where its caller catches the StopIteration it lets out (a mocked input() running dry, found on buku)', () => {
    const { after, result } = migratesAndStillPasses({
      'bookmarks.py': [
        'import subprocess', '', '',
        'def copy_to_clipboard(text):', '    subprocess.run(["true"], input=text.encode(), check=True)', '', '',
        'def browse(url):', '    print("opening", url)', '', '',
        'def prompt(results):', '    """Ask which result to open or copy, until the user quits."""',
        '    while True:', '        choice = input("open, copy or quit: ")',
        '        if choice == "q":', '            return', '        if choice == "a":',
        '            for url in results:', '                browse(url)', '        elif choice.startswith("c"):',
        '            copy_to_clipboard(results[int(choice[1:])])', '',
      ].join('\n'),
      'tests/test_prompt.py': [
        'from unittest import mock', '', 'import bookmarks', '', '',
        'def test_opens_every_result():', '    with mock.patch("builtins.input", side_effect=["a"]):',
        '        with mock.patch("bookmarks.browse") as browse:', '            try:',
        '                bookmarks.prompt(["https://a.example", "https://b.example"])',
        '            except StopIteration:', '                # the side effect ran dry: the prompt asked again', '                pass',
        '    assert [call.args[0] for call in browse.call_args_list] == ["https://a.example", "https://b.example"]', '', '',
        'def test_copies_then_quits():', '    with mock.patch("builtins.input", side_effect=["c1", "q"]):',
        '        bookmarks.prompt(["https://a.example", "https://b.example"])', '',
      ].join('\n'),
    });
    expect(after['bookmarks.py']).toContain('async def copy_to_clipboard(text):');
    // The test that catches StopIteration calls a sync twin; the one that does not awaits the prompt.
    expect(after['tests/test_prompt.py']).toContain('                bookmarks.prompt_sync(["https://a.example", "https://b.example"])');
    expect(after['tests/test_prompt.py']).toContain('        await bookmarks.prompt(["https://a.example", "https://b.example"])');
    const twin = result.reviews.find((item) => item.code === 'AS125' && item.message.startsWith('bookmarks.prompt turned async'));
    expect(twin?.message).toContain('called from try catching StopIteration at tests/test_prompt.py:10');
  });
});

describe('what a type checker reads in bridged calls', () => {
  it('bridges an overloaded helper, defined once per optional dependency, in a lambda so its overloads still type the result (found on pg_activity)', async () => {
    const files = {
      'stats/source.py': [
        'from __future__ import annotations', '', 'import ast', 'from typing import Any, Callable, TypeVar, overload',
        'from urllib.request import urlopen', '',
        'try:', '    import json', 'except ImportError:  # pragma: no cover', '    json = None', '',
        'Row = TypeVar("Row")', '',
        'if json is not None:', '',
        '    @overload', '    def fetch_settings(url: str, *, mkrow: Callable[..., Row]) -> Row: ...', '',
        '    @overload', '    def fetch_settings(url: str) -> dict[str, Any]: ...', '',
        '    def fetch_settings(url: str, *, mkrow: Callable[..., Row] | None = None) -> dict[str, Any] | Row:',
        '        row = json.loads(urlopen(url).read())', '        return mkrow(**row) if mkrow is not None else row', '',
        'else:', '',
        '    def fetch_settings(  # type: ignore[no-redef]', '        url: str, *, mkrow: Callable[..., Row] | None = None', '    ) -> dict[str, Any] | Row:',
        '        row = ast.literal_eval(urlopen(url).read().decode())', '        return mkrow(**row) if mkrow is not None else row', '',
      ].join('\n'),
      'stats/local.py': [
        'from __future__ import annotations', '', 'from stats import source', '', '',
        'def pid_of(settings_url: str) -> str:',
        '    ret = source.fetch_settings(settings_url)',
        '    with open(f"{ret[\'data_directory\']}/postmaster.pid") as fd:', '        return fd.readline().strip()', '',
      ].join('\n'),
      'stats/__init__.py': '',
      'tests/test_local.py': [
        'import json', '', 'from stats.local import pid_of', '', '',
        'def test_reads_the_pid_file(tmp_path):', '    (tmp_path / "postmaster.pid").write_text("4242\\n")',
        '    settings = tmp_path / "settings.json"', '    settings.write_text(json.dumps({"data_directory": str(tmp_path)}))',
        '    assert pid_of(settings.as_uri()) == "4242"', '',
      ].join('\n'),
    };
    const root = makeProject(files);
    const migration = migratesAndStillPasses(files);
    expect(migration.after['stats/local.py']).toContain('ret = await asyncio.to_thread(lambda: source.fetch_settings(settings_url))');
    expect(await typeErrorsAdded(root, migration)).toEqual([]);
  });

  it('hands an overloaded method of one definition to to_thread as it is, so the bridged call sees its arguments as narrowed (found on GitPython)', async () => {
    const files = {
      'repo/cmd.py': [
        'import os', 'import subprocess', 'from typing import Literal, Union, overload', '',
        'PathLike = Union[str, "os.PathLike[str]"]', '', '',
        'class Git:',
        '    def __init__(self, url: str) -> None:', '        self.url = Git.polish_url(url)', '',
        '    @overload', '    @classmethod', '    def polish_url(cls, url: str, is_cygwin: Literal[False] = ...) -> str: ...', '',
        '    @overload', '    @classmethod', '    def polish_url(cls, url: str, is_cygwin: Union[None, bool] = None) -> str: ...', '',
        '    @classmethod', '    def polish_url(cls, url: str, is_cygwin: Union[None, bool] = None) -> PathLike:  # asyncshift: keep-sync',
        '        if is_cygwin:', '            return subprocess.check_output(["cygpath", url], text=True).strip()', '        return url.replace("\\\\", "/")', '', '',
        'def clone(path: PathLike, bare: bool = False) -> str:',
        '    path = os.fspath(path)', '    subprocess.run(["true"], check=True)',
        '    clone_path = Git.polish_url(path) if bare else path', '    if not bare:', '        path = os.path.join(path, ".git")',
        '    return clone_path + ":" + path', '',
      ].join('\n'),
      'repo/__init__.py': '',
      'tests/test_cmd.py': [
        'from repo.cmd import Git, clone', '', '',
        'def test_clone():', '    assert clone("a\\\\b", bare=True) == "a/b:a\\\\b"', '    assert Git("c\\\\d").url == "c/d"', '',
      ].join('\n'),
    };
    const root = makeProject(files);
    const migration = migratesAndStillPasses(files);
    // In a lambda, `path` (assigned again below) would read as declared, `PathLike`: no overload takes it.
    expect(migration.after['repo/cmd.py']).toContain('    clone_path = await asyncio.to_thread(Git.polish_url, path) if bare else path');
    expect(await typeErrorsAdded(root, migration)).toEqual([]);
  });
});

describe('threads the migration must not hop to (found on patroni)', () => {
  it('does not await under a project context manager whose __enter__ takes a lock a bridged function takes again', () => {
    const { result } = migratesAndStillPasses({
      'node.py': [
        'import threading', 'import time', '', '',
        'class Executor:', '    def __init__(self):', '        self._thread_lock = threading.RLock()', '',
        '    def __enter__(self):', '        self._thread_lock.acquire()', '        return self', '',
        '    def __exit__(self, *exc):', '        self._thread_lock.release()', '', '',
        'class Node:', '    def __init__(self):', '        self.executor = Executor()', '        self.actions = {"long": self.long_action}', '',
        '    def long_action(self):', '        time.sleep(0.01)', '        with self.executor:', '            return "demoted"', '',
        '    def cycle(self):', '        time.sleep(0.01)', '        return self.long_action()', '',
        '    def run_cycle(self):', '        with self.executor:', '            return self.cycle()', '',
      ].join('\n'),
      'tests/test_node.py': 'from node import Node\n\n\ndef test_cycle():\n    assert Node().run_cycle() == "demoted"\n',
    }, {}, ['--timeout=30']);
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('awaits while `with self.executor:` holds a thread lock');
  });

  it('calls a function that installs signal handlers, through a constructor, on the loop rather than in a thread', () => {
    const { after, result } = migratesAndStillPasses({
      'daemon.py': [
        'import multiprocessing', 'import signal', 'import time', '', '',
        'class Daemon:', '    def __init__(self):', '        self.stopped = False', '        signal.signal(signal.SIGTERM, self._stop)', '',
        '    def _stop(self, *args):', '        self.stopped = True', '',
        '    def serve(self):', '        time.sleep(0.01)', '        return "served"', '', '',
        'ENTRY_POINTS = {}', '', '',
        'def entry_point(func):', '    ENTRY_POINTS[func.__name__] = func', '    return func', '', '',
        '@entry_point', 'def daemon_main():', '    time.sleep(0.01)', '    return Daemon().serve()', '', '',
        'def spawn():', '    return multiprocessing.Process(target=ENTRY_POINTS["daemon_main"])', '', '',
        'def main():', '    time.sleep(0.01)', '    return daemon_main()', '',
      ].join('\n'),
      'tests/test_daemon.py': 'from daemon import main\n\n\ndef test_main():\n    assert main() == "served"\n',
    }, {}, ['--timeout=30']);
    expect(after['daemon.py']).toContain('async def main():\n    await asyncio.sleep(0.01)\n    return daemon_main()');
    expect(result.reviews.map((item) => item.code)).toContain('AS128');
  });
});

describe('a call that code already async awaits', () => {
  it('stays as it was when its function is kept sync: it hands back an awaitable made on the loop (found on twisted)', () => {
    const root = makeProject({
      'remote.py': [
        'import asyncio', 'import functools', 'import time', '', '',
        'class Remote:', '    @functools.lru_cache(maxsize=None)', '    def call(self, name):', '        time.sleep(0)',
        '        answer = asyncio.get_running_loop().create_future()', '        answer.set_result(name.upper())', '        return answer', '', '',
        'async def fetch(remote: Remote):', '    return await remote.call("a")', '',
      ].join('\n'),
    });
    const { after, result } = migrateFolder(root);
    const out = after['remote.py'] ?? fs.readFileSync(path.join(root, 'remote.py'), 'utf8');
    expect(out).toContain('    return await remote.call("a")');
    expect(out).not.toContain('await await');
    expect(result.files.filter((file) => file.outcome.status === 'failed')).toEqual([]);
    expect(result.reviews.filter((item) => item.code === 'AS109')).toEqual([]);
    applyMigration(root, { result, after });
    const run = spawnSync(SYSTEM_PYTHON, ['-c', 'import asyncio, remote\nprint(asyncio.run(remote.fetch(remote.Remote())))'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('A\n');
  });
});

describe('standard library modules shadowed by a module of the same name', () => {
  it('reads `from abc import abstractmethod` in a package module named abc.py as the standard library\'s (found on streamlink)', () => {
    const { after, result } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/output/__init__.py': '',
      'pkg/output/abc.py': [
        'from abc import ABCMeta, abstractmethod', '', '',
        'class Output(metaclass=ABCMeta):', '    def open(self):', '        return self._open()', '',
        '    @abstractmethod', '    def _open(self):', '        raise NotImplementedError', '',
      ].join('\n'),
      'pkg/output/file.py': [
        'import time', '', 'from pkg.output.abc import Output', '', '',
        'class FileOutput(Output):', '    def _open(self):', '        time.sleep(0)', '        return "opened"', '',
      ].join('\n'),
      'tests/test_output.py': 'from pkg.output.file import FileOutput\n\n\ndef test_open():\n    assert FileOutput().open() == "opened"\n',
    });
    expect(after['pkg/output/abc.py']).toContain('    @abstractmethod\n    async def _open(self):');
    expect(after['pkg/output/file.py']).toContain('    async def _open(self):\n        await asyncio.sleep(0)');
    expect(result.reviews.map((item) => item.message).join('\n')).not.toContain('@abstractmethod');
  });
});

describe('receivers annotated with a builtin class', () => {
  it('never takes `text.index(...)` on a `text: str` for a project method named index (found on PyGithub)', () => {
    const { after, result } = migratesAndStillPasses({
      'pkg/__init__.py': '',
      'pkg/spec.py': [
        'import time', '', '',
        'class Spec:', '    def index(self, name):', '        time.sleep(0)', '        return name.upper()', '', '',
        'def bases(definition: str) -> list[str]:',
        '    def inner(text: str) -> list[str]:', '        return [text[text.index("(") + 1 : text.index(")")]]', '',
        '    return inner(definition)', '',
      ].join('\n'),
      'tests/test_spec.py': 'from pkg.spec import Spec, bases\n\n\ndef test_index():\n    assert Spec().index("a") == "A"\n    assert bases("C(B)") == ["B"]\n',
    });
    expect(after['pkg/spec.py']).toContain('    async def index(self, name):');
    expect(after['pkg/spec.py']).toContain('    def inner(text: str) -> list[str]:\n        return [text[text.index("(") + 1 : text.index(")")]]');
    expect(result.reviews.map((item) => item.code)).not.toContain('AS104');
  });
});

describe('decorators on a click command', () => {
  it('leaves a project decorator of unknown kind on the command\'s sync wrapper instead of keeping the command sync (found on mkdocs, pip-tools and patroni)', () => {
    const { after, result } = migratesAndStillPasses({
      'tool/__init__.py': '',
      'tool/build.py': 'import time\n\n\ndef build(site, clean):\n    time.sleep(0)\n    return f"built {site}" + (" (clean)" if clean else "")\n',
      'tool/cli.py': [
        'import click', '', 'from tool.build import build', '', '',
        'def add_options(*opts):', '    def inner(f):', '        for option in reversed(opts):', '            f = option(f)', '        return f', '', '    return inner', '', '',
        'common_options = add_options(click.option("--site", default="site"), click.option("--clean/--dirty", default=False))', '', '',
        '@click.group()', 'def cli():', '    pass', '', '',
        '@cli.command(name="build")', '@common_options', 'def build_command(site, clean):', '    click.echo(build(site, clean))', '',
      ].join('\n'),
      'tests/test_cli.py': [
        'from click.testing import CliRunner', '', 'from tool.cli import cli', '', '',
        'def test_build():', '    result = CliRunner().invoke(cli, ["build", "--site", "docs", "--clean"])', '    assert result.exit_code == 0, result.output', '    assert result.output == "built docs (clean)\\n"', '',
      ].join('\n'),
    });
    expect(after['tool/cli.py']).toContain('@cli.command(name="build")\n@common_options\ndef build_command(site, clean):\n    return _run_entry_point(_build_command_async(site, clean))');
    expect(after['tool/cli.py']).toContain('async def _build_command_async(site, clean):\n    click.echo(await build(site, clean))');
    expect(result.reasons.pinned.map((pin) => pin.reason).join('\n')).not.toContain('@common_options');
  });
});
