import { describe, expect, it } from 'vitest';
import { migrateFiles } from './helpers/project.js';

/** time-sleep makes the functions async; open-aiofiles decides what happens to each file. */
const select = { select: ['open-aiofiles', 'time-sleep'] };

function migrate(lines: string[]) {
  return migrateFiles({ 'app.py': lines.join('\n') }, select);
}

const PARSE = ['', '', 'def parse(f):', '    return f.read()', ''];

/** A with block whose file has no async form moves whole into asyncio.to_thread (gap 1 of issue 7). */
describe('open-aiofiles: with blocks bridged with asyncio.to_thread', () => {
  it('returns the names read after the block and declares names bound elsewhere nonlocal; strings and blank lines keep their text', () => {
    const { after, result } = migrate([
      'import time',
      '',
      '',
      'def load(path):',
      '    time.sleep(0)',
      '    total = 0',
      '    with open(path) as f:  # the data file',
      '        header = f.readline()',
      '',
      '        body = parse(f)',
      '        total += len(body)',
      '        note = """first',
      'second"""',
      '    return header, body, total, note',
      ...PARSE,
    ]);
    expect(after['app.py']).toBe([
      'import asyncio',
      '',
      '',
      'async def load(path):',
      '    await asyncio.sleep(0)',
      '    total = 0',
      '    def _with_block_7():',
      '        nonlocal total',
      '        with open(path) as f:  # the data file',
      '            header = f.readline()',
      '',
      '            body = parse(f)',
      '            total += len(body)',
      '            note = """first',
      'second"""',
      '        return header, body, note',
      '    header, body, note = await asyncio.to_thread(_with_block_7)',
      '    return header, body, total, note',
      ...PARSE,
    ].join('\n'));
    expect(result.bridges).toBe(1);
    expect(result.reviews.map((item) => `${item.code}:${item.line}`)).toEqual(['AS602:7']);
  });

  it('returns through the helper: a flag says whether the block returned, and the names after it still flow out', () => {
    const { after } = migrate([
      'import time',
      '',
      '',
      'def pick(paths):',
      '    time.sleep(0)',
      '    for p in paths:',
      '        with open(p) as f:',
      '            if not p:',
      '                return',
      '            if p.endswith(".skip"):',
      '                return "skipped", p',
      '            found = parse(f)',
      '        if found:',
      '            return found',
      '    return None',
      ...PARSE,
    ]);
    expect(after['app.py']).toContain([
      'async def pick(paths):',
      '    await asyncio.sleep(0)',
      '    for p in paths:',
      '        def _with_block_7():',
      '            with open(p) as f:',
      '                if not p:',
      '                    return True, None',
      '                if p.endswith(".skip"):',
      '                    return True, ("skipped", p)',
      '                found = parse(f)',
      '            return False, found',
      '        _returned, _result = await asyncio.to_thread(_with_block_7)',
      '        if _returned:',
      '            return _result',
      '        found = _result',
      '        if found:',
      '            return found',
      '    return None',
      '',
    ].join('\n'));
  });

  it('returns the helper\'s result where the block ends in a return, with no flag a type checker reads as "may be None" (found on docker-py)', () => {
    const lines = [
      'import time',
      '',
      '',
      'def load(src: str | None, raw: bytes) -> str:',
      '    time.sleep(0)',
      '    if src is None:',
      '        return raw.decode()',
      '    elif src.endswith(".txt"):',
      '        with open(src) as f:',
      '            return parse(f)',
      '    return ""',
      '',
      '',
      'def parse(f) -> str:',
      '    return f.read()',
      '',
    ];
    const { after } = migrate(lines);
    expect(after['app.py']).toContain([
      '    elif src.endswith(".txt"):',
      '        def _with_block_9():',
      '            with open(src) as f:',
      '                return parse(f)',
      '        return await asyncio.to_thread(_with_block_9)',
      '    return ""',
    ].join('\n'));
  });

  it('returns a name from each of two blocks that bind it, and shares a loop-carried name bound before the loop', () => {
    const { after } = migrate([
      'import time',
      '',
      '',
      'def two(a, b):',
      '    time.sleep(0)',
      '    with open(a) as f:',
      '        data = parse(f)',
      '    print(data)',
      '    with open(b) as f:',
      '        data = parse(f)',
      '    return data',
      '',
      '',
      'def loop(paths):',
      '    time.sleep(0)',
      '    seen = None',
      '    for p in paths:',
      '        with open(p) as f:',
      '            if seen:',
      '                print(seen)',
      '            seen = parse(f)',
      '    return seen',
      ...PARSE,
    ]);
    expect(after['app.py']).toContain([
      'async def two(a, b):',
      '    await asyncio.sleep(0)',
      '    def _with_block_6():',
      '        with open(a) as f:',
      '            data = parse(f)',
      '        return data',
      '    data = await asyncio.to_thread(_with_block_6)',
      '    print(data)',
      '    def _with_block_9():',
      '        with open(b) as f:',
      '            data = parse(f)',
      '        return data',
      '    data = await asyncio.to_thread(_with_block_9)',
      '    return data',
      '',
      '',
      'async def loop(paths):',
      '    await asyncio.sleep(0)',
      '    seen = None',
      '    for p in paths:',
      '        def _with_block_18():',
      '            nonlocal seen',
      '            with open(p) as f:',
      '                if seen:',
      '                    print(seen)',
      '                seen = parse(f)',
      '        await asyncio.to_thread(_with_block_18)',
      '    return seen',
    ].join('\n'));
  });

  it('moves a converted outer block into the thread too when its file is used inside a bridged one', () => {
    const { after } = migrate([
      'import time',
      '',
      '',
      'def copy(a, b, c):',
      '    time.sleep(0)',
      '    with open(a) as src:',
      '        with open(b, "w") as dst:',
      '            write_all(src.read(), dst)',
      '    with open(a) as src:',
      '        text = src.read()',
      '        with open(c, "w") as dst:',
      '            write_all(text, dst)',
      '',
      '',
      'def write_all(text, dst):',
      '    dst.write(text)',
      '',
    ]);
    expect(after['app.py']).toContain([
      'async def copy(a, b, c):',
      '    await asyncio.sleep(0)',
      '    def _with_block_6():',
      '        with open(a) as src:',
      '            with open(b, "w") as dst:',
      '                write_all(src.read(), dst)',
      '    await asyncio.to_thread(_with_block_6)',
      '    async with aiofiles.open(a) as src:',
      '        text = await src.read()',
      '        def _with_block_11():',
      '            with open(c, "w") as dst:',
      '                write_all(text, dst)',
      '        await asyncio.to_thread(_with_block_11)',
      '',
      '',
      'def write_all(text, dst):',
      '    dst.write(text)',
      '',
    ].join('\n'));
  });

  it('bridges a block in a function that is already async', () => {
    const { after } = migrateFiles({ 'app.py': 'async def load(p):\n    with open(p) as f:\n        data = parse(f)\n    return data\n' + PARSE.join('\n') }, select);
    expect(after['app.py']).toContain('async def load(p):\n    def _with_block_2():\n        with open(p) as f:\n            data = parse(f)\n        return data\n    data = await asyncio.to_thread(_with_block_2)\n    return data\n');
  });

  it('leaves a block sync and reports it where a nested function would change its meaning', () => {
    const source = [
      'import sqlite3',
      'import time',
      '',
      '',
      'def gen(paths):',
      '    time.sleep(0)',
      '    for p in paths:',
      '        with open(p) as f:',
      '            yield parse(f)',
      '',
      '',
      'def breaks(paths):',
      '    time.sleep(0)',
      '    for p in paths:',
      '        with open(p) as f:',
      '            if parse(f):',
      '                break',
      '',
      '',
      'def globs(p):',
      '    global CACHE',
      '    time.sleep(0)',
      '    with open(p) as f:',
      '        CACHE = parse(f)',
      '',
      '',
      'def defines(p):',
      '    time.sleep(0)',
      '    with open(p) as f:',
      '        def inner():',
      '            return parse(f)',
      '        return inner()',
      '',
      '',
      'def maybe(p, flag):',
      '    time.sleep(0)',
      '    with open(p) as f:',
      '        if flag:',
      '            value = parse(f)',
      '    return value',
      '',
      '',
      'def db(conn: sqlite3.Connection, p):',
      '    time.sleep(0)',
      '    with open(p) as f:',
      '        conn.execute("insert into t values (?)", (parse(f),))',
      '',
      '',
      'class Loader(dict):',
      '    def load(self, p):',
      '        time.sleep(0)',
      '        with open(p) as f:',
      '            return super().get(parse(f))',
      '',
      '',
      'async def locked(p, lock):',
      '    with open(p) as f:',
      '        async with lock:',
      '            return parse(f)',
      '',
      '',
      'def carried(paths):',
      '    time.sleep(0)',
      '    for p in paths:',
      '        with open(p) as f:',
      '            if p == "x":',
      '                print(last)',
      '            last = parse(f)',
      ...PARSE,
    ];
    const { after, result } = migrate(source);
    expect(after['app.py']).not.toContain('to_thread');
    expect(after['app.py']).not.toContain('aiofiles');
    const kept = (line: string) => /^ +(with open|.*parse\(f\)|break|CACHE =|value =)/.test(line);
    expect(after['app.py'].split('\n').filter(kept)).toEqual(source.filter(kept));
    const refusals = result.reviews.filter((item) => item.code === 'AS601').map((item) => item.message.replace(/^.*cannot run in a thread: it /, '').replace(/; it blocks.*$/, ''));
    expect(refusals).toEqual([
      'yields',
      'has a break for a loop outside the block',
      'binds `CACHE`, which the function declares global or nonlocal',
      'defines a function',
      'binds `value` only on some paths and the code after the block reads it',
      'uses a sqlite3 connection made outside the block, which refuses use from another thread',
      'uses super, which means something else in a nested function',
      'uses async for or async with',
      'reads `last` before binding it, so it needs the value from outside the block',
    ]);
  });

  it('leaves a block sync where it reads an attribute a condition before it narrows (found on patroni)', () => {
    const { after, result } = migrate([
      'import time', '', '',
      'class Writer:', '    def __init__(self, output_file=None):', '        self.output_file = output_file', '',
      '    def write(self):', '        time.sleep(0)', '        if self.output_file:',
      '            with open(self.output_file, "w") as f:', '                parse(f)', '',
      '    def write_checked(self, path):', '        time.sleep(0)', '        if not path:', '            return',
      '        with open(path, "w") as f:', '            parse(f)', '',
      ...PARSE,
    ]);
    expect(after['app.py']).toContain('        if self.output_file:\n            with open(self.output_file, "w") as f:\n                parse(f)');
    // A local keeps its narrowing in a nested function: that block still moves.
    expect(after['app.py']).toContain('        def _with_block_');
    expect(result.reviews.map((item) => item.message).join('\n')).toContain('reads `self.output_file`, which a condition before it narrows');
  });

  it('keeps a break or continue aimed at a loop inside the block, and a sqlite3 connection made inside it', () => {
    const { after } = migrate([
      'import sqlite3',
      'import time',
      '',
      '',
      'def scan(p, db):',
      '    time.sleep(0)',
      '    with open(p) as f, sqlite3.connect(db) as conn:',
      '        for line in parse(f).splitlines():',
      '            if not line:',
      '                continue',
      '            conn.execute("insert into t values (?)", (line,))',
      ...PARSE,
    ]);
    expect(after['app.py']).toContain('    def _with_block_7():\n        with open(p) as f, sqlite3.connect(db) as conn:\n            for line in parse(f).splitlines():\n                if not line:\n                    continue\n');
    expect(after['app.py']).toContain('(line,))\n    await asyncio.to_thread(_with_block_7)\n');
  });

  it('changes nothing where the function stays sync, and nothing on a second run', () => {
    const pinned = migrateFiles({ 'app.py': 'def load(p):\n    with open(p) as f:\n        return parse(f)\n\n\nDATA = load("x")\n' + PARSE.join('\n') }, select);
    expect(pinned.after).toEqual({});
    const first = migrate(['import time', '', '', 'def load(p):', '    time.sleep(0)', '    with open(p) as f:', '        data = parse(f)', '    return data', ...PARSE]);
    const again = migrateFiles({ 'app.py': first.after['app.py'] }, select);
    expect(again.after).toEqual({});
    expect(again.result.reviews).toEqual([]);
  });
});
