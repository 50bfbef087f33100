import { describe, expect, it } from 'vitest';
import { makeProject } from './helpers/project.js';
import { migratesAndStillPasses } from './helpers/suite.js';
import { typeErrorsAdded } from './helpers/type-check.js';

/**
 * A library in GitPython's shape: a base bound one way for the type checker and another at run time
 * (`if TYPE_CHECKING: from typing import Protocol` / `else: Protocol = ABC`), a class method whose
 * result type holds a type variable no parameter binds, and tests whose base is a module's own name
 * for unittest's (`TestCase = unittest.TestCase`).
 */
const VCS = {
  'vcs/__init__.py': '',
  'vcs/objects.py': [
    'import os', 'import threading', 'import time', 'from abc import ABC', 'from typing import TYPE_CHECKING, List, TypeVar', '',
    'if TYPE_CHECKING:', '    from typing import Protocol', 'else:', '    Protocol = ABC', '',
    'T_Obj = TypeVar("T_Obj", bound="Listable")', '_listing = threading.Lock()', '', '',
    'class Serializable(Protocol):', '    """Objects that write themselves to a file."""', '',
    '    def _serialize(self, path: str) -> None: ...', '', '',
    'class ObjList(List[T_Obj]):', '    def names(self) -> List[str]:', '        return [obj.name for obj in self]', '', '',
    'class Listable:', '    name: str', '',
    '    def __init__(self, root: str, name: str) -> None:', '        self.root = root', '        self.name = name', '',
    '    @classmethod',
    '    def list_items(cls, root: str, *names: str) -> "ObjList[T_Obj]":',
    '        found: ObjList = ObjList()',
    '        with _listing:  # one listing at a time, and it is slow',
    '            time.sleep(0.01)',
    '            for name in names:',
    '                if os.path.exists(os.path.join(root, name)):',
    '                    found.append(cls(root, name))',
    '        return found', '', '',
    'class Ref(Listable, Serializable):',
    '    def _serialize(self, path: str) -> None:',
    '        with open(path, "w") as f:', '            f.write(self.name)', '',
    '    def save(self) -> str:',
    '        path = os.path.join(self.root, self.name + ".ref")', '        self._serialize(path)', '        return path', '',
    '    def head(self) -> str:', '        return self.root', '', '',
    'def write_text(path: str, text: str) -> None:',
    '    with open(path, "w") as f:', '        f.write(text)', '',
  ].join('\n'),
  'tests/__init__.py': '',
  'tests/lib.py': [
    'import os', 'import shutil', 'import tempfile', 'import unittest', '', 'from vcs.objects import write_text', '',
    'TestCase = unittest.TestCase', '', '',
    'class TestBase(TestCase):',
    '    def setUp(self):', '        self.root = tempfile.mkdtemp()', '',
    '    def tearDown(self):', '        shutil.rmtree(self.root)', '',
    '    def _make_file(self, name: str, text: str) -> str:',
    // A test helper turns async for the migrated code it calls (its own blocking calls would not make it so).
    '        path = os.path.join(self.root, name)',
    '        write_text(path, text)',
    '        return path', '',
  ].join('\n'),
  'tests/test_refs.py': [
    'from tests.lib import TestBase', 'from vcs.objects import Ref', '', '',
    'class TestRefs(TestBase):',
    '    def test_save_writes_the_name(self):',
    '        path = Ref(self.root, "main").save()',
    '        with open(path) as f:', '            self.assertEqual(f.read(), "main")', '',
    '    def test_list_items(self):',
    '        self._make_file("main", "")', '        self._make_file("dev", "")',
    '        refs = Ref.list_items(self.root, "main", "dev", "gone")',
    '        self.assertEqual(refs.names(), ["main", "dev"])',
    '        self.assertEqual(refs[0].head(), self.root)', '',
    '    def test_a_name_that_is_not_a_string(self):',
    '        self._make_file("main", "")',
    '        self.assertRaises(TypeError, Ref.list_items, self.root, 5)', '',
  ].join('\n'),
  'tests/test_plain.py': [
    'import os', 'import tempfile', 'import unittest', '', 'from vcs.objects import Ref', '',
    'Base = unittest.TestCase', '', '',
    'class TestPlain(Base):',
    '    def test_write(self):',
    '        path = Ref(tempfile.mkdtemp(), "out").save()',
    '        self.assertTrue(os.path.exists(path))', '',
  ].join('\n'),
};

describe('module names bound to a class (aliases, and bindings that differ for the type checker)', () => {
  it('reads the class behind them, so the methods that derive from it turn async, and the suite still passes', async () => {
    const migration = migratesAndStillPasses(VCS);
    const objects = migration.after['vcs/objects.py'];
    // Serializable's base is ABC at run time and Protocol for the type checker: neither calls _serialize.
    expect(objects).toContain('    async def _serialize(self, path: str) -> None:\n        async with aiofiles.open(path, "w") as f:');
    // A lock held across its body (named for what it guards, not `lock`): the listing stays sync.
    expect(objects).toContain('    def list_items(cls, root: str, *names: str) -> "ObjList[T_Obj]":\n        found: ObjList = ObjList()');
    expect(objects).toContain('    async def save(self) -> str:\n        path = os.path.join(self.root, self.name + ".ref")\n        await self._serialize(path)');
    // unittest.TestCase under a name of the module's: the class switches, the name stays for its other users.
    const lib = migration.after['tests/lib.py'];
    expect(lib).toContain('TestCase = unittest.TestCase\n\n\nclass TestBase(IsolatedAsyncioTestCase):');
    expect(lib).toContain('    async def _make_file(self, name: str, text: str) -> str:');
    expect(migration.after['tests/test_plain.py']).toContain('Base = unittest.TestCase\n\n\nclass TestPlain(IsolatedAsyncioTestCase):\n    async def test_write(self):');
  });

  it('bridges a result type no argument binds in a lambda, and a sync assertion whole, so the type checker sees what it saw', async () => {
    const migration = migratesAndStillPasses(VCS);
    const tests = migration.after['tests/test_refs.py'];
    expect(tests).toContain('        refs = await asyncio.to_thread(lambda: Ref.list_items(self.root, "main", "dev", "gone"))');
    expect(tests).toContain('        await asyncio.to_thread(self.assertRaises, TypeError, Ref.list_items, self.root, 5)');
    expect(await typeErrorsAdded(makeProject(VCS), migration)).toEqual([]);
  });
});
