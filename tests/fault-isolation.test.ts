import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeProject, migrateFolder, unawaitedCoroutines, applyMigration } from './helpers/project.js';
import { runCli } from '../src/cli.js';

/**
 * Faults injected at each stage of the pipeline (issue 13): an internal error in one module never
 * aborts the run. That module is left unchanged and named, propagation treats it as opaque, every
 * other file migrates, and nothing that calls into it is left half converted. A broken decision the
 * self-check sees in the output is undone before anything is emitted.
 */
const fault = vi.hoisted(() => ({ stage: '' as '' | 'index' | 'plan' | 'edit' | 'skip-await', file: 'bad.py' }));

vi.mock('../src/analyze/module-index.js', async (original) => {
  const real = await original<typeof import('../src/analyze/module-index.js')>();
  return {
    ...real,
    indexModule: (options: Parameters<typeof real.indexModule>[0]) => {
      if (fault.stage === 'index' && options.file === fault.file) throw new TypeError("Cannot read properties of undefined (reading 'root')");
      return real.indexModule(options);
    },
  };
});

vi.mock('../src/plan/module-edits.js', async (original) => {
  const real = await original<typeof import('../src/plan/module-edits.js')>();
  return {
    ...real,
    planModuleEdits: (options: Parameters<typeof real.planModuleEdits>[0]) => {
      if (fault.stage === 'plan' && options.module.file === fault.file) throw new TypeError("Cannot read properties of undefined (reading 'kind')");
      return real.planModuleEdits(options);
    },
  };
});

vi.mock('../src/edit/apply-edits.js', async (original) => {
  const real = await original<typeof import('../src/edit/apply-edits.js')>();
  const { InternalError } = await import('../src/errors.js');
  return {
    ...real,
    applyEdits: (...args: Parameters<typeof real.applyEdits>) => {
      if (fault.stage === 'edit' && args[3] === fault.file) throw new InternalError(`${fault.file}: MagicStringError: index 9999 is out of bounds`);
      return real.applyEdits(...args);
    },
  };
});

// A planner bug that forgets to await one call: the self-check must see the un-awaited coroutine.
vi.mock('../src/plan/call-rewrites.js', async (original) => {
  const real = await original<typeof import('../src/plan/call-rewrites.js')>();
  return {
    ...real,
    awaitCall: (site: Parameters<typeof real.awaitCall>[0]) => (fault.stage === 'skip-await' && site.line === 5 ? [] : real.awaitCall(site)),
  };
});

afterEach(() => {
  fault.stage = '';
});

const PROJECT = {
  'pkg/__init__.py': '',
  'pkg/net.py': 'import time\n\n\ndef fetch(n):\n    time.sleep(0)\n    return n\n',
  'pkg/bad.py': 'from .net import fetch\n\n\ndef total():\n    return fetch(1) + fetch(2)\n',
  'pkg/good.py': 'import time\n\nfrom .net import fetch\nfrom .bad import total\n\n\ndef report():\n    time.sleep(0)\n    return fetch(3), total()\n',
};

describe('an internal error in one module', () => {
  it('while indexing: the module is named and left unchanged, and what it names stays sync', () => {
    fault.stage = 'index';
    fault.file = 'pkg/bad.py';
    const root = makeProject(PROJECT);
    const migration = migrateFolder(root);
    const bad = migration.result.files.find((file) => file.relativePath === 'pkg/bad.py')!;
    expect(bad.outcome.status).toBe('failed');
    expect(bad.outcome.status === 'failed' && bad.outcome.reason).toMatch(/^pkg\/bad\.py: internal error while indexing \(Cannot read properties of undefined \(reading 'root'\)\); left unchanged/);
    // bad.py calls fetch, unseen: fetch stays sync; good.py runs it in a thread instead of awaiting it.
    expect(migration.after['pkg/net.py']).toBeUndefined();
    expect(migration.after['pkg/good.py']).toContain('    await asyncio.sleep(0)\n    return await asyncio.to_thread(fetch, 3), total()');
    fault.stage = '';
    applyMigration(root, migration);
    expect(unawaitedCoroutines(root)).toEqual([]);
  });

  it('while planning: the module is named and left unchanged, and its callers run its functions in a thread', () => {
    fault.stage = 'plan';
    fault.file = 'pkg/bad.py';
    const root = makeProject(PROJECT);
    const migration = migrateFolder(root);
    const bad = migration.result.files.find((file) => file.relativePath === 'pkg/bad.py')!;
    expect(bad.outcome.status === 'failed' && bad.outcome.reason).toMatch(/internal error while planning/);
    expect(migration.after['pkg/bad.py']).toBeUndefined();
    // total stays sync, and so does fetch, which it calls; good.py runs both in a thread.
    expect(migration.after['pkg/net.py']).toBeUndefined();
    expect(migration.after['pkg/good.py']).toContain('return await asyncio.to_thread(fetch, 3), await asyncio.to_thread(total)');
    expect(migration.result.reviews.map((item) => item.message).join('\n')).toContain('pkg.bad.total stays sync (pkg/bad.py: internal error while planning');
  });

  it('while editing: the module is named and left unchanged, the run goes on and exits 2', async () => {
    fault.stage = 'edit';
    fault.file = 'pkg/bad.py';
    const root = makeProject(PROJECT);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['migrate', root, '--verbose'], { stdout: (text) => out.push(text), stderr: (text) => err.push(text) });
    expect(code).toBe(2);
    expect(err.join('')).toContain('pkg/bad.py: internal error while editing (MagicStringError: index 9999 is out of bounds); left unchanged');
    expect(err.join('')).toMatch(/at applyEdits/); // the stack trace, with --verbose
    expect(out.join('')).toContain('+++ b/pkg/good.py');
    expect(out.join('')).not.toContain('+++ b/pkg/bad.py');
  });
});

describe('the whole-output self-check', () => {
  it('undoes a decision whose output leaves a coroutine un-awaited, and emits code where every coroutine is awaited', () => {
    fault.stage = 'skip-await';
    const root = makeProject(PROJECT);
    const migration = migrateFolder(root);
    // bad.py line 5 (`fetch(1) + fetch(2)`) lost its awaits: fetch is kept sync instead, everywhere.
    expect(migration.result.verification.undone.map((item) => item.undo)).toContainEqual({ kind: 'pin', fn: 'pkg.net:fetch' });
    expect(migration.result.verification.findings).toEqual([]);
    expect(migration.after['pkg/net.py']).toBeUndefined();
    expect(migration.result.reviews.map((item) => item.message).join('\n')).toContain('pkg.net.fetch became async, but the call at pkg/bad.py:5 does not await it');
    applyMigration(root, migration);
    expect(unawaitedCoroutines(root)).toEqual([]);
  });
});
