import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import type { Use } from './cursor-dataflow.js';
import { isInside, ownDescendants, same } from './syntax.js';

/**
 * Rows shaped like the cursor factory's: asyncpg returns `Record`s, so RealDictCursor rows are
 * turned into dicts where they are fetched, and a NamedTupleCursor row's `row.col` becomes
 * `row["col"]` where the row provably comes from that cursor.
 */

export const NAMED_TUPLE_REVIEW = 'NamedTupleCursor rows are asyncpg.Record now: row.column must become row["column"]';

/** `[dict(row) for row in <fetched>]`, with `row` a name free in the function. */
export function dictRowList(fetched: string, row: string): string {
  return `[dict(${row}) for ${row} in ${fetched}]`;
}

/** One row or None, as a dict: `fetched` is evaluated once. */
export function dictRowOrNone(fetched: string, row: string): string {
  return `(dict(${row}) if (${row} := ${fetched}) is not None else None)`;
}

/** An iterator over the fetched rows, as dicts for a RealDictCursor. */
export function rowIterator(fetched: string, dictRows: boolean): string {
  return dictRows ? `map(dict, ${fetched})` : `iter(${fetched})`;
}

/** Tuple methods and namedtuple helpers: `row.count` is not a column. */
const TUPLE_ATTRIBUTES = /^(_.*|count|index)$/;

/**
 * `row.name` → `row["name"]` where `row` provably holds a NamedTupleCursor row: the target of
 * `for row in cur:` (uses in the loop body) or of `row = cur.fetchone()` (bound once in the
 * function), and every use of the name is a column read. Undefined when that is not provable.
 */
export function namedTupleFields(fetch: Use, fetchStatement: SyntaxNode, fn: SyntaxNode): Edit[] | undefined {
  let name: SyntaxNode | null | undefined;
  let scope: SyntaxNode | null | undefined;
  if (fetch.kind === 'iterate') {
    const loop = fetch.node.parent!;
    if (loop.type !== 'for_statement') return undefined;
    name = loop.childForFieldName('left');
    scope = loop.childForFieldName('body');
    const outside = ownDescendants(fn.childForFieldName('body')!, ['identifier']).filter((identifier) => identifier.text === name?.text && !isInside(identifier, loop));
    if (outside.length > 0) return undefined;
  } else if (fetch.kind === 'method' && fetch.method === 'fetchone' && fetchStatement.type === 'expression_statement') {
    const assignment = fetchStatement.namedChildren[0];
    if (assignment?.type !== 'assignment' || !same(assignment.childForFieldName('right'), fetch.call)) return undefined;
    name = assignment.childForFieldName('left');
    scope = fn.childForFieldName('body');
  }
  if (!name || name.type !== 'identifier' || !scope) return undefined;
  const edits: Edit[] = [];
  for (const identifier of ownDescendants(scope, ['identifier'])) {
    if (identifier.text !== name.text || same(identifier, name)) continue;
    const parent = identifier.parent!;
    if (parent.type === 'attribute' && same(parent.childForFieldName('attribute'), identifier)) continue;
    if (parent.type === 'attribute' && same(parent.childForFieldName('object'), identifier)) {
      const field = parent.childForFieldName('attribute')!;
      const assigned = parent.parent?.type === 'assignment' && same(parent.parent.childForFieldName('left'), parent);
      if (TUPLE_ATTRIBUTES.test(field.text) || assigned || parent.parent?.type === 'call' && same(parent.parent.childForFieldName('function'), parent)) return undefined;
      edits.push({ start: identifier.endIndex, end: parent.endIndex, text: `[${quoteFor(parent)}${field.text}${quoteFor(parent)}]` });
      continue;
    }
    if (parent.type === 'comparison_operator' && /\bis\b/.test(parent.text) && parent.namedChildren.some((child) => child.type === 'none')) continue; // `row is None`
    return undefined; // passed on, rebound or compared: its readers are out of sight
  }
  return edits;
}

/** A quote for a key inside `node`: inside an f-string, the one its delimiters do not use (Python < 3.12). */
function quoteFor(node: SyntaxNode): string {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'string') return /^[a-zA-Z]*"/.test(current.text) ? "'" : '"';
  }
  return '"';
}
