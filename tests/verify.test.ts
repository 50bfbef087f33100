import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../src/analyze/load-project.js';
import { span } from '../src/analyze/call-usage.js';
import { findSyntaxProblem, parsePython } from '../src/parse/parse-python.js';
import { SourceText } from '../src/parse/source-text.js';
import { defineTransform } from '../transforms/define-transform.js';
import { migrateFiles } from './helpers/project.js';

function problem(code: string): string | undefined {
  const source = new SourceText(code);
  return findSyntaxProblem(parsePython(source.text), source)?.message;
}

describe('the parse gate', () => {
  it('rejects what tree-sitter accepts but Python does not', () => {
    expect(problem('print "hello"\n')).toBe('Python 2 syntax');
    expect(problem('def f():\n\tif x:\n        pass\n\tif y:\n        pass\n')).toBe('mixed tabs and spaces in indentation');
    expect(problem('def f():\n    await g()\n')).toBe("'await' outside async function");
    expect(problem('async def f():\n    yield from g()\n')).toBe("'yield from' inside async function");
    expect(problem('async def f():\n    yield 1\n    return 2\n')).toBe("'return' with value in async generator");
    expect(problem('def f():\n    async with a:\n        pass\n')).toBe("'async with' outside async function");
    expect(problem('x = lambda: await y\n')).toBe("'await' outside async function");
    expect(problem('async def f():\n    return await await g()\n')).toBe("'await' right after 'await'");
  });

  it('accepts valid async code', () => {
    expect(problem('async def f():\n    async with a as b:\n        async for x in b:\n            await x\n    return [await y async for y in z]\n')).toBeUndefined();
    expect(problem('async def g():\n    yield 1\n    return\n')).toBeUndefined();
    expect(problem('async def g():\n    return await (await h())\n')).toBeUndefined();
    expect(problem('def f():\n    return 1\n')).toBeUndefined();
  });
});

describe('the reparse gate', () => {
  // A deliberately broken transform: it would leave `await` in a sync function's default argument.
  const breaksTheFile = defineTransform({
    id: 'broken-for-test',
    doc: { summary: 'test only', why: '', before: '', after: '', caveats: [] },
    mentions: /sleep/,
    findSites: (context) => context.calls
      .filter((call) => call.qualifiedName === 'time.sleep')
      .map((call) => ({
        transform: 'broken-for-test',
        scope: call.site.scope,
        line: call.site.line,
        call: call.site,
        awaitCall: false,
        seed: true,
        imports: [],
        edits: [{ ...span(call.node), text: 'time.sleep(1' }],
      })),
  });

  it('leaves a file unchanged and reports an internal error when the edit would not parse', () => {
    const { after, result } = migrateFiles({ 'a.py': 'import time\n\n\ndef f():\n    time.sleep(1)\n' }, { available: [breaksTheFile] });
    expect(after).toEqual({});
    const outcome = result.files.find((file) => file.relativePath === 'a.py')?.outcome;
    expect(outcome?.status).toBe('failed');
    expect(outcome && 'reason' in outcome ? outcome.reason : '').toMatch(/^a\.py: internal error while editing \(the migrated file would not parse/);
  });
});

describe('sync regions', () => {
  // A transform that moves a whole `with` block into a thread, as a fallback bridge would.
  const bridgesBlocks = defineTransform({
    id: 'block-bridge-for-test',
    doc: { summary: 'test only', why: '', before: '', after: '', caveats: [] },
    mentions: /with/,
    findSites: (context) => context.root.descendantsOfType('with_statement').map((block) => ({
      transform: 'block-bridge-for-test',
      scope: context.scopeOf(block),
      line: block.startPosition.row + 1,
      awaitCall: false,
      seed: true,
      bridge: true,
      imports: [{ module: 'asyncio' }],
      syncRegion: span(block),
      edits: [
        { start: block.startIndex, end: block.startIndex, text: 'def _block():\n        ' },
        { start: context.source.lineStartOf(block.childForFieldName('body')!.startIndex), end: context.source.lineStartOf(block.childForFieldName('body')!.startIndex), text: '    ' },
        { start: block.endIndex, end: block.endIndex, text: '\n    await asyncio.to_thread(_block)' },
      ],
    })),
  });

  it('keeps calls inside a region sync: their callees are pinned, nothing inside is awaited', () => {
    const { after } = migrateFiles({
      'a.py': 'import time\n\n\ndef slow():\n    time.sleep(0)\n\n\ndef f(lock):\n    with lock:\n        slow()\n',
    }, { available: [breaksNothing(), bridgesBlocks] });
    expect(after['a.py']).toContain('async def f(lock):\n    def _block():\n        with lock:\n            slow()\n    await asyncio.to_thread(_block)');
    expect(after['a.py']).toContain('\ndef slow():\n    time.sleep(0)');
  });
});

function breaksNothing() {
  return defineTransform({
    id: 'time-sleep', doc: { summary: 'x', why: '', before: '', after: '', caveats: [] }, mentions: /sleep/,
    findSites: (context) => context.calls.filter((call) => call.qualifiedName === 'time.sleep').map((call) => ({
      transform: 'time-sleep', scope: call.site.scope, line: call.site.line, call: call.site, awaitCall: true, seed: true,
      imports: [{ module: 'asyncio' }], edits: [{ ...span(call.node.childForFieldName('function')!), text: 'asyncio.sleep' }],
    })),
  });
}

describe('the parse gate on real code', () => {
  it('accepts comment lines indented with tabs in a space-indented file (Python ignores them)', () => {
    expect(problem('def f():\n    x = 1\n\t# a tab-indented comment\n    return x\n')).toBeUndefined();
  });
});

describe('sync regions and tied conversions', () => {
  it('keeps a file block on the loop when a psycopg2 conversion inside it belongs with the rest of the function', () => {
    const { after, result } = migrateFiles({
      'load.py': [
        'import psycopg2', '', '',
        'def load(dsn, path):',
        '    conn = psycopg2.connect(dsn)',
        '    with open(path) as fh:',
        '        with conn.cursor() as cur:',
        '            cur.copy_from(fh, "items", sep=",")',
        '    conn.commit()',
        '    conn.close()', '',
      ].join('\n'),
    }, { select: ['psycopg2-asyncpg', 'open-aiofiles'] });
    const out = after['load.py'];
    expect(out).toContain('await asyncpg.connect(dsn)');
    expect(out).not.toContain('asyncio.to_thread(_with_block');
    expect(result.files.filter((file) => file.outcome.status === 'failed')).toEqual([]);
  });
});

describe('files that cannot be read', () => {
  it('are named as skipped, and the run goes on', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-unreadable-'));
    const good = path.join(root, 'good.py');
    fs.writeFileSync(good, 'x = 1\n');
    const missing = path.join(root, 'gone.py');
    const project = loadProject({ root, analysed: [good, missing], editable: new Set([good, missing]), transforms: [], transformOptions: { blocking: [] } });
    expect(project.skipped).toEqual([{ file: missing, relativePath: 'gone.py', reason: 'gone.py: cannot be read (ENOENT), left unchanged' }]);
    expect(project.modules.map((module) => module.relativePath)).toEqual(['good.py']);
  });
});
