import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexFile } from '../src/analyze/index-file.js';
import { withoutCommentsAndLongStrings } from '../src/analyze/prefilter.js';
import { migration, type RunOptions } from '../src/run.js';
import { makeProject } from './helpers/project.js';

/** The files a migration parses to plan (not the outputs it indexes to check them), relative to `root`. */
function parsedFiles(options: RunOptions, root: string): string[] {
  const parsed: string[] = [];
  const pipeline = migration(options);
  for (let step = pipeline.next(); !step.done;) {
    const { jobs, settings, transforms } = step.value;
    for (const job of jobs) if (!job.withoutSites) parsed.push(path.relative(root, job.file));
    step = pipeline.next(jobs.map((job) => indexFile(job, settings, transforms)));
  }
  return parsed.sort();
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
