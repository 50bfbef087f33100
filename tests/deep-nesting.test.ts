import { describe, expect, it } from 'vitest';
import { migrateFiles } from './helpers/project.js';

/**
 * Generated code nests deeper than any hand-written file: no walk may recurse on the input's depth.
 * Files Python itself refuses (too many nested brackets or indentation levels) are skipped with one
 * line; the others migrate like any file, and the rest of the project always does.
 */
const SLEEPER = 'import time\n\n\ndef nap():\n    time.sleep(1)\n';

function sum(terms: number): string {
  return Array.from({ length: terms }, (_, i) => `v${i % 7}`).join(' + ');
}

function nestedBlocks(depth: number, body: string): string {
  let code = 'import time\n\n\ndef deep(x):\n';
  for (let level = 1; level <= depth; level++) code += `${'    '.repeat(level)}if x:\n`;
  return `${code}${'    '.repeat(depth + 1)}${body}\n`;
}

describe('deeply nested input', () => {
  const { result, after } = migrateFiles({
    'pkg/__init__.py': '',
    'pkg/normal.py': SLEEPER,
    'pkg/long_sum.py': `import time\n\n\ndef total(v0, v1, v2, v3, v4, v5, v6):\n    time.sleep(0)\n    return ${sum(3_000)}\n`,
    'pkg/longer_sum.py': `TOTAL = ${sum(20_000)}\n`,
    'pkg/call_chain.py': `import time\n\n\ndef chain(q):\n    time.sleep(0)\n    return q${'.f()'.repeat(3_000)}\n`,
    'pkg/attribute_chain.py': `def get(q):\n    return q${'.a'.repeat(3_000)}\n`,
    'pkg/parentheses.py': `import time\n\n\ndef wrapped():\n    time.sleep(0)\n    return ${'('.repeat(3_000)}1${')'.repeat(3_000)}\n`,
    'pkg/lists.py': `import time\n\n\ndef listed():\n    time.sleep(0)\n    return ${'['.repeat(3_000)}${']'.repeat(3_000)}\n`,
    'pkg/calls.py': `import time\n\n\ndef called(f):\n    time.sleep(0)\n    return ${'f('.repeat(3_000)}1${')'.repeat(3_000)}\n`,
    'pkg/blocks.py': nestedBlocks(90, 'time.sleep(1)'),
    'pkg/too_many_blocks.py': nestedBlocks(150, 'time.sleep(1)'),
  });
  const outcome = (file: string) => result.files.find((f) => f.relativePath === file)?.outcome;
  const skipReason = (file: string) => {
    const found = outcome(file);
    return found?.status === 'skipped' ? found.reason : found?.status;
  };

  it('migrates the rest of the project', () => {
    expect(after['pkg/normal.py']).toContain('async def nap():');
    expect(result.files.filter((f) => f.outcome.status === 'failed')).toEqual([]);
  });

  it('migrates long operator and call chains like any other file', () => {
    expect(after['pkg/long_sum.py']).toContain('async def total(');
    expect(after['pkg/long_sum.py']).toContain(sum(3_000));
    expect(after['pkg/call_chain.py']).toContain('async def chain(q):');
    expect(outcome('pkg/longer_sum.py')?.status).toBe('unchanged');
    expect(outcome('pkg/attribute_chain.py')?.status).toBe('unchanged');
  });

  it('migrates blocks nested as deep as Python allows', () => {
    expect(after['pkg/blocks.py']).toContain('async def deep(x):');
    expect(after['pkg/blocks.py']).toContain(`${'    '.repeat(91)}await asyncio.sleep(1)`);
  });

  it('skips, with one line each, what Python itself refuses to compile', () => {
    expect(skipReason('pkg/parentheses.py')).toBe('pkg/parentheses.py:6:212: too many nested parentheses, left unchanged');
    expect(skipReason('pkg/lists.py')).toBe('pkg/lists.py:6:212: too many nested parentheses, left unchanged');
    expect(skipReason('pkg/calls.py')).toBe('pkg/calls.py:6:413: too many nested parentheses, left unchanged');
    expect(skipReason('pkg/too_many_blocks.py')).toBe('pkg/too_many_blocks.py:104:401: too many levels of indentation, left unchanged');
  });
});
