import { describe, expect, it } from 'vitest';
import { findNestingBeyondPython } from '../src/parse/python-limits.js';

function problemAt(code: string): string | undefined {
  const found = findNestingBeyondPython(code);
  return found && `${found.message} at ${found.index}`;
}

function nestedIfs(levels: number): string {
  let code = '';
  for (let level = 0; level < levels; level++) code += `${' '.repeat(level)}if x:\n`;
  return `${code}${' '.repeat(levels)}pass\n`;
}

describe("Python's tokenizer limits", () => {
  it('allows 200 nested brackets and refuses the 201st, as CPython does', () => {
    expect(problemAt(`x = ${'('.repeat(200)}1${')'.repeat(200)}\n`)).toBeUndefined();
    expect(problemAt(`x = ${'[{('.repeat(66)}((1))${')}]'.repeat(66)}\n`)).toBeUndefined();
    expect(problemAt(`x = ${'('.repeat(201)}1${')'.repeat(201)}\n`)).toBe('too many nested parentheses at 204');
  });

  it('allows 99 levels of indentation and refuses the 100th, as CPython does', () => {
    expect(problemAt(nestedIfs(99))).toBeUndefined();
    expect(problemAt(nestedIfs(100))).toMatch(/^too many levels of indentation at \d+$/);
  });

  it('reads brackets inside strings and comments as text', () => {
    const many = '('.repeat(300);
    expect(problemAt(`x = "${many}"\ny = '${many}'\nz = """\n${many}\n"""\n# ${many}\nw = r"\\"${many}"\n`)).toBeUndefined();
  });

  it('does not count continuation lines or blank and comment lines as indentation', () => {
    const deepContinuation = `x = (\n${Array.from({ length: 150 }, (_, i) => `${' '.repeat(i + 1)}${i},`).join('\n')}\n)\n`;
    expect(problemAt(deepContinuation)).toBeUndefined();
    const joined = `x = 1 + \\\n${' '.repeat(400)}2\n`;
    expect(problemAt(joined)).toBeUndefined();
    expect(problemAt(`if x:\n${' '.repeat(400)}# deep comment\n\n    pass\n`)).toBeUndefined();
  });
});
