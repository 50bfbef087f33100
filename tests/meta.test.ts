import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeSections, withSections } from '../src/report/readme-tables.js';
import { ENGINE_REVIEW_CODES } from '../src/report/review-codes.js';
import { TRANSFORMS } from '../transforms/registry.js';

const ROOT = path.resolve(import.meta.dirname, '..');

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(folder, file));
}

describe('the transform registry', () => {
  it.each(TRANSFORMS.map((t) => [t.id, t] as const))('%s has a doc block, unit tests and a sample repository', (id, transform) => {
    expect(transform.doc.summary).not.toBe('');
    expect(transform.doc.why).not.toBe('');
    expect(transform.doc.before).not.toBe('');
    expect(transform.doc.after).not.toBe('');
    const tests = fs.readdirSync(path.join(ROOT, 'tests')).filter((file) => file.startsWith(id) && file.endsWith('.test.ts'));
    expect(tests.length, `tests/${id}*.test.ts`).toBeGreaterThan(0);
    const cases = fs.readdirSync(path.join(ROOT, 'snapshots')).filter((name) => {
      const settings = path.join(ROOT, 'snapshots', name, 'case.json');
      const select: string[] | undefined = fs.existsSync(settings) ? JSON.parse(fs.readFileSync(settings, 'utf8')).select : undefined;
      return !select || select.includes(id);
    });
    expect(cases.length).toBeGreaterThan(0);
  });

  it('has unique ids', () => {
    expect(new Set(TRANSFORMS.map((t) => t.id)).size).toBe(TRANSFORMS.length);
  });

  it('declares every review-item code the code base reports', () => {
    const declared = new Set([...Object.keys(ENGINE_REVIEW_CODES), ...TRANSFORMS.flatMap((t) => Object.keys(t.reviewCodes ?? {}))]);
    const used = new Set<string>();
    for (const file of [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'transforms'))]) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/code: '(AS\d{3})'|review\('(AS\d{3})'/g)) used.add(match[1] ?? match[2]);
    }
    expect([...used].filter((code) => !declared.has(code))).toEqual([]);
  });
});

describe('sample repositories', () => {
  it('each has a project, its expected diff, and nothing else stray', () => {
    for (const name of fs.readdirSync(path.join(ROOT, 'snapshots'))) {
      const entries = fs.readdirSync(path.join(ROOT, 'snapshots', name)).sort();
      expect(entries.filter((entry) => !['before', 'expected.diff', 'case.json'].includes(entry)), name).toEqual([]);
      expect(entries, name).toContain('before');
      expect(entries, name).toContain('expected.diff');
    }
  });
});

describe('README', () => {
  it('shows the generated transform and review-code tables (npm run docs rewrites them)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toBe(withSections(readme, readmeSections()));
  });

  it('shows the test command that .ci/run runs', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const ci = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toContain('npm install --no-audit --no-fund\nnpm test');
    expect(readme).toContain('npm install && npm test');
  });
});
