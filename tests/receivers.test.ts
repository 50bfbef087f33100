import { describe, expect, it } from 'vitest';
import { makeProject, migrateFiles } from './helpers/project.js';
import { migratesAndStillPasses } from './helpers/suite.js';
import type { RunResult } from '../src/run.js';

/** A project class whose `load` turns async, and `use` code that reaches it through a receiver. */
function migrateUse(use: string, extra = '') {
  const { after, result } = migrateFiles({
    'svc.py': `import time\n\n\nclass Api:\n    def load(self):\n        time.sleep(0)\n        return 1\n${extra}\n\n${use}`,
  });
  const codes = result.reviews.map((item) => item.code);
  return { out: after['svc.py'] ?? '', codes, messages: result.reviews.map((item) => item.message).join('\n') };
}

/**
 * A package whose `Records.copy` blocks, with `code` after the class (it defines `tenant_copy(name)`),
 * and a test of `tenant_copy("t")`: migrated, with its suite passing before and after.
 */
function migrateTenantCopy(code: string[], env: Record<string, string> = {}) {
  const source = ['import time', '', '', 'class Records:', '    def __init__(self):', '        self.saved = {"x": 1}', '',
    '    def copy(self):', '        time.sleep(0)', '        return dict(self.saved)', '', '', ...code, ''];
  const migration = migratesAndStillPasses({
    'store/__init__.py': '',
    'store/records.py': source.join('\n'),
    'tests/test_records.py': ['from store.records import tenant_copy', '', '', 'def test_tenant_copy():', '    assert tenant_copy("t") == {"x": 1}', ''].join('\n'),
  }, env);
  return { ...migration, lineOf: (text: string) => source.findIndex((line) => line.includes(text)) + 1 };
}

/** Where the migration reports a call on a receiver of unknown type (AS104). */
function unknownReceivers(result: RunResult): string[] {
  return result.reviews.filter((item) => item.code === 'AS104').map((item) => `${item.file}:${item.line}`);
}

describe('receivers typed from the code around them', () => {
  it('follows @classmethod factories that return cls(...), and methods that return self or -> Self', () => {
    const { out, codes } = migrateUse([
      'from typing import Self', '', '',
      'class Store:', '    @classmethod', '    def from_env(cls):', '        return cls()', '',
      '    def configured(self):', '        return self', '',
      '    def again(self) -> Self:', '        return self.configured()', '',
      '    def api(self) -> Api:', '        return Api()', '', '',
      'def run():', '    return Store.from_env().configured().again().api().load()', '',
    ].join('\n'));
    expect(out).toContain('return await Store.from_env().configured().again().api().load()');
    expect(codes).not.toContain('AS104');
  });

  it('follows an attribute or a local that holds another object\'s attribute (found on patroni)', () => {
    const { out, codes } = migrateUse([
      'class Server:', '    def __init__(self):', '        self.api = Api()', '', '',
      'class Ha:', '    def __init__(self, server: Server):', '        self.server = server', '        self.handler = server.api', '',
      '    def through_attribute(self):', '        return self.handler.load()', '',
      '    def through_local(self):', '        api = self.server.api', '        return api.load()', '',
    ].join('\n'));
    expect(out).toContain('    async def through_attribute(self):\n        return await self.handler.load()');
    expect(out).toContain('    async def through_local(self):\n        api = self.server.api\n        return await api.load()');
    expect(codes).not.toContain('AS104');
  });

  it('uses attributes set in any method, class-level and dataclass annotations, and properties', () => {
    const { out, codes } = migrateUse([
      'import dataclasses', '', '',
      'class Service:', '    cached: Api', '',
      '    def connect(self):', '        self.later = Api()', '',
      '    @property', '    def api(self) -> Api:', '        return self.cached', '',
      '    def run(self):', '        self.later.load()', '        self.cached.load()', '        return self.api.load()', '', '',
      '@dataclasses.dataclass', 'class Job:', '    api: Api', '',
      '    def go(self):', '        return self.api.load()', '',
    ].join('\n'));
    expect(out).toContain('        await self.later.load()\n        await self.cached.load()\n        return await self.api.load()');
    expect(out).toContain('    async def go(self):\n        return await self.api.load()');
    expect(codes).not.toContain('AS104');
  });

  it('takes an attribute the class leaves empty from where other code fills it in (found on temboard: pool.perf = self.perf)', () => {
    const scheduler = [
      'class Pool:', '    def __init__(self):', '        self.api = None', '',
      '    def refresh(self):', '        if self.api:', '            return self.api.load()', '', '',
      'class Scheduler:', '    def __init__(self):', '        self.api = Api()', '        self.pool = Pool()', '        self.pool.api = self.api', '',
    ].join('\n');
    const { out, codes } = migrateUse(scheduler);
    expect(out).toContain('    async def refresh(self):\n        if self.api:\n            return await self.api.load()');
    expect(codes).not.toContain('AS104');
    // Another write of the name to an object of unknown type may be to a Pool: nothing is inferred.
    const unknown = migrateUse(`${scheduler}\n\ndef configure(target):\n    target.api = object()\n`);
    expect(unknown.out).not.toContain('async def refresh');
    // A value of no known type the class sets itself, likewise.
    const untyped = migrateUse(scheduler.replace('    def refresh(self):', '    def reset(self, factory):\n        self.api = factory()\n\n    def refresh(self):'));
    expect(untyped.out).not.toContain('async def refresh');
    // Unpacking binds values of no known type, whether the class or other code does it.
    const unpackedInside = migrateUse(scheduler.replace('    def refresh(self):', '    def reset(self, pair):\n        self.api, self.size = pair\n\n    def refresh(self):'));
    expect(unpackedInside.out).not.toContain('async def refresh');
    const unpackedOutside = migrateUse(scheduler.replace('        self.pool.api = self.api', '        self.pool.api = self.api\n        self.pool.api, self.size = self.pair()'));
    expect(unpackedOutside.out).not.toContain('async def refresh');
  });

  it('types an attribute from an isinstance assertion after its assignment (found on patroni: self.assertIsInstance in setUp)', () => {
    const tests = [
      'import unittest', '', '',
      'def make(kind):', '    return Api() if kind == "api" else None', '', '',
      'class ApiTest(unittest.TestCase):', '    def setUp(self):', '        self.api = make("api")', '        self.assertIsInstance(self.api, Api)', '',
      '    def test_load(self):', '        self.assertEqual(self.api.load(), 1)', '', '',
      'class Checked:', '    def __init__(self):', '        self.api = make("api")', '        assert isinstance(self.api, Api)', '',
      '    def load(self):', '        return self.api.load()', '',
    ].join('\n');
    const { out, codes } = migrateUse(tests);
    expect(out).toContain('    async def test_load(self):\n        self.assertEqual(await self.api.load(), 1)');
    expect(out).toContain('        return await self.api.load()');
    expect(codes).not.toContain('AS104');
    // Another assignment the assertion does not vouch for leaves the attribute untyped.
    const reassigned = migrateUse(tests.replace('        self.assertIsInstance(self.api, Api)', '        self.api = make("other")\n        self.assertIsInstance(self.api, Api)').replace('        assert isinstance(self.api, Api)', '        pass'));
    expect(reassigned.out).not.toContain('await self.api.load()');
  });

  it('types what a callable Protocol (or a class with a __call__) returns when called (found on poetry: command_tester_factory: CommandTesterFactory)', () => {
    const { out, codes } = migrateUse([
      'from typing import Protocol', '', '',
      'class ApiFactory(Protocol):', '    def __call__(self, name: str) -> Api: ...', '', '',
      'class Maker:', '    def __call__(self) -> Api:', '        return Api()', '', '',
      'def through_protocol(make: ApiFactory):', '    api = make("x")', '    return api.load()', '', '',
      'def through_class():', '    return Maker()().load()', '',
    ].join('\n'));
    expect(out).toContain('async def through_protocol(make: ApiFactory):\n    api = make("x")\n    return await api.load()');
    expect(out).toContain('async def through_class():\n    return await Maker()().load()');
    expect(codes).not.toContain('AS124');
    expect(codes).not.toContain('AS104');
  });

  it('narrows with isinstance: in the if, after an assert, and after an early exit', () => {
    const { out, codes } = migrateUse([
      'def one(x):', '    if isinstance(x, Api) and x:', '        return x.load()', '', '',
      'def two(x):', '    assert isinstance(x, Api)', '    return x.load()', '', '',
      'def three(x):', '    if not isinstance(x, Api):', '        raise TypeError(x)', '    return x.load()', '',
    ].join('\n'));
    expect(out).toContain('        return await x.load()');
    expect(out.match(/return await x\.load\(\)/g)).toHaveLength(3);
    expect(codes).not.toContain('AS104');
  });

  it('narrows an attribute of a name with isinstance, as a type checker does (found on patroni: isinstance(self._response, HTTPResponse))', () => {
    const { out, codes } = migrateUse([
      'import socket', '', '',
      'class Stream:', '    def __init__(self):', '        self._conn = None', '        self._api = None', '',
      '    def attach(self, conn, api):', '        self._conn = conn', '        self._api = api', '',
      // `load` is Api's alone; on a socket it is the library's: neither keeps Api.load sync.
      '    def kill(self):', '        if isinstance(self._conn, socket.socket):', '            self._conn.load()', '            self._conn.close()', '',
      '    def fetch(self):', '        assert isinstance(self._api, Api)', '        return self._api.load()', '',
      // A name assigned inside the narrowing has the narrowed type where it is used, after the block.
      '    def detach(self):', '        api = None', '        if isinstance(self._api, Api):', '            api = self._api if self._conn else None',
      '        if api:', '            return api.load()', '',
    ].join('\n'));
    expect(out).toContain('    async def detach(self):');
    expect(out).toContain('            return await api.load()');
    expect(out).toContain('    def kill(self):\n        if isinstance(self._conn, socket.socket):\n            self._conn.load()');
    expect(out).toContain('    async def fetch(self):\n        assert isinstance(self._api, Api)\n        return await self._api.load()');
    expect(out).toContain('    async def load(self):');
    expect(codes).not.toContain('AS104');
    expect(codes).not.toContain('AS124');
  });

  it('types loop variables over annotated containers, literals and comprehensions of one class', () => {
    const { out, codes } = migrateUse([
      'from typing import Iterable', '', '',
      'def each(apis: Iterable[Api]):', '    for api in apis:', '        api.load()', '', '',
      'def pair():', '    for api in [Api(), Api()]:', '        api.load()', '', '',
      'def built(n):', '    apis = [Api() for _ in range(n)]', '    for api in apis:', '        api.load()', '', '',
      'def rest(apis: list[Api]):', '    for api in apis[1:]:', '        api.load()', '',
    ].join('\n'));
    expect(out.match(/        await api\.load\(\)/g)).toHaveLength(4);
    expect(codes).not.toContain('AS104');
  });

  it('types the element of enumerate(), sorted() and list(), and the values of .values() and .items() (found on GitPython: for i, remote in enumerate(rmts))', () => {
    const { out, codes } = migrateUse([
      'def numbered(apis: list[Api]):', '    for i, api in enumerate(apis):', '        api.load()', '', '',
      'def ordered(apis: list[Api]):', '    for api in sorted(apis, key=id):', '        api.load()', '', '',
      'def named(apis: dict[str, Api]):', '    for name, api in apis.items():', '        api.load()',
      '    for api in apis.values():', '        api.load()', '    return [a.load() for _, a in apis.items()]', '',
    ].join('\n'));
    expect(out.match(/        await api\.load\(\)/g)).toHaveLength(4);
    expect(out).toContain('return [await a.load() for _, a in apis.items()]');
    expect(codes).not.toContain('AS104');
  });

  it('knows iterating a mapping gives its keys, not the values its annotation types, and the migrated code runs', () => {
    const { after } = migratesAndStillPasses({
      'svc.py': [
        'import time', '', '',
        'class Api:', '    def strip(self):', '        time.sleep(0)', '        return "api"', '', '',
        'def keys(apis: dict[str, Api]):', '    return [k.strip() for k in apis] + [k.strip() for k in sorted(apis)]', '', '',
        'def values(apis: dict[str, Api]):', '    return [api.strip() for api in apis.values()]', '',
      ].join('\n'),
      'tests/test_svc.py': [
        'from svc import Api, keys, values', '', '',
        'def test_keys():', '    assert keys({" a ": Api()}) == ["a", "a"]', '', '',
        'def test_values():', '    assert values({"a": Api()}) == ["api"]', '',
      ].join('\n'),
    });
    expect(after['svc.py'] ?? '').not.toContain('await k.strip()');
  });

  it('reads sorted(s for s in names) as sorting a generator expression, and gives no type to loop variables whose loops read each other (found on buku, which the loop typing had skipped as nested too deeply)', () => {
    const { out } = migrateUse([
      'def walk(names, things):', '    for s in sorted(s for s in names if s):', '        s.load()',
      '    for a in things:', '        a.load()', '    for b in a:', '        b.load()', '    for a in b:', '        a.load()', '    Api().load()', '',
    ].join('\n'));
    expect(out).toContain('async def walk(names, things):');
  });

  it('types the variables of comprehensions, and the migrated code runs (found on httpie: [b.run(self) for b in self.benchmarks])', () => {
    const migration = migratesAndStillPasses({
      'fleet/__init__.py': '',
      'fleet/api.py': 'import time\n\n\nclass Api:\n    def __init__(self, n):\n        self.n = n\n\n    def load(self):\n        time.sleep(0)\n        return self.n\n',
      'fleet/fleet.py': [
        'from typing import ClassVar, List', '', 'from fleet.api import Api', '', '',
        'class Fleet:', '    spare: ClassVar[List[Api]] = [Api(100)]', '',
        '    def __init__(self, apis: List[Api]):', '        self.apis = apis', '',
        '    def loads(self):', '        return [api.load() for api in self.apis]', '',
        '    def by_number(self):', '        return {api.n: api.load() for api in self.spare}', '',
        '    def nested(self, groups: List[List[Api]]):', '        return [api.load() for group in groups for api in group]', '',
      ].join('\n'),
      'tests/test_fleet.py': [
        'from fleet.api import Api', 'from fleet.fleet import Fleet', '', '',
        'def test_fleet():', '    fleet = Fleet([Api(1), Api(2)])', '    assert fleet.loads() == [1, 2]',
        '    assert fleet.by_number() == {100: 100}', '    assert fleet.nested([[Api(3)], [Api(4)]]) == [3, 4]', '',
      ].join('\n'),
    });
    const fleet = migration.after['fleet/fleet.py'] ?? '';
    expect(fleet).toContain('    async def loads(self):\n        return [await api.load() for api in self.apis]');
    expect(fleet).toContain('        return {api.n: await api.load() for api in self.spare}');
    expect(fleet).toContain('        return [await api.load() for group in groups for api in group]');
    expect(migration.result.reviews.map((item) => item.code)).not.toContain('AS104');
  });

  it('follows with-targets of @contextmanager generators and of __enter__ returning another object', () => {
    const { out } = migrateUse([
      'import contextlib', '', '',
      '@contextlib.contextmanager', 'def session():', '    yield Api()', '', '',
      'class Pool:', '    def __enter__(self) -> Api:', '        return Api()', '',
      '    def __exit__(self, *exc):', '        return False', '', '',
      'def run():', '    with session() as a:', '        a.load()', '    with Pool() as b:', '        b.load()', '',
    ].join('\n'));
    expect(out).toContain('    with session() as a:\n        await a.load()\n    with Pool() as b:\n        await b.load()');
  });

  it('takes a name rebound to the same class, and type[...] annotations', () => {
    const { out, codes } = migrateUse([
      'def run(fresh, kind: type[Api]):', '    api = None', '    if fresh:', '        api = Api()', '    else:', '        api = Api()',
      '    api.load()', '    return kind().load()', '',
    ].join('\n'));
    expect(out).toContain('    await api.load()\n    return await kind().load()');
    expect(codes).not.toContain('AS104');
  });

  it('types what a classmethod assigns to cls (unittest\'s setUpClass), read through cls or self, and keeps a declared class-level type (found on hvac)', () => {
    const { after, result } = migrateFiles({
      'svc.py': [
        'import time', 'import unittest', 'from threading import Thread', '', '',
        'class ServerManager:', '    def start(self):', '        time.sleep(0)', '', '',
        'class TestServer(unittest.TestCase):', '    manager: ServerManager = None', '', '    @classmethod', '    def setUpClass(cls):', '        cls.thread = Thread(target=print)', '        cls.thread.start()', '        cls.manager = ServerManager()', '        cls.manager.start()', '',
        '    def test_alive(self):', '        self.thread.join()', '', '',
        'def run(m: ServerManager):', '    m.start()', '',
      ].join('\n'),
    });
    expect(after['svc.py']).toContain('class ServerManager:\n    async def start(self):\n        await asyncio.sleep(0)');
    expect(after['svc.py']).toContain('async def run(m: ServerManager):\n    await m.start()');
    expect(result.reviews.map((item) => item.code)).not.toContain('AS104');
  });

  it('types a class-body attribute from the constructor it is set to, unless a method sets it to a value of unknown type (found on barman: for process in cls.processes.copy())', () => {
    const { out, codes, messages } = migrateUse([
      'class Spawner:', '    processes = set()', '', '    @classmethod', '    def wait_for_all(cls):', '        for process in cls.processes.copy():', '            cls.processes.remove(process)', '',
      '    def pending(self):', '        return self.processes.copy()', '', '',
      'class Pool:', '    workers = list()', '', '    def reset(self, make):', '        self.workers = make()', '',
      '    def snapshot(self):', '        return self.workers.load()', '',
    ].join('\n'), '\n    def copy(self):\n        time.sleep(0)\n        return 2\n');
    // `set().copy()` is the builtin's: Api.copy turns async.
    expect(out).toContain('    async def copy(self):');
    expect(out).toContain('    def wait_for_all(cls):\n        for process in cls.processes.copy():');
    // `workers` may hold whatever `make()` gives: a call of `load` on it may be Api.load, which stays sync.
    expect(out).toContain('    def load(self):\n        time.sleep(0)');
    expect(codes).toContain('AS104');
    expect(messages).not.toContain('`copy`');
  });

  it('knows any object\'s __dict__ is a dict, unless its class defines one (found on barman: self.__dict__.copy() in __getstate__)', () => {
    const { out, codes } = migrateUse([
      'class Uploader:', '    def __getstate__(self):', '        state = self.__dict__.copy()', '        state.pop("client", None)', '        return state', '',
      '    def __setstate__(self, state):', '        self.__dict__.update(state)', '', '',
      'def snapshot(obj):', '    return obj.__dict__.copy()', '',
    ].join('\n'), '\n    def copy(self):\n        time.sleep(0)\n        return 2\n');
    expect(out).toContain('    async def copy(self):');
    expect(out).toContain('def snapshot(obj):\n    return obj.__dict__.copy()');
    expect(codes).not.toContain('AS104');
    // A class whose `__dict__` is its own may hold anything there.
    const own = migrateUse([
      'class Record:', '    def __init__(self, api):', '        self.__dict__ = api', '',
      '    def snapshot(self):', '        return self.__dict__.load()', '',
    ].join('\n'));
    expect(own.out).not.toContain('async def load');
    expect(own.codes).toContain('AS104');
  });

  it('types a module variable that functions fill in through `global`, and forgets the type when they set another (found on temboard: _setter = ProcTitleSetter(prefix))', () => {
    const variable = (rebinding: string) => migrateUse([
      '_api = None', '', '',
      'def init():', '    global _api', '    _api = Api()', '    _api.load()', '', '',
      'def close():', '    global _api', '    _api = None', '', '',
      rebinding, '', '',
      'def main():', '    return Api().load()', '',
    ].join('\n'));
    const filledIn = variable('def other():\n    return 1');
    expect(filledIn.out).toContain('async def init():\n    global _api\n    _api = Api()\n    await _api.load()');
    expect(filledIn.codes).not.toContain('AS104');
    // Another function may leave a different object there: the call no longer tells which `load` it reaches.
    const other = variable('class Fake:\n    def load(self):\n        return 2\n\n\ndef fake():\n    global _api\n    _api = Fake()');
    expect(other.out).not.toContain('async def init()');
    expect(other.codes).toContain('AS104');
    const declared = migrateUse('_api: Api | None = None\n\n\ndef init():\n    global _api\n    _api = make()\n    return _api.load()\n\n\ndef make():\n    return Api()\n');
    expect(declared.out).toContain('async def init():');
  });

  it('takes an annotated local variable\'s declared type, and reads -> Any as no type at all (found on streamlink)', () => {
    const files = (use: string) => ({
      'pkg/__init__.py': '',
      'pkg/user_input.py': 'import abc\n\n\nclass UserInputRequester(abc.ABC):\n    @abc.abstractmethod\n    def ask(self, prompt: str) -> str:\n        raise NotImplementedError\n',
      'pkg/console.py': [
        'from pkg.user_input import UserInputRequester', '', '',
        'class ConsoleUserInputRequester(UserInputRequester):', '    def ask(self, prompt: str) -> str:', '        return input(prompt)', '', '',
        'class ConsoleOutput:', '    def ask(self, prompt: str) -> str:', '        return input(prompt)', '',
      ].join('\n'),
      'pkg/plugin.py': [
        'from __future__ import annotations', '', 'from typing import TYPE_CHECKING, Any', '',
        'if TYPE_CHECKING:', '    from pkg.user_input import UserInputRequester', '', '',
        'class Session:', '    def get_option(self, key: str) -> Any:', '        return None', '', '',
        'class Plugin:', '    def __init__(self, session: Session):', '        self.session = session', '', use,
      ].join('\n'),
    });
    const annotated = migrateFiles(files([
      '    def input_ask(self, prompt: str) -> str:',
      '        requester: UserInputRequester | None = self.session.get_option("user-input-requester")',
      '        if requester:', '            return requester.ask(prompt)', '        raise ValueError(prompt)', '',
    ].join('\n')));
    expect(annotated.after['pkg/plugin.py']).toContain('    async def input_ask(self, prompt: str) -> str:');
    expect(annotated.after['pkg/plugin.py']).toContain('            return await requester.ask(prompt)');
    // Without the annotation the object is Any: nothing says which `ask` it has, so every `ask` stays sync.
    const untyped = migrateFiles(files('    def input_ask(self, prompt: str) -> str:\n        return self.session.get_option("user-input-requester").ask(prompt)\n'));
    expect(untyped.after).toEqual({});
    expect(untyped.result.reviews.map((item) => item.code)).toContain('AS104');
  });

  it('takes a union of project classes, annotated or bound in branches, as the class they derive from, and the migrated suite passes (found on streamlink: output: FileOutput | PlayerOutput)', () => {
    const outputs = [
      'import time', '', '',
      'class Output:', '    def __init__(self):', '        self.opened = False', '',
      '    def open(self):', '        time.sleep(0)', '        self.opened = True', '        return self._describe()', '',
      '    def _describe(self):', '        return "output"', '', '',
      'class FileOutput(Output):', '    def _describe(self):', '        return "file"', '', '',
      'class PlayerOutput(Output):', '    def _describe(self):', '        return "player"', '', '',
    ].join('\n');
    const migration = migratesAndStillPasses({
      'cli/__init__.py': '',
      'cli/outputs.py': outputs,
      'cli/main.py': [
        'from typing import Optional, Union', '', 'from cli.outputs import FileOutput, PlayerOutput', '',
        'output: FileOutput | PlayerOutput | None = None', '', '',
        'def start(to_file: bool) -> str:', '    global output', '    output = FileOutput() if to_file else PlayerOutput()', '    return output.open()', '', '',
        'def pick(to_file: bool) -> str:', '    if to_file:', '        chosen = FileOutput()', '    else:', '        chosen = PlayerOutput()', '    return chosen.open()', '', '',
        'def given(out: Optional[Union[FileOutput, PlayerOutput]]) -> str:', '    return out.open() if out else ""', '',
      ].join('\n'),
      'tests/test_main.py': [
        'from cli.main import given, pick, start', 'from cli.outputs import FileOutput', '', '',
        'def test_outputs():', '    assert start(True) == "file"', '    assert pick(False) == "player"', '    assert given(FileOutput()) == "file"', '',
      ].join('\n'),
    });
    const main = migration.after['cli/main.py'];
    expect(main).toContain('async def start(to_file: bool) -> str:');
    expect(main).toContain('    return await output.open()');
    expect(main).toContain('    return await chosen.open()');
    expect(main).toContain('async def given(out: Optional[Union[FileOutput, PlayerOutput]]) -> str:\n    return await out.open() if out else ""');
    // A union with a class outside the family may reach another `open`: nothing says which one runs.
    const { out, codes } = migrateUse('class Report:\n    def load(self):\n        return 2\n\n\ndef run(api: Api | Report):\n    return api.load()\n');
    expect(out).not.toContain('async def');
    expect(codes).toContain('AS104');
  });

  it('reads getattr(obj, "m")() as obj.m() only where getattr is Python\'s, not a function the module defines', () => {
    const builtin = migrateUse('def run(api: Api):\n    return getattr(api, "load")()\n');
    expect(builtin.out).toContain('async def run(api: Api):\n    return await getattr(api, "load")()');
    const own = migrateUse('def getattr(obj, name):\n    return lambda: name\n\n\ndef run(api: Api):\n    return getattr(api, "load")()\n');
    expect(own.out).toContain('def run(api: Api):\n    return getattr(api, "load")()');
    expect(own.out).not.toContain('async def run');
  });

  it('knows **kwargs is a dict and a method no project class defines comes from the library base', () => {
    const { out, codes } = migrateUse([
      'import requests', '', '',
      'class Session(requests.Session):', '    def request(self, *args, **kwargs):', '        kwargs.update(timeout=5)', '        return super().request(*args, **kwargs)', '', '',
      'class Cache:', '    def update(self, key):', '        time.sleep(0)', '',
      '    def request(self):', '        time.sleep(0)', '', '',
      'def run(c: Cache):', '    c.update(1)', '    c.request()', '',
    ].join('\n'));
    expect(out).toContain('async def run(c: Cache):\n    await c.update(1)\n    await c.request()');
    expect(out).toContain('        kwargs.update(timeout=5)\n        return super().request(*args, **kwargs)');
    expect(codes).not.toContain('AS104');
  });

  it('takes what a container, a heap, copy(), dataclasses.replace(), a context manager of contextlib, a weak proxy or import_module() hands back to be any object, never the library\'s, and the migrated suite passes', () => {
    for (const [call, code] of [
      ['REGISTRY.setdefault(name, Records()).copy()', ['REGISTRY = {}', '', '', 'def tenant_copy(name):', '    return REGISTRY.setdefault(name, Records()).copy()']],
      ['self.by_name.get(name).copy()', ['class Pool:', '    def __init__(self):', '        self.by_name: dict[str, Records] = {"t": Records()}', '',
        '    def tenant_copy(self, name):', '        return self.by_name.get(name).copy()', '', '', 'def tenant_copy(name):', '    return Pool().tenant_copy(name)']],
      ['copy.copy(Records()).copy()', ['import copy', '', '', 'def tenant_copy(name):', '    return copy.copy(Records()).copy()']],
      ['dataclasses.replace(Holder(Records())).records.copy()', ['import dataclasses', '', '', '@dataclasses.dataclass', 'class Holder:', '    records: Records', '', '',
        'def tenant_copy(name):', '    return dataclasses.replace(Holder(Records())).records.copy()']],
      ['r.copy()', ['import contextlib', '', '', 'def tenant_copy(name):', '    with contextlib.nullcontext(Records()) as r:', '        return r.copy()']],
      ['heapq.heappop(heap).copy()', ['import heapq', '', '', 'def tenant_copy(name):', '    heap = [Records()]', '    return heapq.heappop(heap).copy()']],
      ['module.Records().copy()', ['import importlib', '', '', 'def tenant_copy(name):', '    module = importlib.import_module("store.records")', '    return module.Records().copy()']],
      ['stack.enter_context(Opened()).copy()', ['import contextlib', '', '', 'class Opened:', '    def __enter__(self):', '        return Records()', '',
        '    def __exit__(self, *exc):', '        return False', '', '',
        'def tenant_copy(name):', '    with contextlib.ExitStack() as stack:', '        return stack.enter_context(Opened()).copy()']],
      ['weakref.proxy(kept).copy()', ['import weakref', '', '', 'def tenant_copy(name):', '    kept = Records()', '    return weakref.proxy(kept).copy()']],
    ] as const) {
      // Read as the library's, the call would not await Records.copy, which then turned async.
      const { result, lineOf } = migrateTenantCopy([...code]);
      expect(unknownReceivers(result), call).toEqual([`store/records.py:${lineOf(call)}`]);
    }
  }, 300_000);

  it('takes an attribute the project sets on a library object (flask\'s g, a threading.local()), and any of a SimpleNamespace, to hold any object, and the migrated suite passes', () => {
    for (const [call, code] of [
      ['STATE.records.copy()', ['import threading', '', 'STATE = threading.local()', '', '', 'def tenant_copy(name):', '    STATE.records = Records()', '    return STATE.records.copy()']],
      ['context.records.copy()', ['import types', '', '', 'def tenant_copy(name):', '    context = types.SimpleNamespace(records=Records())', '    return context.records.copy()']],
      ['g.records.copy()', ['from flask import Flask, g', '', 'app = Flask(__name__)', '', '', 'def tenant_copy(name):', '    with app.app_context():',
        '        g.records = Records()', '        return g.records.copy()']],
    ] as const) {
      const { result, lineOf } = migrateTenantCopy([...code]);
      expect(unknownReceivers(result), call).toEqual([`store/records.py:${lineOf(call)}`]);
    }
  }, 180_000);

  it('keeps a method sync that a call on what another library hands back may reach (a container, a factory given the class), and the migrated suites pass', () => {
    // A library outside the project: its functions may hand back the project objects they were given.
    const library = makeProject({ 'registry_lib.py': [
      'def build(cls):', '    return cls()', '', '',
      'class Container:', '    def __init__(self):', '        self.items = {}', '',
      '    def register(self, key, value):', '        self.items[key] = value', '',
      '    def resolve(self, key):', '        return self.items[key]', '', '',
      'class Snapshot:', '    def copy(self):', '        return {}', '',
    ].join('\n') });
    for (const code of [
      ['import registry_lib', '', '', 'def tenant_copy(name):', '    return registry_lib.build(Records).copy()'],
      ['import registry_lib', '', 'CONTAINER = registry_lib.Container()', 'CONTAINER.register("records", Records())', '', '',
        'def tenant_copy(name):', '    records = CONTAINER.resolve("records").copy()', '    return records'],
    ]) {
      const { result } = migrateTenantCopy(code, { PYTHONPATH: library });
      const undone = result.verification.undone.map((undo) => undo.reason);
      expect(undone.some((reason) => /may reach store\.records\.Records\.copy, which became async, and does not await it/.test(reason)), code.join('\n')).toBe(true);
    }
    // A method of an object the library's own class made is the library's.
    const { after } = migrateTenantCopy(['import registry_lib', '', '', 'def snapshot():', '    return registry_lib.Snapshot().copy()', '', '',
      'def tenant_copy(name):', '    snapshot()', '    return Records().copy()'], { PYTHONPATH: library });
    expect(after['store/records.py']).toContain('def snapshot():\n    return registry_lib.Snapshot().copy()');
    expect(after['store/records.py']).toContain('    async def copy(self):');
  }, 120_000);

  it('reads operator.methodcaller("m")(obj) as obj.m(), and methodcaller("m") or getattr(obj, "m") handed on as the method handed on; the migrated suites pass', () => {
    const { after } = migrateTenantCopy(['import operator', '', '', 'def tenant_copy(name):', '    return operator.methodcaller("copy")(Records())']);
    expect(after['store/records.py']).toContain('async def tenant_copy(name):\n    return await operator.methodcaller("copy")(Records())');
    for (const handedOn of [
      ['import operator', '', '', 'def tenant_copy(name):', '    return list(map(operator.methodcaller("copy"), [Records()]))[0]'],
      ['def tenant_copy(name):', '    method = getattr(Records(), "copy")', '    return list(map(lambda call: call(), [method]))[0]'],
    ]) {
      const { result } = migrateTenantCopy(handedOn);
      const pin = result.reviews.find((item) => item.code === 'AS101' && item.message.startsWith('store.records.Records.copy stays sync'));
      expect(pin?.message, handedOn.join('\n')).toMatch(/handed on as a value|used as a value|passed to/);
    }
  });

  it('takes a method called through the object\'s class (type(x).m(x), x.__class__.m(x)) to be reachable with its receiver passed, and the migrated suites pass', () => {
    for (const call of ['type(records).copy(records)', 'records.__class__.copy(records)']) {
      const { result, lineOf } = migrateTenantCopy(['def tenant_copy(name):', '    records = Records()', `    return ${call}`]);
      expect(unknownReceivers(result), call).toEqual([`store/records.py:${lineOf(call)}`]);
    }
  });

  it('types a test\'s parameters from the literals @pytest.mark.parametrize gives them, and the migrated suite passes (found on hcloud-python: params.update(...))', () => {
    const { after } = migratesAndStillPasses({
      'store/__init__.py': '',
      'store/records.py': [
        'import time', '', '',
        'class Records:', '    def __init__(self):', '        self.saved = {}', '',
        '    def update(self, key, **fields):', '        time.sleep(0)', '        self.saved.setdefault(key, {}).update(fields)', '        return self.saved[key]', '',
      ].join('\n'),
      'tests/test_records.py': [
        'import pytest', '', 'from store.records import Records', '', '',
        '@pytest.mark.parametrize("params", [{"name": "a"}, {}])',
        'def test_update(params):', '    params.update({"page": 1})', '    assert Records().update("k", **params)["page"] == 1', '', '',
        '@pytest.mark.parametrize("key, params", [("a", {"x": 1}), pytest.param("b", {}, id="empty")])',
        'def test_update_pairs(key, params):', '    params.update(y=2)', '    assert Records().update(key, **params)["y"] == 2', '',
      ].join('\n'),
    });
    expect(after['store/records.py']).toContain('    async def update(self, key, **fields):');
    expect(after['tests/test_records.py']).toContain('    params.update({"page": 1})\n    assert (await Records().update("k", **params))["page"] == 1');
    expect(after['tests/test_records.py']).toContain('    params.update(y=2)\n    assert (await Records().update(key, **params))["y"] == 2');
  });

  it('reads an attribute iterated or tested with `in` on an object of unknown type as no call of a method of that name (found on streamlink: "}" in el.tag)', () => {
    const { out, codes } = migrateUse([
      'def strip(el):', '    if "}" in el.load:', '        return el.load.split("}")[1]', '    for part in el.load:', '        print(part)', '', '',
      'def run(api: Api):', '    return api.load()', '',
    ].join('\n'));
    expect(out).toContain('    async def load(self):');
    expect(out).toContain('async def run(api: Api):\n    return await api.load()');
    expect(codes).not.toContain('AS104');
  });

  it('leaves a parametrized name untyped where its values are not all literals of one type', () => {
    const { out, codes } = migrateUse([
      'import pytest', '', '',
      'class Cache:', '    def update(self, key):', '        time.sleep(0)', '', '',
      '@pytest.mark.parametrize("store", [{}, Cache()])',
      'def test_store(store):', '    store.update(1)', '',
    ].join('\n'));
    expect(out).not.toContain('async def update');
    expect(codes).toContain('AS104');
  });
});

describe('what builtins make', () => {
  it('types a with-target of open() as a file and str(...) as a string: their methods are not the project\'s', () => {
    const { after, result } = migrateFiles({
      'svc.py': [
        'import time', '', '',
        'class Reader:',
        '    def readline(self):', '        time.sleep(0)', '        return "x"', '',
        '    def strip(self):', '        time.sleep(0)', '        return "x"', '', '',
        'def first_line(path):', '    with open(path) as f:', '        return f.readline()', '', '',
        'def clean(value):', '    text = str(value)', '    return text.strip()', '', '',
        'def main():', '    return Reader().readline() + Reader().strip()', '',
      ].join('\n'),
    });
    expect(after['svc.py']).toContain('    async def readline(self):');
    expect(after['svc.py']).toContain('    async def strip(self):');
    expect(after['svc.py']).toContain('def clean(value):\n    text = str(value)\n    return text.strip()');
    expect(result.reviews.map((item) => item.code)).not.toContain('AS104');
    expect(result.reviews.map((item) => item.code)).not.toContain('AS129');
  });

  it('types what a string method no project class defines returns as a library value (found on PyGithub: path.strip("/").index(...))', () => {
    const project = (use: string) => migrateFiles({
      'svc.py': [
        'import time', '', '',
        'class Doc:',
        '    def index(self, needle):', '        time.sleep(0)', '        return 0', '',
        '    def lower(self):', '        return self', '', '',
        use, '', '',
        'def main():', '    return Doc().index("x")', '',
      ].join('\n'),
    });
    const strings = project([
      'def locate(path):',
      '    source = path.strip("/")',
      '    first = path.split(",")[0]',
      '    return source.index("a", 1) + first.index("x") + path.rstrip().replace("a", "b").index("c")',
    ].join('\n'));
    expect(strings.after['svc.py']).toContain('class Doc:\n    async def index(self, needle):');
    expect(strings.after['svc.py']).toContain('def locate(path):\n    source = path.strip("/")');
    expect(strings.result.reviews.map((item) => item.code)).not.toContain('AS104');
    // A project class defines `lower`: what it returns may be a project object.
    const projectMethod = project('def shout(text):\n    return text.lower().index("x")');
    expect(projectMethod.after['svc.py'] ?? '').not.toContain('async def index');
    expect(projectMethod.result.reviews.map((item) => item.code)).toContain('AS104');
  });
});

describe('a local that holds project functions and is only called', () => {
  it('reaches each function it may hold: they take one colour, and the call is awaited (found on patroni: do_initialize = self._initdb)', () => {
    const { after, result } = migratesAndStillPasses({
      'store.py': [
        'import time', '', '',
        'class Store:',
        '    def __init__(self, quick):', '        self.quick = quick', '',
        '    def _fast(self, key):', '        time.sleep(0)', '        return f"fast:{key}"', '',
        '    def _slow(self, key):', '        time.sleep(0.01)', '        return f"slow:{key}"', '',
        '    def load(self, key):', '        read = self._fast if self.quick else self._slow', '        return read(key)', '',
        '    def load_both(self, key):',
        '        if self.quick:', '            fetch = self._fast', '        else:', '            fetch = self._slow',
        '        return [fetch(key), fetch(key.upper())]', '',
      ].join('\n'),
      'tests/test_store.py': [
        'from store import Store', '', '',
        'def test_load():', '    assert Store(True).load("k") == "fast:k"', '    assert Store(False).load("k") == "slow:k"', '', '',
        'def test_load_both():', '    assert Store(False).load_both("k") == ["slow:k", "slow:K"]', '',
      ].join('\n'),
    });
    expect(after['store.py']).toContain('    async def _fast(self, key):');
    expect(after['store.py']).toContain('    async def _slow(self, key):');
    expect(after['store.py']).toContain('    async def load(self, key):\n        read = self._fast if self.quick else self._slow\n        return await read(key)');
    expect(after['store.py']).toContain('        return [await fetch(key), await fetch(key.upper())]');
    expect(result.reviews.map((item) => item.message).join('\n')).not.toContain('used as a value');
  });

  it('is no alias when the local is also handed on, or called from a nested function: the functions it holds stay sync', () => {
    const source = (use: string) => migrateFiles({
      'store.py': [
        'import time', '', '',
        'def fast(key):', '    time.sleep(0)', '    return key', '', '',
        'def slow(key):', '    time.sleep(0)', '    return key', '', '',
        use, '',
      ].join('\n'),
    });
    const handedOn = source('def load(key, quick, run):\n    read = fast if quick else slow\n    read(key)\n    return run(read)');
    expect(handedOn.after['store.py'] ?? '').not.toContain('async def fast');
    const nested = source('def load(key, quick):\n    read = fast if quick else slow\n\n    def later():\n        return read(key)\n    return later');
    expect(nested.after['store.py'] ?? '').not.toContain('async def fast');
  });
});

describe('a test package named like a standard-library module', () => {
  it('leaves `import json` in tests/json/ the standard library\'s, not a receiver of unknown type (found on poetry)', () => {
    const { after, result } = migrateFiles({
      'app/__init__.py': '',
      'app/repo.py': 'import time\n\n\nclass Repository:\n    def load(self):\n        time.sleep(0)\n        return 1\n\n\ndef main():\n    return Repository().load()\n',
      'tests/__init__.py': '',
      'tests/json/__init__.py': '',
      'tests/json/test_schema.py': 'import json\n\n\ndef test_schema(tmp_path):\n    (tmp_path / "s.json").write_text("[1]")\n    with open(tmp_path / "s.json") as f:\n        assert json.load(f) == [1]\n',
    });
    expect(after['app/repo.py']).toContain('async def load(self):');
    expect(result.reviews.map((item) => item.code)).not.toContain('AS104');
  });

  it('gives no package of a namespace package under src/ a top-level name: `src/app/json/` is no `import json` (found on poetry)', () => {
    const { after, result } = migrateFiles({
      'pyproject.toml': '[project]\nname = "app"\n',
      'src/app/json/__init__.py': 'import json\n\n\ndef schema(path):\n    return json.loads(path.read_text())\n',
      'src/app/repo.py': 'import json\nimport time\n\n\nclass Repository:\n    def load(self, name):\n        time.sleep(0)\n        return name\n\n\ndef read(f):\n    return json.load(f)\n',
      'tests/unit/helpers/__init__.py': '',
      // The helper turns async for the migrated code it calls (not for its own blocking calls).
      'tests/unit/helpers/fake.py': 'from app.repo import Repository\n\n\ndef fetch():\n    return Repository().load(2)\n',
      'tests/unit/repo/__init__.py': '',
      'tests/unit/repo/test_repo.py': 'from helpers.fake import fetch\n\n\ndef test_fetch():\n    assert fetch() == 2\n',
    });
    expect(after['src/app/repo.py']).toContain('    async def load(self, name):');
    expect(result.reviews.map((item) => item.code)).not.toContain('AS104');
    // A package in a folder pytest imports tests from keeps its name there.
    expect(after['tests/unit/repo/test_repo.py']).toContain('async def test_fetch():\n    assert await fetch() == 2');
  });
});

describe('an optional import', () => {
  it('reads `try: import yaml` / `except ImportError: yaml = None` as the library, not a value of unknown type (found on django-rest-framework)', () => {
    const { after, result } = migrateFiles({
      'app/__init__.py': '',
      'app/compat.py': 'try:\n    import yaml\nexcept ImportError:\n    yaml = None\n',
      'app/store.py': 'import json\n\n\ndef dump(data, path="out.json", **options):\n    with open(path, "w") as f:\n        json.dump(data, f, **options)\n',
      'app/render.py': 'from app.compat import yaml\n\n\ndef render(data):\n    assert yaml, "pyyaml is not installed"\n    return yaml.dump(data, default_flow_style=False)\n',
    });
    expect(after['app/store.py']).toContain('async def dump(data, path="out.json", **options):');
    expect(result.reviews.map((item) => item.message).join('\n')).not.toContain('app.store.dump stays sync');
  });
});

describe('pytest fixtures as receivers', () => {
  it('takes a fixture method of the test class (or of a class it derives from) before a module fixture (found on thefuck)', () => {
    const { after } = migratesAndStillPasses({
      'shells.py': [
        'import time', '', '',
        'class Bash:', '    def info(self):', '        time.sleep(0)', '        return "Bash 5"', '', '',
        'class Fish:', '    def info(self):', '        return "Fish 3"', '',
      ].join('\n'),
      'tests/test_shells.py': [
        'import pytest', '', 'from shells import Bash, Fish', '', '',
        '@pytest.fixture', 'def shell():', '    return Fish()', '', '',
        'class ShellTests:', '    @pytest.fixture', '    def shell(self):', '        return Bash()', '', '',
        'class TestBash(ShellTests):', '    def test_info(self, shell):', '        assert shell.info() == "Bash 5"', '', '',
        'def test_fish(shell):', '    assert shell.info() == "Fish 3"', '',
      ].join('\n'),
    });
    expect(after['shells.py']).toContain('class Bash:\n    async def info(self):\n        await asyncio.sleep(0)');
    expect(after['tests/test_shells.py']).toContain('    async def test_info(self, shell):\n        assert await shell.info() == "Bash 5"');
    expect(after['tests/test_shells.py']).toContain('def test_fish(shell):\n    assert shell.info() == "Fish 3"');
  });
});

describe('a receiver the code gives no type for', () => {
  /** barman's backup_executor.py: `start_info`, a database row, is subscripted before `.copy()`. */
  const COPIER = (fill: string[], extra: string[] = []) => [
    'import time', '', '',
    'class RsyncCopyController:', '    def __init__(self):', '        self.items = []', '',
    '    def copy(self):', '        time.sleep(0.01)  # runs rsync', '        return list(self.items)', '', '',
    ...extra,
    'def fill_from_start(info, start):', ...fill,
    '    if start.get("timeline") is not None:', '        start = start.copy()', '        start.update(timeline=1)', '    return start', '',
  ].join('\n');

  it('rules out project classes without the special methods or methods earlier statements show the receiver has (found on barman: start_info.copy())', () => {
    const migration = migratesAndStillPasses({
      'backup.py': COPIER(['    info["begin"] = start["timestamp"]', '    info["size"] = len(start)']),
      'tests/test_backup.py': [
        'from backup import RsyncCopyController, fill_from_start', '', '',
        'def test_fill():', '    info = {}', '    assert fill_from_start(info, {"timestamp": 1, "timeline": 2}) == {"timestamp": 1, "timeline": 1}',
        '    assert info == {"begin": 1, "size": 2}', '', '',
        'def test_copy():', '    assert RsyncCopyController().copy() == []', '',
      ].join('\n'),
    });
    expect(migration.after['backup.py']).toContain('    async def copy(self):');
    expect(migration.after['backup.py']).toContain('        start = start.copy()');
    expect(migration.result.reviews.map((item) => item.code)).not.toContain('AS104');
    // A method the class does not have shows the same (`stop_info.get("file_name")`, barman's next one).
    const byMethod = migrateFiles({ 'backup.py': COPIER(['    info["begin"] = start.get("timestamp")']) });
    expect(byMethod.after['backup.py']).toContain('    async def copy(self):');
    // Code setting an attribute of that name on an object that cannot be the class's (a test's
    // `mock.Mock()`, barman's `mock_page.get = partial(...)`) gives the class no such attribute.
    const mocked = migrateFiles({
      'backup.py': COPIER(['    info["begin"] = start.get("timestamp")']),
      'tests/test_pages.py': 'from unittest import mock\n\n\ndef test_page():\n    page = mock.Mock()\n    page.get = dict().get\n    assert page.get("x") is None\n',
    });
    expect(mocked.after['backup.py']).toContain('    async def copy(self):');
  });

  it('keeps the method sync where the earlier use may not run, the name is bound again in between, or a subclass may have the attribute', () => {
    const stillSync = (source: string) => {
      const { after, result } = migrateFiles({ 'backup.py': source });
      expect(after['backup.py'] ?? '').not.toContain('async def copy');
      expect(result.reviews.map((item) => item.message).join('\n')).toContain('backup.RsyncCopyController.copy stays sync (called on a receiver of unknown type');
    };
    stillSync(COPIER(['    info["begin"] = info and start["timestamp"]']));
    stillSync(COPIER(['    info["begin"] = [start["timestamp"] for _ in info]']));
    stillSync(COPIER(['    info["begin"] = start["timestamp"]', '    start = info.get("start")']));
    stillSync(COPIER(['    if info:', '        info["begin"] = start["timestamp"]']));
    stillSync(COPIER(['    info["begin"] = start["timestamp"]'], ['class IndexedCopyController(RsyncCopyController):', '    def __getitem__(self, key):', '        return self.items[key]', '', '']));
    // An ordinary name: a class that answers any attribute, or code that sets one of that name elsewhere.
    stillSync(COPIER(['    info["begin"] = start.get("timestamp")'], ['class Proxy(RsyncCopyController):', '    def __getattr__(self, name):', '        return getattr(self.items, name)', '', '']));
    stillSync(COPIER(['    info["begin"] = start.get("timestamp")'], ['def patch(controller):', '    controller.get = dict().get', '', '']));
    stillSync(COPIER(['    info["begin"] = start.get("timestamp")'], ['def patched():', '    controller = RsyncCopyController()', '    controller.get = dict().get', '    return controller', '', '']));
  });

  it('joins a class to its family through a Python 2 style import of a sibling module (found on elastalert)', () => {
    const { after, result } = migrateFiles({
      'alerting/__init__.py': '',
      'alerting/alerts.py': 'import time\n\n\nclass Alerter:\n    def alert(self, matches):\n        time.sleep(0)\n        return len(matches)\n',
      'alerting/zabbix.py': 'import time\n\nfrom alerts import Alerter\n\n\nclass ZabbixAlerter(Alerter):\n    def alert(self, matches):\n        time.sleep(0)\n        return 0\n',
      'alerting/run.py': 'def send(alerters, matches):\n    return [alerter.alert(matches) for alerter in alerters]\n',
    });
    expect(after['alerting/run.py']).toContain('async def send(alerters, matches):\n    return [await alerter.alert(matches) for alerter in alerters]');
    expect(after['alerting/zabbix.py']).toContain('class ZabbixAlerter(Alerter):\n    async def alert(self, matches):');
    expect(result.reviews.some((item) => item.code === 'AS124' && /alerting\.alerts\.Alerter/.test(item.message))).toBe(true);
  });

  it('is taken to be the one class family that defines the method, and reported as inferred', () => {
    const { out, codes, messages } = migrateUse('def run(api):\n    return api.load_rules()\n', '\n    def load_rules(self):\n        return self.load()\n\n\nclass CachedApi(Api):\n    def load_rules(self):\n        return 2\n');
    expect(out).toContain('async def run(api):\n    return await api.load_rules()');
    expect(codes).toContain('AS124');
    expect(messages).toContain('`api.load_rules()`: the receiver is taken to be a svc.Api (the only project classes defining a `load_rules` these arguments fit)');
  });

  it('narrows the families by what else the code uses on the same receiver, and the suite passes (found on tweepy: a model\'s self._api)', () => {
    const files = {
      'twitter/__init__.py': '',
      'twitter/api.py': [
        'import time', '', '',
        'class API:', '    def update_list(self, list_id, name):', '        time.sleep(0)', '        return {"id": list_id, "name": name}', '',
        '    def destroy_list(self, list_id):', '        time.sleep(0)', '        return {"id": list_id, "deleted": True}', '',
      ].join('\n'),
      'twitter/client.py': [
        'class Client:', '    def update_list(self, list_id, name, *, private=False):', '        return {"id": list_id, "name": name, "private": private}', '',
      ].join('\n'),
      'twitter/models.py': [
        'class Model:', '    def __init__(self, api=None):', '        self._api = api', '', '',
        'class List(Model):', '    def __init__(self, api, list_id):', '        super().__init__(api)', '        self.id = list_id', '',
        '    def update(self, name):', '        return self._api.update_list(self.id, name)', '',
        '    def destroy(self):', '        return self._api.destroy_list(self.id)', '',
      ].join('\n'),
      'tests/test_models.py': [
        'import importlib', '', 'from twitter.models import List', '', '',
        'def test_update_and_destroy():', '    # An API the code cannot type, as where it comes from a setting.', '    api = getattr(importlib.import_module("twitter.api"), "API")()', '    lst = List(api, 3)', '    assert lst.update("news") == {"id": 3, "name": "news"}', '    assert lst.destroy()["deleted"]', '',
      ].join('\n'),
    };
    const { after, result } = migratesAndStillPasses(files);
    expect(after['twitter/models.py']).toContain('    async def update(self, name):\n        return await self._api.update_list(self.id, name)');
    expect(after['twitter/client.py']).toBeUndefined();
    expect(result.reviews.map((item) => item.code)).not.toContain('AS104');
    expect(result.reviews.map((item) => item.message)).toContain('`self._api.update_list()`: the receiver is taken to be a twitter.api.API (the only project classes defining a `update_list` these arguments fit and having `destroy_list`, used on the same receiver elsewhere); check that it is one, or annotate it');
  });

  it('takes a method of a name libraries have only where a use on the same receiver is a name only project classes have, and no family that lacks a name used on it', () => {
    const models = (uses: string[]) => migrateFiles({
      'twitter/__init__.py': '',
      'twitter/api.py': [
        'import time', '', '', 'class API:', '    def refresh(self):', '        time.sleep(0)', '',
        '    def close(self):', '        return None', '', '    def destroy_list(self, list_id):', '        return list_id', '',
      ].join('\n'),
      'twitter/models.py': ['class List:', '    def __init__(self, api):', '        self._api = api', '', '    def reload(self):', '        return self._api.refresh()', '', ...uses, ''].join('\n'),
    });
    // `refresh` and `close` are names library objects have too: the receiver may be one of those.
    const ordinary = models(['    def close(self):', '        return self._api.close()']);
    expect(ordinary.after['twitter/models.py'] ?? '').not.toContain('async def reload');
    // `destroy_list` is API's alone: the receiver that has it is an API.
    const distinctive = models(['    def destroy(self):', '        return self._api.destroy_list(1)']);
    expect(distinctive.after['twitter/models.py']).toContain('    async def reload(self):\n        return await self._api.refresh()');
    // `fetch_lists` is no candidate's: the receiver is no API.
    const neither = models(['    def destroy(self):', '        self._api.fetch_lists()', '        return self._api.destroy_list(1)']);
    expect(neither.after['twitter/models.py'] ?? '').not.toContain('async def reload');
    expect(neither.result.reviews.map((item) => item.code)).toContain('AS104');
  });

  it('is taken to be any of the unrelated families that define the method, which then change colour together (found on zulip\'s bots)', () => {
    const { after, result } = migratesAndStillPasses({
      'bots/__init__.py': '',
      'bots/weather.py': [
        'import time', '', '',
        'class WeatherHandler:', '    def usage(self):', '        return "asks the weather service"', '',
        '    def handle_message(self, message, bot_handler):', '        time.sleep(0.01)  # the weather service', '        bot_handler.send_reply(message, "sunny in " + message["content"])', '',
      ].join('\n'),
      'bots/echo.py': [
        'class EchoHandler:', '    def usage(self):', '        return "says it back"', '',
        '    def handle_message(self, message, bot_handler):', '        bot_handler.send_reply(message, message["content"])', '',
      ].join('\n'),
      'bots/shell.py': [
        'class ShellBotHandler:', '    def __init__(self):', '        self.replies = []', '',
        '    def send_reply(self, message, content):', '        self.replies.append(content)', '', '',
        'def run_bot(handler_class, contents):', '    handler = handler_class()', '    bot_handler = ShellBotHandler()',
        '    for content in contents:', '        handler.handle_message({"content": content}, bot_handler)', '    return bot_handler.replies', '',
      ].join('\n'),
      'tests/test_bots.py': [
        'from bots.echo import EchoHandler', 'from bots.shell import run_bot', 'from bots.weather import WeatherHandler', '', '',
        'def test_echo():', '    assert run_bot(EchoHandler, ["hi", "there"]) == ["hi", "there"]', '', '',
        'def test_weather():', '    assert run_bot(WeatherHandler, ["Oslo"]) == ["sunny in Oslo"]', '',
      ].join('\n'),
    });
    expect(after['bots/shell.py']).toContain('async def run_bot(handler_class, contents):');
    expect(after['bots/shell.py']).toContain('        await handler.handle_message({"content": content}, bot_handler)');
    expect(after['bots/echo.py']).toContain('    async def handle_message(self, message, bot_handler):');
    expect(after['bots/weather.py']).toContain('    async def handle_message(self, message, bot_handler):\n        await asyncio.sleep(0.01)');
    expect(result.reviews.find((item) => item.code === 'AS124')?.message).toMatch(/a bots\.(echo\.EchoHandler or bots\.weather\.WeatherHandler|weather\.WeatherHandler or bots\.echo\.EchoHandler)/);
  });

  it('stays sync when one of the families has a library base that has or may have the method, or the module\'s library objects share the name', () => {
    const oneWithUnknownBase = migrateUse('def run(api):\n    return api.load_rules()\n', [
      '', '    def load_rules(self):', '        return self.load()', '', '',
      'import vendor', '', '',
      'class Loader(vendor.Base):', '    def load_rules(self):', '        return 2', '',
    ].join('\n'));
    expect(oneWithUnknownBase.out).not.toContain('async def run');
    expect(oneWithUnknownBase.codes).toContain('AS104');
    const baseHasIt = migrateFiles({
      'svc.py': 'import logging\nimport time\n\n\nclass Audit(logging.Handler):\n    def createLock(self):\n        time.sleep(0)\n\n\ndef run(h):\n    h.createLock()\n',
    });
    expect(baseHasIt.after).toEqual({});
    const libraryName = migrateFiles({
      'svc.py': 'import pickle\nimport time\n\n\nclass Api:\n    def unpickle(self):\n        time.sleep(0)\n\n\ndef run(api, f):\n    pickle.Unpickler(f).unpickle()\n    return api.unpickle()\n',
    });
    expect(libraryName.after).toEqual({});
    const common = migrateUse('def run(api):\n    return api.run()\n', '\n    def run(self):\n        return self.load()\n');
    expect(common.out).not.toContain('await api.run()');
  });

  it('takes a family whose library base is known not to have the method (found on zulip: a unittest.TestCase helper)', () => {
    const { after, result } = migrateFiles({
      'svc.py': 'import threading\nimport time\n\n\nclass Worker(threading.Thread):\n    def load_all(self):\n        time.sleep(0)\n\n\ndef run(w):\n    w.load_all()\n',
    });
    expect(after['svc.py']).toContain('class Worker(threading.Thread):\n    async def load_all(self):\n        await asyncio.sleep(0)');
    expect(after['svc.py']).toContain('async def run(w):\n    await w.load_all()');
    expect(result.reviews.some((item) => item.code === 'AS124' && item.message.includes('svc.Worker'))).toBe(true);
  });

  it('knows Flask-SQLAlchemy models and Flask-Login mixins: a method of the project\'s own turns async, an override stays sync (found on redash)', () => {
    const { after, result } = migrateFiles({
      'models.py': [
        'import time', '', 'from flask_login import UserMixin', 'from flask_sqlalchemy import SQLAlchemy', '', 'db = SQLAlchemy()', '', '',
        'class User(db.Model, UserMixin):', '    def get_id(self):', '        time.sleep(0)', '        return "1"', '',
        '    def deliver(self, message):', '        time.sleep(0)', '        return message', '', '',
        'def notify(user, message):', '    return user.deliver(message)', '',
      ].join('\n'),
    });
    expect(after['models.py']).toContain('    async def deliver(self, message):\n        await asyncio.sleep(0)');
    expect(after['models.py']).toContain('async def notify(user, message):\n    return await user.deliver(message)');
    expect(after['models.py']).toContain('    def get_id(self):\n        time.sleep(0)');
    expect(result.reasons.pinned.find((reason) => reason.function === 'models.User.get_id')?.reason).toBe('it overrides flask_login.UserMixin.get_id, which the library calls synchronously');
  });

  it('awaits a call the code gives no way to tell through _await_if_awaitable, in a function that turns async anyway, so a library object\'s method still works (found on temboard\'s probes)', () => {
    const { after, result } = migratesAndStillPasses({
      'probes/__init__.py': '',
      'probes/base.py': 'class Probe:\n    level = "host"\n\n    def run(self):\n        return []\n',
      'probes/load.py': 'import time\n\nfrom probes.base import Probe\n\n\nclass LoadProbe(Probe):\n    def run(self):\n        time.sleep(0.01)\n        return [{"load": 1}]\n',
      'probes/runner.py': [
        'import time', '', '',
        'def run_probes(probes):', '    time.sleep(0)', '    output = {}', '    for p in probes:', '        output[type(p).__name__] = p.run()', '    return output', '',
      ].join('\n'),
      'tests/test_runner.py': [
        'from probes.load import LoadProbe', 'from probes.runner import run_probes', '', '',
        'class Other:', '    def run(self):', '        return ["other"]', '', '',
        'def test_run_probes():', '    assert run_probes([LoadProbe(), Other()]) == {"LoadProbe": [{"load": 1}], "Other": ["other"]}', '',
      ].join('\n'),
    });
    const runner = after['probes/runner.py'];
    expect(runner).toContain('async def _await_if_awaitable(value: "Any") -> "Any":');
    expect(runner.match(/async def _await_if_awaitable/g)).toHaveLength(1);
    expect(runner).toContain('async def run_probes(probes):\n    await asyncio.sleep(0)\n    output = {}\n    for p in probes:\n        output[type(p).__name__] = await _await_if_awaitable(p.run())');
    expect(runner).toContain('import inspect\nfrom typing import Any');
    expect(after['probes/load.py']).toContain('    async def run(self):\n        await asyncio.sleep(0.01)');
    expect(result.reviews.find((item) => item.code === 'AS129')).toMatchObject({ file: 'probes/runner.py', line: 8 });
  });

  it('leaves out calls the code already awaits or enters with async with: no sync method of the project answers them (found on tweepy\'s asynchronous client)', () => {
    const { out, codes } = migrateUse([
      'class AsyncClient:',
      '    async def fetch(self, session):',
      '        async with session.load() as response:',
      '            return await response.read()', '',
      '    async def again(self, api):', '        return await api.load()', '', '',
      'def run():', '    return Api().load()', '',
    ].join('\n'));
    expect(out).toContain('class Api:\n    async def load(self):');
    expect(out).toContain('async def run():\n    return await Api().load()');
    expect(codes).not.toContain('AS104');
  });

  it('never sends super() through _await_if_awaitable: it reaches the class above, which the code names (found on PyGithub, whose second run then changed files)', () => {
    const { after } = migrateFiles({
      'app.py': 'import time\n\n\ndef load():\n    time.sleep(0)\n    return 1\n',
      'tests/__init__.py': '',
      'tests/framework.py': [
        'import unittest', '', 'from app import load', '', '',
        'def replay_folder():', '    return "ReplayData"', '', '',
        'class BasicTestCase(unittest.TestCase):', '    def setUp(self):', '        super().setUp()', '        self.value = load()', '', '',
        'class TestCase(BasicTestCase):', '    def setUp(self):', '        super().setUp()', '        self.other = load()', '',
      ].join('\n'),
      'tests/test_a.py': 'from tests.framework import TestCase\n\n\nclass TestA(TestCase):\n    def test_a(self):\n        assert self.value == 1\n',
    });
    expect(Object.values(after).join('\n')).not.toContain('_await_if_awaitable');
  });

  it('keeps every method of the name sync when such a call is in a function with no other reason to turn async', () => {
    const { after, result } = migrateFiles({
      'probes.py': [
        'import time', '', '',
        'class LoadProbe:', '    def run(self):', '        time.sleep(0.01)', '        return [1]', '', '',
        'def run_probes(probes):', '    time.sleep(0)', '    return [p.run() for p in probes]', '', '',
        'def first_rows(probes):', '    return [p.run()[0] for p in probes]', '',
      ].join('\n'),
    });
    expect(after['probes.py']).toContain('class LoadProbe:\n    def run(self):\n        time.sleep(0.01)');
    expect(after['probes.py']).toContain('def first_rows(probes):\n    return [p.run()[0] for p in probes]');
    expect(after['probes.py']).not.toContain('_await_if_awaitable');
    expect(result.reasons.pinned.find((reason) => reason.function === 'probes.LoadProbe.run')?.reason).toMatch(/^called on a receiver of unknown type at probes\.py:1[26]$/);
    // A module whose `Any` is not typing's cannot take the helper, which is annotated with it.
    const ownAny = migrateFiles({
      'probes.py': [
        'import time', '', 'Any = object', '', '',
        'class LoadProbe:', '    def run(self):', '        time.sleep(0.01)', '        return [1]', '', '',
        'def run_probes(probes):', '    time.sleep(0)', '    return [p.run() for p in probes]', '',
      ].join('\n'),
    });
    expect(ownAny.after['probes.py']).not.toContain('_await_if_awaitable');
    expect(ownAny.after['probes.py']).toContain('class LoadProbe:\n    def run(self):\n        time.sleep(0.01)');
  });

  it('takes a method its declared class leaves to subclasses to be one of theirs, whatever its name (found on patroni: an MPP handler\'s run)', () => {
    const { after, result } = migrateFiles({
      'svc.py': [
        'import time', 'from threading import Thread', '', '',
        'class AbstractHandler:', '    def schedule(self):', '        return None', '', '',
        'class NullHandler(AbstractHandler):', '    pass', '', '',
        'class CitusHandler(AbstractHandler, Thread):', '    def run(self):', '        time.sleep(0)', '', '',
        'def get_handler() -> AbstractHandler:', '    return NullHandler()', '', '',
        'class Postgresql:', '    def __init__(self):', '        self.handler = get_handler()', '',
        '    def check(self):', '        self.handler.run()', '', '',
        'class Patroni:', '    def run(self):', '        time.sleep(0)', '', '',
        'def serve(p: Patroni):', '    p.run()', '',
      ].join('\n'),
    });
    expect(after['svc.py']).toContain('class Patroni:\n    async def run(self):');
    expect(after['svc.py']).toContain('async def serve(p: Patroni):\n    await p.run()');
    expect(after['svc.py']).toContain('class CitusHandler(AbstractHandler, Thread):\n    def run(self):\n        time.sleep(0)');
    expect(result.reviews.map((item) => item.code)).not.toContain('AS104');
    expect(result.reviews.find((item) => item.code === 'AS124')?.message).toBe('`self.handler.run()`: the receiver is declared a svc.AbstractHandler, which leaves `run` to its subclasses, so it is taken to be a svc.CitusHandler; check that it is one');
  });

  it('leaves out definitions the call\'s arguments cannot bind to', () => {
    const alerters = [
      'class Alerter:', '    def alert(self, matches, *, verbose=False):', '        time.sleep(0)', '', '',
      'class MailAlerter(Alerter):', '    def alert(self, matches, verbose=False):', '        return len(matches)', '', '',
      'class Engine:', '    def alert(self, matches, rule, alert_time=None):', '        return None', '', '',
      'def fire(rule, matches):', '    for alert in rule["alert"]:', '        alert.alert(matches)', '',
    ].join('\n');
    const { after, result } = migrateFiles({ 'svc.py': `import time\n\n\n${alerters}` });
    const out = after['svc.py'];
    expect(out).toContain('async def fire(rule, matches):\n    for alert in rule["alert"]:\n        await alert.alert(matches)');
    expect(out).toContain('    async def alert(self, matches, verbose=False):');
    expect(out).toContain('    def alert(self, matches, rule, alert_time=None):');
    expect(result.reviews.find((item) => item.code === 'AS124')?.message).toContain('taken to be a svc.Alerter (the only project classes defining a `alert` these arguments fit)');
    // Two arguments fit both families: either may be reached, so both change colour.
    const both = migrateFiles({ 'svc.py': `import time\n\n\n${alerters}\n\ndef both(rule, matches):\n    rule.alert(matches, rule)\n` });
    expect(both.after['svc.py']).toContain('async def both(rule, matches):\n    await rule.alert(matches, rule)');
    expect(both.after['svc.py']).toContain('    async def alert(self, matches, rule, alert_time=None):');
  });

  it('joins sibling definitions with no common one above them into one colour', () => {
    const vcs = [
      'class BaseVCS:', '    def commit(self):', '        return None', '', '',
      'class Git(BaseVCS):', '    @classmethod', '    def latest_tag_info(cls):', '        time.sleep(0)', '        return {"tag": "v1"}', '', '',
      'class Mercurial(BaseVCS):', '    @classmethod', '    def latest_tag_info(cls):', '        return {}', '', '',
      'VCS = [Git, Mercurial]', '', '',
      'def tag_info():', '    info = {}', '    for vcs in VCS:', '        info.update(vcs.latest_tag_info())', '    return info', '',
    ].join('\n');
    const { after, result } = migrateFiles({ 'vcs.py': `import time\n\n\n${vcs}` });
    const out = after['vcs.py'];
    expect(out).toContain('        info.update(await vcs.latest_tag_info())');
    expect(out).toContain('class Mercurial(BaseVCS):\n    @classmethod\n    async def latest_tag_info(cls):');
    expect(result.reviews.find((item) => item.code === 'AS124')?.message).toContain('a vcs.Git or vcs.Mercurial');
    // A sibling that is a generator has another shape: nothing is inferred.
    const generator = migrateFiles({ 'vcs.py': `import time\n\n\n${vcs.replace("        return {}", "        yield {}")}` });
    expect(generator.after).toEqual({});
    expect(generator.result.reviews.map((item) => item.code)).toContain('AS104');
  });
});

describe('an attribute declared with a type', () => {
  it('is what its annotation says, before what the assigned value says (found on pyTelegramBotAPI)', () => {
    const { out, codes } = migrateUse([
      'class Context:', '    def __init__(self, api: str) -> None:', '        self.api: Api = api', '',
      '    def load(self):', '        return self.api.load()', '',
    ].join('\n'));
    expect(out).toContain('    async def load(self):\n        return await self.api.load()');
    expect(codes).not.toContain('AS104');
  });
});

/**
 * A `Fetcher` type that `SlowFetcher` implements without deriving from it, and `total(fetcher: Fetcher)`
 * calling it: migrated, `SlowFetcher.fetch` must stay sync, or `total` would add two coroutines.
 */
function migrateShapeTyped(fetcher: string[], registration = { decorator: '', call: '' }) {
  const { after, result } = migratesAndStillPasses({
    'shop/__init__.py': '',
    'shop/fetching.py': [
      'import abc', 'import time', 'from typing import Protocol', '', '',
      ...fetcher, '', '',
      `${registration.decorator}class SlowFetcher:`, '    def fetch(self, n: int) -> int:', '        time.sleep(0)', '        return n * 10', '', '',
      registration.call,
      'def total(fetcher: Fetcher) -> int:', '    return fetcher.fetch(1) + fetcher.fetch(2)', '',
    ].join('\n'),
    'tests/test_fetching.py': 'from shop.fetching import SlowFetcher, total\n\n\ndef test_total():\n    assert total(SlowFetcher()) == 30\n',
  });
  expect(after['shop/fetching.py'] ?? '').not.toContain('async def fetch');
  expect(result.reviews.map((item) => item.code)).toContain('AS104');
}

describe('receivers typed by a shape', () => {
  it('typed by a Protocol are any object of that shape: a structural implementation\'s method stays sync for the protocol\'s callers (found on zulip)', () => {
    migrateShapeTyped(['class Fetcher(Protocol):', '    def fetch(self, n: int) -> int: ...']);
  });

  it.each([
    ['the call form', { decorator: '', call: 'Fetcher.register(SlowFetcher)\n' }],
    ['the decorator form', { decorator: '@Fetcher.register\n', call: '' }],
  ])('typed by an ABC are any object of that shape when it registers virtual subclasses, with %s', (_form, registration) => {
    migrateShapeTyped(['class Fetcher(abc.ABC):', '    @abc.abstractmethod', '    def fetch(self, n: int) -> int: ...'], registration);
  });
});

describe('an element of an annotated container', () => {
  it('is typed by the container\'s annotation, before the literal it is set to (found on pre-commit)', () => {
    const { out, codes } = migrateUse([
      'APIS: dict[str, Api] = {"main": Api()}', '', '',
      'def load(name):', '    api = APIS[name]', '    return api.load()', '', '',
      'def first_two(apis: list[Api]):', '    head = apis[:2]', '    return len(head)', '',
    ].join('\n'));
    expect(out).toContain('async def load(name):\n    api = APIS[name]\n    return await api.load()');
    expect(out).toContain('def first_two(apis: list[Api]):\n    head = apis[:2]');
    expect(codes).not.toContain('AS104');
  });
});
