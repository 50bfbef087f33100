import { parsePython, type SyntaxNode } from '../parse/parse-python.js';
import type { SourceText } from '../parse/source-text.js';
import type { Edit, ReviewItem } from '../plan/edits.js';

/** Clause headers start their own line inside a statement: a comment may stand above them. */
const CLAUSES = new Set(['elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'finally_clause', 'case_clause']);

/** The comment `--annotate` writes above the statement that holds a review item. */
export function annotationText(item: Pick<ReviewItem, 'code' | 'message'>): string {
  return `# asyncshift: review(${item.code}): ${item.message.replace(/\s*\r?\n\s*/g, ' ')}`;
}

/**
 * Insertions that write each review item as a comment on its own line above the statement holding
 * it (above its decorators for a definition): a comment line inside a multi-line string, or after a
 * backslash continuation, would change or break the code. A comment already there is not written
 * again, so a second run neither duplicates nor moves them. `otherEdits` are the file's other edits:
 * a comment never lands inside code they replace.
 */
export function annotationEdits(source: SourceText, items: readonly ReviewItem[], otherEdits: readonly Edit[]): Edit[] {
  if (items.length === 0) return [];
  const root = parsePython(source.text).rootNode;
  const replacements = otherEdits.filter((edit) => edit.end > edit.start);
  const edits: Edit[] = [];
  const written = new Set<string>();
  for (const item of items) {
    const anchor = anchorLineStart(source, root, item.line, replacements);
    if (anchor === undefined) continue;
    const comment = annotationText(item);
    const key = `${anchor}\n${comment}`;
    if (written.has(key) || commentsAbove(source.text, anchor).some((existing) => sameAnnotation(existing, comment))) continue;
    written.add(key);
    const indentation = /^[ \t]*/.exec(source.text.slice(anchor))![0];
    edits.push({ start: anchor, end: anchor, text: `${indentation}${comment}\n`, order: -10 });
  }
  return edits;
}

/** The start of the line where the statement holding `line` begins, outside any replaced code. */
function anchorLineStart(source: SourceText, root: SyntaxNode, line: number, replacements: readonly Edit[]): number | undefined {
  const lineStarts = lineStartIndex(source.text, line);
  if (lineStarts === undefined) return undefined;
  let position = firstCharacter(source.text, lineStarts);
  // Each step moves to an earlier statement; the bound only guards against a tree shape not foreseen.
  for (let step = 0; step < 1000; step++) {
    const statement = statementHolding(root, position);
    const start = source.lineStartOf(statement.startIndex);
    const before = source.text.slice(start, statement.startIndex);
    // Something precedes the statement on its line (`x = """...\n"""; y = f()`): go to what does.
    if (!/^[ \t]*$/.test(before)) {
      position = firstCharacter(source.text, start);
      continue;
    }
    const inside = replacements.find((edit) => start > edit.start && start < edit.end);
    if (!inside) return start;
    position = inside.start;
  }
  return undefined;
}

function statementHolding(root: SyntaxNode, index: number): SyntaxNode {
  let node: SyntaxNode = root.descendantForIndex(index, index);
  while (node.parent && !CLAUSES.has(node.type) && !(['block', 'module'].includes(node.parent.type))) node = node.parent;
  return node;
}

function lineStartIndex(text: string, line: number): number | undefined {
  let index = 0;
  for (let current = 1; current < line; current++) {
    const newline = text.indexOf('\n', index);
    if (newline === -1) return undefined;
    index = newline + 1;
  }
  return index;
}

function firstCharacter(text: string, lineStart: number): number {
  return lineStart + /^[ \t]*/.exec(text.slice(lineStart))![0].length;
}

/**
 * The comment a previous run wrote for this item: the line numbers it cites may have moved since
 * (the comments themselves push the code down).
 */
function sameAnnotation(a: string, b: string): boolean {
  const withoutLines = (text: string) => text.replace(/:\d+/g, ':#').replace(/\bline \d+/g, 'line #');
  return withoutLines(a) === withoutLines(b);
}

/** The comment lines right above the line starting at `lineStart`, trimmed. */
function commentsAbove(text: string, lineStart: number): string[] {
  const comments: string[] = [];
  let end = lineStart;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 2) + 1;
    const line = text.slice(start, end).trim();
    if (!line.startsWith('#')) break;
    comments.push(line);
    end = start;
  }
  return comments;
}
