import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Cursor } from './cursor-dataflow.js';
import type { Planner } from './planner.js';
import { callArguments, ownDescendants } from './syntax.js';

/**
 * How many rows a `fetchmany()` asks for, when it is known before run time: the size must be
 * written into the asyncpg call (`[:n]`, `islice(rows, n)`, `cur.fetch(n)`).
 */

/** The rows `fetchmany()` asks for, as source text: an integer literal (≥ `least`) or a module constant bound to one; 1 when omitted. */
export function fetchmanySize(planner: Planner, cursor: Cursor, call: SyntaxNode, least: number): string | undefined {
  const { positional, keywords } = callArguments(call);
  const size = positional[0] ?? keywords.get('size');
  if (!size) return positional.length === 0 && keywords.size === 0 ? '1' : undefined;
  const value = size.type === 'identifier' ? integerConstant(planner, cursor, size) : size;
  return value?.type === 'integer' && /^\d+$/.test(value.text) && Number(value.text) >= least ? size.text : undefined;
}

/** A module-level name bound once, to an integer literal, and not shadowed in the cursor's function. */
function integerConstant(planner: Planner, cursor: Cursor, name: SyntaxNode): SyntaxNode | undefined {
  const values = planner.context.root.namedChildren.flatMap((statement) => statement.type === 'expression_statement' ? statement.namedChildren : [])
    .filter((node) => node.type === 'assignment' && node.childForFieldName('left')?.text === name.text);
  const shadowed = cursor.fn.childForFieldName('parameters')!.descendantsOfType('identifier').some((identifier) => identifier.text === name.text)
    || ownDescendants(cursor.fn.childForFieldName('body')!, ['assignment']).some((node) => node.childForFieldName('left')?.text === name.text);
  if (values.length !== 1 || shadowed) return undefined;
  return values[0].childForFieldName('right') ?? undefined;
}
