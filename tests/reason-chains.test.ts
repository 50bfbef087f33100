import { describe, expect, it } from 'vitest';
import type { FunctionInfo } from '../src/analyze/model.js';
import type { Site } from '../src/plan/edits.js';
import type { Propagation } from '../src/plan/propagate.js';
import { leftCallReason } from '../src/plan/reason-chains.js';
import type { ProjectSymbols } from '../src/plan/resolve.js';
import { migrateFiles } from './helpers/project.js';
import { RETRY } from './helpers/python-samples.js';

describe('reason chains', () => {
  it('say why each function becomes async: the call edge, down to the converted call at the end', () => {
    const { result } = migrateFiles({
      'api/__init__.py': '',
      'api/client.py': 'import requests\n\n\ndef fetch_json(url):\n    return requests.get(url, timeout=5).json()\n',
      'users.py': 'from api.client import fetch_json\n\n\ndef load_user(uid):\n    return fetch_json(f"/users/{uid}")\n\n\ndef main():\n    print(load_user(1))\n',
    });
    const byName = Object.fromEntries(result.reasons.async.map((reason) => [reason.function, reason]));
    expect(byName['users.load_user'].text).toBe('`load_user` becomes async: it calls `fetch_json` (users.py:5), which calls `requests.get` (api/client.py:5), converted by requests-httpx');
    expect(byName['users.main'].steps).toEqual([
      { kind: 'calls', function: 'load_user', file: 'users.py', line: 9 },
      { kind: 'calls', function: 'fetch_json', file: 'users.py', line: 5 },
      { kind: 'blocking-call', call: 'requests.get', transform: 'requests-httpx', file: 'api/client.py', line: 5 },
    ]);
    expect(byName['api.client.fetch_json']).toMatchObject({ file: 'api/client.py', line: 4 });
    expect(Object.keys(byName).sort()).toEqual(['api.client.fetch_json', 'users.load_user', 'users.main']);
  });

  it('put a conversion the self-check withdrew at its own line, and give its reason as the cause of the call left', () => {
    // tweepy's FileCache: the file is written under `self.lock.acquire()`; the imports the migration
    // adds move the await it would write to another line than the open() it converts.
    const { after, result } = migrateFiles({
      'cache.py': [
        'import os', 'import pickle', 'import threading', 'import time', '', '',
        'class FileCache:', '    def __init__(self, cache_dir):', '        self.cache_dir = cache_dir', '        self.lock = threading.Lock()', '',
        '    def store(self, key, value):', '        path = os.path.join(self.cache_dir, key)', '        self.lock.acquire()', '        try:',
        '            with open(path, "wb") as datafile:', '                datafile.write(pickle.dumps((time.time(), value)))',
        '        finally:', '            self.lock.release()', '',
      ].join('\n'),
    });
    expect(after).toEqual({});
    const withdrawn = result.reviews.find((item) => item.code === 'AS120')!;
    expect(withdrawn).toMatchObject({ file: 'cache.py', line: 16 });
    expect(withdrawn.message).toMatch(/^a open-aiofiles conversion was not applied: cache\.py:\d+ awaits while `self\.lock\.acquire\(\)` holds a thread lock$/);
    expect(result.blockingCalls?.leftCalls.find((call) => call.line === 16)?.cause).toBe(`AS120: ${withdrawn.message}`);
  });

  it('name the same method in the class hierarchy when a family changes colour together', () => {
    const { result } = migrateFiles({
      'shapes.py': 'import time\n\n\nclass Base:\n    def tick(self):\n        return 0\n\n\nclass Slow(Base):\n    def tick(self):\n        time.sleep(1)\n',
    });
    const base = result.reasons.async.find((reason) => reason.function === 'shapes.Base.tick')!;
    expect(base.text).toBe('`Base.tick` becomes async: it is the same method as `Slow.tick` in its class hierarchy, which calls `time.sleep` (shapes.py:11), converted by time-sleep');
  });

  it('give each pinned function the call site that pinned it, through the callers that stay sync', () => {
    const { result } = migrateFiles({
      // (No async code calls `inner` or `outer`: a sync twin would serve nobody, so they stay pinned.)
      'app.py': 'import time\n\n\ndef inner():\n    time.sleep(0)\n\n\ndef outer():\n    inner()\n\n\nVALUE = outer()\n\n\ndef legacy():  # asyncshift: keep-sync\n    time.sleep(0)\n\n\nasync def handler():\n    legacy()\n',
    });
    const byName = Object.fromEntries(result.reasons.pinned.map((reason) => [reason.function, reason]));
    expect(byName['app.outer'].text).toBe('`outer` stays sync: called from module level at app.py:12');
    expect(byName['app.inner'].text).toBe('`inner` stays sync: called by app.outer, which stays sync; `outer` stays sync: called from module level at app.py:12');
    expect(result.reasons.bridges).toEqual([expect.objectContaining({ call: 'legacy', file: 'app.py', line: 20, reason: 'app.legacy stays sync (marked keep-sync)' })]);
  });

  it('give each blocking call left the cause at the end of its chain: callers that stay sync, then the same method in its family', () => {
    const { result } = migrateFiles({
      'app.py': [
        'import time', '', '',
        'def inner():', '    time.sleep(0)', '', '',
        'def outer():', '    inner()', '', '',
        'VALUE = outer()', '', '',
        'class Base:', '    def tick(self):', '        return 0', '', '',
        'class Slow(Base):', '    def tick(self):', '        time.sleep(1)', '', '',
        'def helper():', '    return Base().tick()', '', '',
        'FIRST = helper()', 'time.sleep(0)', '',
      ].join('\n'),
    });
    expect(result.blockingCalls.left).toBe(3);
    expect(result.blockingCalls.leftCalls).toEqual([
      { file: 'app.py', line: 5, transform: 'time-sleep', function: 'app.inner', cause: '`outer` stays sync: called from module level at app.py:12' },
      { file: 'app.py', line: 22, transform: 'time-sleep', function: 'app.Slow.tick', cause: '`helper` stays sync: called from module level at app.py:29' },
      { file: 'app.py', line: 30, transform: 'time-sleep', cause: 'module-level code: no function to turn async' },
    ]);
  });

  it('follow a function the self-check kept sync because what it calls blocks to the reason that function stays sync, unless the call itself was withdrawn (found on pipx and cookiecutter)', () => {
    // pick() stays sync, run in a thread by its async caller, because it reaches run(), which blocks and
    // stays sync because upgrade() calls it and a thread pool runs upgrade(). find() stays sync with pick().
    const pinned = new Map([
      ['m.find', 'called by m.pick, which stays sync'],
      ['m.pick', 'm.main became async and calls m.pick at m.py:30, which stays sync and blocks (through m.run: subprocess-asyncio call at m.py:5)'],
      ['m.run', 'called by m.upgrade, which stays sync'],
      ['m.upgrade', 'passed to concurrent.futures.ThreadPoolExecutor().submit at tests/test_m.py:9, where a sync callable is expected'],
    ]);
    const propagation = { pinned, pinnedByCaller: new Map([['m.find', 'm.pick'], ['m.run', 'm.upgrade']]), pinnedWith: new Map(), asyncBodies: new Set() } as unknown as Propagation;
    const symbols = { functions: new Map([...pinned.keys()].map((id) => [id, { id, module: 'm', qualname: id.slice(2) } as FunctionInfo])) } as unknown as ProjectSymbols;
    const site = { line: 12, transform: 'time-sleep', scope: 'm.find', seed: true } as unknown as Site;
    const cause = (blockedIn: Map<string, string>) => leftCallReason(site, 'm.py', propagation, symbols, [], blockedIn).cause;
    expect(cause(new Map([['m.pick', 'm.run']]))).toBe('`upgrade` stays sync: passed to concurrent.futures.ThreadPoolExecutor().submit at tests/test_m.py:9, where a sync callable is expected');
    // Without the holder, or with one that is not kept sync for a reason of its own, the chain ends at pick().
    expect(cause(new Map())).toBe(`\`pick\` stays sync: ${pinned.get('m.pick')}`);
    expect(cause(new Map([['m.pick', 'm.other']]))).toBe(`\`pick\` stays sync: ${pinned.get('m.pick')}`);
    // A conversion the self-check withdrew is its own first cause, whatever keeps its function sync.
    const withdrawn = { code: 'AS120', message: 'a time-sleep conversion was not applied: tests/test_m.py:3 patches time.sleep, which the time-sleep conversion at m.py:12 would no longer call' };
    expect(leftCallReason(site, 'm.py', propagation, symbols, [withdrawn], new Map([['m.pick', 'm.run']])).cause).toBe(`AS120: ${withdrawn.message}`);
    const otherCall = { code: 'AS120', message: 'a open-aiofiles conversion was not applied: tests/test_m.py:4 patches builtins.open, which the open-aiofiles conversion at m.py:12 would no longer call' };
    expect(leftCallReason(site, 'm.py', propagation, symbols, [otherCall], new Map([['m.pick', 'm.run']])).cause).toMatch(/^`upgrade` stays sync/);
    // A holder whose chain leads back ends there too.
    (propagation.pinnedByCaller as Map<string, string>).set('m.run', 'm.pick');
    pinned.set('m.run', 'called by m.pick, which stays sync');
    expect(cause(new Map([['m.pick', 'm.run']]))).toBe(`\`pick\` stays sync: ${pinned.get('m.pick')}`);
  });

  it('count a call with a conversion and a fallback bridge once: converted when either applies (found on streamlink)', () => {
    const { result, after } = migrateFiles({
      'fetch.py': 'import requests\n\n\ndef main():\n    session = requests.Session()\n    first = session.get("http://localhost/a").json()\n    res = session.get("http://localhost/b", timeout=10)\n    return first, res.json()\n',
    });
    expect(after['fetch.py']).toContain('first = (await session.get("http://localhost/a")).json()');
    expect(result.blockingCalls).toEqual({ converted: 2, left: 0, leftCalls: [] });
  });

  it('count the blocking calls inside a block that moved into a thread as converted, and say why a function with only such a block stays sync (found on behave and temboard)', () => {
    const { result, after } = migrateFiles({
      'convert.py': [
        'import csv', 'import json', 'import sqlite3', 'import time', '', '',
        'def convert(source, target):', '    time.sleep(0)', '    with open(source) as inp:', '        with open(target, "w") as out:', '            inp = json.load(inp)', '            json.dump(inp, out)', '    return 0', '', '',
        'def bootstrap(path):', '    with sqlite3.connect(path) as conn:', '        conn.execute("CREATE TABLE t (x)")', '',
      ].join('\n'),
    });
    expect(after['convert.py']).toContain('await asyncio.to_thread(_with_block_9)');
    expect(result.blockingCalls.leftCalls.map(({ line, cause }) => ({ line, cause }))).toEqual([
      { line: 17, cause: '`bootstrap` stays sync: nothing turns it async, and a block bound to one thread (a connection or file used across it) moves into a thread only inside code that does' },
    ]);
    expect(result.blockingCalls.converted).toBeGreaterThanOrEqual(2);
  });

  it('say that a decorator\'s wrapper keeps its own blocking calls while every function it wraps stays sync (found on patroni and GitPython)', () => {
    const { result } = migrateFiles({ 'retry.py': `${RETRY}\n@retry\ndef read(path):\n    return path\n` });
    expect(result.blockingCalls.leftCalls).toEqual([{
      file: 'retry.py', line: 11, transform: 'time-sleep', function: 'retry.retry.wrapper',
      cause: '`retry.wrapper` stays sync: it is the wrapper of @retry, which turns async with a function it wraps, and every function it wraps stays sync',
    }]);
  });

  it('say that a blocking call in a generator expression stays sync where it stands (found on borgmatic: "not applied")', () => {
    const { result, after } = migrateFiles({
      'engines.py': 'import shutil\n\n\ndef installed(names):\n    found = (shutil.which(name) for name in names)\n    return [path for path in found if path]\n',
    });
    expect(after['engines.py']).toBeUndefined();
    expect(result.blockingCalls.leftCalls).toEqual([{
      file: 'engines.py', line: 5, transform: 'to-thread', function: 'engines.installed',
      cause: '`installed` stays sync: the call stands in a generator expression, which cannot await it',
    }]);
  });

  it('name the sync twin when the caller that kept a blocking call sync turned async since (found on pipreqs)', () => {
    const { result, after } = migrateFiles({
      'app.py': [
        'import asyncio', 'import time', '', 'import requests', '', '',
        'def get_imports_info(names):', '    session = requests.Session()', '    return [session.get(f"http://localhost/{n}").json() for n in names]', '', '',
        'def read_names(path):', '    time.sleep(0)', '    return [path]', '', '',
        'def init(path):', '    return get_imports_info(read_names(path))', '', '',
        'def cli():', '    return init("a")', '', '',
        'VALUE = cli()', '', '',
        'async def serve():', '    await asyncio.sleep(0)', '    return init("b")', '',
      ].join('\n'),
    });
    expect(after['app.py']).toContain('def init_sync(path):\n    return get_imports_info(read_names_sync(path))');
    expect(result.blockingCalls.leftCalls).toEqual([{
      file: 'app.py', line: 9, transform: 'requests-httpx', function: 'app.get_imports_info',
      cause: '`get_imports_info` stays sync: called by the sync twin of init (init_sync), which serves the callers that stay sync (AS125)',
    }]);
  });

  it('say why a blocking call runs in a thread', () => {
    const { result } = migrateFiles({ 'app.py': 'import shutil\nimport time\n\n\ndef backup():\n    time.sleep(0)\n    shutil.copy("a", "b")\n' });
    expect(result.reasons.bridges).toEqual([{
      call: 'shutil.copy', file: 'app.py', line: 7, reason: 'a blocking call with no async equivalent',
      text: '`shutil.copy` (app.py:7) runs in asyncio.to_thread: a blocking call with no async equivalent',
    }]);
  });
});
