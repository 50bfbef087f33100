import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverPythonFiles } from '../src/discover/discover-files.js';
import { UsageError } from '../src/errors.js';

describe('discoverPythonFiles', () => {
  let root: string;
  beforeEach(() => {
    root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'asyncshift-discover-')));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function writeTree(files: Record<string, string>): void {
    for (const [relative, content] of Object.entries(files)) {
      const file = path.join(root, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }

  /** Discovered files relative to the root, with `/`. */
  function discover(paths: string[] = [root], exclude: string[] = []): string[] {
    return discoverPythonFiles({ root, paths, exclude }).map((file) => path.relative(root, file).split(path.sep).join('/'));
  }

  it('finds .py files recursively, sorted, as absolute paths', () => {
    writeTree({ 'b.py': '', 'a/z.py': '', 'a/y.py': '', 'a/notes.txt': '', 'a/stub.pyi': '', 'c.pyc': '' });
    expect(discover()).toEqual(['a/y.py', 'a/z.py', 'b.py']);
    const absolute = discoverPythonFiles({ root, paths: [root], exclude: [] });
    expect(absolute.every((file) => path.isAbsolute(file))).toBe(true);
  });

  it('honours the root .gitignore, folders and file patterns alike', () => {
    writeTree({
      '.gitignore': '# generated\nbuild/\n*_pb2.py\n',
      'app.py': '',
      'build/lib/app.py': '',
      'proto/msg_pb2.py': '',
      'proto/msg.py': '',
    });
    expect(discover()).toEqual(['app.py', 'proto/msg.py']);
  });

  it('reads nested .gitignore files relative to their own folder', () => {
    writeTree({
      'pkg/.gitignore': '/local.py\nsub/\n',
      'local.py': '',
      'pkg/local.py': '',
      'pkg/deeper/local.py': '',
      'pkg/sub/x.py': '',
      'sub/x.py': '',
    });
    expect(discover()).toEqual(['local.py', 'pkg/deeper/local.py', 'sub/x.py']);
  });

  it('lets a deeper .gitignore re-include what a shallower one ignores', () => {
    writeTree({
      '.gitignore': 'scratch_*.py\n',
      'scratch_a.py': '',
      'pkg/.gitignore': '!scratch_keep.py\n',
      'pkg/scratch_keep.py': '',
      'pkg/scratch_other.py': '',
    });
    expect(discover()).toEqual(['pkg/scratch_keep.py']);
  });

  it('reads a .gitignore written with CRLF line endings', () => {
    writeTree({ '.gitignore': 'gen/\r\nold.py\r\n', 'gen/a.py': '', 'old.py': '', 'new.py': '' });
    expect(discover()).toEqual(['new.py']);
  });

  it('applies .gitignore files above a given subfolder', () => {
    writeTree({
      '.gitignore': 'pkg/skip/\n*_gen.py\n',
      'pkg/.gitignore': 'ignored.py\n',
      'pkg/sub/a.py': '',
      'pkg/sub/a_gen.py': '',
      'pkg/sub/ignored.py': '',
    });
    expect(discover([path.join(root, 'pkg/sub')])).toEqual(['pkg/sub/a.py']);
  });

  it('walks a folder named explicitly even when a .gitignore above ignores it, with the .gitignore files inside it', () => {
    writeTree({
      '.gitignore': 'vendor/\ncorpus/\n',
      'vendor/lib/a.py': '',
      'corpus/proj/pkg/b.py': '',
      'corpus/proj/pkg/.gitignore': 'gen.py\n',
      'corpus/proj/pkg/gen.py': '',
      'main.py': '',
    });
    expect(discover([path.join(root, 'vendor')])).toEqual(['vendor/lib/a.py']);
    // In an ignored folder of the enclosing repository.
    expect(discover([path.join(root, 'corpus/proj')])).toEqual(['corpus/proj/pkg/b.py']);
    // Walking the root still honours the .gitignore.
    expect(discover()).toEqual(['main.py']);
  });

  it('applies configured excludes relative to the root, over any .gitignore negation', () => {
    writeTree({
      'pkg/.gitignore': '!legacy/\n',
      'legacy/a.py': '',
      'pkg/legacy/b.py': '',
      'scripts/run.py': '',
      'scripts/deep/run.py': '',
      'main.py': '',
    });
    expect(discover([root], ['/legacy/', 'scripts/*.py'])).toEqual(['main.py', 'pkg/legacy/b.py', 'scripts/deep/run.py']);
    expect(discover([root], ['legacy/'])).toEqual(['main.py', 'scripts/deep/run.py', 'scripts/run.py']);
  });

  it('skips virtualenvs, caches, VCS data and egg-info folders', () => {
    writeTree({
      'app.py': '',
      '.git/hooks/x.py': '',
      'node_modules/x.py': '',
      '__pycache__/x.py': '',
      'lib/site-packages/x.py': '',
      '.venv/x.py': '',
      'venv/x.py': '',
      '.tox/x.py': '',
      '.nox/x.py': '',
      '.mypy_cache/x.py': '',
      '.pytest_cache/x.py': '',
      'my_pkg.egg-info/x.py': '',
      'env-3.12/pyvenv.cfg': 'home = /usr/bin\n',
      'env-3.12/lib/x.py': '',
    });
    expect(discover()).toEqual(['app.py']);
  });

  it('includes a file named explicitly even when it is ignored', () => {
    writeTree({ '.gitignore': 'build/\nlegacy.py\n', 'build/gen.py': '', 'legacy.py': '', '.venv/tool.py': '' });
    const given = ['build/gen.py', 'legacy.py', '.venv/tool.py'].map((p) => path.join(root, p));
    expect(discover(given, ['legacy.py'])).toEqual(['.venv/tool.py', 'build/gen.py', 'legacy.py']);
  });

  it('leaves out a named file that is not Python', () => {
    writeTree({ 'README.md': '', 'a.py': '' });
    expect(discover([path.join(root, 'README.md'), path.join(root, 'a.py')])).toEqual(['a.py']);
  });

  it('does not follow symbolic links met while walking', () => {
    writeTree({ 'real/a.py': '', 'outside/b.py': '' });
    symlinkSync(path.join(root, 'outside'), path.join(root, 'real/linked'), 'dir');
    symlinkSync(path.join(root, 'real/a.py'), path.join(root, 'real/alias.py'), 'file');
    expect(discover([path.join(root, 'real')])).toEqual(['real/a.py']);
  });

  it('accepts paths relative to the current folder and merges overlapping paths', () => {
    writeTree({ 'pkg/a.py': '', 'pkg/sub/b.py': '' });
    const relative = (p: string) => path.relative(process.cwd(), path.join(root, p));
    expect(discover([relative('pkg'), relative('pkg/sub'), relative('pkg/a.py')])).toEqual(['pkg/a.py', 'pkg/sub/b.py']);
  });

  it('walks a folder outside the root without applying root-relative rules to it', () => {
    const elsewhere = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'asyncshift-elsewhere-')));
    try {
      writeFileSync(path.join(elsewhere, 'x.py'), '');
      expect(discoverPythonFiles({ root, paths: [elsewhere], exclude: ['x.py'] })).toEqual([path.join(elsewhere, 'x.py')]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('throws a UsageError naming a path that does not exist', () => {
    expect(() => discover(['no/such/dir'])).toThrow(UsageError);
    expect(() => discover(['no/such/dir'])).toThrow('no/such/dir: no such file or folder');
  });
});
