import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export interface WriteAtomicOptions {
  /**
   * The file's content when it was read: if it reads differently just before the rename (an editor
   * saved it meanwhile), nothing is written and FileChangedError says so.
   */
  expected?: string;
  /** Test seam: runs at the last moment before the checks and the rename. */
  beforeRename?: () => void | Promise<void>;
}

/** The file changed after asyncshift read it: its new content is kept. */
export class FileChangedError extends Error {
  readonly code = 'ECHANGED';

  constructor(filePath: string) {
    super(`${filePath} changed after it was read`);
  }
}

/**
 * Replaces `filePath` with `content` so that a reader, or a crash, sees either the old file or the
 * new one, never half of it: the content goes to a temporary file in the same folder (a rename is
 * atomic only within one file system), is flushed to disk, takes the original's mode, then is
 * renamed over the original. On failure the temporary file is removed, the original is untouched,
 * and the error propagates. A symbolic link is written through, so the link stays a link.
 * A file that does not exist yet is created with the default mode. With `expected`, a file that no
 * longer holds what was read is left as it now is.
 */
export async function writeFileAtomic(filePath: string, content: string, options: WriteAtomicOptions = {}): Promise<void> {
  const target = await resolveSymlinks(path.resolve(filePath));
  const original = await stat(target).catch(ignoreMissing);
  const temporary = temporaryPathBeside(target);
  try {
    await writeDurably(temporary, content, original);
    await options.beforeRename?.();
    // Checked as late as it can be: a save between this read and the rename is not detectable.
    if (options.expected !== undefined && !(await readFile(target).catch(ignoreMissing))?.equals(Buffer.from(options.expected, 'utf8'))) {
      throw new FileChangedError(filePath);
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(path.dirname(target));
}

async function resolveSymlinks(filePath: string): Promise<string> {
  return (await realpath(filePath).catch(ignoreMissing)) ?? filePath;
}

function temporaryPathBeside(filePath: string): string {
  const unique = `${process.pid}-${randomBytes(6).toString('hex')}`;
  return path.join(path.dirname(filePath), `.${path.basename(filePath)}.asyncshift-${unique}.tmp`);
}

/** `wx`: never reuse a file someone else created under the same name. */
async function writeDurably(temporary: string, content: string, original: Stats | undefined): Promise<void> {
  const handle = await open(temporary, 'wx', 0o666);
  try {
    await handle.writeFile(content, 'utf8');
    if (original) await keepOwnershipAndMode(handle, original);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

type FileHandle = Awaited<ReturnType<typeof open>>;

/** Only root can give a file away; for anyone else the new file already has the right owner. */
async function keepOwnershipAndMode(handle: FileHandle, original: Stats): Promise<void> {
  if (process.getuid?.() === 0) await handle.chown(original.uid, original.gid);
  await handle.chmod(original.mode & 0o7777);
}

/** Makes the rename itself durable; some platforms cannot open or sync a folder, which is harmless. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT') return undefined;
  throw error;
}
