import { describe, expect, it } from 'vitest';
import { makeProject, migrateFolder, migrateFiles } from './helpers/project.js';
import { typeErrorsAdded } from './helpers/type-check.js';

const select = { select: ['open-aiofiles'] };

/** Sample modules open with a docstring, as most modules with no imports do. */
function migrate(source: string, extra: Record<string, string> = {}) {
  return migrateFiles({ 'app.py': source, ...extra }, select);
}

/** Must-change and must-not-change cases for open-aiofiles. */
describe('open-aiofiles', () => {
  it('leaves an open() given its arguments through ** sync: aiofiles.open() types them differently (found on gitlint)', async () => {
    const root = makeProject({ 'app.py': [
      'import time', '', '',
      'def write(path, content):', '    time.sleep(0)', '    open_kwargs = {"mode": "wb"} if isinstance(content, bytes) else {"mode": "w", "encoding": "utf-8"}',
      '    with open(path, **open_kwargs) as f:', '        f.write(content)', '',
    ].join('\n') });
    const migration = migrateFolder(root, { select: ['open-aiofiles', 'time-sleep'] });
    expect(migration.after['app.py']).toContain('    with open(path, **open_kwargs) as f:\n');
    expect(migration.result.reviews.map((item) => item.message).join('\n')).toContain('open() is given arguments through * or **');
    expect(await typeErrorsAdded(root, migration)).toEqual([]);
  }, 120_000);

  it('leaves json.dump into a binary file as it is: it fails the same way before and after, and a rewrite only rewords it for a type checker (found on github3.py)', () => {
    const { after, result } = migrate(['import json', '', '', 'def save(path, data):', '    with open(path, "wb") as f:', '        json.dump(data, f)', '',
      '', 'def save_text(path, data):', '    with open(path, "w") as f:', '        json.dump(data, f)', ''].join('\n'));
    expect(after['app.py']).toContain('        with open(path, "wb") as f:\n            json.dump(data, f)\n    await asyncio.to_thread(_with_block_5)\n');
    expect(after['app.py']).toContain('    async with aiofiles.open(path, "w") as f:\n        await f.write(json.dumps(data))\n');
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('json.dump() into a binary file fails as it is');
  });

  it('hands the name of a file on as the str it was: aiofiles types it as any path or descriptor (found on barman)', async () => {
    const root = makeProject({ 'app.py': [
      'import os', '', '',
      'def mangle(path):', '    with open(path, "wb") as f:', '        f.write(b"#")', '        label = f.name', '        return os.path.basename(f.name), label.upper(), f.name', '',
    ].join('\n') });
    const migration = migrateFolder(root, select);
    expect(migration.after['app.py']).toContain('        label = cast(str, f.name)\n        return os.path.basename(cast(str, f.name)), label.upper(), f.name\n');
    expect(migration.after['app.py']).toContain('from typing import cast\n');
    expect(await typeErrorsAdded(root, migration)).toEqual([]);
  }, 120_000);

  it('awaits every file method in a with block and keeps all open() arguments', () => {
    const { after } = migrate([
      'import os',
      '',
      '',
      'def copy(src, dst):',
      '    with open(src, "r", encoding="latin-1", errors="replace", newline="") as f:',
      '        head = f.readline()',
      '        rest = f.readlines()',
      '        f.seek(0)',
      '        whole = f.read()',
      '        where = f.tell()',
      '    with open(dst, "w+b", buffering=0) as out:',
      '        out.write(whole.encode())',
      '        out.writelines([b"a", b"b"])',
      '        out.truncate(3)',
      '        out.flush()',
      '        return out.name, out.mode, out.closed, out.fileno() > 0, head, rest, where',
      '',
    ].join('\n'));
    expect(after['app.py']).toBe([
      'import os',
      '',
      'import aiofiles',
      '',
      '',
      'async def copy(src, dst):',
      '    async with aiofiles.open(src, "r", encoding="latin-1", errors="replace", newline="") as f:',
      '        head = await f.readline()',
      '        rest = await f.readlines()',
      '        await f.seek(0)',
      '        whole = await f.read()',
      '        where = await f.tell()',
      '    async with aiofiles.open(dst, "w+b", buffering=0) as out:',
      '        await out.write(whole.encode())',
      '        await out.writelines([b"a", b"b"])',
      '        await out.truncate(3)',
      '        await out.flush()',
      '        return out.name, out.mode, out.closed, out.fileno() > 0, head, rest, where',
      '',
    ].join('\n'));
  });

  it('iterates lines with async for, in loops and list comprehensions, and handles several files in one with', () => {
    const { after } = migrate([
      'import os',
      '',
      '',
      'def merge(a, b):',
      '    with open(a, "rb") as src, open(b, "ab") as dst:',
      '        for line in src:',
      '            dst.write(line)',
      '    with open(b) as f:',
      '        return [line.strip() for line in f]',
      '',
    ].join('\n'));
    expect(after['app.py']).toBe([
      'import os',
      '',
      'import aiofiles',
      '',
      '',
      'async def merge(a, b):',
      '    async with aiofiles.open(a, "rb") as src, aiofiles.open(b, "ab") as dst:',
      '        async for line in src:',
      '            await dst.write(line)',
      '    async with aiofiles.open(b) as f:',
      '        return [line.strip() async for line in f]',
      '',
    ].join('\n'));
  });

  it('rewrites print(..., file=f) with its sep and end', () => {
    const { after } = migrate([
      'import os',
      '',
      '',
      'def report(path, rows):',
      '    with open(path, "w") as f:',
      '        print("total", len(rows), file=f)',
      '        print(*rows, sep=", ", end="", file=f)',
      '        print(file=f)',
      '',
    ].join('\n'));
    expect(after['app.py']).toContain([
      '    async with aiofiles.open(path, "w") as f:',
      '        await f.write(" ".join(map(str, ("total", len(rows),))) + "\\n")',
      '        await f.write(", ".join(map(str, (*rows,))) + "")',
      '        await f.write("\\n")',
    ].join('\n'));
  });

  it('hands json, pickle, yaml and csv the contents instead of the file', () => {
    const { after } = migrate([
      'import csv',
      'import json',
      'import pickle',
      'import yaml',
      'from json import load',
      '',
      '',
      'def io_all(p):',
      '    with open(p) as f:',
      '        a = json.load(f)',
      '    with open(p) as f:',
      '        b = load(f, parse_float=str)',
      '    with open(p, "w") as f:',
      '        json.dump(a, f, indent=2)',
      '    with open(p, "rb") as f:',
      '        c = pickle.load(f)',
      '    with open(p, "wb") as f:',
      '        pickle.dump(c, f, 4)',
      '    with open(p) as f:',
      '        d = yaml.safe_load(f)',
      '    with open(p, newline="") as f:',
      '        e = {row["k"]: row for row in csv.DictReader(f)}',
      '    return a, b, c, d, e',
      '',
    ].join('\n'));
    expect(after['app.py']).toBe([
      'import csv',
      'import io',
      'import json',
      'import pickle',
      'import aiofiles',
      'import yaml',
      '',
      '',
      'async def io_all(p):',
      '    async with aiofiles.open(p) as f:',
      '        a = json.loads(await f.read())',
      '    async with aiofiles.open(p) as f:',
      '        b = json.loads(await f.read(), parse_float=str)',
      '    async with aiofiles.open(p, "w") as f:',
      '        await f.write(json.dumps(a, indent=2))',
      '    async with aiofiles.open(p, "rb") as f:',
      '        c = pickle.loads(await f.read())',
      '    async with aiofiles.open(p, "wb") as f:',
      '        await f.write(pickle.dumps(c, 4))',
      '    async with aiofiles.open(p) as f:',
      '        d = yaml.safe_load(await f.read())',
      '    async with aiofiles.open(p, newline="") as f:',
      '        e = {row["k"]: row for row in csv.DictReader(io.StringIO(await f.read(), newline=""))}',
      '    return a, b, c, d, e',
      '',
    ].join('\n'));
  });

  it('converts f = open(...) ... f.close() and io.open', () => {
    const { after } = migrate([
      'import io',
      'import os',
      '',
      '',
      'def first(path):',
      '    f = io.open(path, encoding="utf-8")',
      '    try:',
      '        return f.readline()',
      '    finally:',
      '        f.close()',
      '    return os.sep',
      '',
    ].join('\n'));
    expect(after['app.py']).toBe([
      'import os',
      '',
      'import aiofiles',
      '',
      '',
      'async def first(path):',
      '    f = await aiofiles.open(path, encoding="utf-8")',
      '    try:',
      '        return await f.readline()',
      '    finally:',
      '        await f.close()',
      '    return os.sep',
      '',
    ].join('\n'));
  });

  it('converts Path.open, bridges whole-file Path methods and awaits os.listdir; metadata calls stay direct', () => {
    const { after, result } = migrate([
      'import os',
      'from pathlib import Path',
      '',
      '',
      'def refresh(folder: Path, name):',
      '    target = folder.joinpath(name)',
      '    with target.open("a", encoding="utf-8") as f:',
      '        f.write("x")',
      '    with Path(name).open() as g:',
      '        g.read()',
      '    text = target.read_text(encoding="utf-8")',
      '    target.with_suffix(".bak").write_bytes(text.encode())',
      '    if os.path.exists(target) and target.exists():',
      '        os.remove(target)',
      '    return os.listdir(folder)',
      '',
    ].join('\n'));
    expect(after['app.py']).toBe([
      'import asyncio',
      'import os',
      'from pathlib import Path',
      '',
      'import aiofiles',
      'import aiofiles.os',
      '',
      '',
      'async def refresh(folder: Path, name):',
      '    target = folder.joinpath(name)',
      '    async with aiofiles.open(target, "a", encoding="utf-8") as f:',
      '        await f.write("x")',
      '    async with aiofiles.open(Path(name)) as g:',
      '        await g.read()',
      '    text = await asyncio.to_thread(target.read_text, encoding="utf-8")',
      '    await asyncio.to_thread(target.with_suffix(".bak").write_bytes, text.encode())',
      '    if os.path.exists(target) and target.exists():',
      '        os.remove(target)',
      '    return await aiofiles.os.listdir(folder)',
      '',
    ].join('\n'));
    expect(result.bridges).toBe(2);
  });

  it('bridges a with block whose file goes to a project function, which stays sync', () => {
    const source = 'import time\n\n\ndef parse(path):\n    time.sleep(0)\n    with open(path) as f:\n        first = f.readline()\n        return helper(f), first\n\n\ndef helper(f):\n    return f.read()\n';
    const { after, result } = migrateFiles({ 'app.py': source }, { select: ['open-aiofiles', 'time-sleep'] });
    expect(after['app.py']).toBe([
      'import asyncio',
      '',
      '',
      'async def parse(path):',
      '    await asyncio.sleep(0)',
      '    def _with_block_6():',
      '        with open(path) as f:',
      '            first = f.readline()',
      '            return helper(f), first',
      '    return await asyncio.to_thread(_with_block_6)',
      '',
      '',
      'def helper(f):',
      '    return f.read()',
      '',
    ].join('\n'));
    expect(result.bridges).toBe(1);
    expect(result.reviews.map((item) => item.code)).toEqual(['AS602']);
    expect(result.reviews[0].message).toContain('`f` at line 8 is passed to helper()');
  });

  it('bridges reads run in a loop by a whole-file consumer, a file read twice, a generator expression and a shared with', () => {
    const source = [
      'import pickle',
      'import threading',
      'import time',
      'LOCK = threading.Lock()',
      '',
      '',
      'def many(path):',
      '    time.sleep(0)',
      '    with open(path, "rb") as f:',
      '        return [pickle.load(f) for _ in range(3)]',
      '',
      '',
      'def twice(path):',
      '    time.sleep(0)',
      '    with open(path, "rb") as f:',
      '        return pickle.load(f), f.read()',
      '',
      '',
      'def count(path):',
      '    time.sleep(0)',
      '    with open(path) as f:',
      '        return sum(1 for _ in f)',
      '',
      '',
      'def locked(path):',
      '    time.sleep(0)',
      '    with LOCK, open(path) as f:',
      '        return f.read()',
      '',
    ].join('\n');
    const { after, result } = migrateFiles({ 'app.py': source }, { select: ['open-aiofiles', 'time-sleep'] });
    expect(after['app.py']).toContain('    def _with_block_9():\n        with open(path, "rb") as f:\n            return [pickle.load(f) for _ in range(3)]\n    return await asyncio.to_thread(_with_block_9)\n');
    expect(after['app.py']).toContain('    def _with_block_15():\n        with open(path, "rb") as f:\n            return pickle.load(f), f.read()\n    return await asyncio.to_thread(_with_block_15)\n');
    expect(after['app.py']).toContain('    def _with_block_21():\n        with open(path) as f:\n            return sum(1 for _ in f)\n    return await asyncio.to_thread(_with_block_21)\n');
    expect(after['app.py']).toContain('    def _with_block_27():\n        with LOCK, open(path) as f:\n            return f.read()\n    return await asyncio.to_thread(_with_block_27)\n');
    expect(result.reviews.map((item) => item.code)).toEqual(['AS602', 'AS602', 'AS602', 'AS602']);
    expect(result.reviews.map((item) => item.message).join('\n')).toMatch(/runs in a loop[\s\S]*read again[\s\S]*generator expression[\s\S]*`LOCK` shares the with statement/);
  });

  it('leaves a local open() and a function pinned sync by a module-level call alone', () => {
    const { after } = migrate([
      'def open(path):',
      '    return path',
      '',
      '',
      'def a(p):',
      '    with open(p) as f:',
      '        return f.read()',
      '',
    ].join('\n'), {
      'b.py': 'def read(p):\n    with open(p) as f:\n        return f.read()\n\n\nDATA = read("x")\n',
    });
    expect(after).toEqual({});
  });

  it('is stable: a second run changes nothing', () => {
    const first = migrate('import os\n\n\ndef r(p):\n    with open(p) as f:\n        return f.read()\n');
    const again = migrateFiles({ 'app.py': first.after['app.py'] }, select);
    expect(again.after).toEqual({});
  });
});
