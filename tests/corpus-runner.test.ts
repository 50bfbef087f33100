import { describe, expect, it } from 'vitest';
import { makeProject } from './helpers/project.js';
import { failedJudgements, type Judgement } from '../corpus/judge.js';
import { addedErrors, withoutTreeNames, type TypeCheckError } from '../corpus/pyright.js';
import { compileFailures, runSuite } from '../corpus/python.js';
import { compactCodes, leftCausesTable, resultsTable } from '../corpus/table.js';

const error = (file: string, line: number, message: string, rule = 'reportAttributeAccessIssue'): TypeCheckError => ({ file, line, rule, message });

describe('pyright errors added by a migration', () => {
  it('pairs errors by file, rule and message whatever their lines, counting repeats', () => {
    const before = [error('a.py', 10, 'x is unknown'), error('a.py', 20, 'x is unknown'), error('b.py', 5, 'y is unknown')];
    const after = [error('a.py', 12, 'x is unknown'), error('a.py', 22, 'x is unknown'), error('a.py', 30, 'x is unknown'), error('b.py', 6, 'y is unknown'),
      error('c.py', 1, 'y is unknown'), error('b.py', 7, 'y is unknown', 'reportOptionalMemberAccess')];
    expect(addedErrors(before, after, new Set(['a.py', 'b.py', 'c.py']))).toEqual([error('a.py', 30, 'x is unknown'), error('c.py', 1, 'y is unknown'), error('b.py', 7, 'y is unknown', 'reportOptionalMemberAccess')]);
  });

  it('does not count an error on a verbatim copy of a line that had it (a sync twin of the original code)', () => {
    const texts: Record<string, string[]> = {
      'before/a.py': ['def f():', '    return memoize.disabled'],
      'after/a.py': ['async def f():', '    return memoize.disabled', 'def f_sync():', '    return memoize.disabled', '    return cache.disabled'],
    };
    const lineText = (side: 'before' | 'after', file: string, line: number) => texts[`${side}/${file}`]?.[line - 1];
    const before = [error('a.py', 2, 'disabled is unknown')];
    const after = [error('a.py', 2, 'disabled is unknown'), error('a.py', 4, 'disabled is unknown'), error('a.py', 5, 'disabled is unknown')];
    expect(addedErrors(before, after, new Set(['a.py']), lineText)).toEqual([error('a.py', 5, 'disabled is unknown')]);
  });

  it('does not count an error on a twin copy that calls twins, on a line that only gained an await, or on a call now run in a thread; counts a changed line', () => {
    const texts: Record<string, string[]> = {
      'before/db.py': ['stat |= db.update_cache(force)', 'x = load(p).name'],
      'after/db.py': ['stat |= await db.update_cache(force)', 'stat |= db.update_cache_sync(force)', 'x = (await load(p)).name'],
    };
    const lineText = (side: 'before' | 'after', file: string, line: number) => texts[`${side}/${file}`]?.[line - 1];
    const before = [error('db.py', 1, 'Operator "|=" not supported', 'reportOperatorIssue'), error('db.py', 2, '"name" is unknown')];
    const after = [error('db.py', 1, 'Operator "|=" not supported', 'reportOperatorIssue'), error('db.py', 2, 'Operator "|=" not supported', 'reportOperatorIssue'),
      error('db.py', 3, '"name" is unknown')];
    expect(addedErrors(before, after, new Set(['db.py']), lineText)).toEqual([]);
    const renamed = [error('db.py', 2, 'Operator "|=" not supported', 'reportOperatorIssue'), error('db.py', 3, '"name" is unknown'), error('db.py', 3, '"name" is unknown')];
    expect(addedErrors(before, renamed, new Set(['db.py']), lineText)).toEqual([error('db.py', 3, '"name" is unknown')]);
    const bridged: Record<string, string[]> = { 'before/p.py': ['entry = marshal.load(p4.stdout)'], 'after/p.py': ['entry = await asyncio.to_thread(marshal.load, p4.stdout)'] };
    const bridgedText = (side: 'before' | 'after', file: string, line: number) => bridged[`${side}/${file}`]?.[line - 1];
    expect(addedErrors([error('p.py', 1, 'Argument of type "IO" cannot be assigned to parameter "file" in function "load"', 'reportArgumentType')],
      [error('p.py', 1, 'Argument of type "IO" cannot be assigned to parameter "file"', 'reportArgumentType')], new Set(['p.py']), bridgedText)).toEqual([]);
  });

  it('does not count an error on a call moved whole into a thread, or one about a parameter the async stubs name differently', () => {
    const texts: Record<string, string[]> = {
      'before/t.py': ['data_file.write(json.dumps(hits))', 'ret = pg.fetchone(conn, q).x'],
      'after/t.py': ['await data_file.write(json.dumps(hits))', 'ret = await asyncio.to_thread(lambda: pg.fetchone(conn, q).x)', 'await data_file.write(json.dumps(other))',
        'ret = pg.fetchone(conn, q).x'],
    };
    const lineText = (side: 'before' | 'after', file: string, line: number) => texts[`${side}/${file}`]?.[line - 1];
    const write = (parameter: string) => `Argument of type "str" cannot be assigned to parameter "${parameter}" of type "ReadableBuffer" in function "write"`;
    const before = [error('t.py', 1, write('buffer'), 'reportArgumentType'), error('t.py', 2, '"x" is unknown')];
    // The copy on line 4 pairs with the original error first: line 2 must be recognised as the same line.
    const after = [error('t.py', 1, write('b'), 'reportArgumentType'), error('t.py', 4, '"x" is unknown'), error('t.py', 2, '"x" is unknown'),
      error('t.py', 3, write('b'), 'reportArgumentType')];
    expect(addedErrors(before, after, new Set(['t.py']), lineText)).toEqual([error('t.py', 3, write('b'), 'reportArgumentType')]);
  });

  it('does not count an error that pyright words with Unknown parts on an awaited recursive call', () => {
    const texts: Record<string, string[]> = { 'before/r.py': ['h += self.hash(f)'], 'after/r.py': ['h += await self.hash(f)'] };
    const lineText = (side: 'before' | 'after', file: string, line: number) => texts[`${side}/${file}`]?.[line - 1];
    const before = [error('r.py', 1, 'Operator "+=" not supported for types "bytes" and "bytes | Literal[\'\']"', 'reportOperatorIssue')];
    const after = [error('r.py', 1, 'Operator "+=" not supported for types "bytes | Unknown" and "bytes | Unknown | Literal[\'\']"', 'reportOperatorIssue')];
    expect(addedErrors(before, after, new Set(['r.py']), lineText)).toEqual([]);
    const texts2: Record<string, string[]> = { 'before/s.py': ["assert 'hello' in line"], 'after/s.py': ["assert 'hello' in line"] };
    const lineText2 = (side: 'before' | 'after', file: string, line: number) => texts2[`${side}/${file}`]?.[line - 1];
    expect(addedErrors([error('s.py', 1, 'Operator "in" not supported for types "Literal[\'hello\']" and "Unknown | None"', 'reportOperatorIssue')],
      [error('s.py', 1, 'Operator "in" not supported for types "Literal[\'hello\']" and "Any | None"', 'reportOperatorIssue')], new Set(['s.py']), lineText2)).toEqual([]);
    const other = [error('r.py', 1, 'Operator "+=" not supported for types "str | Unknown" and "bytes"', 'reportOperatorIssue')];
    expect(addedErrors(before, other, new Set(['r.py']), lineText)).toEqual(other);
  });

  it('does not count the wrong return annotation of a generator that turned async (found on httpie)', () => {
    const texts: Record<string, string[]> = { 'before/u.py': ['def mock_env() -> Env:'], 'after/u.py': ['async def mock_env() -> Env:'] };
    const lineText = (side: 'before' | 'after', file: string, line: number) => texts[`${side}/${file}`]?.[line - 1];
    const message = (kind: string, type: string) => `Return type of ${kind} function must be compatible with "${type}"`;
    const detail = (type: string) => `\n  "${type}" is not assignable to "Env"`;
    const before = [error('u.py', 1, message('generator', 'Generator[Env, Any, Any]') + detail('Generator[Env, Any, Any]'), 'reportReturnType')];
    const after = [error('u.py', 1, message('async generator', 'AsyncGenerator[Env, Any]') + detail('AsyncGenerator[Env, Unknown, Unknown]'), 'reportReturnType')];
    expect(addedErrors(before, after, new Set(['u.py']), lineText)).toEqual([]);
    const other = [error('u.py', 1, 'Type "int" is not assignable to return type "Env"', 'reportReturnType')];
    expect(addedErrors(before, other, new Set(['u.py']), lineText)).toEqual(other);
  });

  it('does not count an incompatible override that pyright words with coroutine types once both methods turned async (found on docker-py)', () => {
    const texts: Record<string, string[]> = { 'before/t.py': ['def store(self, server):'], 'after/t.py': ['async def store(self, server):'] };
    const lineText = (side: 'before' | 'after', file: string, line: number) => texts[`${side}/${file}`]?.[line - 1];
    const mismatch = (base: string, override: string) => 'Method "store" overrides class "Store" in an incompatible manner'
      + `\n\u00a0\u00a0Return type mismatch: base method returns type "${base}", override returns type "${override}"`
      + `\n\u00a0\u00a0\u00a0\u00a0"${override}" is not assignable to "${base}"`;
    const before = [error('t.py', 1, mismatch('bytes', 'None'), 'reportIncompatibleMethodOverride')];
    const after = [error('t.py', 1, mismatch('CoroutineType[Any, Any, bytes]', 'CoroutineType[Any, Any, None]')
      + '\n\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0Type parameter "_ReturnT_nd_co@CoroutineType" is covariant, but "None" is not a subtype of "bytes"'
      + '\n\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0"None" is not assignable to "bytes"', 'reportIncompatibleMethodOverride')];
    expect(addedErrors(before, after, new Set(['t.py']), lineText)).toEqual([]);
    const other = [error('t.py', 1, mismatch('CoroutineType[Any, Any, bytes]', 'CoroutineType[Any, Any, str]'), 'reportIncompatibleMethodOverride')];
    expect(addedErrors(before, other, new Set(['t.py']), lineText)).toEqual(other);
  });

  it('adds nothing when the migration only removed or moved errors', () => {
    expect(addedErrors([error('a.py', 1, 'm'), error('a.py', 2, 'n')], [error('a.py', 9, 'n')], new Set(['a.py']))).toEqual([]);
  });

  it('in a file the migration left unchanged, pairs an error reworded on its own line with the same rule', () => {
    const before = [error('same.py', 7, 'overrides class "A"'), error('edited.py', 7, 'overrides class "A"')];
    const after = [error('same.py', 7, 'overrides class "B"'), error('same.py', 8, 'overrides class "B"'), error('edited.py', 7, 'overrides class "B"')];
    expect(addedErrors(before, after, new Set(['edited.py']))).toEqual([error('same.py', 8, 'overrides class "B"'), error('edited.py', 7, 'overrides class "B"')]);
  });
});

describe('pyright messages', () => {
  it('read as in a tree of their own: no module path through the job folder, no absolute path', () => {
    expect(withoutTreeNames('Type "after.pkg.stub.Locale | None" is not assignable to "before.pkg.Locale"', '/job'))
      .toBe('Type "pkg.stub.Locale | None" is not assignable to "pkg.Locale"');
    expect(withoutTreeNames('Import cycle: /job/after/pkg/a.py -> pkg.after.x', '/job')).toBe('Import cycle: pkg/a.py -> pkg.after.x');
  });
});

describe('judgements', () => {
  const passing: Judgement = {
    repo: 'owner/name', lines: 1234, seconds: 1,
    migration: { exitCode: 0, filesChanged: ['a.py'], filesSkipped: 0, blockingCalls: { converted: 3, left: 1 }, reviewItems: { AS101: 2, AS109: 5, AS320: 1, AS402: 1 } },
    internalErrors: [], compileFailures: [], selfCheckFindings: [],
    typeCheck: { before: 4, after: 4, added: [] },
    secondRun: { changed: [], internalErrors: [] },
    tests: {
      before: { passed: 10, failed: 1, errors: 0, failedTests: ['t.py::a'], summary: '', neverAwaited: ['old'] },
      after: { passed: 10, failed: 1, errors: 0, failedTests: ['t.py::a'], summary: '', neverAwaited: ['old'] }, lost: [], unawaited: [],
    },
    failures: [],
  };

  it('passes a repository that meets every judgement', () => {
    expect(failedJudgements(passing)).toEqual([]);
  });

  it('names each failed judgement', () => {
    expect(failedJudgements({
      ...passing,
      internalErrors: ['x.py: internal error'],
      compileFailures: [{ file: 'a.py', error: 'SyntaxError' }],
      selfCheckFindings: [{}, {}],
      typeCheck: { before: 4, after: 5, added: [error('a.py', 1, 'm')] },
      secondRun: { changed: ['a.py'], internalErrors: [] },
      tests: {
        before: passing.tests!.before, after: { passed: 8, failed: 3, errors: 0, failedTests: ['t.py::a', 't.py::b', 't.py::c'], summary: '', neverAwaited: ['old', 'fetch'] },
        lost: ['t.py::b', 't.py::c'], unawaited: ['fetch'],
      },
    })).toEqual(['1 internal error', '1 file not compiling or parsing', '2 self-check findings', '1 new pyright error', 'second run changes 1 file', 'tests passed 10 → 8',
      '1 coroutine never awaited in the suite (fetch)']);
  });

  it('fails a suite that passed nothing before the migration (a manifest to mend)', () => {
    const idle = { passed: 0, failed: 0, errors: 1, failedTests: ['t.py'], summary: '1 error', neverAwaited: [] };
    expect(failedJudgements({ ...passing, tests: { before: idle, after: idle, lost: [] } })).toEqual(['no test passed before the migration (1 error)']);
  });

  it('prints one Markdown row per repository, review items compacted to the most frequent codes', () => {
    expect(compactCodes(passing.migration.reviewItems)).toBe('9 (AS109×5, AS101×2, AS320×1, …)');
    expect(compactCodes({})).toBe('0');
    const table = resultsTable([{ judgement: passing, kind: 'cli' }]).split('\n');
    expect(table).toHaveLength(3);
    expect(table[2]).toBe('| owner/name | cli | 1.2k | 1 | 3 / 1 | 9 (AS109×5, AS101×2, AS320×1, …) | 0 | 0 | 0 | 0 | 0 | 10 → 10 | ok |');
  });

  it('sorts the blocking calls left by kind of first cause, over every repository', () => {
    const left = (cause: string) => ({ file: 'a.py', line: 1, transform: 'time-sleep', cause });
    const withLeft = (repo: string, causes: string[]): { judgement: Judgement } => ({
      judgement: { ...passing, repo, migration: { ...passing.migration, blockingCalls: { converted: 0, left: causes.length, leftCalls: causes.map(left) } } },
    });
    const table = leftCausesTable([
      withLeft('a/one', ['`poll` stays sync: called on a receiver of unknown type at a.py:3', '`Api.__init__` stays sync: __init__ has no async form']),
      withLeft('b/two', ['`job` stays sync: passed to scheduler.add_job at b.py:9, where a sync callable is expected', '`tick` stays sync: called on a receiver of unknown type at b.py:4', 'module-level code: no function to turn async', 'something new', '`main` stays sync: it runs a coroutine on an event loop of its own (asyncio.run at b.py:7), which raises inside a running loop']),
      withLeft('c/three', ['`rmtree` stays sync: git.util.rmtree became async, but the call at test/lib/helper.py:138 does not await it', '`retry.wrapper` stays sync: it is the wrapper of @retry, which turns async with a function it wraps, and every function it wraps stays sync']),
    ]).split('\n');
    expect(table.slice(2)).toEqual([
      '| a receiver of unknown type, in code that stays sync | 2 | 22% | a/one: `poll` stays sync: called on a receiver of unknown type at a.py:3 |',
      '| __init__, __call__ or another method with no async form | 1 | 11% | a/one: `Api.__init__` stays sync: __init__ has no async form |',
      '| a decorator that may call it synchronously, or would cache a coroutine | 1 | 11% | c/three: `retry.wrapper` stays sync: it is the wrapper of @retry, which turns async with a function it wraps, and every function it wraps stays sync |',
      '| a sync framework, library or thread calls it | 1 | 11% | b/two: `job` stays sync: passed to scheduler.add_job at b.py:9, where a sync callable is expected |',
      '| it runs a coroutine on an event loop of its own | 1 | 11% | b/two: `main` stays sync: it runs a coroutine on an event loop of its own (asyncio.run at b.py:7), which raises inside a running loop |',
      '| module-level code | 1 | 11% | b/two: module-level code: no function to turn async |',
      '| other | 1 | 11% | b/two: something new |',
      '| the self-check kept it sync: a caller it cannot make await it, an except clause, or a blocking call it bridges | 1 | 11% | c/three: `rmtree` stays sync: git.util.rmtree became async, but the call at test/lib/helper.py:138 does not await it |',
    ]);
  });
});

describe('the Python side of the judge', () => {
  it('names changed files that no longer parse: Python, TOML and ini-style settings', async () => {
    const tree = makeProject({
      'ok.py': 'async def f():\n    await g()\n', 'bad.py': 'def f():\n    await g()\n',
      'pyproject.toml': '[tool.pytest.ini_options]\nasyncio_mode = "auto"\n', 'bad.toml': '[a]\nx = 1\n[a]\nx = 2\n',
      'setup.cfg': '[tool:pytest]\nasyncio_mode = auto\n', 'pytest.ini': '[pytest]\nasyncio_mode = auto\nasyncio_mode = auto\n',
    });
    const failures = await compileFailures(tree, ['ok.py', 'bad.py', 'pyproject.toml', 'bad.toml', 'setup.cfg', 'pytest.ini']);
    expect(failures.map((failure) => failure.file)).toEqual(['bad.py', 'bad.toml', 'pytest.ini']);
    expect(failures[0].error).toMatch(/^SyntaxError: .*await.* \(line 2\)$/);
  });

  it('counts the outcome of a suite and names its failing tests', async () => {
    const tree = makeProject({ 'test_a.py': 'def test_pass():\n    pass\n\n\ndef test_fail():\n    assert False\n' });
    const outcome = await runSuite(tree, { packages: [], args: ['test_a.py'] });
    expect(outcome).toMatchObject({ passed: 1, failed: 1, errors: 0, failedTests: ['test_a.py::test_fail'] });
  });

  it('names the coroutines Python warns were never awaited while the tests pass (a coroutine is truthy)', async () => {
    const tree = makeProject({ 'test_a.py': 'async def ready():\n    return False\n\n\ndef test_truthy():\n    assert ready()\n\n\ndef test_plain():\n    pass\n' });
    const outcome = await runSuite(tree, { packages: [], args: ['test_a.py'] });
    expect(outcome).toMatchObject({ passed: 2, failed: 0, neverAwaited: ['ready'] });
  });

  it('fails a test that hangs on its own, and goes on with the suite', async () => {
    const tree = makeProject({ 'test_a.py': 'import threading\n\n\ndef test_hangs():\n    threading.Event().wait()\n\n\ndef test_pass():\n    pass\n' });
    const outcome = await runSuite(tree, { packages: [], args: ['test_a.py'] }, 2);
    expect(outcome).toMatchObject({ passed: 1, failed: 1, failedTests: ['test_a.py::test_hangs'] });
  });
});
