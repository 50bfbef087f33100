import { describe, expect, it } from 'vitest';
import { migrateFiles } from './helpers/project.js';
import { migratesAndStillPasses } from './helpers/suite.js';

/**
 * A site builder whose `Page` has methods named like those of strings and paths (`touch`, `open`,
 * `join`, `resolve`, `index`), all turning async, and code that calls those names on values made
 * from strings and paths: `(root / "index.md").touch()`, `", ".join(...)`,
 * `Path(__file__).parents[0].resolve()`, `listing[1:].index(",")`. Such values are the library's
 * all the way down; the project's methods are reached only through the pages.
 */
const SITE = {
  'webgen/__init__.py': '',
  'webgen/pages.py': [
    'import time', '', '',
    'class Page:', '    def __init__(self, root, name):', '        self.root = root', '        self.name = name', '',
    '    def touch(self):', '        with open(self.root / self.name, "a"):', '            pass', '',
    '    def open(self):', '        with open(self.root / self.name) as f:', '            return f.read()', '',
    '    def join(self, other):', '        time.sleep(0)', '        return f"{self.name}+{other.name}"', '',
    '    def resolve(self):', '        time.sleep(0)', '        return self.root / self.name', '',
    '    def index(self):', '        time.sleep(0)', '        return sorted(p.name for p in self.root.iterdir())', '',
  ].join('\n'),
  'webgen/build.py': [
    'import re', 'from pathlib import Path', '', 'from webgen.pages import Page', '', 'TITLE = re.compile(r"# (.*)")', '', '',
    'def build(root, names):', '    root = Path(root)', '    (root / "index.md").touch()', '    out = root / "out"', '    out.mkdir(exist_ok=True)',
    '    listing = ", ".join(sorted(names))', '    (out / "listing.txt").write_text(listing)', '    here = Path(__file__).parents[0].resolve()',
    '    header = TITLE.match("# Site").group(1)', '    comma = listing[1:].index(",")', '    pages = [Page(root, name) for name in names]',
    '    texts = []', '    for page in pages:', '        page.touch()', '        texts.append(page.open())', '    return {',
    '        "header": header,', '        "comma": comma,', '        "package": here.name,', '        "texts": texts,',
    '        "pair": pages[0].join(pages[1]),', '        "first": pages[0].resolve().name,', '        "files": pages[0].index(),', '    }', '',
  ].join('\n'),
  // `p` is of no type the code gives: but the module makes paths, which have a `touch`.
  'webgen/stamp.py': [
    'import time', 'from pathlib import Path', '', '',
    'def stamp_all(root, names):', '    time.sleep(0)', '    paths = [Path(root) / name for name in names]', '    for p in paths:', '        p.touch()', '    return len(paths)', '',
  ].join('\n'),
  'tests/test_stamp.py': [
    'from webgen.stamp import stamp_all', '', '',
    'def test_stamp_all(tmp_path):', '    assert stamp_all(tmp_path, ["x", "y"]) == 2', '    assert sorted(p.name for p in tmp_path.iterdir()) == ["x", "y"]', '',
  ].join('\n'),
  'tests/test_build.py': [
    'from webgen.build import build', '', '',
    'def test_build(tmp_path):', '    (tmp_path / "a.md").write_text("A")', '    (tmp_path / "b.md").write_text("B")',
    '    site = build(tmp_path, ["b.md", "a.md"])', '    assert site["header"] == "Site"', '    assert site["comma"] == 3',
    '    assert site["package"] == "webgen"', '    assert site["texts"] == ["B", "A"]', '    assert site["pair"] == "b.md+a.md"',
    '    assert site["first"] == "b.md"', '    assert site["files"] == ["a.md", "b.md", "index.md", "out"]',
    '    assert (tmp_path / "out" / "listing.txt").read_text() == "a.md, b.md"', '',
  ].join('\n'),
};

describe('values made from strings and paths', () => {
  it('are the library\'s: a project method of the same name is neither awaited on them nor kept sync for them (found on pip-tools, streamlink and GitPython)', () => {
    const { after, result } = migratesAndStillPasses(SITE);
    for (const method of ['touch', 'open', 'join', 'resolve', 'index']) expect(after['webgen/pages.py']).toContain(`    async def ${method}(self`);
    const build = after['webgen/build.py'];
    expect(build).toContain('    (root / "index.md").touch()\n');
    expect(build).toContain('    listing = ", ".join(sorted(names))\n');
    expect(build).toContain('    here = Path(__file__).parents[0].resolve()\n');
    expect(build).toContain('    comma = listing[1:].index(",")\n');
    // An item of a list of pages is a page.
    expect(build).toContain('        "pair": await pages[0].join(pages[1]),');
    expect(build).toContain('        "first": (await pages[0].resolve()).name,');
    expect(build).not.toContain('_await_if_awaitable');
    expect(result.reviews.filter((item) => item.file === 'webgen/build.py')).toEqual([]);
    // Not taken for a page's (AS124): awaited only when it returns an awaitable.
    expect(after['webgen/stamp.py']).toContain('        await _await_if_awaitable(p.touch())');
  });

  it('are not when the value comes from a container, or an operator a project class may answer', () => {
    const { after, result } = migrateFiles({
      'pkg/__init__.py': '',
      'pkg/marks.py': [
        'import time', '', '', 'class Mark:', '    def touch(self):', '        time.sleep(0)', '',
        '    def __radd__(self, other):', '        return self', '', '',
        'def stamp(marks, prefix):', '    marks["latest"].touch()', '    ("v" + prefix).touch()', '',
      ].join('\n'),
    });
    // Either may be a Mark: the only project class with a `touch` (AS124 says it is inferred).
    expect(after['pkg/marks.py']).toContain('    await marks["latest"].touch()\n    await ("v" + prefix).touch()\n');
    const reviews = result.reviews.map((item) => `${item.code} ${item.file}:${item.line}`);
    expect(reviews).toEqual(expect.arrayContaining(['AS124 pkg/marks.py:13', 'AS124 pkg/marks.py:14']));
  });
});
