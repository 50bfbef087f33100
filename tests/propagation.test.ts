import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, migrateFiles, migrateFolder, reviewMessages } from './helpers/project.js';
import { migratesAndStillPasses } from './helpers/suite.js';

const SLEEPER = 'import time\n\n\ndef slow():\n    time.sleep(0)\n    return 1\n';

/** Shapes of the call graph and how async-ness crosses them (DESIGN.md, "The migration model"). */
describe('propagation through methods and classes', () => {
  it('types a variable set to an object or None by a conditional expression (`DiskCache(folder) if folder else None`)', () => {
    const { after, result } = migratesAndStillPasses({
      'cache.py': [
        'import json', 'import os', 'import time', '', '',
        'class DiskCache:', '    def __init__(self, folder):', '        self.folder = folder', '',
        '    def get(self, key):', '        path = os.path.join(self.folder, key + ".json")', '        if not os.path.exists(path):', '            return None',
        '        with open(path) as f:', '            return json.load(f)', '',
        '    def put(self, key, value):', '        with open(os.path.join(self.folder, key + ".json"), "w") as f:', '            json.dump(value, f)', '', '',
        'def lookup(folder, key, compute):', '    cache = DiskCache(folder) if folder else None', '    if cache is not None:', '        found = cache.get(key)',
        '        if found is not None:', '            return found', '    time.sleep(0)', '    value = compute(key)', '    if cache is not None:',
        '        cache.put(key, value)', '    return value', '',
      ].join('\n'),
      'tests/test_cache.py': [
        'from cache import lookup', '', '',
        'def test_lookup_caches(tmp_path):', '    calls = []', '', '    def compute(key):', '        calls.append(key)', '        return {"key": key}', '',
        '    assert lookup(str(tmp_path), "a", compute) == {"key": "a"}', '    assert lookup(str(tmp_path), "a", compute) == {"key": "a"}',
        '    assert calls == ["a"]', '    assert lookup("", "b", compute) == {"key": "b"}', '',
      ].join('\n'),
    });
    expect(after['cache.py']).toContain('        found = await cache.get(key)\n');
    expect(after['cache.py']).toContain('        await cache.put(key, value)\n');
    expect(result.reviews.map((item) => item.code)).not.toContain('AS129');
  });

  it('awaits self, cls, super(), Class.m(obj), locals, self attributes, factories and annotated parameters', () => {
    const { after } = migrateFiles({
      'jobs.py': [
        'import time', '', '',
        'class Store:', '    def save(self):', '        time.sleep(0)', '', '',
        'def make_store() -> Store:', '    return Store()', '', '',
        'class Base:', '    def __init__(self):', '        self.store = Store()', '',
        '    def process(self, job):', '        return job', '',
        '    @classmethod', '    def ping(cls):', '        time.sleep(0)', '',
        '    def run(self, job):', '        self.store.save()', '        self.ping()', '        return self.process(job)', '', '',
        'class Child(Base):', '    def process(self, job):', '        time.sleep(0)', '        return super().process(job)', '', '',
        'def drain(b: Base):', '    b.run(1)', '    Base.process(b, 2)', '    c = Child()', '    c.run(3)', '    make_store().save()', '',
      ].join('\n'),
    });
    const out = after['jobs.py'];
    expect(out).toContain('    async def save(self):');
    expect(out).toContain('    async def process(self, job):\n        return job');
    expect(out).toContain('        await self.store.save()\n        await self.ping()\n        return await self.process(job)');
    expect(out).toContain('        return await super().process(job)');
    expect(out).toContain('    await b.run(1)\n    await Base.process(b, 2)\n    c = Child()\n    await c.run(3)\n    await make_store().save()');
    expect(out).toContain('    def __init__(self):');
  });

  it('reads a method called on an object no name refers to (self.feeds[-1].fetch()) as on a receiver of unknown type, so its coroutine is never left unawaited', () => {
    const feeds = (method: string) => ({
      'feeds.py': [
        'import time', '', '',
        'class Feed:', '    def __init__(self, name):', '        self.name = name', '',
        `    def ${method}(self):`, '        time.sleep(0.01)  # the network', '        return f"{self.name}: 3 new"', '', '',
        'class Aggregator:', '    def __init__(self, feeds):', '        self.feeds = feeds', '',
        '    def latest(self):', `        return self.feeds[-1].${method}()`, '', '',
        'async def refresh(feed: Feed):', `    return feed.${method}()`, '',
      ].join('\n'),
      'tests/test_feeds.py': [
        'from feeds import Aggregator, Feed', '', '',
        'def test_latest():', '    assert Aggregator([Feed("a"), Feed("b")]).latest() == "b: 3 new"', '',
      ].join('\n'),
    });
    // Only a project class defines `fetch`: the call is taken to reach it, and awaits it.
    const inferred = migratesAndStillPasses(feeds('fetch'));
    expect(inferred.after['feeds.py']).toContain('    async def latest(self):\n        return await self.feeds[-1].fetch()');
    expect(inferred.result.reviews.find((item) => item.code === 'AS124')?.message).toContain('`.fetch()` on a computed object: the receiver is taken to be a feeds.Feed');
    // Files and sockets have a `read` too: nothing tells, so every `read` stays sync.
    const unknown = migratesAndStillPasses(feeds('read'));
    expect(unknown.after['feeds.py']).toContain('    def read(self):\n        time.sleep(0.01)');
    expect(unknown.after['feeds.py']).toContain('    return await asyncio.to_thread(feed.read)');
    expect(unknown.result.reviews.find((item) => item.code === 'AS104')?.message).toContain('cannot tell what `read` belongs to here');
  });

  it('keeps a method family sync when a receiver of unknown type calls it and a library class may have the method, and says so', () => {
    const { after, result } = migrateFiles({
      'svc.py': 'import time\n\n\nclass Api:\n    def fetch(self):\n        time.sleep(0)\n\n\nclass Feed:\n    def fetch(self):\n        return 1\n\n\ndef use(thing):\n    thing.fetch()\n',
      'mail.py': 'import imaplib\n\n\ndef read(box: imaplib.IMAP4, thing):\n    box.fetch("1", "(RFC822)")\n    thing.fetch()\n',
    });
    expect(after).toEqual({});
    expect(result.reviews.map((item) => item.code)).toContain('AS104');
  });

  it('lets a call on a receiver of unknown type reach only the definitions its arguments can bind to', () => {
    const project = (normalise: string) => ({
      'store.py': [
        'import time', '', '',
        'class Record:', '    def __init__(self, **fields):', '        self.fields = fields', '',
        '    def replace(self, **changes):', '        time.sleep(0.01)  # the write', '        return Record(**{**self.fields, **changes})', '', '',
        'def normalised(path):', `    path = ${normalise}`, '    return path', '', '',
        'def rename(record: Record, path):', '    return record.replace(path=normalised(path))', '',
      ].join('\n'),
      'tests/test_store.py': [
        'from store import Record, rename', '', '',
        'def test_rename():', '    assert rename(Record(path="a"), "b\\\\c").fields == {"path": "b/c"}', '',
      ].join('\n'),
    });
    // `path.replace("\\", "/")` passes two arguments: `Record.replace` takes keywords only, so it is a string's.
    const bound = migratesAndStillPasses(project('path.replace("\\\\", "/")'));
    expect(bound.after['store.py']).toContain('    async def replace(self, **changes):\n        await asyncio.sleep(0.01)');
    expect(bound.after['store.py']).toContain('def normalised(path):\n    path = path.replace("\\\\", "/")');
    expect(bound.result.reviews.map((item) => item.code)).not.toContain('AS104');
    // `path.replace(path="x")` could be a Record's: it stays sync, as before.
    const ambiguous = migrateFiles(project('path.replace(path="x") and path.fields["path"].replace("\\\\", "/")'));
    expect(ambiguous.after['store.py'] ?? '').not.toContain('async def replace');
    expect(ambiguous.result.reviews.find((item) => item.code === 'AS104')?.message).toContain('cannot tell what `replace` belongs to here');
  });

  it('reads `backup.status` on a value of unknown type as a module\'s function only where the project loads modules by name (found on barman)', () => {
    const project = (extra: Record<string, string>) => ({
      'tool/__init__.py': '',
      'tool/cli.py': [
        'import time', '', '',
        'def status(name):', '    time.sleep(0.01)  # asks the server', '    return f"{name}: up"', '', '',
        'def main(names):', '    return [status(name) for name in names]', '',
      ].join('\n'),
      'tool/backups.py': [
        'def describe(backup):', '    return backup.backup_id, backup.status', '',
      ].join('\n'),
      'tests/test_cli.py': [
        'from types import SimpleNamespace', '', 'from tool.backups import describe', 'from tool.cli import main', '', '',
        'def test_main():', '    assert main(["a"]) == ["a: up"]', '', '',
        'def test_describe():', '    assert describe(SimpleNamespace(backup_id="b1", status="DONE")) == ("b1", "DONE")', '',
      ].join('\n'),
      ...extra,
    });
    const migration = migratesAndStillPasses(project({}));
    expect(migration.after['tool/cli.py']).toContain('async def status(name):\n    await asyncio.sleep(0.01)');
    // A module loaded by name may reach `describe`: its `status` would then be the module's function.
    const loading = migrateFiles(project({ 'tool/plugins.py': 'import importlib\n\n\ndef load(name):\n    return importlib.import_module(f"tool.{name}")\n' }));
    expect(loading.after['tool/cli.py'] ?? '').not.toContain('async def status');
    expect(loading.result.reviews.map((item) => item.message).join('\n')).toContain('used as a value through backup.status at tool/backups.py:2');
  });

  it('awaits a method getattr() looks up by a pattern through _await_if_awaitable where its function turns async (found on poetry: getattr(self, f"_execute_{method}")(operation))', () => {
    const executor = (caller: string) => ({
      'installer.py': [
        'import shutil', 'import time', '', '',
        'class Executor:', '    def __init__(self, root):', '        self.root = root', '        self.done = []', '',
        `    ${caller}(self, operations):`, '        for kind, name in operations:', '            time.sleep(0.001)  # progress output',
        '            if getattr(self, f"_execute_{kind}")(name) != 0:', '                return 1', '        return 0', '',
        '    def _execute_install(self, name):', '        with open(f"{self.root}/{name}", "w") as f:', '            f.write(name)', '        self.done.append(name)', '        return 0', '',
        '    def _execute_uninstall(self, name):', '        shutil.os.remove(f"{self.root}/{name}")', '        self.done.append(f"-{name}")', '        return 0', '',
        '    def _execute_skip(self, name):', '        return 0', '',
      ].join('\n'),
      'tests/test_installer.py': [
        'from installer import Executor', '', '',
        'def test_execute(tmp_path):', '    executor = Executor(str(tmp_path))',
        '    assert executor.execute([("install", "a"), ("install", "b"), ("uninstall", "a"), ("skip", "c")]) == 0',
        '    assert executor.done == ["a", "b", "-a"]', '    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]', '',
      ].join('\n'),
    });
    const migration = migratesAndStillPasses(executor('def execute'));
    const out = migration.after['installer.py'];
    expect(out).toContain('            if await _await_if_awaitable(getattr(self, f"_execute_{kind}")(name)) != 0:');
    expect(out).toContain('    async def _execute_install(self, name):\n        async with aiofiles.open(');
    expect(out).toContain('    def _execute_skip(self, name):\n        return 0');
    expect(migration.result.reviews.find((item) => item.code === 'AS129')?.message).toContain('the method getattr() looks up here may be installer.Executor._execute_install');
  });

  it('keeps a module-level function sync where getattr() looks it up by a computed name on a module loaded by name (found on borgmatic: getattr(importlib.import_module(...), function_name)(...))', () => {
    const hooks = (lookup: string[]) => ({
      'pkg/__init__.py': '',
      'pkg/hooks/__init__.py': '',
      'pkg/hooks/web.py': ['import time', '', '', 'def ping_monitor(url):', '    time.sleep(0.01)  # asks the monitor', '    return 200', ''].join('\n'),
      'pkg/dispatch.py': ['import importlib', '', '', 'def call_hook(hook_name, function_name, *args):', ...lookup, ''].join('\n'),
      'pkg/cli.py': [
        'import sys', '', 'from pkg import dispatch', '', '',
        'def main(argv):', '    return f"status {dispatch.call_hook(\'web\', \'ping_monitor\', argv[0])}"', '', '',
        'if __name__ == "__main__":', '    print(main(sys.argv[1:]))', '',
      ].join('\n'),
      'tests/test_cli.py': ['from pkg.cli import main', '', '', 'def test_main():', '    assert main(["https://example.org"]) == "status 200"', ''].join('\n'),
    });
    for (const lookup of [
      ['    module = importlib.import_module(f"pkg.hooks.{hook_name}")', '    return getattr(module, function_name)(*args)'],
      ['    function = getattr(importlib.import_module(f"pkg.hooks.{hook_name}"), function_name)', '    return function(*args)'],
    ]) {
      const migration = migratesAndStillPasses(hooks(lookup));
      expect(migration.after['pkg/hooks/web.py'] ?? '').not.toContain('async def ping_monitor');
      expect(migration.result.reviews.map((item) => item.message).join('\n')).toContain('reachable through getattr() at pkg/dispatch.py:6, on a value that may be a module');
    }
    // A name built with a literal suffix (poetry's `"".join(...) + "Command"`) reaches only the names that end so.
    const suffixed = hooks(['    module = importlib.import_module(f"pkg.hooks.{hook_name}")', '    return getattr(module, function_name.removesuffix("_monitor") + "_monitor")(*args)']);
    suffixed['pkg/hooks/web.py'] += '\n\ndef fetch(url):\n    time.sleep(0.01)\n    return url\n';
    const migration = migratesAndStillPasses(suffixed);
    expect(migration.after['pkg/hooks/web.py']).toContain('async def fetch(url):');
    expect(migration.after['pkg/hooks/web.py']).not.toContain('async def ping_monitor');
  });

  it('keeps a method sync where `obj.run` on an object of unknown type is handed on as a value (found on barman: asyncio.to_thread(server.receive_wal))', () => {
    const migration = migratesAndStillPasses({
      'jobs.py': [
        'import asyncio', 'import threading', 'import time', '', '',
        'class Job:', '    def __init__(self):', '        self.done = False', '',
        '    def run(self):', '        time.sleep(0.01)  # the work', '        self.done = True', '', '',
        'def start(registry, name):', '    job = getattr(registry, name)', '    thread = threading.Thread(target=job.run)', '    thread.start()', '    return thread', '', '',
        'async def run_in_thread(registry, name):', '    await asyncio.to_thread(getattr(registry, name).run)', '', '',
        'def run_now():', '    job = Job()', '    job.run()', '    return job.done', '',
      ].join('\n'),
      'tests/test_jobs.py': [
        'import asyncio', 'from types import SimpleNamespace', '', 'from jobs import Job, run_in_thread, run_now, start', '', '',
        'def test_start():', '    registry = SimpleNamespace(a=Job())', '    start(registry, "a").join()', '    assert registry.a.done', '', '',
        'def test_run_in_thread():', '    registry = SimpleNamespace(a=Job())', '    asyncio.run(run_in_thread(registry, "a"))', '    assert registry.a.done', '', '',
        'def test_run_now():', '    assert run_now()', '',
      ].join('\n'),
    });
    expect(migration.after['jobs.py']).toBeUndefined();
    // Handed to a callable that never calls it, or to a project function that calls no parameter: no pin.
    const read = migrateFiles({
      'jobs.py': [
        'import logging', 'import time', '', '',
        'class Job:', '    def run(self):', '        time.sleep(0.01)', '', '',
        'def describe(flag):', '    return "run" if flag else "skip"', '', '',
        'def plan(options):', '    logging.info("run: %s", options.run)', '    return describe(options.run)', '', '',
        // Only tested for truth: a function is always true, so `and` never gives its left operand.
        'def should_run(options):', '    if options.verbose or (options.run and not options.quiet):', '        return True',
        '    checks = [c for c in options.checks if options.run]', '    assert options.run, "nothing to run"',
        '    return options.run and bool(checks) if options.run else False', '',
      ].join('\n'),
    });
    expect(read.after['jobs.py']).toContain('    async def run(self):');
    const tested = migrateFiles({
      'jobs.py': [
        'import time', '', '',
        'class Job:', '    def run(self):', '        time.sleep(0.01)', '', '',
        'def pick(options):', '    return options.verbose and options.run', '',
      ].join('\n'),
    });
    expect(tested.after['jobs.py']).toBeUndefined();
    // Held in a name that is returned (python-gitlab's `_get_update_method`): its callers may call it.
    const returned = migrateFiles({
      'jobs.py': [
        'import time', '', '',
        'class Job:', '    def run(self):', '        time.sleep(0.01)', '', '',
        'def method_of(holder):', '    method = holder.job.run', '    return method', '',
      ].join('\n'),
    });
    expect(returned.after['jobs.py']).toBeUndefined();
    expect(migration.result.reviews.map((item) => item.message).join('\n')).toContain('jobs.Job.run stays sync (handed on as a value through job.run at jobs.py:17, on a receiver of unknown type');
  });

  it('lets a function be handed to a mock assertion, print or logging, which never call it (found on barman: assert_called_once_with(..., op._decrypt_backup))', () => {
    const migration = migratesAndStillPasses({
      'chain.py': [
        'import logging', 'import time', '', '',
        'class Decryptor:', '    def __init__(self):', '        self.done = []', '',
        '    def _decrypt(self, path):', '        time.sleep(0.01)  # runs gpg', '        self.done.append(path)', '',
        '    def _on_chain(self, path, step):', '        return step(path)', '',
        '    def run(self, path):', '        logging.debug("decrypting with %s", self._decrypt)', '        return self._on_chain(path, self._decrypt)', '',
      ].join('\n'),
      'tests/test_chain.py': [
        'from unittest import mock', '', 'from chain import Decryptor', '', '',
        'def test_run():', '    decryptor = Decryptor()', '    decryptor.run("/tmp/a")', '    assert decryptor.done == ["/tmp/a"]', '', '',
        'def test_run_hands_the_step_on():', '    decryptor = Decryptor()', '    with mock.patch.object(decryptor, "_on_chain") as on_chain:',
        '        decryptor.run("/tmp/b")', '    on_chain.assert_called_once_with("/tmp/b", decryptor._decrypt)', '    print(decryptor._decrypt)', '',
      ].join('\n'),
    });
    expect(migration.after['chain.py']).toContain('    async def _decrypt(self, path):');
    expect(migration.after['tests/test_chain.py']).toContain('    on_chain.assert_called_once_with("/tmp/b", decryptor._decrypt)');
  });

  it('reads `*labels: str` and `**notes: str` as variadic: a call passing several arguments may reach the method (found on PyGithub)', () => {
    const migration = migratesAndStillPasses({
      'issues.py': [
        'import time', '', '',
        'class Issue:', '    def __init__(self):', '        self.labels = []', '',
        '    def update(self, *labels: str, **notes: str) -> None:', '        time.sleep(0.01)  # the request', '        self.labels.extend(labels)', '', '',
        'OPEN = {}', '', '',
        'def triage(number):', '    time.sleep(0.01)', '    issue = OPEN[number]', '    issue.update("bug", "urgent", by="bot")', '    return issue', '',
      ].join('\n'),
      'tests/test_issues.py': [
        'from issues import OPEN, Issue, triage', '', '',
        'def test_triage():', '    OPEN[7] = Issue()', '    assert triage(7).labels == ["bug", "urgent"]', '',
      ].join('\n'),
    });
    const out = migration.after['issues.py'];
    expect(out).toContain('    async def update(self, *labels: str, **notes: str) -> None:');
    expect(out).toContain('    await _await_if_awaitable(issue.update("bug", "urgent", by="bot"))');
  });
});

describe('sync-only contexts and pinning', () => {
  it('pins __init__, @property, callbacks, dict-stored handlers and keep-sync, bridges their async callers, and gives what they call a sync twin', () => {
    const { after, result } = migrateFiles({
      'pyproject.toml': '[project]\nname = "x"\n\n[tool.asyncshift]\nkeep-sync = ["app.configured"]\n',
      'app.py': [
        'import threading', 'import time', '', '',
        'def probe():', '    time.sleep(0)', '    return 1', '', '',
        'def score(x):', '    time.sleep(0)', '    return x', '', '',
        'def handler():', '    time.sleep(0)', '', '',
        'def legacy():  # asyncshift: keep-sync', '    time.sleep(0)', '', '',
        'def configured():', '    time.sleep(0)', '', '',
        'HANDLERS = {"h": handler}', '', '',
        'class Box:', '    def __init__(self):', '        probe()', '',
        '    @property', '    def ready(self):', '        return probe()', '', '',
        'def work(items):', '    time.sleep(0)', '    threading.Thread(target=handler).start()',
        '    legacy()', '    configured()', '    box = Box()', '    return sorted(items, key=score), probe()', '',
      ].join('\n'),
    });
    const out = after['app.py'];
    expect(out).toContain('async def work(items):');
    expect(out).toContain('    await asyncio.to_thread(legacy)\n    await asyncio.to_thread(configured)\n    box = await asyncio.to_thread(Box)\n');
    expect(out).toContain('return sorted(items, key=score), await probe()');
    expect(out).toContain('    def __init__(self):\n        probe_sync()');
    expect(out).toContain('def score(x):\n    time.sleep(0)');
    expect(out).toContain('def handler():\n    time.sleep(0)');
    const reasons = reviewMessages(result.reviews, 'AS101');
    expect(result.reviews.find((item) => item.code === 'AS125')?.message).toMatch(/^app\.probe turned async; its original code stays as probe_sync/);
    expect(reasons).toMatch(/app\.Box\.__init__ stays sync \(__init__ has no async form\)/);
    expect(reasons).toMatch(/app\.Box\.ready stays sync \(a @property cannot be awaited/);
    expect(reasons).toMatch(/app\.score stays sync \(passed to sorted at app\.py:45/);
    expect(reasons).toMatch(/app\.handler stays sync \(used as a value/);
    expect(reasons).toMatch(/app\.legacy stays sync \(marked keep-sync\)/);
    expect(reasons).toMatch(/app\.configured stays sync \(marked keep-sync\)/);
  });

  it('keeps Flask views, Celery tasks and cached functions sync, and lets FastAPI handlers go async', () => {
    const { after } = migrateFiles({
      'web.py': [
        'import functools', 'import time', '', 'from celery import shared_task', 'from fastapi import FastAPI', 'from flask import Flask', '',
        'flask_app = Flask(__name__)', 'api = FastAPI()', '', '',
        '@flask_app.route("/a")', 'def view():', '    time.sleep(0)', '', '',
        '@shared_task', 'def task():', '    time.sleep(0)', '', '',
        '@functools.lru_cache', 'def cached():', '    time.sleep(0)', '', '',
        '@api.get("/b")', 'def endpoint():', '    time.sleep(0)', '    return {}', '',
      ].join('\n'),
    });
    const out = after['web.py'];
    expect(out).toContain('@api.get("/b")\nasync def endpoint():\n    await asyncio.sleep(0)');
    expect(out).toContain('def view():\n    time.sleep(0)');
    expect(out).toContain('def task():\n    time.sleep(0)');
    expect(out).toContain('def cached():\n    time.sleep(0)');
  });

  it('keeps a Bottle route sync and says why (found on temboard)', () => {
    const { after, result } = migrateFiles({
      'routes.py': 'import time\n\nfrom bottle import get\n\n\n@get("/status")\ndef status():\n    time.sleep(0)\n    return {}\n',
    });
    expect(after).toEqual({});
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('routes.status stays sync (a Bottle route is called synchronously');
  });

  it('pins a method reached through getattr with a computed name', () => {
    const { after, result } = migrateFiles({
      'hooks.py': 'import time\n\n\nclass Hooks:\n    def on_flush(self):\n        time.sleep(0)\n\n    def run(self, name):\n        return getattr(self, f"on_{name}")()\n',
    });
    expect(after).toEqual({});
    expect(result.reviews.some((item) => /reachable through getattr/.test(item.message))).toBe(true);
  });
});

describe('protocols', () => {
  it('keeps a generator that returns a value sync, and bridges a for loop over a pinned generator', () => {
    const { after } = migrateFiles({
      'gen.py': [
        'import time', '', '',
        'def pages():', '    time.sleep(0)', '    yield 1', '    return "done"', '', '',
        'def total():', '    time.sleep(0)', '    return sum(1 for _ in range(3)) + sum(p for p in pages())', '', '',
        'def walk():', '    time.sleep(0)', '    for p in pages():', '        print(p)', '',
      ].join('\n'),
    });
    expect(after['gen.py']).toContain('def pages():\n    time.sleep(0)');
    expect(after['gen.py']).toContain('    for p in await asyncio.to_thread(list, pages()):');
  });

  it('drains a pinned generator that blocks in a thread when a builtin consumer takes it alone (found on pipx: tuple(venv_container.iter_venv_dirs()))', () => {
    const generator = [
      'import time', '', '',
      'def iter_names(names):', '    for name in names:', '        time.sleep(0)', '        yield name.upper()', '', '',
      // Held in a name and splatted: no async form, so the generator stays sync.
      'def numbered(names):', '    it = iter_names(names)', '    return [next(it), *it]', '', '',
    ];
    const { after } = migratesAndStillPasses({
      'files.py': [
        ...generator,
        'def count(names):', '    time.sleep(0)', '    found = tuple(iter_names(names))',
        '    return len(found), ", ".join(iter_names(names)), tuple(iter_names(names))[0]', '', '',
        'def initials(names):', '    time.sleep(0)', '    return tuple(sorted(name[0] for name in iter_names(names) if name))', '', '',
        'def picked(names, everything):', '    time.sleep(0)', '    return sorted(n for n in (iter_names(names) if everything else names))', '',
      ].join('\n'),
      'tests/test_files.py': [
        'from files import count, initials, numbered, picked', '', '',
        'def test_picked():', '    assert picked(["b", "a"], True) == ["A", "B"]', '    assert picked(["b", "a"], False) == ["a", "b"]', '', '',
        'def test_count():', '    assert count(["a", "b"]) == (2, "A, B", "A")', '', '',
        'def test_initials():', '    assert initials(["bo", "al"]) == ("A", "B")', '', '',
        'def test_numbered():', '    assert numbered(["b", "a"]) == ["B", "A"]', '',
      ].join('\n'),
    });
    expect(after['files.py']).toContain('async def count(names):\n    await asyncio.sleep(0)\n    found = await asyncio.to_thread(tuple, iter_names(names))');
    expect(after['files.py']).toContain('await asyncio.to_thread(", ".join, iter_names(names)), (await asyncio.to_thread(tuple, iter_names(names)))[0]');
    // A generator expression's first iterable is evaluated in the function itself (found on pipx's reset).
    // So is a branch of a conditional expression there (found on pipx's outdated: the other branch is a sync collection).
    expect(after['files.py']).toContain('async def picked(names, everything):\n    await asyncio.sleep(0)\n    return sorted(n for n in (await asyncio.to_thread(list, iter_names(names)) if everything else names))');
    expect(after['files.py']).toContain('async def initials(names):\n    await asyncio.sleep(0)\n    return tuple(sorted(name[0] for name in await asyncio.to_thread(list, iter_names(names)) if name))');
    expect(after['files.py']).toContain('def numbered(names):\n    it = iter_names(names)\n    return [next(it), *it]');
    expect(after['files.py']).toContain('def iter_names(names):\n    for name in names:\n        time.sleep(0)');
  });

  it('collects an async generator in the branch of a conditional expression that a for or a generator expression iterates (found on pipx: the other branch is a sync collection)', () => {
    const { after } = migratesAndStillPasses({
      'venvs.py': [
        'import os', 'import time', '', '',
        'class Container:', '    def __init__(self, root):', '        self.root = root', '',
        '    def iter_dirs(self):', '        for entry in sorted(os.listdir(self.root)):', '            time.sleep(0.001)  # the stat',
        '            if os.path.isdir(os.path.join(self.root, entry)):', '                yield entry', '', '',
        'def outdated(container: Container, dirs=None, skip=()):',
        '    selected = tuple(sorted(d for d in (container.iter_dirs() if dirs is None else dirs) if d not in skip))',
        '    found = []', '    for d in (container.iter_dirs() if dirs is None else dirs):', '        found.append(d.upper())',
        '    return selected, found', '',
      ].join('\n'),
      'tests/test_venvs.py': [
        'from venvs import Container, outdated', '', '',
        'def test_outdated(tmp_path):', '    for name in ("b", "a", "c"):', '        (tmp_path / name).mkdir()', '    (tmp_path / "file").write_text("")',
        '    assert outdated(Container(str(tmp_path)), skip=("c",)) == (("a", "b"), ["A", "B", "C"])',
        '    assert outdated(Container(str(tmp_path)), dirs=["z", "y"]) == (("y", "z"), ["Z", "Y"])', '',
      ].join('\n'),
    });
    expect(after['venvs.py']).toContain('    async def iter_dirs(self):');
    expect(after['venvs.py']).toContain('    selected = tuple(sorted(d for d in ([_item async for _item in container.iter_dirs()] if dirs is None else dirs) if d not in skip))');
    expect(after['venvs.py']).toContain('    for d in ([_item async for _item in container.iter_dirs()] if dirs is None else dirs):');
  });

  it('splits a with statement whose items only partly turn async, keeping their order', () => {
    const { after } = migrateFiles({
      'cm.py': [
        'import contextlib', 'import time', '', '',
        '@contextlib.contextmanager', 'def slow():', '    time.sleep(0)', '    yield 1', '', '',
        '@contextlib.contextmanager', 'def fast():', '    yield 2', '', '',
        'def use():', '    with fast() as a, slow() as b:', '        text = """', 'kept', '"""', '        return a + b', '',
      ].join('\n'),
    });
    expect(after['cm.py']).toContain('async def use():\n    with fast() as a:\n        async with slow() as b:\n            text = """\nkept\n"""\n            return a + b\n');
  });
});

describe('entry points', () => {
  it('splits console-script targets and click commands into a sync wrapper and an async twin', () => {
    const { after } = migrateFiles({
      'pyproject.toml': '[project]\nname = "x"\n\n[project.scripts]\ntool = "tool.cli:main"\n',
      'tool/__init__.py': '',
      'tool/cli.py': 'import time\n\n\ndef main(argv=None, *, verbose=False):\n    time.sleep(0)\n    return 0\n',
      'tool/commands.py': 'import time\n\nimport click\n\n\n@click.command()\n@click.option("--n", default=1)\ndef go(n):\n    time.sleep(0)\n',
    });
    expect(after['tool/cli.py']).toContain('def main(argv=None, *, verbose=False):\n    return _run_entry_point(_main_async(argv, verbose=verbose))\n\n\nasync def _main_async(argv=None, *, verbose=False):\n    await asyncio.sleep(0)');
    expect(after['tool/commands.py']).toContain('@click.option("--n", default=1)\ndef go(n):\n    return _run_entry_point(_go_async(n))\n\n\nasync def _go_async(n):');
    expect(after['tool/commands.py']).toContain('def _run_entry_point(coroutine):');
    expect(after['tool/commands.py']).toMatch(/^import asyncio\nimport concurrent\.futures\nimport logging\n\nimport click\n/);
  });

  it('keeps sync a function a build tool calls, named in its pyproject.toml settings (versioningit\'s onbuild, found on streamlink)', () => {
    const onbuild = [
      'from pathlib import Path', '', '',
      'def onbuild(*, is_source: bool, template_fields: dict, params: dict) -> None:',
      '    version = template_fields["version"]', '    with Path(params["file"]).open("w", encoding="utf-8") as fh:', '        fh.write(f\'__version__ = "{version}"\\n\')', '', '',
      'async def stamp(file: str) -> None:', '    onbuild(is_source=True, template_fields={"version": "1.0"}, params={"file": file})', '',
    ].join('\n');
    const hooked = migrateFiles({
      'pyproject.toml': '[project]\nname = "x"\n\n[tool.versioningit.onbuild]\nmethod = { module = "build_backend.onbuild", value = "onbuild" }\n',
      'build_backend/__init__.py': '',
      'build_backend/onbuild.py': onbuild,
    });
    expect(hooked.after['build_backend/onbuild.py']).toContain('\n\ndef onbuild(*, is_source: bool, template_fields: dict, params: dict) -> None:\n    version');
    expect(hooked.after['build_backend/onbuild.py']).toContain('    await asyncio.to_thread(onbuild, is_source=True');
    expect(hooked.result.reasons.pinned.find((pin) => pin.function === 'build_backend.onbuild.onbuild')?.reason).toContain('tool.versioningit.onbuild');
    // Not named in the settings, the same function turns async for its async caller.
    const plain = migrateFiles({ 'pyproject.toml': '[project]\nname = "x"\n', 'build_backend/__init__.py': '', 'build_backend/onbuild.py': onbuild });
    expect(plain.after['build_backend/onbuild.py']).toContain('async def onbuild(');
  });

  it('runs the body with asyncio.run at the top level of __main__.py', () => {
    const { after } = migrateFiles({
      'pkg/__init__.py': '',
      'pkg/core.py': SLEEPER,
      'pkg/__main__.py': 'from .core import slow\n\nslow()\n',
    });
    expect(after['pkg/__main__.py']).toBe('import asyncio\n\nfrom .core import slow\n\nasyncio.run(slow())\n');
  });
});

describe('tests migrate too', () => {
  it('converts unittest.TestCase to IsolatedAsyncioTestCase with asyncSetUp', () => {
    const { after } = migrateFiles({
      'lib.py': SLEEPER,
      'tests/test_lib.py': 'import unittest\n\nfrom lib import slow\n\n\nclass T(unittest.TestCase):\n    def setUp(self):\n        self.v = slow()\n\n    def test_v(self):\n        self.assertEqual(self.v, 1)\n',
    });
    expect(after['tests/test_lib.py']).toContain('class T(unittest.IsolatedAsyncioTestCase):\n    async def asyncSetUp(self):\n        self.v = await slow()');
  });

  it('makes test doubles of coroutine functions awaitable', () => {
    const { after } = migrateFiles({
      'lib.py': SLEEPER + '\n\ndef uses():\n    return slow() + 1\n',
      'tests/test_lib.py': [
        'from unittest.mock import Mock, patch', '', 'import lib', '', '',
        'def test_setattr(monkeypatch):', '    monkeypatch.setattr(lib, "slow", lambda: 5)', '    assert lib.uses() == 6', '', '',
        'def test_patch_new():', '    with patch("lib.slow", new=Mock(return_value=2)):', '        assert lib.uses() == 3', '',
      ].join('\n'),
    });
    expect(after['tests/test_lib.py']).toContain('monkeypatch.setattr(lib, "slow", AsyncMock(side_effect=lambda: 5))');
    expect(after['tests/test_lib.py']).toContain('with patch("lib.slow", new=AsyncMock(return_value=2)):');
    expect(after['tests/test_lib.py']).toContain('from unittest.mock import Mock, patch, AsyncMock');
  });

  it('creates pytest.ini with asyncio_mode when the project has no pytest settings', () => {
    const { after } = migrateFiles({ 'lib.py': SLEEPER, 'tests/test_lib.py': 'from lib import slow\n\n\ndef test_it():\n    assert slow() == 1\n' });
    expect(after['pytest.ini']).toBe('[pytest]\nasyncio_mode = auto\n');
  });

  it('keeps a session-scoped fixture sync', () => {
    const { after } = migrateFiles({
      'lib.py': SLEEPER,
      'tests/conftest.py': 'import pytest\n\nfrom lib import slow\n\n\n@pytest.fixture(scope="session")\ndef value():\n    return slow()\n',
    });
    expect(after['tests/conftest.py']).toBeUndefined();
  });
});

describe('annotations of generators that turn async', () => {
  it('retypes Iterator, Iterable and Generator to their async forms', () => {
    const { after } = migrateFiles({
      'gen.py': [
        'import contextlib', 'import time', 'import typing', 'from collections.abc import Iterator', '', '',
        'def a() -> Iterator[int]:', '    time.sleep(0)', '    yield 1', '', '',
        'def b() -> typing.Generator[int, None, None]:', '    time.sleep(0)', '    yield 1', '', '',
        '@contextlib.contextmanager', 'def c() -> typing.Iterator[str]:', '    time.sleep(0)', '    yield "x"', '',
      ].join('\n'),
    });
    const out = after['gen.py'];
    expect(out).toContain('from collections.abc import AsyncIterator\n');
    expect(out).toContain('async def a() -> AsyncIterator[int]:');
    expect(out).toContain('async def b() -> typing.AsyncGenerator[int, None]:');
    expect(out).toContain('async def c() -> typing.AsyncIterator[str]:');
  });

  it('keeps a @contextmanager family sync when one member is a stub that never yields (found on httpie: an abstract on_repo)', () => {
    const { after, result } = migrateFiles({
      'envs.py': [
        'import contextlib', 'import time', 'from typing import Iterator', '', '',
        'class Environment:', '    @contextlib.contextmanager', '    def on_repo(self) -> Iterator[str]:', '        raise NotImplementedError', '', '',
        'class Local(Environment):', '    @contextlib.contextmanager', '    def on_repo(self) -> Iterator[str]:', '        time.sleep(0)', '        yield "here"', '', '',
        'def run(env: Environment):', '    with env.on_repo() as path:', '        return path', '',
      ].join('\n'),
    });
    expect(after).toEqual({});
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('a @contextmanager that never yields (an abstract stub) has no async form');
  });
});

describe('the paths being edited', () => {
  it('keeps a function sync when a caller outside the edited paths calls it, and edits only inside them', () => {
    const root = makeProject({
      'pkg/__init__.py': '',
      'pkg/core.py': SLEEPER + '\n\ndef internal():\n    time.sleep(0)\n\n\ndef uses_internal():\n    internal()\n',
      'scripts/report.py': 'from pkg.core import slow\n\n\ndef main():\n    return slow()\n',
    });
    const { after, result } = migrateFolder(root, { paths: [path.join(root, 'pkg')] });
    expect(Object.keys(after)).toEqual(['pkg/core.py']);
    expect(after['pkg/core.py']).toContain('def slow():\n    time.sleep(0)');
    expect(after['pkg/core.py']).toContain('async def uses_internal():\n    await internal()');
    expect(result.reviews.find((item) => item.message.includes('pkg.core.slow stays sync'))?.message).toMatch(/called by scripts\.report\.main/);
  });
});

describe('pytest fixtures as receivers', () => {
  it('types a test parameter by the fixture it names, returned or yielded, from conftest.py or the module', () => {
    const { after, result } = migrateFiles({
      'svc.py': 'import time\n\n\nclass Client:\n    def fetch(self):\n        time.sleep(0)\n        return 1\n',
      'tests/conftest.py': 'import pytest\n\nfrom svc import Client\n\n\n@pytest.fixture\ndef client():\n    c = Client()\n    yield c\n',
      'tests/test_svc.py': 'import pytest\n\nfrom svc import Client\n\n\n@pytest.fixture\ndef other():\n    return Client()\n\n\ndef test_fetch(client, other):\n    assert client.fetch() + other.fetch() == 2\n',
    });
    expect(after['tests/test_svc.py']).toContain('async def test_fetch(client, other):\n    assert await client.fetch() + await other.fetch() == 2');
    expect(result.reviews.filter((item) => item.code === 'AS104')).toEqual([]);
  });
});

describe('views wired by reference', () => {
  it('keeps a Django view sync when urls.py hands it to path(), and a thread-pool task likewise', () => {
    const { after, result } = migrateFiles({
      'shop/__init__.py': '',
      'shop/views.py': 'import time\n\n\ndef index(request):\n    time.sleep(0)\n    return "ok"\n',
      'shop/urls.py': 'from django.urls import path\n\nfrom . import views\n\nurlpatterns = [path("", views.index)]\n',
      'shop/jobs.py': 'import time\nfrom concurrent.futures import ThreadPoolExecutor\n\n\ndef crunch(n):\n    time.sleep(0)\n    return n\n\n\ndef run_all():\n    time.sleep(0)\n    with ThreadPoolExecutor() as pool:\n        return list(pool.map(crunch, range(3)))\n',
    });
    expect(after['shop/views.py']).toBeUndefined();
    expect(after['shop/jobs.py']).toContain('def crunch(n):\n    time.sleep(0)');
    const messages = result.reviews.map((item) => item.message).join('\n');
    expect(messages).toMatch(/shop\.views\.index stays sync \(passed to django\.urls\.path at shop\/urls\.py:5/);
    expect(messages).toMatch(/shop\.jobs\.crunch stays sync \(passed to concurrent\.futures\.ThreadPoolExecutor\(\)\.map/);
  });
});

describe('with-statement aliases', () => {
  it('types `with Cls() as x` when __enter__ returns self', () => {
    const { after } = migrateFiles({
      'dl.py': [
        'import time', '', '',
        'class Downloader:', '    def __enter__(self):', '        return self', '',
        '    def __exit__(self, *exc):', '        pass', '',
        '    def fetch(self):', '        time.sleep(0)', '', '',
        'def main():', '    with Downloader() as d:', '        d.fetch()', '',
      ].join('\n'),
    });
    expect(after['dl.py']).toContain('async def main():\n    with Downloader() as d:\n        await d.fetch()');
  });
});

describe('imports inside functions', () => {
  it('resolves a name imported in the function body, project or library', () => {
    const { after, result } = migrateFiles({
      'lib.py': SLEEPER,
      'app.py': 'def use():\n    from lib import slow\n    import json\n    return json.dumps(slow())\n',
      'tests/test_app.py': 'def test_use():\n    from app import use\n    assert use() == "1"\n',
    });
    expect(after['app.py']).toContain('async def use():\n    from lib import slow\n    import json\n    return json.dumps(await slow())');
    expect(after['tests/test_app.py']).toContain('async def test_use():\n    from app import use\n    assert await use() == "1"');
    expect(result.reviews.filter((item) => item.code === 'AS104')).toEqual([]);
  });
});

describe('project modules named like libraries', () => {
  it('treats a project package named like a library as project code, not the library', () => {
    const { after } = migrateFiles({
      'requests/__init__.py': '',
      'requests/sessions.py': 'import time\n\n\nclass Session:\n    def __enter__(self):\n        return self\n\n    def __exit__(self, *exc):\n        pass\n\n    def request(self, url):\n        time.sleep(0)\n        return url\n',
      'requests/api.py': 'from . import sessions\n\n\ndef get(url):\n    with sessions.Session() as session:\n        return session.request(url)\n',
    });
    expect(after['requests/api.py']).toContain('with sessions.Session() as session:\n        return await session.request(url)');
    expect(after['requests/api.py']).not.toContain('httpx');
  });
});

describe('unannotated parameters', () => {
  it('types a parameter from its callers when every caller passes the same class', () => {
    const { after, result } = migrateFiles({
      'svc.py': [
        'import time', '', '',
        'class Client:', '    def fetch(self):', '        time.sleep(0)', '        return 1', '', '',
        'class Service:', '    def __init__(self, client):', '        self.client = client', '',
        '    def run(self):', '        return self.client.fetch()', '', '',
        'def report(client):', '    return client.fetch()', '', '',
        'def main():', '    client = Client()', '    return Service(client).run() + report(client)', '',
      ].join('\n'),
    });
    expect(after['svc.py']).toContain('        return await self.client.fetch()');
    expect(after['svc.py']).toContain('def report(client):\n    return await client.fetch()');
    expect(result.reviews.filter((item) => item.code === 'AS104')).toEqual([]);
  });

  it('keeps the methods sync when callers disagree or the function is used as a value', () => {
    const { after, result } = migrateFiles({
      'svc.py': [
        'import time', '', '',
        'class Client:', '    def fetch(self):', '        time.sleep(0)', '        return 1', '', '',
        'class Other:', '    def fetch(self):', '        return 2', '', '',
        'def report(client):', '    return client.fetch()', '', '',
        'def main():', '    return report(Client()) + report(Other())', '',
      ].join('\n'),
    });
    // Either class may arrive: both methods take one colour, and the call awaits whichever it is.
    expect(after['svc.py']).toContain('class Other:\n    async def fetch(self):');
    expect(after['svc.py']).toContain('async def report(client):\n    return await client.fetch()');
    expect(result.reviews.some((item) => item.code === 'AS124')).toBe(true);
  });
});

describe('callers of entry points', () => {
  it('leaves a test that only calls a console-script entry sync: the entry stays sync from outside', () => {
    const { after } = migrateFiles({
      'pyproject.toml': '[project]\nname = "x"\n\n[project.scripts]\ntool = "tool:main"\n',
      'tool.py': 'import time\n\n\ndef main(argv=None):\n    time.sleep(0)\n    return 0\n',
      'tests/test_tool.py': 'from tool import main\n\n\ndef test_main():\n    assert main([]) == 0\n',
    });
    expect(after['tool.py']).toContain('def main(argv=None):\n    return _run_entry_point(_main_async(argv))');
    expect(after['tests/test_tool.py']).toBeUndefined();
  });
});

describe('a sync function that blocks, called from code that turned async', () => {
  it('bridges a call resolved to a base method when an override blocks through a callee kept sync (found on barman)', () => {
    const { after, result } = migratesAndStillPasses({
      'strategies.py': [
        'import functools', 'import time', '', '',
        'class Connection:', '    @functools.lru_cache(maxsize=None)', '    def server_version(self):', '        time.sleep(0.01)', '        return 170000', '', '',
        'class Strategy:', '    def stop_backup(self, info):', '        raise NotImplementedError', '', '',
        'class PostgresStrategy(Strategy):', '    def __init__(self):', '        self.connection = Connection()', '',
        '    def stop_backup(self, info):', '        return (info, self.connection.server_version())', '',
      ].join('\n'),
      'executor.py': [
        'import time', '', 'from strategies import Strategy', '', '',
        'class Executor:', '    def __init__(self, strategy: Strategy):', '        self.strategy = strategy', '',
        '    def backup(self, info):', '        time.sleep(0.01)', '        return self.strategy.stop_backup(info)', '',
      ].join('\n'),
      'tests/test_executor.py': [
        'from executor import Executor', 'from strategies import PostgresStrategy', '', '',
        'def test_backup_stops_through_the_strategy():', '    assert Executor(PostgresStrategy()).backup("b1") == ("b1", 170000)', '',
      ].join('\n'),
    });
    // The cached method stays sync (a cache would keep a coroutine), so every `stop_backup` does; the
    // one the call reaches blocks, and the call runs in a thread, planned so from the first attempt.
    expect(after['executor.py']).toContain('        return await asyncio.to_thread(self.strategy.stop_backup, info)\n');
    expect(result.verification?.undone).toEqual([]);
  });

  it('still bridges a function whose blocking call kept its form because a test patches it, and a second run changes nothing (found on barman)', () => {
    const { after, root } = migratesAndStillPasses({
      'notes.py': [
        'class NoteStore:', '    def put_note(self, path, value):', '        raise NotImplementedError', '', '',
        'class FileNotes(NoteStore):', '    def put_note(self, path, value):', '        with open(path, "w") as note:', '            note.write(value)', '', '',
        'class MemoryNotes(NoteStore):', '    def __init__(self):', '        self.notes = {}', '',
        '    def put_note(self, path, value):', '        self.notes[path] = value', '', '',
        'class Keeper:', '    def __init__(self, on_disk):', '        if on_disk:', '            self.store = FileNotes()', '        else:', '            self.store = MemoryNotes()', '',
        '    def keep(self, path):', '        self.store.put_note(path, "keep")', '',
      ].join('\n'),
      'cli.py': 'import time\n\nfrom notes import Keeper\n\n\ndef keep(path):\n    time.sleep(0.01)\n    Keeper(on_disk=True).keep(path)\n',
      'tests/test_notes.py': [
        'from unittest import mock', '', 'from cli import keep', 'from notes import FileNotes', '', '',
        'def test_put_writes_the_value():', '    with mock.patch("builtins.open", mock.mock_open()) as opened:', '        FileNotes().put_note("note.txt", "keep")',
        '    opened().write.assert_called_once_with("keep")', '', '',
        'def test_keep_writes_the_note(tmp_path):', '    keep(str(tmp_path / "b1"))', '    assert (tmp_path / "b1").read_text() == "keep"', '',
      ].join('\n'),
    });
    // `open` stays as written in FileNotes.put_note, for the test's patch: Keeper.keep still blocks.
    expect(after['notes.py']).toBeUndefined();
    expect(after['cli.py']).toContain('    await asyncio.to_thread(Keeper(on_disk=True).keep, path)\n');
    expect(migrateFolder(root).after).toEqual({});
  });

  it('lets such a function turn async with its method family when another member converts (found on thefuck: Bash._get_version beside PowerShell\'s)', () => {
    const { after } = migratesAndStillPasses({
      'shells.py': [
        'import subprocess', '', '',
        'class Generic:', '    def get_version(self):', '        return ""', '', '    def info(self):', '        return "shell " + self.get_version()', '', '',
        'class Bash(Generic):', '    def get_version(self):', '        proc = subprocess.Popen(["bash", "-c", "echo 5.2"], stdout=subprocess.PIPE)', '        return proc.stdout.read().decode().strip()', '', '',
        'class Sh(Generic):', '    def get_version(self):', '        return subprocess.check_output(["sh", "-c", "echo 1.0"]).decode().strip()', '',
      ].join('\n'),
      'tests/test_shells.py': [
        'from unittest.mock import patch', '', 'from shells import Bash, Sh', '', '',
        'def test_bash_version():', '    with patch("shells.subprocess.Popen") as popen:', '        popen.return_value.stdout.read.return_value = b"5.1\\n"', '        assert Bash().get_version() == "5.1"', '', '',
        'def test_sh_info():', '    assert Sh().info() == "shell 1.0"', '',
      ].join('\n'),
    });
    // Bash's Popen stays as the test patches it; Sh's call converts, and the family turns async together.
    expect(after['shells.py']).toContain('class Sh(Generic):\n    async def get_version(self):\n        return (await _async_subprocess.check_output(');
    expect(after['shells.py']).toContain('class Bash(Generic):\n    async def get_version(self):\n        proc = subprocess.Popen(');
  });
});
