import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileChangedError, writeFileAtomic } from '../src/emit/write-atomic.js';

describe('writeFileAtomic', () => {
  let folder: string;
  beforeEach(() => {
    folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'asyncshift-write-')));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('replaces the content and leaves no temporary file', async () => {
    const file = path.join(folder, 'app.py');
    writeFileSync(file, 'import time\n');
    await writeFileAtomic(file, 'import asyncio\n# é 😀\r\n');
    expect(readFileSync(file, 'utf8')).toBe('import asyncio\n# é 😀\r\n');
    expect(readdirSync(folder)).toEqual(['app.py']);
  });

  it('keeps the original mode', async () => {
    const file = path.join(folder, 'tool.py');
    writeFileSync(file, '#!/usr/bin/env python3\n');
    chmodSync(file, 0o755);
    await writeFileAtomic(file, '#!/usr/bin/env python3\nprint(1)\n');
    expect(statSync(file).mode & 0o7777).toBe(0o755);
    chmodSync(file, 0o640);
    await writeFileAtomic(file, 'x = 1\n');
    expect(statSync(file).mode & 0o7777).toBe(0o640);
  });

  it('leaves the original intact and removes the temporary file when the write fails', async () => {
    const file = path.join(folder, 'app.py');
    writeFileSync(file, 'original\n');
    chmodSync(file, 0o755);
    let temporaryFiles: string[] = [];
    const failure = writeFileAtomic(file, 'new\n', {
      beforeRename: () => {
        temporaryFiles = readdirSync(folder).filter((name) => name !== 'app.py');
        throw new Error('disk on fire');
      },
    });
    await expect(failure).rejects.toThrow('disk on fire');
    expect(temporaryFiles).toHaveLength(1);
    expect(temporaryFiles[0]).toMatch(/^\.app\.py\.asyncshift-\d+-[0-9a-f]+\.tmp$/);
    expect(readFileSync(file, 'utf8')).toBe('original\n');
    expect(statSync(file).mode & 0o7777).toBe(0o755);
    expect(readdirSync(folder)).toEqual(['app.py']);
  });

  it('keeps a file that changed after it was read, and says so', async () => {
    const file = path.join(folder, 'app.py');
    writeFileSync(file, 'as read\n');
    const failure = writeFileAtomic(file, 'migrated\n', { expected: 'as read\n', beforeRename: () => writeFileSync(file, 'saved by an editor\n') });
    await expect(failure).rejects.toBeInstanceOf(FileChangedError);
    expect(readFileSync(file, 'utf8')).toBe('saved by an editor\n');
    expect(readdirSync(folder)).toEqual(['app.py']);
    await writeFileAtomic(file, 'migrated\n', { expected: 'saved by an editor\n' });
    expect(readFileSync(file, 'utf8')).toBe('migrated\n');
  });

  it('writes the complete content to the temporary file before renaming it', async () => {
    const file = path.join(folder, 'app.py');
    writeFileSync(file, 'old\n');
    let staged = '';
    await writeFileAtomic(file, 'new content\n', {
      beforeRename: () => {
        const temporary = readdirSync(folder).find((name) => name.endsWith('.tmp'));
        staged = readFileSync(path.join(folder, temporary ?? ''), 'utf8');
        expect(readFileSync(file, 'utf8')).toBe('old\n');
      },
    });
    expect(staged).toBe('new content\n');
    expect(readFileSync(file, 'utf8')).toBe('new content\n');
  });

  it('propagates a failure to create the temporary file', async () => {
    const file = path.join(folder, 'missing-folder', 'app.py');
    await expect(writeFileAtomic(file, 'x\n')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('creates a file that does not exist yet', async () => {
    const file = path.join(folder, 'pytest.ini');
    await writeFileAtomic(file, '[pytest]\nasyncio_mode = auto\n');
    expect(readFileSync(file, 'utf8')).toBe('[pytest]\nasyncio_mode = auto\n');
    expect(readdirSync(folder)).toEqual(['pytest.ini']);
  });

  it('writes through a symbolic link, which stays a link', async () => {
    const target = path.join(folder, 'real.py');
    const link = path.join(folder, 'link.py');
    writeFileSync(target, 'old\n');
    symlinkSync('real.py', link);
    await writeFileAtomic(link, 'new\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real.py');
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(readdirSync(folder).sort()).toEqual(['link.py', 'real.py']);
  });
});
