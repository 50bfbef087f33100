import type { SyntaxNode } from '../parse/parse-python.js';
import type { CallUsage, ComprehensionKind, Span } from './model.js';

/**
 * Builtins and idioms that drain an iterable synchronously. A generator that turns async is first
 * collected with an async comprehension, then handed to them: `sum(g())` → `sum([x async for x in g()])`.
 */
export const SYNC_CONSUMERS = new Set([
  'list', 'tuple', 'set', 'frozenset', 'sorted', 'sum', 'min', 'max', 'any', 'all', 'dict', 'join',
  'enumerate', 'zip', 'len', 'reversed',
]);

const COMPREHENSIONS: Record<string, ComprehensionKind> = {
  list_comprehension: 'list',
  set_comprehension: 'set',
  dictionary_comprehension: 'dict',
  generator_expression: 'generator',
};

export function span(node: SyntaxNode): Span {
  return { start: node.startIndex, end: node.endIndex };
}

/** The comprehension's first `for`, whose iterable is evaluated in the enclosing function. */
function firstClause(comprehension: SyntaxNode, clause: SyntaxNode): boolean {
  return sameNode(comprehension.namedChildren.find((child) => child.type === 'for_in_clause'), clause);
}

/** A branch of this conditional expression, when what it is part of is iterated. */
function iteratedBranch(conditional: SyntaxNode): CallUsage | undefined {
  let value = conditional;
  let around = conditional.parent;
  while (around?.type === 'parenthesized_expression' || (around?.type === 'conditional_expression' && !sameNode(around.namedChildren[1], value))) {
    value = around;
    around = around.parent;
  }
  if (around?.type === 'for_statement' && sameNode(around.childForFieldName('right'), value)) return { kind: 'iterated-branch', drainable: true };
  if (around?.type !== 'for_in_clause' || !sameNode(around.childForFieldName('right'), value) || !around.parent) return undefined;
  const comprehension = around.parent;
  return { kind: 'iterated-branch', drainable: firstClause(comprehension, around) || (COMPREHENSIONS[comprehension.type] ?? 'generator') !== 'generator' };
}

/** Assignment targets that unpack: `a, b = ...`, `[a.x, b] = ...`. */
export const UNPACKING_TARGETS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern']);

/** Statements and clauses whose condition is only tested for truth. */
const CONDITION_OWNERS = new Set(['if_statement', 'elif_clause', 'while_statement', 'if_clause', 'assert_statement']);

/**
 * Whether a value is only tested for truth, never handed on: `if args.tag and not args.dry_run:`,
 * `do_commit = args.commit and not args.dry_run` (a function is always true, so the left operand of
 * `and` is never what `and` gives), `x if options.quick else y`.
 */
export function testedForTruthOnly(value: SyntaxNode): boolean {
  let child = value;
  for (let parent = value.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'parenthesized_expression') continue;
    if (parent.type === 'not_operator') return true;
    if (parent.type === 'boolean_operator') {
      if (parent.childForFieldName('operator')?.type === 'and' && sameNode(parent.childForFieldName('left'), child)) return true;
      continue;
    }
    if (parent.type === 'conditional_expression') return sameNode(parent.namedChildren[1], child);
    if (CONDITION_OWNERS.has(parent.type)) return sameNode(parent.namedChildren[0], child);
    return false;
  }
  return false;
}

/** Whether an operand of a comparison follows `in` or `not in` (tree-sitter spells `not in` as one token or two). */
export function followsIn(operand: SyntaxNode): boolean {
  const operator = operand.previousSibling;
  return !!operator && !operator.isNamed && operator.type.endsWith('in');
}

/** How the value of `call` is used by the code around it. */
export function classifyCallUsage(call: SyntaxNode, indentOf: (index: number) => string): CallUsage {
  let parent = call.parent;
  let child = call;
  while (parent?.type === 'parenthesized_expression') {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return { kind: 'plain' };
  if (parent.type === 'conditional_expression' && !sameNode(parent.namedChildren[1], child)) return iteratedBranch(parent) ?? { kind: 'plain' };
  switch (parent.type) {
    case 'await':
      return { kind: 'awaited' };
    case 'for_statement':
      if (sameNode(parent.childForFieldName('right'), child)) return { kind: 'for-iter', forKeyword: parent.startIndex };
      break;
    case 'for_in_clause':
      if (sameNode(parent.childForFieldName('right'), child) && parent.parent) {
        const comprehension = parent.parent;
        const consumerCall = comprehension.parent?.type === 'call' ? comprehension.parent
          : comprehension.parent?.type === 'argument_list' && comprehension.parent.namedChildren.length === 1 ? comprehension.parent.parent : null;
        const consumerCallee = consumerCall?.childForFieldName('function');
        const consumer = consumerCallee?.type === 'identifier' ? consumerCallee.text
          : consumerCallee?.type === 'attribute' ? consumerCallee.childForFieldName('attribute')?.text : undefined;
        return {
          consumer: consumer && SYNC_CONSUMERS.has(consumer) ? consumer : undefined,
          kind: 'comprehension-iter',
          forKeyword: parent.startIndex,
          comprehension: span(comprehension),
          comprehensionKind: COMPREHENSIONS[comprehension.type] ?? 'generator',
          outermost: firstClause(comprehension, parent),
        };
      }
      break;
    case 'with_item':
      return withItemUsage(parent);
    case 'as_pattern':
      if (parent.parent?.type === 'with_item' && sameNode(parent.namedChildren[0], child)) return withItemUsage(parent.parent);
      break;
    case 'argument_list': {
      const outer = parent.parent;
      const callee = outer?.childForFieldName('function');
      if (outer?.type === 'call' && callee) {
        const consumer = callee.type === 'identifier' ? callee.text
          : callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
        const soleArgument = parent.namedChildren.length === 1;
        if (consumer === 'iter' && sameNode(parent.namedChildren[0], child) && callee.type === 'identifier') {
          return { kind: 'consumer-arg', consumer, consumerCall: span(outer), consumerCallee: span(callee), soleArgument };
        }
        if (consumer === 'next' && sameNode(parent.namedChildren[0], child) && callee.type === 'identifier') {
          return { kind: 'next', nextCall: span(outer), nextCallee: span(callee) };
        }
        if (consumer && SYNC_CONSUMERS.has(consumer) && sameNode(parent.namedChildren[0], child)
          && (consumer !== 'join' || callee.type === 'attribute')) {
          return { kind: 'consumer-arg', consumer, consumerCall: span(outer), consumerCallee: span(callee), soleArgument };
        }
        return { kind: 'argument', callee: callee.text };
      }
      break;
    }
    case 'yield': {
      const isFrom = parent.children.some((token) => token.type === 'from');
      if (isFrom) {
        const statement = parent.parent;
        const valueUsed = statement?.type !== 'expression_statement';
        const target = statement ?? parent;
        return { kind: 'yield-from', statement: span(target), indent: indentOf(target.startIndex), valueUsed };
      }
      break;
    }
    case 'assignment':
      if (sameNode(parent.childForFieldName('right'), child)) {
        const left = parent.childForFieldName('left');
        if (left?.type === 'identifier') return { kind: 'assigned', name: left.text };
        if (left && UNPACKING_TARGETS.has(left.type)) return { kind: 'iterated-sync', how: 'unpacked' };
      }
      break;
    case 'comparison_operator':
      if (followsIn(child)) return { kind: 'iterated-sync', how: 'membership' };
      break;
    case 'list_splat':
      return { kind: 'iterated-sync', how: 'splatted' };
    case 'return_statement':
      return { kind: 'returned' };
    case 'expression_statement':
      return { kind: 'expression-statement' };
  }
  return { kind: 'plain' };
}

function withItemUsage(item: SyntaxNode): CallUsage {
  const clause = item.parent;
  const statement = clause?.parent;
  const alreadyAsync = statement?.children.some((token) => token.type === 'async') ?? false;
  return {
    kind: 'with-item',
    withKeyword: statement?.startIndex ?? item.startIndex,
    itemCount: clause?.namedChildren.filter((c) => c.type === 'with_item').length ?? 1,
    alreadyAsync,
    item: span(item),
    parenthesized: clause?.children[0]?.type === '(',
  };
}

/**
 * `await` binds tighter than everything but the trailers of a primary: `(await f()).x`; and it takes
 * a primary, so a call awaited already gets `await (await f())`, never `await await f()`.
 */
export function awaitNeedsParentheses(call: SyntaxNode): boolean {
  const parent = call.parent;
  if (!parent) return false;
  if (parent.type === 'await') return true;
  if (parent.type === 'attribute') return sameNode(parent.childForFieldName('object'), call);
  if (parent.type === 'subscript') return sameNode(parent.childForFieldName('value'), call);
  if (parent.type === 'call') return sameNode(parent.childForFieldName('function'), call);
  return false;
}

export function sameNode(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}
