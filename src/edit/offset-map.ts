import type { Edit } from '../plan/edits.js';
import { withLineEnding, type LineEnding } from '../parse/source-text.js';

/**
 * Maps offsets in an edited text back to the original, from the edits that made it: an offset inside
 * inserted or replacing text maps to where that edit starts in the original. Used to trace a problem
 * found in the output back to the conversion that wrote it.
 */
export class OffsetMap {
  /** Edits by original start, with where their text lands in the output. */
  private readonly placed: { start: number; end: number; outputStart: number; outputEnd: number }[] = [];

  constructor(edits: readonly Edit[], lineEnding: LineEnding) {
    const sorted = [...edits].sort((a, b) => a.start - b.start || (a.end - a.start) - (b.end - b.start));
    let delta = 0;
    for (const edit of sorted) {
      const outputStart = edit.start + delta;
      delta += withLineEnding(edit.text, lineEnding).length - (edit.end - edit.start);
      this.placed.push({ start: edit.start, end: edit.end, outputStart, outputEnd: edit.end + delta });
    }
  }

  toOriginal(outputOffset: number): number {
    let delta = 0;
    for (const edit of this.placed) {
      if (outputOffset < edit.outputStart) break;
      if (outputOffset < edit.outputEnd) return edit.start;
      delta = edit.outputEnd - edit.end;
    }
    return outputOffset - delta;
  }

  /** Whether the output at this offset is text an edit wrote. */
  inserted(outputOffset: number): boolean {
    return this.placed.some((edit) => edit.outputStart <= outputOffset && outputOffset < edit.outputEnd);
  }
}
