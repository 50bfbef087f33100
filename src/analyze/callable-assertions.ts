import type { SyntaxNode } from '../parse/parse-python.js';
import type { CallUsage, Span } from './model.js';

/**
 * `self.assertRaises(E, f, a, b)` as a statement: the assertion calls `f(a, b)` itself, synchronously.
 * When `f` turns async the statement is rewritten to its context-manager form,
 * `with self.assertRaises(E):` around `await f(a, b)`, so the assertion reads as a call of `f`.
 *
 * Only shapes whose rewrite means the same are read: the statement alone on its line; no `*args`,
 * `**kwargs` or comments in the arguments; and every argument handed on to `f` a name, an attribute
 * or a literal (a list, tuple, set or dict of such too), so that evaluating it inside the `with`
 * (rather than before the assertion) cannot raise what the assertion expects.
 */

/** The assertion's method → how many of its arguments come before the callable. */
const ASSERTIONS = new Map([
  ['self.assertRaises', 1],
  ['self.assertRaisesRegex', 2],
  ['self.assertWarns', 1],
  ['self.assertWarnsRegex', 2],
  ['pytest.raises', 1],
  ['pytest.warns', 1],
]);

const PLAIN_ARGUMENTS = new Set(['identifier', 'attribute', 'string', 'integer', 'float', 'true', 'false', 'none', 'unary_operator']);

export type AssertedCall = Extract<CallUsage, { kind: 'asserted-call' }>;

export interface CallableAssertion {
  /** The callable as written (`f`, `self.client.get`). */
  callable: SyntaxNode;
  /** What the assertion hands on to it, for typing its parameters. */
  positional: SyntaxNode[];
  keywords: { name: string; value: SyntaxNode }[];
  usage: AssertedCall;
}

/** `calleeSpan` is read first: most calls are not assertions, and reading nodes costs more than text. */
export function readCallableAssertion(call: SyntaxNode, calleeSpan: Span, text: string, indentOf: (index: number) => string): CallableAssertion | undefined {
  const before = ASSERTIONS.get(text.slice(calleeSpan.start, calleeSpan.end));
  if (before === undefined) return undefined;
  const statement = call.parent;
  if (statement?.type !== 'expression_statement' || statement.namedChildren.length !== 1 || statement.parent?.type !== 'block') return undefined;
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return undefined;
  if (!aloneOnItsLine(statement, text)) return undefined;
  const items = args.namedChildren;
  if (items.some((item) => item.type === 'comment' || item.type === 'list_splat' || item.type === 'dictionary_splat')) return undefined;
  const positional = items.filter((item) => item.type !== 'keyword_argument');
  const keywords = items.filter((item) => item.type === 'keyword_argument');
  // Keywords before the callable would be the assertion's own (`msg=`); positional after keywords is not Python.
  if (positional.length <= before || items.indexOf(positional[before]) !== before) return undefined;
  const callable = positional[before];
  if (callable.type !== 'identifier' && callable.type !== 'attribute') return undefined;
  const handedOn = [...positional.slice(before + 1), ...keywords.map((keyword) => keyword.childForFieldName('value'))];
  if (handedOn.some((value) => !value || !isPlainValue(value))) return undefined;
  const gaps: Span[] = [];
  let end = args.startIndex + 1;
  for (const item of items) {
    gaps.push({ start: end, end: item.startIndex });
    end = item.endIndex;
  }
  gaps.push({ start: end, end: args.endIndex - 1 });
  return {
    callable,
    positional: positional.slice(before + 1),
    keywords: keywords.map((keyword) => ({ name: keyword.childForFieldName('name')?.text ?? '', value: keyword.childForFieldName('value')! })),
    usage: { kind: 'asserted-call', statementStart: statement.startIndex, indent: indentOf(statement.startIndex), gaps, callableAt: before },
  };
}

/** Literal containers: plain when everything in them is (`[1]`, `{"key": "x", "port": 1}`). */
const PLAIN_CONTAINERS = new Set(['list', 'tuple', 'set', 'dictionary', 'pair', 'parenthesized_expression']);

function isPlainValue(node: SyntaxNode): boolean {
  if (PLAIN_CONTAINERS.has(node.type)) return node.namedChildren.every((child) => child.type !== 'comment' && isPlainValue(child));
  if (!PLAIN_ARGUMENTS.has(node.type)) return false;
  if (node.type === 'string') return !node.namedChildren.some((child) => child.type === 'interpolation');
  if (node.type === 'attribute') return node.descendantsOfType(['call', 'subscript']).length === 0;
  if (node.type === 'unary_operator') return ['integer', 'float'].includes(node.namedChildren[0]?.type ?? '');
  return true;
}

/** Nothing but indentation before it on its line, and no `;` after it: a `with` can take its place. */
function aloneOnItsLine(statement: SyntaxNode, text: string): boolean {
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  if (text.slice(lineStart, statement.startIndex).trim() !== '') return false;
  const lineEnd = text.indexOf('\n', statement.endIndex);
  const rest = text.slice(statement.endIndex, lineEnd === -1 ? text.length : lineEnd);
  return /^\s*(#.*)?\r?$/.test(rest);
}
