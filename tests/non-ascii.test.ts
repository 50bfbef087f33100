import { describe, expect, it } from 'vitest';
import { migrateFiles } from './helpers/project.js';

/**
 * Offsets are UTF-16 indices end to end (src/parse/source-text.ts). A project full of non-ASCII
 * text before every kind of edit must migrate exactly like its ASCII twin: same output once the
 * placeholder is swapped back.
 */
const PLACEHOLDER = 'xyzw';
const WIDE = 'é😀中';

const PROJECT: Record<string, string> = {
  'pyproject.toml': '[project]\nname = "x"\n\n[project.scripts]\ntool = "pkg.cli:main"\n',
  'pkg/__init__.py': '',
  'pkg/core.py': [
    '"""xyzw core."""', 'import contextlib', 'import time', '', '',
    'def label(s="xyzw"):  # xyzw', '    time.sleep(0); return "xyzw" + s', '', '',
    'def pages(n):', '    """xyzw"""', '    for i in range(n):', '        time.sleep(0)', '        yield {"xyzw": i}', '', '',
    '@contextlib.contextmanager', 'def session(name="xyzw"):', '    time.sleep(0)', '    yield name', '', '',
    'class Lease:', '    def __enter__(self):', '        return self  # xyzw', '',
    '    def __exit__(self, *exc):', '        time.sleep(0)', '', '',
    'def pinned():  # asyncshift: keep-sync', '    time.sleep(0)', '    return "xyzw"', '', '',
    'def everything(data="xyzw"):',
    '    text = "xyzw"; first = label(text).upper()',
    '    total = [p["xyzw"] for p in pages(2)] + list(pages(1))',
    '    with session("xyzw") as s, Lease():', '        extra = f"{label()} xyzw {s}"',
    '    for page in pages(1):', '        text += pinned() + str(page)',
    '    return first, total, extra, next(pages(1), None)', '',
  ].join('\n'),
  'pkg/cli.py': '# xyzw\nfrom .core import everything\n\n\ndef main(argv=None):\n    print("xyzw", everything())\n    return 0\n',
  'tests/test_core.py': 'from pkg.core import label\n\n\ndef test_label():\n    assert label("xyzw") == "xyzwxyzw"\n',
};

describe('non-ASCII text before every kind of edit', () => {
  it('migrates exactly like the ASCII twin', () => {
    const ascii = migrateFiles(PROJECT);
    const wide = migrateFiles(Object.fromEntries(Object.entries(PROJECT).map(([file, text]) => [file, text.replaceAll(PLACEHOLDER, WIDE)])));
    expect(Object.keys(wide.after).sort()).toEqual(Object.keys(ascii.after).sort());
    for (const [file, text] of Object.entries(ascii.after)) expect(wide.after[file], file).toBe(text.replaceAll(PLACEHOLDER, WIDE));
    // The ASCII twin exercises every kind of edit.
    const core = ascii.after['pkg/core.py'];
    for (const fragment of ['import asyncio', 'async def label', 'await asyncio.sleep(0)', '(await label(text)).upper()',
      'async for p in pages(2)', '[_item async for _item in pages(1)]', 'async with session("xyzw") as s, Lease():',
      '@contextlib.asynccontextmanager', 'async def __aexit__', '{await label()}', 'await asyncio.to_thread(pinned)',
      'await anext(pages(1), None)']) {
      expect(core).toContain(fragment);
    }
    expect(ascii.after['pkg/cli.py']).toContain('return _run_entry_point(_main_async(argv))');
    expect(ascii.after['tests/test_core.py']).toContain('assert await label("xyzw")');
  });
});
