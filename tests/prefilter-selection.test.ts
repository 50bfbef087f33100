import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexFile } from '../src/analyze/index-file.js';
import { withoutCommentsAndLongStrings } from '../src/analyze/prefilter.js';
import { migration, type RunOptions } from '../src/run.js';
import { makeProject } from './helpers/project.js';

/** The files a migration parses to plan (not the outputs it indexes to check them), relative to `root`, by round. */
function parsingRounds(options: RunOptions, root: string): string[][] {
  const rounds: string[][] = [];
  const pipeline = migration(options);
  for (let step = pipeline.next(); !step.done;) {
    const { jobs, settings, transforms } = step.value;
    const round = jobs.filter((job) => !job.withoutSites).map((job) => path.relative(root, job.file));
    if (round.length > 0) rounds.push(round.sort());
    step = pipeline.next(jobs.map((job) => indexFile(job, settings, transforms)));
  }
  return rounds;
}

function parsedFiles(options: RunOptions, root: string): string[] {
  return parsingRounds(options, root).flat().sort();
}

describe('which files the prefilter has parsed', () => {
  // `Clock` may turn async (it sleeps): files naming it in code matter, files naming it only in
  // comments or docstrings do not, and neither do files that only call what `len(clock)` calls.
  const root = makeProject({
    'app/__init__.py': '',
    'app/clock.py': 'import time\n\n\nclass Clock:\n    def wait(self):\n        time.sleep(1)\n\n    def __len__(self):\n        return 1\n',
    'app/user.py': 'from app.clock import Clock\n\n\ndef run():\n    clock = Clock()\n    clock.wait()\n    return len(clock)\n',
    'app/patches.py': 'from unittest import mock\n\n\ndef quiet():\n    return mock.patch("app.clock.Clock.wait")\n',
    'app/notes.py': '"""Helpers that never touch a Clock.\n\nThey used to wait() on one.\n"""\n# Clock.wait() lived here once.\n\n\ndef note():\n    return "a note"\n',
    'app/sizes.py': 'def size(items):\n    return len(items)\n',
  });
  const parsed = parsedFiles({ paths: [root] }, root);

  it('parses the files whose code names what may turn async, short strings included', () => {
    expect(parsed).toEqual(expect.arrayContaining(['app/clock.py', 'app/user.py', 'app/patches.py']));
  });

  it('does not parse a file that names it only in comments and docstrings', () => {
    expect(parsed).not.toContain('app/notes.py');
  });

  it('does not parse every caller of a builtin an instance is handed to', () => {
    expect(parsed).not.toContain('app/sizes.py');
  });
});

describe('a round that wants most of the files left', () => {
  // Three of the four files left call `Clock`: parsing the fourth too costs less than a third round
  // of planning, which resolves every call of the project again.
  const calls = (name: string) => `from app.clock import Clock\n\n\ndef ${name}():\n    Clock().wait()\n`;
  const root = makeProject({
    'app/clock.py': 'import time\n\n\nclass Clock:\n    def wait(self):\n        time.sleep(1)\n',
    'app/a.py': calls('a'),
    'app/b.py': calls('b'),
    'app/c.py': calls('c'),
    'app/unrelated.py': 'def size(items):\n    return len(items)\n',
  });

  it('parses all of them in that round, and plans no further round', () => {
    expect(parsingRounds({ paths: [root] }, root)).toEqual([
      ['app/clock.py'],
      ['app/a.py', 'app/b.py', 'app/c.py', 'app/unrelated.py'],
    ]);
  });
});

describe('a project whose blocking calls are in most of its files', () => {
  const sleeps = (name: string) => `import time\n\n\ndef ${name}():\n    time.sleep(1)\n`;
  const root = makeProject({
    'app/a.py': sleeps('a'),
    'app/b.py': sleeps('b'),
    'app/unrelated.py': 'def size(items):\n    return len(items)\n',
  });

  it('is parsed whole in the first round', () => {
    expect(parsingRounds({ paths: [root] }, root)).toEqual([['app/a.py', 'app/b.py', 'app/unrelated.py']]);
  });
});

describe('which files reading an attribute asks for', () => {
  // `self.assertEqual` is read off unittest's base: no project code sets it, so the files that
  // merely call it (every other test module) have nothing to tell and stay unparsed.
  const root = makeProject({
    'app/__init__.py': '',
    'app/clock.py': 'import time\n\n\nclass Clock:\n    def wait(self):\n        time.sleep(1)\n        return 1\n',
    'tests/test_clock.py': 'import unittest\n\nfrom app.clock import Clock\n\n\nclass ClockTest(unittest.TestCase):\n    def test_wait(self):\n        self.assertEqual(Clock().wait(), 1)\n',
    'tests/test_other.py': 'import unittest\n\n\nclass OtherTest(unittest.TestCase):\n    def test_sum(self):\n        self.assertEqual(1 + 1, 2)\n',
  });
  const parsed = parsedFiles({ paths: [root] }, root);

  it('does not parse every file that names an attribute no parsed code writes', () => {
    expect(parsed).toEqual(expect.arrayContaining(['app/clock.py', 'tests/test_clock.py']));
    expect(parsed).not.toContain('tests/test_other.py');
  });
});

describe('withoutCommentsAndLongStrings', () => {
  it('blanks comments and triple-quoted strings, reading quotes and `#` as the tokenizer does', () => {
    expect(withoutCommentsAndLongStrings('x = 1  # fetch()\n')).toBe('x = 1   \n');
    expect(withoutCommentsAndLongStrings('"""Calls fetch()."""\nfetch()\n')).toBe(' \nfetch()\n');
    expect(withoutCommentsAndLongStrings("r'''a\\''' fetch'''\nrun()\n")).toBe('r \nrun()\n');
    expect(withoutCommentsAndLongStrings('"""never closed, fetch()')).toBe(' ');
  });

  it('keeps short strings whole, a `#` or a triple quote inside them included', () => {
    expect(withoutCommentsAndLongStrings("s = '#no comment' + fetch\n")).toBe("s = '#no comment' + fetch\n");
    expect(withoutCommentsAndLongStrings('patch("app.mod.fetch")  # why\n')).toBe('patch("app.mod.fetch")   \n');
    expect(withoutCommentsAndLongStrings('q = "\\"\\"\\"" + fetch  # x\n')).toBe('q = "\\"\\"\\"" + fetch   \n');
  });
});
