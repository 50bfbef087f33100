import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('the committed Action bundle', () => {
  it('is what `npm run build:action` builds from the sources now (rebuild and commit action/ when this fails)', () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-bundle-'));
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-action.mjs'), fresh], { cwd: ROOT });
    const committed = path.join(ROOT, 'action');
    expect(fs.readdirSync(committed).sort()).toEqual(fs.readdirSync(fresh).sort());
    for (const file of fs.readdirSync(fresh)) {
      const same = fs.readFileSync(path.join(fresh, file)).equals(fs.readFileSync(path.join(committed, file)));
      expect(same, `action/${file} is stale: run \`npm run build:action\` and commit action/`).toBe(true);
    }
  });

  it('is what action.yml runs, on node20', () => {
    const manifest = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
    expect(manifest).toMatch(/^runs:\n {2}using: node20\n {2}main: action\/index\.mjs\n/m);
  });
});
