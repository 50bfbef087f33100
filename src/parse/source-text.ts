/**
 * The one place that owns offsets.
 *
 * tree-sitter's Node binding, fed a JavaScript string, reports `startIndex` / `endIndex` in UTF-16
 * code units, which are also the indices magic-string uses. So every span in asyncshift is a UTF-16
 * index into the file's text *without* its BOM. Other tools (ast-grep, the C API) speak UTF-8
 * bytes and people speak lines and characters: convert here, nowhere else.
 */

import { lineAt, lineStartsOf } from './line-starts.js';

const BOM = '\uFEFF';

export type LineEnding = '\n' | '\r\n';

export class SourceText {
  readonly text: string;
  readonly hasBom: boolean;
  readonly lineEnding: LineEnding;
  private lineStarts: number[] | undefined;

  constructor(raw: string) {
    this.hasBom = raw.startsWith(BOM);
    this.text = this.hasBom ? raw.slice(BOM.length) : raw;
    this.lineEnding = detectLineEnding(this.text);
  }

  /** The file's content as it should be written: BOM restored. */
  static serialize(text: string, hasBom: boolean): string {
    return hasBom ? BOM + text : text;
  }

  /** 1-based line and 1-based column counted in Unicode code points, as an editor shows them. */
  position(index: number): { line: number; column: number } {
    const starts = this.getLineStarts();
    const line = lineAt(starts, index);
    const lineText = this.text.slice(starts[line], index);
    return { line: line + 1, column: [...lineText].length + 1 };
  }

  /** The UTF-8 byte offset of a UTF-16 index, for tools that speak bytes. */
  utf8Offset(index: number): number {
    return Buffer.byteLength(this.text.slice(0, index), 'utf8');
  }

  /** The UTF-16 index of a UTF-8 byte offset. */
  indexOfUtf8Offset(byteOffset: number): number {
    const bytes = Buffer.from(this.text, 'utf8');
    return bytes.subarray(0, byteOffset).toString('utf8').length;
  }

  /** The whitespace that starts the line holding `index`. */
  indentationAt(index: number): string {
    const lineStart = this.text.lastIndexOf('\n', index - 1) + 1;
    const match = /^[ \t]*/.exec(this.text.slice(lineStart, index + 1));
    return match ? match[0] : '';
  }

  /** Index of the start of the line holding `index`. */
  lineStartOf(index: number): number {
    return this.text.lastIndexOf('\n', index - 1) + 1;
  }

  /** Index just past the line break that ends the line holding `index` (or the end of text). */
  lineEndAfter(index: number): number {
    const newline = this.text.indexOf('\n', index);
    return newline === -1 ? this.text.length : newline + 1;
  }

  private getLineStarts(): number[] {
    return this.lineStarts ??= lineStartsOf(this.text);
  }
}

function detectLineEnding(text: string): LineEnding {
  const firstNewline = text.indexOf('\n');
  return firstNewline > 0 && text[firstNewline - 1] === '\r' ? '\r\n' : '\n';
}

/** Inserted code is written with `\n`; a CRLF file gets CRLF in what we add too. */
export function withLineEnding(inserted: string, lineEnding: LineEnding): string {
  return lineEnding === '\n' ? inserted : inserted.replace(/\r?\n/g, '\r\n');
}
