import { describe, expect, it } from 'vitest';
import { StringInterner } from '../src/analyze/intern-strings.js';

describe('sharing the strings of indexes from worker threads', () => {
  it('leaves every value as it was, at any depth, in objects and arrays', () => {
    const index = () => ({
      module: 'pkg.mod',
      calls: [{ callee: { root: { kind: 'global', name: 'fetch' }, path: ['get', 'json'] }, span: { start: 1, end: 9 }, usage: null }],
      nested: [[['global', 'self'], { kind: 'local-var', long: 'x'.repeat(500) }], undefined, 3, true],
    });
    const interner = new StringInterner();
    const first = interner.intern(index());
    const second = interner.intern(index());
    expect(first).toEqual(index());
    expect(second).toEqual(index());
  });
});
