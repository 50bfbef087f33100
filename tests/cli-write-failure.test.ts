import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli, type Io } from '../src/cli.js';
import { makeProject } from './helpers/project.js';

/** What happens while a file is being written (a Ctrl-C), set by a test. */
let duringWrite: (() => void) | undefined;

const SAVED_MEANWHILE = 'def nap():\n    pass  # saved by an editor while asyncshift ran\n';

// The disk refuses one file (as a full disk or a read-only folder would); an editor saves another
// just before asyncshift writes it; the real write for the rest.
vi.mock('../src/emit/write-atomic.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/emit/write-atomic.js')>();
  return {
    ...real,
    writeFileAtomic: async (file: string, content: string, options?: import('../src/emit/write-atomic.js').WriteAtomicOptions) => {
      if (file.endsWith('refused.py')) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      if (file.endsWith('edited.py')) fs.writeFileSync(file, SAVED_MEANWHILE);
      duringWrite?.();
      return real.writeFileAtomic(file, content, options);
    },
  };
});

const SLEEPY = 'import time\n\n\ndef nap():\n    time.sleep(0)\n';

/** `asyncshift migrate ROOT --write` on a project of sleepy modules, with what it printed on stderr. */
async function migrateWriting(names: string[], io: Partial<Io> = {}): Promise<{ root: string; code: number; stderr: () => string }> {
  const root = makeProject(Object.fromEntries(names.map((name) => [name, SLEEPY])));
  let stderr = '';
  const code = await runCli(['migrate', root, '--write'], { stdout: () => {}, stderr: (text) => { stderr += text; }, ...io });
  return { root, code, stderr: () => stderr };
}

describe('asyncshift migrate --write when a write fails', () => {
  it('names the file in one line, leaves it as it was, writes the others and exits 2', async () => {
    const { root, code, stderr } = await migrateWriting(['refused.py', 'fine.py']);
    expect(code).toBe(2);
    expect(stderr()).toContain('asyncshift: refused.py: cannot write (ENOSPC), left unchanged\n');
    expect(fs.readFileSync(path.join(root, 'refused.py'), 'utf8')).toBe(SLEEPY);
    expect(fs.readFileSync(path.join(root, 'fine.py'), 'utf8')).toContain('async def nap():');
  });

  it('keeps a file saved while it ran, names it, and exits 2', async () => {
    const { root, code, stderr } = await migrateWriting(['edited.py', 'fine.py']);
    expect(code).toBe(2);
    expect(stderr()).toContain('asyncshift: edited.py: changed while asyncshift ran, left as it now is (run again to migrate it)\n');
    expect(fs.readFileSync(path.join(root, 'edited.py'), 'utf8')).toBe(SAVED_MEANWHILE);
    expect(fs.readFileSync(path.join(root, 'fine.py'), 'utf8')).toContain('async def nap():');
  });

  it('on Ctrl-C while writing, finishes the file in hand, leaves the others as they were and exits 130', async () => {
    let listening = false;
    const onInterrupt = (handler: () => void) => {
      listening = true;
      // Ctrl-C arrives while the first file is being written.
      duringWrite = handler;
      return () => { listening = false; };
    };
    const { root, code, stderr } = await migrateWriting(['a.py', 'b.py', 'c.py'], { onInterrupt });
    duringWrite = undefined;
    expect(code).toBe(130);
    expect(listening).toBe(false);
    expect(stderr()).toContain('asyncshift: interrupted: 1 of 3 files written, the others left unchanged (run again to finish)\n');
    const texts = ['a.py', 'b.py', 'c.py'].map((name) => fs.readFileSync(path.join(root, name), 'utf8'));
    expect(texts.filter((text) => text.includes('async def nap():'))).toHaveLength(1);
    expect(texts.filter((text) => text === SLEEPY)).toHaveLength(2);
    expect(fs.readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
