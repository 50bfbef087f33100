import { describe, expect, it } from 'vitest';
import { indexModule } from '../src/analyze/module-index.js';
import { parsePython } from '../src/parse/parse-python.js';
import { SourceText } from '../src/parse/source-text.js';
import { ProjectSymbols } from '../src/plan/resolve.js';
import type { Transform } from '../transforms/define-transform.js';

function index(file: string, module: string, code: string, transforms: Transform[] = []) {
  const source = new SourceText(code);
  return indexModule({
    tree: parsePython(source.text), source, file, module, transforms,
    projectFunctionNames: new Set(['helper', 'fetch', 'run']), transformOptions: { blocking: [] },
  });
}

describe('module index: imports', () => {
  it('binds plain, aliased, dotted and relative imports', () => {
    const { index: module } = index('pkg/sub/mod.py', 'pkg.sub.mod', [
      'import os.path', 'import time as t', 'from json import loads as parse, dumps',
      'from . import sibling', 'from .. import top', 'from ..core.util import helper as h', 'from .x import *',
    ].join('\n'));
    expect(module.bindings).toMatchObject({
      os: { kind: 'module', module: 'os' },
      t: { kind: 'module', module: 'time' },
      parse: { kind: 'from-import', module: 'json', name: 'loads' },
      dumps: { kind: 'from-import', module: 'json', name: 'dumps' },
      sibling: { kind: 'from-import', module: 'pkg.sub', name: 'sibling' },
      top: { kind: 'from-import', module: 'pkg', name: 'top' },
      h: { kind: 'from-import', module: 'pkg.core.util', name: 'helper' },
    });
  });

  it('resolves relative imports from a package __init__ against the package itself', () => {
    const { index: module } = index('pkg/__init__.py', 'pkg', 'from .core import run\n');
    expect(module.bindings.run).toEqual({ kind: 'from-import', module: 'pkg.core', name: 'run' });
  });
});

describe('module index: calls and shadowing', () => {
  it('records calls with their scope and the names they go through', () => {
    const { index: module } = index('m.py', 'm', 'import api\n\n\ndef run(client):\n    api.fetch(1)\n    helper()\n\n\ndef helper():\n    pass\n');
    const calls = module.calls.filter((call) => call.scope === 'm:run').map((call) => call.callee);
    expect(calls).toEqual([
      { root: { kind: 'global', name: 'api' }, path: ['fetch'] },
      { root: { kind: 'global', name: 'helper' }, path: [] },
    ]);
  });

  it('sees through local shadowing: a parameter or assignment named like a module is local', () => {
    const { index: module } = index('m.py', 'm', 'import time\n\n\ndef f(time):\n    time.sleep(1)\n\n\ndef g():\n    time = Clock()\n    time.sleep(1)\n');
    const roots = module.calls.filter((call) => call.callee?.path[0] === 'sleep').map((call) => call.callee?.root.kind);
    expect(roots).toEqual(['local-var', 'local-var']);
  });

  it('marks module-level, class-body, lambda and default-argument calls as sync-only, and the __main__ block as an entry', () => {
    const { index: module } = index('m.py', 'm', [
      'X = run()', 'class A:', '    y = run()', 'def f(a=run()):', '    g = lambda: run()', '    run()',
      'if __name__ == "__main__":', '    run()', '',
    ].join('\n'));
    const runs = module.calls.filter((call) => call.callee?.root.kind === 'global' && (call.callee.root as { name: string }).name === 'run');
    expect(runs.map((call) => [call.syncOnly ?? null, !!call.entry])).toEqual([
      ['module level', false], ['class body', false], ['default argument', false], ['lambda', false], [null, false], [null, true],
    ]);
  });

  it('infers instance types from constructors, annotations and self attributes', () => {
    const code = 'from .store import Store\n\nclass Worker:\n    def __init__(self, q: "Queue"):\n        self.store = Store()\n        self.q = q\n\n    def run(self):\n        self.store.save()\n        local = Store()\n        local.save()\n';
    const { index: module } = index('pkg/w.py', 'pkg.w', code);
    const worker = module.classes.find((cls) => cls.name === 'Worker')!;
    expect(worker.attributeTypes.store).toEqual({ kind: 'call', callee: { root: { kind: 'global', name: 'Store' }, path: [] } });
    const local = module.calls.find((call) => call.callee?.root.kind === 'local-var');
    expect(local?.callee?.root).toEqual({ kind: 'local-var', name: 'local', type: { kind: 'call', callee: { root: { kind: 'global', name: 'Store' }, path: [] } } });
  });
});

describe('project symbols', () => {
  it('follows re-exports, submodules and methods along base classes', () => {
    const a = index('pkg/__init__.py', 'pkg', 'from .impl import Client\n').index;
    const b = index('pkg/impl.py', 'pkg.impl', 'class Base:\n    def fetch(self):\n        pass\n\nclass Client(Base):\n    pass\n').index;
    const c = index('app.py', 'app', 'import pkg\nfrom pkg import Client\n\ndef use():\n    Client().fetch()\n    pkg.impl.Client.fetch(None)\n').index;
    const symbols = new ProjectSymbols([a, b, c].map((module) => ({ index: module, names: [module.module] })));
    const [first, second] = c.calls.filter((call) => call.callee?.path.at(-1) === 'fetch');
    expect(symbols.resolve(first.callee!, c, first.scope)).toEqual({ kind: 'function', id: 'pkg.impl:Base.fetch', receiver: 'bound' });
    expect(symbols.resolve(second.callee!, c, second.scope)).toEqual({ kind: 'function', id: 'pkg.impl:Base.fetch', receiver: 'class' });
  });
});

describe('module index: uses of a variable holding a call result', () => {
  const usesOf = (code: string, name: string) => {
    const { index: module } = index('app.py', 'app', code);
    const site = module.calls.find((call) => call.usage.kind === 'assigned' && call.usage.name === name);
    return site?.usage.kind === 'assigned' ? site.usage.otherUses : undefined;
  };

  it('counts the uses other than iteration, not attributes of the same name nor longer names', () => {
    const code = [
      'def main(obj):',
      '    rows = fetch()',
      '    for row in rows:',
      '        print(row, obj.rows, rows_seen)',
      '    other = helper()',
      '    print(rows, other)',
      '    return rows',
      '',
    ].join('\n');
    expect(usesOf(code, 'rows')).toBe(2);
    expect(usesOf(code, 'other')).toBe(1);
  });

  it('reads names with letters beyond ASCII whole', () => {
    const code = ['def main():', '    lignes = fetch()', '    résultat = helper()', '    for x in résultat:', '        print(x)', '    return str(résultat), lignes', ''].join('\n');
    expect(usesOf(code, 'résultat')).toBe(1);
    expect(usesOf(code, 'lignes')).toBe(1);
  });
});

describe('module index: calls asyncshift bridged or awaited, read as the calls they were', () => {
  const calleeAt = (code: string, line: number, name: string) => {
    const { index: module } = index('app.py', 'app', code);
    return module.calls.find((call) => call.line === line && call.callee?.path.at(-1) === name)?.callee;
  };
  const assignedType = (code: string) => {
    const { index: module } = index('app.py', 'app', code);
    const site = module.calls.find((call) => call.callee?.path.at(-1) === 'get_pull');
    return site?.callee?.root.kind === 'local-var' ? site.callee.root.type : undefined;
  };

  it('reads `(await asyncio.to_thread(f, x)).m()` and `(await f(x)).m()` as `f(x).m()`, so that a second run decides as the first', () => {
    const plain = calleeAt('def main(client):\n    return client.get_repo("x").get_pull(1)\n', 2, 'get_pull');
    expect(plain).toBeTruthy();
    const bridged = 'import asyncio\n\n\nasync def main(client):\n    return (await asyncio.to_thread(client.get_repo, "x")).get_pull(1)\n';
    expect(calleeAt(bridged, 5, 'get_pull')).toEqual(plain);
    const awaited = 'async def main(client):\n    return (await client.get_repo("x")).get_pull(1)\n';
    expect(calleeAt(awaited, 2, 'get_pull')).toEqual(plain);
    const imported = 'from asyncio import to_thread\n\n\nasync def main(client):\n    return (await to_thread(client.get_repo, "x")).get_pull(1)\n';
    expect(calleeAt(imported, 5, 'get_pull')).toEqual(plain);
  });

  it('types `repo = await asyncio.to_thread(f, x)` as `repo = f(x)`, and not a to_thread of another module', () => {
    const plain = assignedType('def main(client):\n    repo = client.get_repo("x")\n    return repo.get_pull(1)\n');
    expect(plain).toMatchObject({ kind: 'call' });
    expect(assignedType('import asyncio\n\n\nasync def main(client):\n    repo = await asyncio.to_thread(client.get_repo, "x")\n    return repo.get_pull(1)\n')).toEqual(plain);
    const other = assignedType('import pool as asyncio\n\n\nasync def main(client):\n    repo = await asyncio.to_thread(client.get_repo, "x")\n    return repo.get_pull(1)\n');
    expect(other).not.toEqual(plain);
  });
});

describe('module index: what a library object holds', () => {
  // internetarchive: `args.session = get_session()` on what parse_args returned, read as `args.session` of an
  // `args: argparse.Namespace` parameter; the first lookup came deep inside another resolution.
  it('reads what the project sets on an argparse namespace, even after a lookup too deep to tell', () => {
    const lib = index('lib.py', 'lib', 'class Session:\n    def get_item(self, name):\n        return name\n').index;
    const cli = index('cli.py', 'cli', [
      'import argparse', '', 'import lib', '', '',
      'def run(argv):', '    args = argparse.ArgumentParser().parse_args(argv)', '    args.session = lib.Session()', '    args.func(args)', '', '',
      'def main(args: argparse.Namespace):', '    return args.session.get_item("nasa")', '',
    ].join('\n')).index;
    const symbols = new ProjectSymbols([lib, cli].map((module) => ({ index: module, names: [module.module] })));
    const call = cli.calls.find((site) => site.callee?.path.at(-1) === 'get_item')!;
    // Too deep to read the writes: taken for the library's attribute, and not kept.
    expect(symbols.resolve(call.callee!, cli, call.scope, 6).kind).toBe('external');
    // What the project put there: not argparse's (a call on it is a call on a receiver of unknown type).
    expect(symbols.resolve(call.callee!, cli, call.scope)).toEqual({ kind: 'unknown' });
    // The dispatch's own key stays argparse's.
    const dispatch = cli.calls.find((site) => site.callee?.path.at(-1) === 'func')!;
    expect(symbols.resolve(dispatch.callee!, cli, dispatch.scope)).toEqual({ kind: 'external', name: 'argparse.ArgumentParser().parse_args().func' });
  });
});
