import MagicString from 'magic-string';
import { InternalError } from '../errors.js';
import type { Edit } from '../plan/edits.js';
import { withLineEnding, type LineEnding } from '../parse/source-text.js';
import { changeBetween, type TextChange } from './text-changes.js';

export interface EditedText {
  text: string;
  /** Where the text changed, in order: a diff needs to look nowhere else. */
  changes: TextChange[];
}

/**
 * Applies range edits with magic-string. Replacements go first, then insertions (appendLeft keeps an
 * insertion next to a replacement that starts or ends at the same index). Two replacements that
 * overlap, or an insertion strictly inside a replacement, are a bug in asyncshift: never dropped.
 */
export function applyEdits(text: string, edits: readonly Edit[], lineEnding: LineEnding, file: string): EditedText {
  const replacements = edits.filter((edit) => edit.end > edit.start).sort((a, b) => a.start - b.start);
  const unique = dedupe(replacements);
  const insertions = sortInsertions(edits.filter((edit) => edit.end === edit.start && !indentsJoinedLine(edit, text, unique)));
  for (let i = 1; i < unique.length; i++) {
    if (unique[i].start < unique[i - 1].end) {
      throw new InternalError(`${file}: overlapping edits at ${unique[i - 1].start}-${unique[i - 1].end} and ${unique[i].start}-${unique[i].end}`);
    }
  }
  for (const insertion of insertions) {
    const inside = unique.find((edit) => insertion.start > edit.start && insertion.start < edit.end);
    if (inside) throw new InternalError(`${file}: an insertion at ${insertion.start} falls inside the edit ${inside.start}-${inside.end}`);
  }
  const magic = new MagicString(text);
  for (const edit of unique) {
    if (edit.text === '') magic.remove(edit.start, edit.end);
    else magic.overwrite(edit.start, edit.end, withLineEnding(edit.text, lineEnding));
  }
  for (const insertion of insertions) magic.appendLeft(insertion.start, withLineEnding(insertion.text, lineEnding));
  const edited = magic.toString();
  return { text: edited, changes: changedStretches(text, edited, [...unique, ...insertions], lineEnding) };
}

/**
 * Indentation for a line whose newline a deletion removes (`url,\n        verify=False` taken out of a
 * call that moves into an `async with`): what is left of that line joins the line before, and has no
 * indentation of its own to move.
 */
function indentsJoinedLine(insertion: Edit, text: string, replacements: readonly Edit[]): boolean {
  if (text[insertion.start - 1] !== '\n' || !/^[ \t]+$/.test(insertion.text)) return false;
  return replacements.some((edit) => edit.text === '' && edit.start < insertion.start && insertion.start < edit.end);
}

/**
 * Edits that touch merged into stretches, placed in both texts. Checked against the texts (the parts
 * between stretches must be equal), so a diff built from them can be trusted; when they do not add
 * up, the one stretch from the first to the last difference is given instead.
 */
function changedStretches(before: string, after: string, edits: readonly Edit[], lineEnding: LineEnding): TextChange[] {
  const ordered = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const changes: TextChange[] = [];
  let shift = 0;
  for (const edit of ordered) {
    const length = withLineEnding(edit.text, lineEnding).length;
    const previous = changes[changes.length - 1];
    if (previous && edit.start <= previous.oldEnd) {
      previous.oldEnd = Math.max(previous.oldEnd, edit.end);
      previous.newEnd += length;
    } else {
      changes.push({ oldStart: edit.start, oldEnd: edit.end, newStart: edit.start + shift, newEnd: edit.start + shift + length });
    }
    shift += length - (edit.end - edit.start);
  }
  let oldDone = 0;
  let newDone = 0;
  for (const change of changes) {
    if (change.oldStart - oldDone !== change.newStart - newDone || before.slice(oldDone, change.oldStart) !== after.slice(newDone, change.newStart)) return [changeBetween(before, after)];
    oldDone = change.oldEnd;
    newDone = change.newEnd;
  }
  if (before.length - oldDone !== after.length - newDone || before.slice(oldDone) !== after.slice(newDone)) return [changeBetween(before, after)];
  return changes;
}

/** Identical replacements proposed twice (two sites asking for one change) collapse into one. */
function dedupe(replacements: Edit[]): Edit[] {
  const result: Edit[] = [];
  for (const edit of replacements) {
    const previous = result.at(-1);
    if (previous && previous.start === edit.start && previous.end === edit.end && previous.text === edit.text) continue;
    result.push(edit);
  }
  return result;
}

/**
 * Insertions at one index: the parts of two nested constructs by nesting, outer opening first
 * (`await (await asyncio.to_thread(f, x)).g()`, whichever conversion wrote each); others by
 * `order`, then nesting.
 */
function sortInsertions(insertions: Edit[]): Edit[] {
  const seen = new Set<string>();
  const unique = insertions.filter((edit) => {
    if (!edit.key) return true;
    if (seen.has(edit.key)) return false;
    seen.add(edit.key);
    return true;
  });
  return unique
    .map((edit, position) => ({ edit, position }))
    .sort((a, b) => a.edit.start - b.edit.start
      || (a.edit.role && b.edit.role && a.edit.nest !== b.edit.nest ? nestingRank(a.edit) - nestingRank(b.edit) : 0)
      || (a.edit.order ?? 50) - (b.edit.order ?? 50)
      || nestingRank(a.edit) - nestingRank(b.edit)
      || a.position - b.position)
    .map(({ edit }) => edit);
}

function nestingRank(edit: Edit): number {
  const nest = edit.nest ?? 0;
  return edit.role === 'close' ? nest : -nest;
}
