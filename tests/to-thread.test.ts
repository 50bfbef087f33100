import { describe, expect, it } from 'vitest';
import { migrateFiles } from './helpers/project.js';

/** time-sleep makes the functions async, so the cases below test the bridge itself. */
const select = { select: ['to-thread', 'time-sleep'] };

function body(lines: string[]): string {
  return ['import glob', 'import os', 'import shutil', 'import time', '', '', 'def job(src, dst, *rest, **options):', '    time.sleep(0)', ...lines.map((line) => `    ${line}`), ''].join('\n');
}

function migrated(lines: string[], options: Record<string, unknown> = select, extra: Record<string, string> = {}) {
  return migrateFiles({ 'app.py': body(lines), ...extra }, options);
}

/** Must-change and must-not-change cases for the to-thread bridge. */
describe('to-thread', () => {
  it('bridges a blocking call keeping positional, keyword and starred arguments and bound methods', () => {
    const { after, result } = migrated([
      'shutil.copy2(src, dst, *rest, follow_symlinks=False, **options)',
      'names = glob.glob(os.path.join(src, "*"))[:3]',
      'usage = shutil.disk_usage(src).free',
      'shutil.rmtree(dst)',
      'return names, usage',
    ]);
    expect(after['app.py']).toContain([
      'async def job(src, dst, *rest, **options):',
      '    await asyncio.sleep(0)',
      '    await asyncio.to_thread(shutil.copy2, src, dst, *rest, follow_symlinks=False, **options)',
      '    names = (await asyncio.to_thread(glob.glob, os.path.join(src, "*")))[:3]',
      '    usage = (await asyncio.to_thread(shutil.disk_usage, src)).free',
      '    await asyncio.to_thread(shutil.rmtree, dst)',
    ].join('\n'));
    expect(result.bridges).toBe(4);
    expect(result.counts['to-thread']).toBe(4);
  });

  it('leaves a wait told not to hang (os.WNOHANG) on the loop, and bridges one that may (found on gunicorn)', () => {
    const { after } = migrated(['pid, status = os.waitpid(-1, os.WNOHANG)', 'os.waitpid(pid, 0)', 'return pid']);
    expect(after['app.py']).toContain('    pid, status = os.waitpid(-1, os.WNOHANG)\n    await asyncio.to_thread(os.waitpid, pid, 0)\n');
  });

  it('leaves no trailing space when the arguments start on the next line', () => {
    const { after } = migrated(['shutil.copy2(', '    src,', '    dst,', ')']);
    expect(after['app.py']).toContain('    await asyncio.to_thread(shutil.copy2,\n        src,\n        dst,\n    )\n');
  });

  it('makes its function async like any other conversion, and its callers await it', () => {
    const { after } = migrateFiles({
      'app.py': 'import shutil\n\n\ndef copy(a, b):\n    shutil.copy(a, b)\n\n\ndef backup(a):\n    copy(a, a + ".bak")\n',
    }, select);
    expect(after['app.py']).toContain('async def copy(a, b):\n    await asyncio.to_thread(shutil.copy, a, b)\n');
    expect(after['app.py']).toContain('async def backup(a):\n    await copy(a, a + ".bak")\n');
  });

  it('moves a thread-bound block into a thread only where its function is async for another reason', () => {
    const source = 'import sqlite3\n\n\ndef count(path):\n    with sqlite3.connect(path) as db:\n        return db.execute("select 1").fetchone()\n';
    const { after } = migrateFiles({ 'app.py': source }, select);
    expect(after).toEqual({});
  });

  it('drains lazy iterators in the thread, and reports a walk that prunes dirnames', () => {
    const { after, result } = migrated([
      'for root, dirs, files in os.walk(src):',
      '    print(root)',
      'found = sorted(glob.iglob("*.py"))',
      'entries = [e.name for e in os.scandir(src)]',
      'for root, dirs, files in os.walk(dst):',
      '    dirs[:] = [d for d in dirs if not d.startswith(".")]',
      'it = glob.iglob("*")',
    ]);
    expect(after['app.py']).toContain('    for root, dirs, files in await asyncio.to_thread(list, os.walk(src)):\n');
    expect(after['app.py']).toContain('    found = sorted(await asyncio.to_thread(list, glob.iglob("*.py")))\n');
    expect(after['app.py']).toContain('    entries = [e.name for e in await asyncio.to_thread(list, os.scandir(src))]\n');
    expect(after['app.py']).toContain('    for root, dirs, files in os.walk(dst):\n');
    expect(after['app.py']).toContain('    it = glob.iglob("*")\n');
    expect(result.reviews.map((item) => [item.code, item.line])).toEqual([['AS701', 13], ['AS701', 15]]);
  });

  it('drains a lazy iterator that is the first iterable of a generator expression, not a later one', () => {
    const { after, result } = migrated([
      'sizes = sum(len(e.name) for e in os.scandir(src))',
      'nested = any(e.is_file() for d in (src, dst) for e in os.scandir(d))',
    ]);
    expect(after['app.py']).toContain('    sizes = sum(len(e.name) for e in await asyncio.to_thread(list, os.scandir(src)))\n');
    expect(after['app.py']).toContain('    nested = any(e.is_file() for d in (src, dst) for e in os.scandir(d))\n');
    expect(result.reviews.map((item) => item.code)).toEqual(['AS701']);
  });

  it('reads an urlopen response inside the thread, and reports a response read later', () => {
    const { after, result } = migrateFiles({
      'app.py': [
        'import time',
        'from urllib.request import Request, urlopen',
        '',
        '',
        'def get(url):',
        '    time.sleep(0)',
        '    data = urlopen(Request(url), timeout=5).read().decode()',
        '    with urlopen(url) as response:',
        '        return data, response.read()',
        '',
      ].join('\n'),
    }, select);
    expect(after['app.py']).toContain('    data = (await asyncio.to_thread(lambda: urlopen(Request(url), timeout=5).read())).decode()\n');
    expect(after['app.py']).toContain('    with urlopen(url) as response:\n');
    expect(result.reviews.map((item) => item.code)).toEqual(['AS701']);
  });

  it('leaves sockets and a sqlite3 connection never closed on the loop and reports them; input() is bridged with a note', () => {
    const { after, result } = migrateFiles({
      'app.py': [
        'import socket',
        'import sqlite3',
        'import time',
        '',
        '',
        'def run(path):',
        '    time.sleep(0)',
        '    db = sqlite3.connect(path)',
        '    db.execute("select 1")',
        '    sock = socket.create_connection(("127.0.0.1", 80))',
        '    return input("continue? ")',
        '',
      ].join('\n'),
    }, select);
    expect(after['app.py']).toContain('    db = sqlite3.connect(path)\n    db.execute("select 1")\n    sock = socket.create_connection(("127.0.0.1", 80))\n');
    expect(after['app.py']).toContain('    return await asyncio.to_thread(input, "continue? ")\n');
    expect(result.reviews.map((item) => item.code)).toEqual(['AS701', 'AS701', 'AS702']);
    expect(result.reviews[0].message).toContain('never calls db.close()');
    expect(result.bridges).toBe(1);
  });

  it('bridges calls owned by another transform only when that transform is off', () => {
    const source = 'import shutil\nimport time\n\n\ndef job(a):\n    time.sleep(1)\n    with open(a) as f:\n        return f.read()\n';
    const off = migrateFiles({ 'app.py': source }, { select: ['to-thread', 'open-aiofiles'] });
    expect(off.after['app.py']).toContain('    await asyncio.to_thread(time.sleep, 1)\n    async with aiofiles.open(a) as f:\n');
    const on = migrateFiles({ 'app.py': source }, { select: ['to-thread', 'open-aiofiles', 'time-sleep'] });
    expect(on.after['app.py']).toContain('    await asyncio.sleep(1)\n');
    expect(on.result.bridges).toBe(0);
  });

  it('leaves pickle on a converted aiofiles file to open-aiofiles, and bridges it on a file kept sync (f = open(...) handed on)', () => {
    const source = [
      'import pickle',
      'import time',
      '',
      '',
      'def load(a, b):',
      '    time.sleep(0)',
      '    with open(a, "rb") as f:',
      '        first = pickle.load(f)',
      '    g = open(b, "rb")',
      '    second = pickle.load(g)',
      '    keep(g)',
      '    return first, second',
      '',
      '',
      'def keep(g):',
      '    return g',
      '',
    ].join('\n');
    const { after } = migrateFiles({ 'app.py': source }, { select: ['to-thread', 'open-aiofiles', 'time-sleep'] });
    expect(after['app.py']).toContain('    async with aiofiles.open(a, "rb") as f:\n        first = pickle.loads(await f.read())\n');
    expect(after['app.py']).toContain('    g = open(b, "rb")\n    second = await asyncio.to_thread(pickle.load, g)\n    keep(g)\n');
  });

  it('takes extra blocking calls from [tool.asyncshift] blocking, functions and methods alike', () => {
    const { after } = migrateFiles({
      'pyproject.toml': '[project]\nname = "s"\n\n[tool.asyncshift]\nblocking = ["vendor.fetch", "vendor.Client.pull"]\n',
      'app.py': 'import time\n\nimport vendor\n\n\ndef job(url, client: vendor.Client):\n    time.sleep(0)\n    vendor.fetch(url, retries=2)\n    client.pull()\n    vendor.other(url)\n',
    }, select);
    expect(after['app.py']).toContain('    await asyncio.to_thread(vendor.fetch, url, retries=2)\n    await asyncio.to_thread(client.pull)\n    vendor.other(url)\n');
  });

  it('matches meaning, not text: a local shutil and a call in a lambda are left alone', () => {
    const { after } = migrateFiles({
      'app.py': 'import time\n\n\nclass shutil:\n    @staticmethod\n    def copy(a, b):\n        return a\n\n\ndef job(a, b):\n    time.sleep(0)\n    shutil.copy(a, b)\n    return lambda: __import__("shutil").copy(a, b)\n',
    }, select);
    expect(after['app.py']).toContain('    shutil.copy(a, b)\n');
    expect(after['app.py']).not.toContain('to_thread');
  });

  it('keeps a function handed to asyncio.to_thread sync, silently: it runs in a worker thread', () => {
    const source = 'import asyncio\nimport time\n\n\nasync def main():\n    await asyncio.to_thread(work)\n\n\ndef work():\n    time.sleep(0)\n';
    const { after, result } = migrateFiles({ 'app.py': source }, { select: ['to-thread', 'time-sleep'] });
    expect(after).toEqual({});
    expect(result.reviews).toEqual([]);
  });

  it('is stable: a second run changes nothing', () => {
    const first = migrated(['shutil.copy(src, dst)', 'for root, dirs, files in os.walk(src):', '    pass']);
    const again = migrateFiles({ 'app.py': first.after['app.py'] }, select);
    expect(again.after).toEqual({});
  });
});
