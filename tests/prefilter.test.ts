import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffOfFile } from '../src/report/unified-diff.js';
import { run, type RunResult } from '../src/run.js';
import { makeProject } from './helpers/project.js';

/**
 * The prefilter parses only files that can change or change a decision. It must never change a
 * migration: every sample repository migrates to the same diff, the same review items and the same
 * counts with it and without it (every file parsed); corpus.test.ts checks the standard library.
 */
const SNAPSHOTS = path.resolve(import.meta.dirname, '..', 'snapshots');
const cases = fs.readdirSync(SNAPSHOTS).filter((name) => fs.existsSync(path.join(SNAPSHOTS, name, 'before'))).sort();

function outcome(result: RunResult) {
  return {
    diff: result.files.map(diffOfFile).join(''),
    failed: result.files.filter((file) => file.outcome.status === 'failed').map((file) => file.relativePath),
    reviews: result.reviews,
    reasons: result.reasons,
    counts: result.counts,
    bridges: result.bridges,
  };
}

function expectSameWithAndWithoutPrefilter(root: string, select?: string[]): RunResult {
  const filtered = run({ paths: [root], select });
  expect(outcome(filtered)).toEqual(outcome(run({ paths: [root], select, parseEverything: true })));
  return filtered;
}

describe('the prefilter changes no migration', () => {
  it.each(cases)('sample repository %s', (name) => {
    const settingsFile = path.join(SNAPSHOTS, name, 'case.json');
    const select = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')).select : undefined;
    expectSameWithAndWithoutPrefilter(path.join(SNAPSHOTS, name, 'before'), select);
  }, 120_000);

  it('follows what reaches a function that turns async into files that never name a blocking call', () => {
    const root = makeProject({
      'app/__init__.py': '',
      'app/clock.py': 'import time\n\n\nclass Clock:\n    def __enter__(self):\n        time.sleep(0)\n        return self\n\n    def __exit__(self, *exc):\n        return False\n\n\ndef make_clock():\n    return Clock()\n',
      'app/alias.py': 'from app.clock import Clock as Timer\n',
      'app/use.py': 'from app.alias import Timer\n\n\ndef tick():\n    with Timer():\n        pass\n\n\ndef run():\n    tick()\n',
      'app/passed.py': 'def hold(clock):\n    with clock:\n        return 1\n',
      'app/caller.py': 'from app.clock import Clock\nfrom app.passed import hold\n\n\ndef main():\n    return hold(Clock())\n',
      'app/unrelated.py': 'def other():\n    return 2\n',
    });
    const result = expectSameWithAndWithoutPrefilter(root);
    const changed = result.files.filter((file) => file.outcome.status === 'changed').map((file) => file.relativePath);
    expect(changed).toEqual(expect.arrayContaining(['app/clock.py', 'app/use.py', 'app/passed.py', 'app/caller.py']));
    expect(changed).not.toContain('app/unrelated.py');
  });
});
