import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBundle, writeCodeCache } from '../src/startup/code-cache.js';

describe('loading a bundle with its code cache', () => {
  let folder: string;
  let bundle: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'asyncshift-code-cache-'));
    bundle = path.join(folder, 'bundle.cjs');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('runs the bundle as CommonJS, with its own require, and without a cache', () => {
    writeFileSync(bundle, "module.exports.base = require('node:path').basename(__filename); exports.twice = (n) => 2 * n;\n");
    const loaded = loadBundle(bundle);
    expect(loaded.exports.base).toBe('bundle.cjs');
    expect((loaded.exports.twice as (n: number) => number)(21)).toBe(42);
    expect(loaded.script.cachedDataRejected).toBeUndefined();
  });

  it('uses the cache made for the same text', () => {
    writeFileSync(bundle, 'exports.answer = () => 42;\n');
    const first = loadBundle(bundle);
    (first.exports.answer as () => number)();
    writeCodeCache(bundle, first);
    const second = loadBundle(bundle);
    expect(second.script.cachedDataRejected).toBe(false);
    expect((second.exports.answer as () => number)()).toBe(42);
  });

  it('ignores a cache made for another text of the same length (V8 would only compare the lengths)', () => {
    writeFileSync(bundle, 'exports.answer = () => 42;\n');
    const first = loadBundle(bundle);
    (first.exports.answer as () => number)();
    writeCodeCache(bundle, first);
    writeFileSync(bundle, 'exports.answer = () => 43;\n');
    const second = loadBundle(bundle);
    expect((second.exports.answer as () => number)()).toBe(43);
  });
});
