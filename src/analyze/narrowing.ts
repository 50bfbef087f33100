import { lastStatement } from './syntax-facts.js';
import type { SyntaxNode } from '../parse/parse-python.js';

/**
 * `isinstance(x, Client)` tells the type of `x`: inside `if isinstance(x, Client):` (also as one
 * operand of `and`), and after `assert isinstance(x, Client)` or
 * `if not isinstance(x, Client): return` / `raise` / `continue` for the rest of the block.
 */
export interface Narrowing {
  /** A name, or an attribute of one (`self._response`). */
  name: string;
  /** The class expression (a single name or dotted name, not a tuple). */
  cls: SyntaxNode;
}

/** The narrowings a condition proves true where it holds. */
export function narrowingsOf(condition: SyntaxNode | null): Narrowing[] {
  if (!condition) return [];
  if (condition.type === 'parenthesized_expression' && condition.namedChildren.length === 1) return narrowingsOf(condition.namedChildren[0]);
  if (condition.type === 'boolean_operator' && condition.childForFieldName('operator')?.type === 'and') {
    return [...narrowingsOf(condition.childForFieldName('left')), ...narrowingsOf(condition.childForFieldName('right'))];
  }
  const one = isinstanceCall(condition);
  return one ? [one] : [];
}

/** The narrowings a statement proves for the statements after it in the same block. */
export function narrowingsAfter(statement: SyntaxNode): Narrowing[] {
  if (statement.type === 'assert_statement') return narrowingsOf(statement.namedChildren[0] ?? null);
  if (statement.type !== 'if_statement' || statement.childrenForFieldName('alternative').length > 0) return [];
  const condition = statement.childForFieldName('condition');
  const negated = condition?.type === 'not_operator' ? condition.childForFieldName('argument') : null;
  const last = lastStatement(statement.childForFieldName('consequence'));
  if (!negated || !last || !['return_statement', 'raise_statement', 'continue_statement', 'break_statement'].includes(last.type)) return [];
  const one = isinstanceCall(negated);
  return one ? [one] : [];
}

/** `x`, or `self.x`: an attribute of a name (narrowed as a type checker does, until the end of the block). */
function narrowable(node: SyntaxNode): boolean {
  return node.type === 'identifier' || (node.type === 'attribute' && node.childForFieldName('object')?.type === 'identifier');
}

function isinstanceCall(node: SyntaxNode): Narrowing | undefined {
  if (node.type !== 'call' || node.childForFieldName('function')?.text !== 'isinstance') return undefined;
  const args = node.childForFieldName('arguments')?.namedChildren ?? [];
  if (args.length !== 2 || !narrowable(args[0]) || !['identifier', 'attribute'].includes(args[1].type)) return undefined;
  return { name: args[0].text, cls: args[1] };
}

/**
 * `self.dcs = get_dcs(config)` followed, in the same block, by `assert isinstance(self.dcs, Etcd3)`
 * or unittest's `self.assertIsInstance(self.dcs, Etcd3)`: the class the attribute is asserted to
 * hold from there on (found on patroni's tests). Another assignment to it first ends the search.
 */
export function assertedClassAfter(assignment: SyntaxNode, target: string): SyntaxNode | undefined {
  const statement = assignment.parent?.type === 'expression_statement' ? assignment.parent : undefined;
  for (let next = statement?.nextNamedSibling; next; next = next.nextNamedSibling) {
    const expression = next.type === 'expression_statement' ? next.namedChildren[0] : undefined;
    if (expression?.type === 'assignment' && expression.childForFieldName('left')?.text === target) return undefined;
    const call = next.type === 'assert_statement' ? next.namedChildren[0] : expression;
    if (call?.type !== 'call') continue;
    const callee = call.childForFieldName('function')?.text;
    const asserts = next.type === 'assert_statement' ? callee === 'isinstance' : callee === 'self.assertIsInstance';
    if (!asserts) continue;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    if (args.length >= 2 && args[0].text === target && ['identifier', 'attribute'].includes(args[1].type)) return args[1];
  }
  return undefined;
}
