import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexFile, type IndexJob, type IndexOutcome } from '../src/analyze/index-file.js';
import { moduleNamesFor } from '../src/analyze/module-names.js';
import { treeFromData } from '../src/parse/flat-tree.js';
import { parsePython, type Tree } from '../src/parse/parse-python.js';
import { TRANSFORMS } from '../transforms/registry.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SAMPLE = path.join(ROOT, 'snapshots', 'prop-classes', 'before');

/** Worker threads load the built files: the pool is tested from dist/, as the CLI runs it. */
beforeAll(() => {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
}, 300_000);

describe('the index pool', () => {
  it('indexes in worker threads exactly as in this thread, outcomes in the order of the jobs', async () => {
    const { IndexPool } = await import(path.join(ROOT, 'dist', 'src', 'analyze', 'index-pool.js')) as typeof import('../src/analyze/index-pool.js');
    const files = fs.readdirSync(SAMPLE, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.py')).sort();
    const jobs: IndexJob[] = files.map((relativePath) => ({
      file: path.join(SAMPLE, relativePath), relativePath, text: fs.readFileSync(path.join(SAMPLE, relativePath), 'utf8'),
      module: moduleNamesFor(relativePath)[0], packageDepth: 0,
    }));
    // A migrated output keeps its tree: it crosses back as typed arrays, read here as if parsed here.
    jobs.push({ ...jobs[1], relativePath: 'output.py', withoutSites: true, keepTree: true });
    jobs.push({ ...jobs[0], relativePath: 'broken.py', text: 'def f(:\n' });
    const settings = { projectFunctionNames: new Set(['helper']), projectModules: new Set(files.flatMap((file) => moduleNamesFor(file))), transformOptions: { blocking: [] } };
    const pool = new IndexPool(2, settings, TRANSFORMS);
    let done = 0;
    try {
      const inWorkers = await pool.index(jobs, () => done++);
      expect(done).toBe(jobs.length);
      // Type ids are each thread's own (learnt as met): trees are compared by what they read as, below.
      const withoutTree = (outcome: IndexOutcome) => (outcome.kind === 'indexed' ? { ...outcome, tree: !!outcome.tree } : outcome);
      expect(inWorkers.map(withoutTree)).toEqual(jobs.map((job) => withoutTree(indexFile(job, settings, TRANSFORMS))));
      expect(inWorkers.at(-1)).toEqual({ kind: 'skipped', reason: 'broken.py:1:7: cannot parse, left unchanged', syntax: { message: 'cannot parse', line: 1, column: 7 } });
      const output = inWorkers.at(-2)!;
      if (output.kind !== 'indexed' || !output.tree) throw new Error('the output came back without its tree');
      const text = jobs.at(-2)!.text;
      const types = (tree: Tree) => tree.rootNode.descendantsOfType(['call', 'function_definition', 'identifier']).map((node) => `${node.type}:${node.startIndex}:${node.childForFieldName('name')?.text ?? ''}`);
      expect(types(treeFromData(text, output.tree))).toEqual(types(parsePython(text)));
      expect(inWorkers.slice(0, -2).every((outcome) => outcome.kind !== 'indexed' || !outcome.tree)).toBe(true);
    } finally {
      await pool.close();
    }
  }, 300_000);
});
