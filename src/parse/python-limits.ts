import type { SyntaxProblem } from './syntax-gate.js';

/** CPython's tokenizer limits (Parser/tokenizer.c: MAXLEVEL, MAXINDENT). */
const MAX_NESTED_BRACKETS = 200;
const MAX_INDENT_LEVELS = 99;

const TAB_SIZE = 8;

/**
 * Where a file exceeds a nesting limit of Python's own tokenizer: more than 200 open brackets, or
 * more than 99 levels of indentation. tree-sitter parses such files, but Python refuses them (so
 * they are not edited), and their trees are deeper than anything worth walking. One pass over the
 * text, reading strings and comments as opaque, as the tokenizer does.
 */
export function findNestingBeyondPython(text: string): SyntaxProblem | undefined {
  let brackets = 0;
  const indents = [0];
  let lineStart = true;
  for (let i = 0; i < text.length;) {
    if (lineStart) {
      lineStart = false;
      let column = 0;
      let j = i;
      for (; j < text.length; j++) {
        const c = text.charCodeAt(j);
        if (c === 0x20) column++;
        else if (c === 0x09) column = (Math.floor(column / TAB_SIZE) + 1) * TAB_SIZE;
        else if (c === 0x0c) column = 0;
        else break;
      }
      const next = text.charCodeAt(j);
      const blank = j >= text.length || next === 0x0a || next === 0x0d || next === 0x23; // '#'
      if (!blank) {
        if (column > indents[indents.length - 1]) {
          if (indents.length > MAX_INDENT_LEVELS) return { index: j, message: 'too many levels of indentation' };
          indents.push(column);
        } else {
          while (column < indents[indents.length - 1]) indents.pop();
        }
      }
      i = j;
      continue;
    }
    const c = text.charCodeAt(i);
    switch (c) {
      case 0x23: // '#': a comment runs to the end of the line
        while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
        continue;
      case 0x22: // '"'
      case 0x27: // "'"
        i = endOfString(text, i);
        continue;
      case 0x5c: // '\\': an explicit line join
        i += text.charCodeAt(i + 1) === 0x0d && text.charCodeAt(i + 2) === 0x0a ? 3 : 2;
        continue;
      case 0x28: // '('
      case 0x5b: // '['
      case 0x7b: // '{'
        if (brackets >= MAX_NESTED_BRACKETS) return { index: i, message: 'too many nested parentheses' };
        brackets++;
        break;
      case 0x29: // ')'
      case 0x5d: // ']'
      case 0x7d: // '}'
        if (brackets > 0) brackets--;
        break;
      case 0x0a: // '\n': inside brackets, the logical line goes on
        lineStart = brackets === 0;
        break;
    }
    i++;
  }
  return undefined;
}

/** Index just past the string literal whose opening quote is at `start` (prefix letters need no care). */
function endOfString(text: string, start: number): number {
  const quote = text.charCodeAt(start);
  const triple = text.charCodeAt(start + 1) === quote && text.charCodeAt(start + 2) === quote;
  let i = start + (triple ? 3 : 1);
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) {
      i += 2;
      continue;
    }
    if (c === quote && (!triple || (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote))) return i + (triple ? 3 : 1);
    // An unterminated single-quoted string ends with its line (tree-sitter has reported it already).
    if (c === 0x0a && !triple) return i;
    i++;
  }
  return i;
}
