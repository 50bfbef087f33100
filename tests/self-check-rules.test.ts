import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject, type LoadedModule } from '../src/analyze/load-project.js';
import { discoverPythonFiles } from '../src/discover/discover-files.js';
import { planModuleEdits } from '../src/plan/module-edits.js';
import { propagate } from '../src/plan/propagate.js';
import type { ModuleOutput } from '../src/run.js';
import { selfCheck } from '../src/verify/self-check.js';
import { TRANSFORMS } from '../transforms/registry.js';
import { makeProject, migrateFiles } from './helpers/project.js';

/**
 * Each self-check rule on a hand-written "migration": the project before, and for some files the
 * text a faulty migration would emit (one edit replaces the file). The rules must find what would
 * not run, and stay quiet on what would.
 */
function findings(before: Record<string, string>, migrated: Record<string, string>) {
  return selfCheckFindings(before, migrated).map((finding) => `${finding.rule} ${path.basename(finding.file)}:${finding.line} ${finding.undo.map((undo) => undo.kind).join('/')}`);
}

function selfCheckFindings(before: Record<string, string>, migrated: Record<string, string>) {
  const root = makeProject(before);
  const files = discoverPythonFiles({ root, paths: [root], exclude: [] });
  const project = loadProject({ root, analysed: files, editable: new Set(files), transforms: TRANSFORMS, transformOptions: { blocking: [] } });
  const propagation = propagate({
    symbols: project.symbols, modules: project.modules.map((m) => m.index),
    sitesByModule: new Map(project.modules.map((m) => [m.index.module, m.sites])),
    frozen: () => false, keepSync: new Set(), consoleScripts: new Set(),
  });
  const outputs = new Map<string, ModuleOutput>();
  for (const module of project.modules) {
    const text = migrated[module.relativePath];
    if (text === undefined) continue;
    const plan = planModuleEdits({ module: module.index, source: module.source!, sites: module.sites, calls: [], propagation, symbols: project.symbols });
    outputs.set(module.index.module, {
      module: module as LoadedModule & { raw: string; source: NonNullable<LoadedModule['source']> },
      plan: { ...plan, appliedSites: new Set() },
      text,
      edits: [{ start: 0, end: module.source!.text.length, text }],
      outcome: { status: 'changed', before: module.raw!, after: text },
    });
  }
  return selfCheck({ project, propagation, outputs });
}

const NET = 'import time\n\n\ndef fetch(n):\n    time.sleep(0)\n    return n\n';
const NET_ASYNC = 'import asyncio\n\n\nasync def fetch(n):\n    await asyncio.sleep(0)\n    return n\n';

describe('self-check rules', () => {
  it('unawaited-coroutine: a call to a function that turned async, not awaited', () => {
    const before = { 'net.py': NET, 'use.py': 'from net import fetch\n\n\ndef total():\n    return fetch(1) + fetch(2)\n' };
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': 'from net import fetch\n\n\nasync def total():\n    return await fetch(1) + fetch(2)\n' }))
      .toEqual(['unawaited-coroutine use.py:5 pin']);
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': 'import asyncio\nfrom net import fetch\n\n\nasync def total():\n    return sum(await asyncio.gather(fetch(1), fetch(2)))\n' })).toEqual([]);
  });

  it('unawaited-coroutine: a call nothing resolves, named like a method that turned async, not awaited', () => {
    const api = 'import time\n\n\nclass Api:\n    def fetch(self):\n        time.sleep(0)\n        return 1\n';
    const apiAsync = 'import asyncio\n\n\nclass Api:\n    async def fetch(self):\n        await asyncio.sleep(0)\n        return 1\n';
    const before = { 'api.py': api, 'use.py': 'def first(apis):\n    return apis[0].fetch() + 1\n\n\ndef one(api):\n    return api.fetch() + 1\n' };
    expect(findings(before, { 'api.py': apiAsync })).toEqual(['unawaited-coroutine use.py:2 pin', 'unawaited-coroutine use.py:6 pin']);
    expect(findings(before, { 'api.py': apiAsync, 'use.py': 'async def first(apis):\n    return await apis[0].fetch()\n\n\nasync def one(api):\n    return await api.fetch()\n' })).toEqual([]);
    // A library object's method of another name is none of the project's business.
    expect(findings({ 'api.py': api, 'use.py': 'def load(f):\n    return f.read()\n' }, { 'api.py': apiAsync })).toEqual([]);
  });

  it('await-on-sync: an await written in front of a call to a function that stayed sync', () => {
    const before = { 'net.py': NET, 'use.py': 'import time\nfrom net import fetch\n\n\ndef total():\n    time.sleep(0)\n    return fetch(1)\n' };
    expect(findings(before, { 'use.py': 'import asyncio\nfrom net import fetch\n\n\nasync def total():\n    await asyncio.sleep(0)\n    return await fetch(1)\n' }))
      .toContain('await-on-sync use.py:7 pin');
  });

  it('await-in-generator: an await written inside a generator expression, not in a list comprehension', () => {
    const before = { 'net.py': NET, 'use.py': 'from net import fetch\n\n\ndef anyone(ns):\n    return any(fetch(n) for n in ns)\n' };
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': 'from net import fetch\n\n\nasync def anyone(ns):\n    return any(await fetch(n) for n in ns)\n' }))
      .toEqual(['await-in-generator use.py:5 pin/freeze']);
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': 'from net import fetch\n\n\nasync def anyone(ns):\n    return any([await fetch(n) for n in ns])\n' })).toEqual([]);
    // The first iterable is evaluated at once, in the function: not part of the generator.
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': 'from net import fetch\n\n\nasync def anyone(ns):\n    return any(n for n in await fetch(ns))\n' })).toEqual([]);
  });

  it('unawaited-coroutine: a module-level function that turned async, looked up by getattr() on a module loaded by name', () => {
    const dispatch = (prefix: string, call: string) => `import importlib\n\n\n${prefix}def call_hook(name, *args):\n    module = importlib.import_module("net")\n    return ${call}getattr(module, name)(*args)\n`;
    const before = { 'net.py': NET, 'dispatch.py': dispatch('', '') };
    expect(findings(before, { 'net.py': NET_ASYNC })).toEqual(['unawaited-coroutine dispatch.py:6 pin']);
    expect(findings(before, { 'net.py': NET_ASYNC, 'dispatch.py': dispatch('async ', 'await ') })).toEqual([]);
  });

  it('escaping-coroutine-function: a function that turned async handed on as a value', () => {
    const before = { 'net.py': NET, 'use.py': 'import threading\nfrom net import fetch\n\n\ndef start():\n    threading.Thread(target=fetch, args=(1,)).start()\n' };
    expect(findings(before, { 'net.py': NET_ASYNC })).toEqual(['escaping-coroutine-function use.py:6 pin']);
  });

  it('escaping-coroutine-function: a method of that name handed on through an object of unknown type', () => {
    const api = 'import time\n\n\nclass Worker:\n    def run(self):\n        time.sleep(0)\n        return 1\n';
    const apiAsync = 'import asyncio\n\n\nclass Worker:\n    async def run(self):\n        await asyncio.sleep(0)\n        return 1\n';
    const before = { 'api.py': api, 'use.py': 'import threading\n\n\ndef start(registry, name):\n    threading.Thread(target=getattr(registry, name).run).start()\n' };
    expect(findings(before, { 'api.py': apiAsync })).toEqual(['escaping-coroutine-function use.py:5 pin']);
    // asyncio's own APIs take a coroutine function.
    expect(findings({ ...before, 'use.py': 'import asyncio\n\n\nasync def start(registry, name):\n    await asyncio.wait_for(getattr(registry, name).run(), 1)\n' }, { 'api.py': apiAsync })).toEqual([]);
  });

  it('escaping-coroutine-function: a callback handed to a project function is safe only where that function awaits every call of it', () => {
    const each = (prefix: string, call: string) => `${prefix}def each(callback, items):\n    for item in items:\n        ${call}\n`;
    const before = { 'net.py': NET, 'loop.py': each('', 'callback(item)'), 'use.py': 'from loop import each\nfrom net import fetch\n\n\ndef run():\n    each(fetch, [1])\n' };
    const use = 'from loop import each\nfrom net import fetch\n\n\nasync def run():\n    await each(fetch, [1])\n';
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': use })).toContain('escaping-coroutine-function use.py:6 pin');
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': use, 'loop.py': each('async ', 'callback(item)') })).toEqual(['escaping-coroutine-function use.py:6 pin']);
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': use, 'loop.py': each('async ', '_await_if_awaitable(callback(item))') })).toEqual(['escaping-coroutine-function use.py:6 pin']);
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': use, 'loop.py': each('async ', 'await _await_if_awaitable(callback(item))') })).toEqual([]);
  });

  it('async-library-override: a method overriding a library class turned async', () => {
    const before = { 'w.py': 'import threading\nimport time\n\n\nclass W(threading.Thread):\n    def run(self):\n        time.sleep(0)\n\n    def own(self):\n        time.sleep(0)\n' };
    const after = 'import asyncio\nimport threading\n\n\nclass W(threading.Thread):\n    async def run(self):\n        await asyncio.sleep(0)\n\n    async def own(self):\n        await asyncio.sleep(0)\n';
    expect(findings(before, { 'w.py': after })).toEqual(['async-library-override w.py:6 pin']);
  });

  it('async-library-override: a unittest set-up that became async under its own name, in a TestCase or a mixin of one', () => {
    const before = { 'net.py': NET, 'test_a.py': 'import unittest\nfrom net import fetch\n\n\nclass Base:\n    def setUp(self):\n        self.n = fetch(1)\n\n\nclass TestA(Base, unittest.TestCase):\n    def test_n(self):\n        self.assertEqual(self.n, 1)\n' };
    expect(findings(before, { 'net.py': NET_ASYNC, 'test_a.py': 'import unittest\nfrom net import fetch\n\n\nclass Base:\n    async def setUp(self):\n        self.n = await fetch(1)\n\n\nclass TestA(Base, unittest.IsolatedAsyncioTestCase):\n    def test_n(self):\n        self.assertEqual(self.n, 1)\n' }))
      .toEqual(['async-library-override test_a.py:6 pin']);
    expect(findings(before, { 'net.py': NET_ASYNC, 'test_a.py': 'import unittest\nfrom net import fetch\n\n\nclass Base:\n    async def asyncSetUp(self):\n        self.n = await fetch(1)\n\n\nclass TestA(Base, unittest.IsolatedAsyncioTestCase):\n    def test_n(self):\n        self.assertEqual(self.n, 1)\n' }))
      .toEqual([]);
  });

  it('redefinitions: one definition of a conditionally defined function became async and the other did not', () => {
    const defined = (first: string, second: string) => `import os\n\nfrom net import fetch\n\nif os.environ.get("X"):\n    ${first}def get():\n        return ${first ? 'await ' : ''}fetch(1)\nelse:\n    ${second}def get():\n        return 0\n`;
    const before = { 'net.py': NET, 'api.py': defined('', '') };
    expect(findings(before, { 'net.py': NET_ASYNC, 'api.py': defined('async ', '') })).toEqual(['redefinitions api.py:6 pin']);
    expect(findings(before, { 'net.py': NET_ASYNC, 'api.py': defined('async ', 'async ') })).toEqual([]);
  });

  it('method-families: an override that became async while the base method it replaces stays sync', () => {
    const base = 'from net import fetch\n\n\nclass Base:\n    def page(self):\n        raise NotImplementedError\n\n    def grow(self):\n        return self.page()\n\n\nclass Pages(Base):\n';
    const before = { 'net.py': NET, 'pages.py': `${base}    def page(self):\n        return fetch(1)\n` };
    expect(findings(before, { 'net.py': NET_ASYNC, 'pages.py': `${base}    async def page(self):\n        return await fetch(1)\n` }))
      .toEqual(['method-families pages.py:13 pin']);
    const both = base.replace('def page(self):\n        raise', 'async def page(self):\n        raise').replace('def grow(self):\n        return self.page()', 'async def grow(self):\n        return await self.page()');
    expect(findings(before, { 'net.py': NET_ASYNC, 'pages.py': `${both}    async def page(self):\n        return await fetch(1)\n` })).toEqual([]);
  });

  it('shadowed-imports: a module the migration imports, read where a function or parameter of that name takes its place', () => {
    const before = { 'use.py': 'def io():\n    return 1\n\n\ndef load(f, json):\n    return f.read()\n' };
    expect(findings(before, { 'use.py': 'import io\nimport json\n\n\ndef io():\n    return 1\n\n\nasync def load(f, json):\n    return json.loads(io.StringIO(await f.read()).read())\n' }))
      .toEqual(['shadowed-imports use.py:10 freeze', 'shadowed-imports use.py:10 freeze']);
    expect(findings({ 'use.py': 'def read(f):\n    return f.read()\n' }, { 'use.py': 'import io\n\n\nasync def read(f):\n    return io.StringIO(await f.read())\n' })).toEqual([]);
  });

  it('lock-across-await: an await written while a plain with holds a thread lock', () => {
    const before = { 'net.py': NET, 'use.py': 'import threading\nfrom net import fetch\n\nLOCK = threading.RLock()\n\n\ndef total(self):\n    with self.lock:\n        return fetch(1)\n' };
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': 'import threading\nfrom net import fetch\n\nLOCK = threading.RLock()\n\n\nasync def total(self):\n    with self.lock:\n        return await fetch(1)\n' }))
      .toEqual(['lock-across-await use.py:9 pin/freeze']);
    // An asyncio lock is held with `async with`, and a with of something else is no lock.
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': 'import threading\nfrom net import fetch\n\nLOCK = threading.RLock()\n\n\nasync def total(self):\n    async with self.lock:\n        return await fetch(1)\n' })).toEqual([]);
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': 'import threading\nfrom net import fetch\n\nLOCK = threading.RLock()\n\n\nasync def total(self):\n    with self.block:\n        return await fetch(1)\n' })).toEqual([]);
  });

  it('lock-across-await: a lock known by its class, whatever its name, and one held between acquire() and release()', () => {
    const before = { 'net.py': NET, 'use.py': 'import threading\nfrom net import fetch\n\n_listing = threading.Lock()\n\n\ndef total():\n    with _listing:\n        return fetch(1)\n' };
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': 'import threading\nfrom net import fetch\n\n_listing = threading.Lock()\n\n\nasync def total():\n    with _listing:\n        return await fetch(1)\n' }))
      .toEqual(['lock-across-await use.py:9 pin/freeze']);
    const acquired = (acquire: string) => 'import threading\nfrom net import fetch\n\n_guard = threading.Lock()\n\n\nasync def total():\n'
      + `    ${acquire}\n    try:\n        return await fetch(1)\n    finally:\n        _guard.release()\n`;
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': acquired('_guard.acquire()') })).toEqual(['lock-across-await use.py:10 pin/freeze']);
    const [finding] = selfCheckFindings(before, { 'net.py': NET_ASYNC, 'use.py': acquired('_guard.acquire()') });
    expect(finding.message).toBe('use.py:10 awaits while `_guard.acquire()` holds a thread lock');
    // An asyncio lock is acquired with await, and releasing it before the await holds nothing across it.
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': acquired('await _guard.acquire()') })).toEqual([]);
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': 'import threading\nfrom net import fetch\n\n_guard = threading.Lock()\n\n\nasync def total():\n    _guard.acquire()\n    _guard.release()\n    return await fetch(1)\n' })).toEqual([]);
  });

  it('lock-across-await: keeps a method sync that sleeps between acquire() and release()', () => {
    const { after, result } = migrateFiles({
      'worker.py': [
        'import threading', 'import time', '', '',
        'class Worker:', '    def __init__(self):', '        self._guard = threading.Lock()', '        self.count = 0', '',
        '    def tick(self):', '        self._guard.acquire()', '        try:', '            time.sleep(0.01)', '            self.count += 1',
        '        finally:', '            self._guard.release()', '',
      ].join('\n'),
    });
    expect(after).toEqual({});
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('awaits while `self._guard.acquire()` holds a thread lock');
  });

  it('blocking-in-async: a function that turned async calls a sync project function that blocks', () => {
    const before = {
      'store.py': 'import socket\n\n\ndef resolve(host):\n    return socket.gethostbyname(host)\n',
      'app.py': 'import time\nfrom store import resolve\n\n\ndef handle(host):\n    time.sleep(0)\n    return resolve(host)\n',
    };
    expect(findings(before, { 'app.py': 'import asyncio\nfrom store import resolve\n\n\nasync def handle(host):\n    await asyncio.sleep(0)\n    return resolve(host)\n' }))
      .toEqual(['blocking-in-async app.py:7 bridge/pin']);
    expect(findings(before, { 'app.py': 'import asyncio\nfrom store import resolve\n\n\nasync def handle(host):\n    await asyncio.sleep(0)\n    return await asyncio.to_thread(resolve, host)\n' })).toEqual([]);
  });

  it('blocking-in-async: names the function holding the blocking call, where the reason the callee stays sync goes on', () => {
    const before = {
      'store.py': 'import socket\n\n\ndef lookup(host):\n    return socket.gethostbyname(host)\n\n\ndef resolve(host):\n    return lookup(host)\n',
      'app.py': 'import time\nfrom store import resolve\n\n\ndef handle(host):\n    time.sleep(0)\n    return resolve(host)\n',
    };
    const [finding] = selfCheckFindings(before, { 'app.py': 'import asyncio\nfrom store import resolve\n\n\nasync def handle(host):\n    await asyncio.sleep(0)\n    return resolve(host)\n' });
    expect(finding.message).toContain('calls store.resolve at app.py:7, which stays sync and blocks (through store.lookup: to-thread call at store.py:5)');
    expect(finding.undo[0]).toMatchObject({ kind: 'bridge', fn: expect.stringContaining('resolve') });
    expect(finding.blockedIn).toEqual(expect.stringContaining('lookup'));
  });

  it('blocking-in-async: a call resolved to a base method blocks where an override does', () => {
    const before = {
      'store.py': [
        'import socket', '', '',
        'class Resolver:', '    def resolve(self, host):', '        raise NotImplementedError', '', '',
        'class DnsResolver(Resolver):', '    def resolve(self, host):', '        return socket.gethostbyname(host)', '',
      ].join('\n'),
      'app.py': 'import time\nfrom store import Resolver\n\n\ndef handle(resolver: Resolver, host):\n    time.sleep(0)\n    return resolver.resolve(host)\n',
    };
    const migrated = 'import asyncio\nfrom store import Resolver\n\n\nasync def handle(resolver: Resolver, host):\n    await asyncio.sleep(0)\n    return resolver.resolve(host)\n';
    const [finding, ...others] = selfCheckFindings(before, { 'app.py': migrated });
    expect(others).toEqual([]);
    expect(finding.message).toContain('calls store.Resolver.resolve at app.py:7, which stays sync and blocks (through its override store.DnsResolver.resolve: to-thread call at store.py:11)');
    expect(findings(before, { 'app.py': migrated.replace('return resolver.resolve(host)', 'return await asyncio.to_thread(resolver.resolve, host)') })).toEqual([]);
  });

  it('blocking-in-async: the callee kept sync says why, and that reason reaches the calls it leaves', () => {
    const { after, result } = migrateFiles({
      'store.py': [
        'import os', '', '', 'def entries(root):', '    if not os.path.isdir(root):', '        return', '    for name in os.listdir(root):', '        yield name', '', '',
        'def wanted(root):', '    names = entries(root)', '    return [next(names, None), *names]', '',
      ].join('\n'),
      // enumerate() is lazy: the generator cannot be drained in a thread (tuple(entries(root)) would be).
      'app.py': 'import time\nfrom store import entries\n\n\ndef purge(root):\n    time.sleep(0)\n    return list(enumerate(entries(root)))\n',
    });
    expect(after).toEqual({});
    const entries = result.blockingCalls?.leftCalls.find((call) => call.function === 'store.entries');
    expect(entries?.cause).toContain('which stays sync (generator used in a form with no async equivalent at store.py:13) and blocks');
  });

  it('except-clauses: a nested tuple, and httpx exceptions around calls that still go through requests', () => {
    const before = {
      'api.py': [
        'import requests', 'from requests.exceptions import ConnectionError as RequestsConnectionError, SSLError', '', '',
        'def get(session, url):', '    try:', '        return requests.get(url).json()', '    except (RequestsConnectionError, SSLError):', '        return None', '',
      ].join('\n'),
    };
    const nested = [
      'import httpx', 'import requests', '', '',
      'def get(session, url):', '    try:', '        return requests.get(url).json()', '    except ((httpx.NetworkError, httpx.ConnectTimeout), httpx.ConnectError):', '        return None', '',
    ].join('\n');
    expect(findings(before, { 'api.py': nested })).toEqual(['except-clauses api.py:8 pin/freeze']);
    const flat = nested.replace('((httpx.NetworkError, httpx.ConnectTimeout), httpx.ConnectError)', '(httpx.NetworkError, httpx.ConnectError)');
    expect(findings(before, { 'api.py': flat })).toEqual(['except-clauses api.py:8 pin/freeze']);
    expect(findings(before, { 'api.py': flat.replace('requests.get(url)', 'httpx.get(url)') })).toEqual([]);
  });

  it('target-keywords: a keyword the target library does not take, on a call whose receiver changed library', () => {
    const before = {
      'api.py': [
        'import psycopg2', 'import requests', '', '',
        'class Api:', '    def __init__(self):', '        self.session = requests.Session()', '',
        '    def page(self, url):', '        return self.session.get(url, verify=False, params={"a": 1}).text', '', '',
        'def rows(dsn):', '    conn = psycopg2.connect(dsn, connection_factory=None)', '    return conn', '',
      ].join('\n'),
    };
    const migrated = [
      'import asyncpg', 'import httpx', '', '',
      'class Api:', '    def __init__(self):', '        self.session = httpx.AsyncClient()', '',
      '    async def page(self, url):', '        return (await self.session.get(url, verify=False, params={"a": 1})).text', '', '',
      'async def rows(dsn):', '    conn = await asyncpg.connect(dsn, connection_factory=None)', '    rows = await conn.fetch("SELECT 1", timeout=3)',
      '    await conn.execute("SELECT $1", 1, timeout=3)', '    return rows', '',
    ].join('\n');
    expect(findings(before, { 'api.py': migrated })).toEqual(['target-keywords api.py:10 pin/freeze', 'target-keywords api.py:14 pin/freeze']);
    const accepted = migrated.replace('verify=False, ', '').replace('dsn, connection_factory=None', 'dsn');
    expect(findings(before, { 'api.py': accepted })).toEqual([]);
    expect(findings(before, { 'api.py': accepted.replace('conn.fetch("SELECT 1", timeout=3)', 'conn.fetch("SELECT 1", timout=3)') }))
      .toEqual(['target-keywords api.py:15 pin/freeze']);
  });

  it('mixed-database-libraries: an asyncpg connection in psycopg2 code, and a psycopg2 object awaited', () => {
    const before = {
      'db.py': 'import psycopg2\n\n\ndef connect(dsn):\n    return psycopg2.connect(dsn)\n',
      'store.py': [
        'from db import connect', '', '',
        'def add(dsn, note):', '    conn = connect(dsn)', '    cur = conn.cursor()', '    cur.execute("INSERT INTO notes VALUES (%s)", (note,))', '    conn.commit()', '',
      ].join('\n'),
    };
    const asyncDb = 'import asyncpg\n\n\nasync def connect(dsn):\n    return await asyncpg.connect(dsn)\n';
    const halfStore = [
      'from db import connect', '', '',
      'async def add(dsn, note):', '    conn = await connect(dsn)', '    cur = conn.cursor()', '    cur.execute("INSERT INTO notes VALUES (%s)", (note,))', '    conn.commit()', '',
    ].join('\n');
    expect(findings(before, { 'db.py': asyncDb, 'store.py': halfStore })).toEqual([
      'mixed-database-libraries store.py:6 pin/freeze', 'mixed-database-libraries store.py:7 pin/freeze', 'mixed-database-libraries store.py:8 pin/freeze',
    ]);
    const wholeStore = [
      'from db import connect', '', '',
      'async def add(dsn, note):', '    conn = await connect(dsn)', '    await conn.execute("INSERT INTO notes VALUES ($1)", note)', '',
    ].join('\n');
    expect(findings(before, { 'db.py': asyncDb, 'store.py': wholeStore })).toEqual([]);
    const awaitsPsycopg2 = [
      'from db import connect', '', '',
      'async def add(dsn, note):', '    conn = connect(dsn)', '    await conn.execute("INSERT INTO notes VALUES ($1)", note)', '',
    ].join('\n');
    expect(findings(before, { 'store.py': awaitsPsycopg2 })).toContain('mixed-database-libraries store.py:6 pin/freeze');
  });

  it('undefined-names: a sync twin or library the migrated module uses without defining or importing it', () => {
    const before = {
      'net.py': NET,
      'use.py': 'from net import fetch\n\n\ndef total(rows):\n    total_sync = 0\n    for row in rows:\n        total_sync += fetch(row)\n    return total_sync\n',
    };
    const twinUnimported = 'from net import fetch\n\n\ndef total(rows):\n    total_sync = 0\n    for row in rows:\n        total_sync += fetch_sync(row)\n    return total_sync\n';
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': twinUnimported })).toEqual(['undefined-names use.py:7 freeze']);
    expect(findings(before, { 'net.py': NET_ASYNC, 'use.py': twinUnimported.replace('from net import fetch', 'from net import fetch, fetch_sync') })).toEqual([]);
    expect(findings(before, { 'use.py': 'from net import fetch\n\n\nasync def total(rows):\n    await asyncio.sleep(0)\n    return 0\n' })).toEqual(['undefined-names use.py:5 freeze']);
  });
});
