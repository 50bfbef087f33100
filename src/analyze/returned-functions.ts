import { lastStatement } from './syntax-facts.js';
import type { SyntaxNode } from '../parse/parse-python.js';
import { identifiers, nestedFunctions } from './decorators.js';
import type { FunctionId, ReturnedFunction } from './model.js';

/**
 * A factory of functions, read off its definition:
 *
 *     def make_print_help(parser) -> Callable[[Namespace], int]:
 *         def print_help(args):
 *             parser.print_help()
 *             return 0
 *         return print_help
 *
 * Every `return` hands out the same nested `def` (undecorated), the body ends in one (it never falls
 * off with None), and nothing else in the body names it: each call makes a new `print_help` and
 * gives it only to the caller. A return annotation other than `Callable[[...], R]` (an alias, a
 * Protocol) could not be retyped when the nested function turns async, so it rules the factory out.
 */
export function returnedFunction(
  fn: SyntaxNode,
  returns: readonly SyntaxNode[],
  idOf: (def: SyntaxNode) => FunctionId | undefined,
  callableResult: (annotation: SyntaxNode) => ReturnedFunction['callableResult'],
): ReturnedFunction | undefined {
  const body = fn.childForFieldName('body');
  const last = lastStatement(body);
  if (!body || last?.type !== 'return_statement' || returns.length === 0) return undefined;
  const name = returns[0].namedChildren[0];
  if (name?.type !== 'identifier' || returns.some((statement) => statement.namedChildren[0]?.text !== name.text || statement.namedChildren.length !== 1)) return undefined;
  const defs = nestedFunctions(body).filter((nested) => nested.childForFieldName('name')?.text === name.text);
  const def = defs.length === 1 ? defs[0] : undefined;
  if (!def || def.parent?.type === 'decorated_definition') return undefined;
  const returned = new Set(returns.map((statement) => statement.namedChildren[0].startIndex));
  const defName = def.childForFieldName('name')!;
  const elsewhere = identifiers(body, name.text).some((use) => use.startIndex !== defName.startIndex && !returned.has(use.startIndex));
  const id = idOf(def);
  if (elsewhere || !id) return undefined;
  const annotation = fn.childForFieldName('return_type');
  if (!annotation) return { id };
  const result = callableResult(annotation);
  return result ? { id, callableResult: result } : undefined;
}
