/** Statement-level edits: wrapping a statement in `async with httpx.AsyncClient(...) as client:`. */
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';

const SIMPLE = new Set(['expression_statement', 'return_statement']);

/**
 * The statement a module-level request call can be wrapped around: the nearest simple statement
 * (assignment, expression, return) or a `for` / `if` whose header holds the call. Undefined when the
 * call sits where a wrapper cannot go (an `elif`/`while` condition, a statement sharing its line).
 */
export function wrappableStatement(call: SyntaxNode, text: string): SyntaxNode | undefined {
  let statement: SyntaxNode | undefined;
  for (let current: SyntaxNode | null = call.parent, child: SyntaxNode = call; current; child = current, current = current.parent) {
    if (current.type === 'lambda' || current.type === 'function_definition' || current.type === 'class_definition') return undefined;
    if (SIMPLE.has(current.type)) {
      statement = current;
      break;
    }
    if (current.type === 'for_statement' && sameNode(current.childForFieldName('right'), child)) {
      statement = current;
      break;
    }
    if (current.type === 'if_statement' && sameNode(current.childForFieldName('condition'), child)) {
      statement = current;
      break;
    }
    if (current.type === 'block' || current.type === 'module') return undefined;
  }
  if (!statement || statement.parent?.type !== 'block') return undefined;
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  if (text.slice(lineStart, statement.startIndex).trim() !== '') return undefined;
  const lineEnd = text.indexOf('\n', statement.endIndex);
  if (text.slice(statement.endIndex, lineEnd === -1 ? text.length : lineEnd).replace(/#.*$/, '').trim() !== '') return undefined;
  return statement;
}

/** `stmt` → `async with <client> as name:\n    stmt`, every later line of it moved in one level. */
export function wrapStatement(statement: SyntaxNode, text: string, header: string): Edit[] {
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const indent = text.slice(lineStart, statement.startIndex);
  const key = `httpx-client@${statement.startIndex}`;
  const edits: Edit[] = [{ start: statement.startIndex, end: statement.startIndex, text: `${header}\n${indent}    `, order: 1, key }];
  const strings = statement.descendantsOfType('string').filter((node) => node.text.includes('\n'));
  for (let index = text.indexOf('\n', statement.startIndex); index !== -1 && index < statement.endIndex; index = text.indexOf('\n', index + 1)) {
    const start = index + 1;
    if (strings.some((node) => node.startIndex < start && start < node.endIndex)) continue;
    const lineEnd = text.indexOf('\n', start);
    if (text.slice(start, lineEnd === -1 ? text.length : lineEnd).trim() === '') continue;
    edits.push({ start, end: start, text: '    ', order: -5, key: `${key}:${start}` });
  }
  return edits;
}

/** A name for the throw-away client that the function does not already use. */
export function clientName(fn: SyntaxNode | null): string {
  const body = fn?.text ?? '';
  for (const name of ['client', 'http_client', 'httpx_client']) if (!new RegExp(`\\b${name}\\b`).test(body)) return name;
  return '_httpx_client';
}

export function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (let current = node.parent; current; current = current.parent) if (current.type === 'function_definition') return current;
  return null;
}

export function sameNode(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/** The indentation of the line `index` is on. */
export function indentAt(text: string, index: number): string {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}
