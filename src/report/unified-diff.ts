import path from 'node:path';
import { changeBetween, type TextChange } from '../edit/text-changes.js';
import type { FileResult } from '../run.js';
import { hunksOf, type Hunk } from './hunks.js';

const CONTEXT_LINES = 3;

/**
 * A git-style unified diff of one file (`diff --git a/P b/P`, three lines of context) that
 * `git apply` accepts: a CRLF file's lines keep their `\r`, and a last line without a newline gets
 * the `\ No newline at end of file` marker. A `created` file is diffed from `/dev/null` with a
 * `new file mode` line, which `git apply` needs to create it. Empty when nothing changed.
 *
 * `changes` (from the edit stage) say where the texts differ: only those lines are diffed, so the
 * time follows the edits. Without them, the stretch from the first to the last difference is.
 */
export function unifiedDiff(
  relativePath: string,
  before: string,
  after: string,
  options: { created?: boolean; changes?: readonly TextChange[] } = {},
): string {
  if (before === after && !options.created) return '';
  const gitPath = relativePath.split(path.sep).join('/');
  const oldName = quotePathIfNeeded(`a/${gitPath}`);
  const newName = quotePathIfNeeded(`b/${gitPath}`);
  const hunks = hunksOf(before, after, options.changes ?? [changeBetween(before, after)], CONTEXT_LINES);
  const lines = options.created
    ? [`diff --git ${oldName} ${newName}`, 'new file mode 100644', '--- /dev/null', `+++ ${newName}`]
    : [`diff --git ${oldName} ${newName}`, `--- ${oldName}`, `+++ ${newName}`];
  for (const hunk of hunks) lines.push(hunkHeader(hunk), ...hunk.lines);
  return `${lines.join('\n')}\n`;
}

/** The diff of one file of a run ('' when it did not change). */
export function diffOfFile(file: FileResult): string {
  const { outcome } = file;
  return outcome.status === 'changed' ? unifiedDiff(file.relativePath, outcome.before, outcome.after, outcome) : '';
}

/** As git writes it: a count of 1 is left out, and an empty range names the line before it. */
function hunkHeader(hunk: Hunk): string {
  return `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`;
}

function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

/**
 * git's C-style quoting (with its default `core.quotePath`): a path holding control characters,
 * `"`, `\` or non-ASCII bytes is written in double quotes with those bytes escaped.
 */
function quotePathIfNeeded(gitPath: string): string {
  if (!/[\x00-\x1f"\\\x7f-\uffff]/.test(gitPath)) return gitPath;
  let quoted = '"';
  for (const byte of Buffer.from(gitPath, 'utf8')) quoted += escapedByte(byte);
  return `${quoted}"`;
}

const NAMED_ESCAPES: Record<number, string> = {
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

function escapedByte(byte: number): string {
  if (NAMED_ESCAPES[byte]) return NAMED_ESCAPES[byte];
  if (byte >= 0x20 && byte < 0x7f) return String.fromCharCode(byte);
  return `\\${byte.toString(8).padStart(3, '0')}`;
}
