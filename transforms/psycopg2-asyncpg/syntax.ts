import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import { enclosingFunction } from '../../src/parse/enclosing-nodes.js';

export { enclosingFunction };

/** Tree helpers shared by the psycopg2 → asyncpg modules: statements, lines and indentation. */

const STATEMENT_PARENTS = new Set(['block', 'module']);

/** The statement (a child of a block) that contains `node`. */
export function statementOf(node: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | null = node;
  while (current && !(current.parent && STATEMENT_PARENTS.has(current.parent.type))) current = current.parent;
  return current ?? undefined;
}


/** Every node of `type` inside `root`, not looking into nested functions, classes or lambdas. */
export function ownDescendants(root: SyntaxNode, types: string[]): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const walk = (node: SyntaxNode) => {
    for (const child of node.namedChildren) {
      if (child.type === 'function_definition' || child.type === 'class_definition' || child.type === 'lambda') continue;
      if (types.includes(child.type)) found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

export function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

export function indentAt(text: string, index: number): string {
  const start = lineStart(text, index);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** Removes a statement together with its line (it must sit alone on its lines). */
export function deleteStatement(text: string, statement: SyntaxNode): Edit | undefined {
  const start = lineStart(text, statement.startIndex);
  if (text.slice(start, statement.startIndex).trim() !== '') return undefined;
  let end = statement.endIndex;
  const rest = /^[ \t]*(#[^\n]*)?\r?\n?/.exec(text.slice(end))![0];
  if (/#/.test(rest)) return undefined;
  end += rest.length;
  return { start, end, text: '' };
}

/** Line starts of the lines `node` spans after its first, skipping lines inside multi-line strings. */
export function innerLineStarts(text: string, node: SyntaxNode, fromFirst = false): number[] {
  const strings = ownDescendants(node, ['string']).filter((s) => s.startPosition.row !== s.endPosition.row);
  const starts: number[] = [];
  let index = fromFirst ? lineStart(text, node.startIndex) : text.indexOf('\n', node.startIndex) + 1;
  while (index > 0 && index < node.endIndex) {
    if (!strings.some((s) => index > s.startIndex && index < s.endIndex)) starts.push(index);
    const next = text.indexOf('\n', index);
    if (next < 0) break;
    index = next + 1;
  }
  return starts;
}

/** Blank lines keep no indentation either way. */
export function isBlankLine(text: string, start: number): boolean {
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end).trim() === '';
}

/** Whether an identifier named `name` occurs in `root` (to pick fresh variable names). */
function usesName(root: SyntaxNode, name: string): boolean {
  return root.descendantsOfType('identifier').some((identifier) => identifier.text === name
    && !(identifier.parent?.type === 'attribute' && same(identifier.parent.childForFieldName('attribute'), identifier))
    && !(identifier.parent?.type === 'keyword_argument' && same(identifier.parent.childForFieldName('name'), identifier)));
}

export function freshName(root: SyntaxNode, wanted: string): string {
  let name = wanted;
  for (let n = 2; usesName(root, name); n++) name = `${wanted}_${n}`;
  return name;
}

export function same(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

export function isInside(node: SyntaxNode, outer: SyntaxNode): boolean {
  return node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

/** `f(a, b=c)`: positional arguments and keyword arguments by name. */
export function callArguments(call: SyntaxNode): { positional: SyntaxNode[]; keywords: Map<string, SyntaxNode>; keywordNodes: SyntaxNode[]; splat: boolean } {
  const list = call.childForFieldName('arguments');
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  const keywordNodes: SyntaxNode[] = [];
  let splat = false;
  for (const child of list?.namedChildren ?? []) {
    if (child.type === 'keyword_argument') {
      keywords.set(child.childForFieldName('name')!.text, child.childForFieldName('value')!);
      keywordNodes.push(child);
    } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') splat = true;
    else if (child.type !== 'comment') positional.push(child);
  }
  return { positional, keywords, keywordNodes, splat };
}

/** The ancestor of `node` (or itself) that is a statement of the block holding `statement`, at or after it. */
export function siblingAncestor(node: SyntaxNode, statement: SyntaxNode): SyntaxNode | undefined {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (current.parent && statement.parent && same(current.parent, statement.parent) && current.startIndex >= statement.startIndex) return current;
  }
  return undefined;
}

/** The statement after `statement` in its block, comments skipped. */
export function nextStatement(statement: SyntaxNode): SyntaxNode | undefined {
  let next = statement.nextNamedSibling;
  while (next?.type === 'comment') next = next.nextNamedSibling;
  return next ?? undefined;
}
