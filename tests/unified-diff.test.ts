import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { structuredPatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEdits } from '../src/edit/apply-edits.js';
import type { TextChange } from '../src/edit/text-changes.js';
import type { Edit } from '../src/plan/edits.js';
import { unifiedDiff } from '../src/report/unified-diff.js';

let repo: string;
beforeAll(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'asyncshift-diff-'));
  git('init', '--quiet');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Writes `before`, applies our patch with plain `git apply`, and returns what git made of the file. */
function applyWithGit(relativePath: string, before: string, after: string, changes?: TextChange[]): string {
  const file = path.join(repo, relativePath);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, before);
  const patchFile = path.join(repo, '..', `${path.basename(repo)}.patch`);
  writeFileSync(patchFile, unifiedDiff(relativePath, before, after, { changes }));
  try {
    git('apply', '--check', patchFile);
    git('apply', patchFile);
  } finally {
    rmSync(patchFile, { force: true });
  }
  return readFileSync(file, 'utf8');
}

function numbered(count: number, ending = '\n'): string[] {
  return Array.from({ length: count }, (_, i) => `line ${i + 1}${ending}`);
}

describe('unifiedDiff', () => {
  it('is empty when nothing changed', () => {
    expect(unifiedDiff('a.py', 'x = 1\n', 'x = 1\n')).toBe('');
  });

  it('writes git headers and three lines of context, exactly as git diff does', () => {
    const before = numbered(10).join('');
    const after = before.replace('line 5\n', 'line five\n');
    const patch = unifiedDiff('pkg/mod.py', before, after);
    expect(patch).toBe(
      [
        'diff --git a/pkg/mod.py b/pkg/mod.py',
        '--- a/pkg/mod.py',
        '+++ b/pkg/mod.py',
        '@@ -2,7 +2,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+line five',
        ' line 6',
        ' line 7',
        ' line 8',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(repo, 'pkg-compare.py'), before);
    git('add', 'pkg-compare.py');
    writeFileSync(path.join(repo, 'pkg-compare.py'), after);
    const fromGit = git('-c', 'color.ui=never', 'diff', '--no-ext-diff', 'pkg-compare.py')
      .replace(/^index .*\n/m, '')
      .replace(/^(@@ .* @@).*$/gm, '$1'); // git's optional function-name heading

    expect(fromGit).toBe(unifiedDiff('pkg-compare.py', before, after));
  });

  it('applies to an LF file', () => {
    const before = 'import time\n\n\ndef pause():\n    time.sleep(1)\n';
    const after = 'import asyncio\n\n\nasync def pause():\n    await asyncio.sleep(1)\n';
    expect(applyWithGit('lf.py', before, after)).toBe(after);
  });

  it('keeps the carriage returns of a CRLF file, and git applies it', () => {
    const before = 'import time\r\n\r\ndef pause():\r\n    time.sleep(1)\r\n';
    const after = 'import asyncio\r\n\r\nasync def pause():\r\n    await asyncio.sleep(1)\r\n';
    const patch = unifiedDiff('crlf.py', before, after);
    expect(patch).toContain('-import time\r\n+import asyncio\r\n');
    expect(applyWithGit('crlf.py', before, after)).toBe(after);
  });

  it('marks a last line without a newline, on either side', () => {
    const noNewline = 'a = 1\nb = 2';
    const patch = unifiedDiff('eof.py', noNewline, 'a = 1\nb = 3');
    expect(patch).toContain('-b = 2\n\\ No newline at end of file\n+b = 3\n\\ No newline at end of file\n');
    expect(applyWithGit('eof1.py', noNewline, 'a = 1\nb = 3')).toBe('a = 1\nb = 3');
    expect(applyWithGit('eof2.py', noNewline, 'a = 1\nb = 2\n')).toBe('a = 1\nb = 2\n');
    expect(applyWithGit('eof3.py', 'a = 1\nb = 2\n', noNewline)).toBe(noNewline);
    expect(applyWithGit('eof4.py', 'x = 0\na = 1\nb = 2', 'x = 9\na = 1\nb = 2')).toBe('x = 9\na = 1\nb = 2');
    expect(applyWithGit('eof5.py', 'a = 1\r\nb = 2', 'a = 0\r\nb = 2')).toBe('a = 0\r\nb = 2');
  });

  it('applies with non-ASCII content', () => {
    const before = '# café\ns = "é😀"\nprint(s)\n';
    const after = '# café\ns = "é😀!"\nprint(s, "naïve")\n';
    expect(applyWithGit('unicode.py', before, after)).toBe(after);
  });

  it('writes one hunk per distant change and merges close ones', () => {
    const lines = numbered(40);
    const changed = [...lines];
    changed[2] = 'changed 3\n';
    changed[8] = 'changed 9\n';
    changed[30] = 'changed 31\n';
    const before = lines.join('');
    const after = changed.join('');
    const headers = unifiedDiff('hunks.py', before, after).match(/^@@ .* @@$/gm);
    expect(headers).toEqual(['@@ -1,12 +1,12 @@', '@@ -28,7 +28,7 @@']);
    expect(applyWithGit('hunks.py', before, after)).toBe(after);
  });

  it('handles insertions, deletions and emptied or filled files', () => {
    const before = numbered(12).join('');
    const inserted = before.replace('line 6\n', 'line 6\nnew a\nnew b\n');
    expect(applyWithGit('insert.py', before, inserted)).toBe(inserted);
    const deleted = before.replace('line 6\nline 7\n', '');
    expect(applyWithGit('delete.py', before, deleted)).toBe(deleted);
    expect(unifiedDiff('empty.py', '', 'x = 1\n')).toContain('@@ -0,0 +1 @@\n+x = 1\n');
    expect(applyWithGit('filled.py', '', 'x = 1\ny = 2\n')).toBe('x = 1\ny = 2\n');
    expect(applyWithGit('emptied.py', 'x = 1\n', '')).toBe('');
  });

  it('quotes unusual paths as git does, and git applies them', () => {
    const patch = unifiedDiff('pkg/café x.py', 'a\n', 'b\n');
    expect(patch.split('\n')[0]).toBe('diff --git "a/pkg/caf\\303\\251 x.py" "b/pkg/caf\\303\\251 x.py"');
    expect(applyWithGit('pkg/café x.py', 'a\n', 'b\n')).toBe('b\n');
    expect(applyWithGit('dir with space/plain name.py', 'a\n', 'b\n')).toBe('b\n');
  });

  it('uses forward slashes in paths', () => {
    const relative = ['pkg', 'sub', 'mod.py'].join(path.sep);
    expect(unifiedDiff(relative, 'a\n', 'b\n').split('\n')[0]).toBe('diff --git a/pkg/sub/mod.py b/pkg/sub/mod.py');
  });
});

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}

describe('unifiedDiff against git apply, on generated cases', () => {
  it('applies every patch of mixed LF / CRLF / lone-CR / unterminated / non-ASCII texts', () => {
    const random = generator(2024);
    const pieces = ['a', 'b', 'é', '😀', '', ' x', 'def f():', '\tpass', 'c\r'];
    const makeText = (): string => {
      const eol = random(3) === 0 ? '\r\n' : '\n';
      const lines = Array.from({ length: random(15) }, () => pieces[random(pieces.length)]);
      return lines.join(eol) + (lines.length > 0 && random(3) !== 0 ? eol : '');
    };
    const mutate = (text: string): string => {
      const lines = text.split('\n');
      for (let edits = random(4); edits >= 0; edits--) {
        const at = random(lines.length + 1);
        const kind = random(3);
        if (kind === 0) lines.splice(at, 0, pieces[random(pieces.length)]);
        else if (kind === 1) lines.splice(at, 1);
        else lines[at] = pieces[random(pieces.length)] + (random(2) ? '\r' : '');
      }
      return lines.join('\n');
    };
    for (let i = 0; i < 80; i++) {
      const before = makeText();
      const after = random(4) ? mutate(before) : makeText();
      if (before === after) continue;
      expect(applyWithGit(`generated/${i}.py`, before, after), JSON.stringify({ before, after })).toBe(after);
    }
  });
});

describe('unifiedDiff from the edits alone', () => {
  /** The hunks of a whole-file diff (the `diff` package's structuredPatch), formatted as unifiedDiff does. */
  function wholeFileDiff(relativePath: string, before: string, after: string): string {
    const patch = structuredPatch(`a/${relativePath}`, `b/${relativePath}`, before, after, undefined, undefined, { context: 3 });
    const range = (start: number, count: number) => count === 0 ? `${start - 1},0` : count === 1 ? `${start}` : `${start},${count}`;
    const lines = [`diff --git a/${relativePath} b/${relativePath}`, `--- a/${relativePath}`, `+++ b/${relativePath}`];
    for (const hunk of patch.hunks) lines.push(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`, ...hunk.lines);
    return `${lines.join('\n')}\n`;
  }

  it('writes the same hunks as a whole-file diff, for random edits of the kinds transforms make', () => {
    const random = generator(7);
    const lineTexts = ['import time', '', 'def f():', '    time.sleep(1)', '    return x', 'class A:', '    pass', '# é😀'];
    const insertions = ['await ', 'async ', 'import asyncio\n', '\n\n', 'async def _f():\n    pass\n\n\n', '(', ')', ''];
    for (let round = 0; round < 300; round++) {
      const eol = random(4) === 0 ? '\r\n' : '\n';
      const lines = Array.from({ length: 1 + random(40) }, () => lineTexts[random(lineTexts.length)]);
      const text = lines.join(eol) + (random(5) ? eol : '');
      const edits: Edit[] = [];
      let position = 0;
      for (let count = random(8); count >= 0 && position < text.length; count--) {
        const start = position + random(Math.max(1, Math.min(60, text.length - position)));
        const end = random(3) === 0 ? Math.min(text.length, start + random(12)) : start;
        edits.push({ start, end, text: insertions[random(insertions.length)] });
        position = end + 1;
      }
      const { text: after, changes } = applyEdits(text, edits, eol === '\r\n' ? '\r\n' : '\n', 'random.py');
      if (after === text) continue;
      const context = JSON.stringify({ text, edits });
      expect(unifiedDiff('random.py', text, after, { changes }), context).toBe(wholeFileDiff('random.py', text, after));
      expect(unifiedDiff('random.py', text, after), context).toBe(wholeFileDiff('random.py', text, after));
    }
  });

  it('diffs ten thousand edits in one file, each where it was made', () => {
    const before = Array.from({ length: 30_000 }, (_, i) => i % 3 === 1 ? `    time.sleep(${i})\n` : i % 3 ? '\n' : `def f${i}():\n`).join('');
    const edits: Edit[] = [];
    for (let index = before.indexOf('time.sleep'); index !== -1; index = before.indexOf('time.sleep', index + 1)) {
      edits.push({ start: index, end: index + 'time.sleep'.length, text: 'await asyncio.sleep' });
    }
    const { text: after, changes } = applyEdits(before, edits, '\n', 'many.py');
    expect(changes).toHaveLength(10_000);
    expect(applyWithGit('many.py', before, after, changes)).toBe(after);
    const hunks = unifiedDiff('many.py', before, after, { changes }).split('\n').filter((line) => line.startsWith('@@'));
    expect(hunks).toHaveLength(1);
    expect(hunks[0]).toBe('@@ -1,30000 +1,30000 @@');
  });
});
