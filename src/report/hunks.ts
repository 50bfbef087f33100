import { diffArrays } from 'diff';
import type { TextChange } from '../edit/text-changes.js';

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** ` `, `-` or `+` and the line without its `\n` (a `\r` stays); `\ No newline at end of file` after a last line. */
  lines: string[];
}

/**
 * How far (in equal lines) a change may slide. A whole-file diff puts an inserted block after the
 * equal lines it can follow (a blank line inserted before blank lines goes after them); a window of
 * this many lines after each change lets the local diff do the same.
 */
const SLIDE = 50;
/** Beyond this many lines, a window is diffed in linear time: its common first and last lines, the rest replaced. */
const LARGEST_EXACT_WINDOW = 4000;

/**
 * Unified-diff hunks (as `diff`'s structuredPatch makes them) of the lines touched by `changes`:
 * only the changed stretches are diffed, so the cost follows the edits, not the file's length.
 * `changes` must cover every difference between `before` and `after`, in order, without overlap.
 */
export function hunksOf(before: string, after: string, changes: readonly TextChange[], context: number): Hunk[] {
  const oldLines = new Lines(before);
  const components = diffComponents(oldLines, after, lineRegions(oldLines, changes));
  return hunksFromComponents(components, oldLines, context);
}

/** Line starts of a text; line i spans [starts[i], starts[i + 1]) and keeps its `\n` (or `\r\n`). */
class Lines {
  readonly starts: number[] = [0];
  readonly count: number;

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    const endsWithNewline = this.starts[this.starts.length - 1] === text.length;
    this.count = endsWithNewline ? this.starts.length - 1 : this.starts.length;
    if (!endsWithNewline) this.starts.push(text.length);
  }

  /** The line holding `offset` (the last line for an offset at the very end). */
  lineOf(offset: number): number {
    let low = 0;
    let high = Math.max(0, this.count - 1);
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  slice(from: number, to: number): string[] {
    const lines: string[] = [];
    for (let i = from; i < to; i++) lines.push(this.text.slice(this.starts[i], this.starts[i + 1]));
    return lines;
  }
}

/** Whole old lines [start, end) that changed, and where their text is in `after`. */
interface LineRegion {
  start: number;
  end: number;
  newText: { start: number; end: number };
}

function lineRegions(lines: Lines, changes: readonly TextChange[]): LineRegion[] {
  const regions: LineRegion[] = [];
  for (const change of changes) {
    const start = lines.lineOf(change.oldStart);
    const end = Math.min(lines.count, lines.lineOf(change.oldEnd) + 1);
    // Text around the change is equal in both files: the region's ends move with the change.
    const shift = change.newStart - change.oldStart;
    const growth = (change.newEnd - change.newStart) - (change.oldEnd - change.oldStart);
    const previous = regions[regions.length - 1];
    // Touching lines make one block of changed lines, as a whole-file diff reports them.
    if (previous && start <= previous.end) {
      previous.end = Math.max(previous.end, end);
      previous.newText.end = lines.starts[previous.end] + shift + growth;
    } else {
      regions.push({ start, end, newText: { start: lines.starts[start] + shift, end: lines.starts[end] + shift + growth } });
    }
  }
  return regions;
}

type Component =
  /** Old lines [from, from + count), equal in both files. */
  | { kind: 'equal'; from: number; count: number }
  | { kind: 'removed' | 'added'; lines: string[] };

/** The line diff of the whole file: equal runs between the regions, each region (and what follows it) diffed. */
function diffComponents(oldLines: Lines, after: string, regions: LineRegion[]): Component[] {
  const components: Component[] = [];
  const equal = (from: number, to: number) => {
    if (to <= from) return;
    const last = components[components.length - 1];
    if (last?.kind === 'equal' && last.from + last.count === from) last.count += to - from;
    else components.push({ kind: 'equal', from, count: to - from });
  };
  let done = 0;
  for (let first = 0; first < regions.length;) {
    // One window: regions close enough for a change to slide from one to the next, and SLIDE lines after.
    let last = first;
    while (last + 1 < regions.length && regions[last + 1].start - regions[last].end <= SLIDE) last++;
    const start = regions[first].start;
    const end = Math.min(oldLines.count, regions[last].end + SLIDE);
    const trailing = oldLines.starts[end] - oldLines.starts[regions[last].end];
    const newText = after.slice(regions[first].newText.start, regions[last].newText.end + trailing);
    equal(done, start);
    let oldLine = start;
    for (const part of diffWindow(oldLines.slice(start, end), splitLines(newText))) {
      if (part.kind === 'equal') {
        equal(oldLine, oldLine + part.count);
        oldLine += part.count;
      } else {
        components.push(part);
        if (part.kind === 'removed') oldLine += part.lines.length;
      }
    }
    done = end;
    first = last + 1;
  }
  equal(done, oldLines.count);
  return components;
}

type WindowPart = { kind: 'equal'; count: number } | { kind: 'removed' | 'added'; lines: string[] };

function diffWindow(before: string[], after: string[]): WindowPart[] {
  const parts: WindowPart[] = [];
  const push = (kind: WindowPart['kind'], lines: string[]) => {
    if (lines.length === 0) return;
    parts.push(kind === 'equal' ? { kind, count: lines.length } : { kind, lines });
  };
  const shared = new Set(before);
  if (!after.some((line) => shared.has(line))) {
    push('removed', before);
    push('added', after);
    return parts;
  }
  if (before.length + after.length > LARGEST_EXACT_WINDOW) {
    let head = 0;
    while (head < before.length && head < after.length && before[head] === after[head]) head++;
    let tail = 0;
    while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
    push('equal', before.slice(0, head));
    push('removed', before.slice(head, before.length - tail));
    push('added', after.slice(head, after.length - tail));
    push('equal', before.slice(before.length - tail));
    return parts;
  }
  for (const change of diffArrays(before, after)) push(change.added ? 'added' : change.removed ? 'removed' : 'equal', change.value);
  return parts;
}

function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
    lines.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** structuredPatch's hunk making (diff/libesm/patch/create.js), over equal runs that are never copied whole. */
function hunksFromComponents(components: Component[], oldLines: Lines, context: number): Hunk[] {
  const hunks: Hunk[] = [];
  const contextLines = (from: number, to: number) => oldLines.slice(from, to).map((line) => ` ${line}`);
  let oldRangeStart = 0;
  let newRangeStart = 0;
  let current: string[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (let i = 0; i <= components.length; i++) {
    const component: Component = components[i] ?? { kind: 'equal', from: oldLines.count, count: 0 };
    if (component.kind !== 'equal') {
      if (!oldRangeStart) {
        const previous = components[i - 1];
        oldRangeStart = oldLine;
        newRangeStart = newLine;
        if (previous?.kind === 'equal') {
          const size = Math.min(context, previous.count);
          current = contextLines(previous.from + previous.count - size, previous.from + previous.count);
          oldRangeStart -= size;
          newRangeStart -= size;
        }
      }
      for (const line of component.lines) current.push((component.kind === 'added' ? '+' : '-') + line);
      if (component.kind === 'added') newLine += component.lines.length;
      else oldLine += component.lines.length;
      continue;
    }
    if (oldRangeStart) {
      if (component.count <= context * 2 && i < components.length - 1) {
        current.push(...contextLines(component.from, component.from + component.count));
      } else {
        const size = Math.min(component.count, context);
        current.push(...contextLines(component.from, component.from + size));
        hunks.push({
          oldStart: oldRangeStart,
          oldLines: oldLine - oldRangeStart + size,
          newStart: newRangeStart,
          newLines: newLine - newRangeStart + size,
          lines: current,
        });
        oldRangeStart = 0;
        newRangeStart = 0;
        current = [];
      }
    }
    oldLine += component.count;
    newLine += component.count;
  }
  for (const hunk of hunks) hunk.lines = hunk.lines.flatMap((line) => line.endsWith('\n') ? [line.slice(0, -1)] : [line, '\\ No newline at end of file']);
  return hunks;
}
