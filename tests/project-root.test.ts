import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../src/discover/project-root.js';

describe('findProjectRoot', () => {
  let sandbox: string;
  beforeEach(() => {
    sandbox = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'asyncshift-root-')));
  });
  afterEach(() => rmSync(sandbox, { recursive: true, force: true }));

  function makeFile(relative: string, content = ''): string {
    const file = path.join(sandbox, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  it.each(['pyproject.toml', 'setup.py', 'setup.cfg'])('finds the nearest folder with %s', (marker) => {
    makeFile(`proj/${marker}`);
    const file = makeFile('proj/pkg/sub/mod.py');
    expect(findProjectRoot(file)).toBe(path.join(sandbox, 'proj'));
    expect(findProjectRoot(path.dirname(file))).toBe(path.join(sandbox, 'proj'));
  });

  it('counts a .git folder as a marker', () => {
    mkdirSync(path.join(sandbox, 'repo/.git'), { recursive: true });
    expect(findProjectRoot(makeFile('repo/a/b.py'))).toBe(path.join(sandbox, 'repo'));
  });

  it('starts at the path itself when it is a folder', () => {
    makeFile('outer/pyproject.toml');
    makeFile('outer/inner/setup.py');
    expect(findProjectRoot(path.join(sandbox, 'outer/inner'))).toBe(path.join(sandbox, 'outer/inner'));
  });

  it('prefers the nearest marker over farther ones', () => {
    makeFile('pyproject.toml');
    makeFile('sub/pyproject.toml');
    expect(findProjectRoot(makeFile('sub/x.py'))).toBe(path.join(sandbox, 'sub'));
  });

  it('falls back to the folder of the path when no ancestor has a marker', () => {
    // os.tmpdir() itself could sit inside a project; a marker-free chain is only guaranteed below the sandbox.
    const file = makeFile('lonely/deeper/x.py');
    const result = findProjectRoot(file);
    const expected = hasMarkerAbove(sandbox) ? result : path.join(sandbox, 'lonely/deeper');
    expect(result).toBe(expected);
  });

  it('returns an absolute path for a relative start', () => {
    makeFile('rel/pyproject.toml');
    const file = makeFile('rel/m.py');
    const relative = path.relative(process.cwd(), file);
    expect(findProjectRoot(relative)).toBe(path.join(sandbox, 'rel'));
  });
});

function hasMarkerAbove(folder: string): boolean {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    if (['pyproject.toml', 'setup.py', 'setup.cfg', '.git'].some((m) => existsSync(path.join(dir, m)))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}
