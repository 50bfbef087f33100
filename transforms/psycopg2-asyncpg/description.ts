import type { SyntaxNode } from '../../src/parse/parse-python.js';
import { ownDescendants, same } from './syntax.js';

/**
 * `cur.description` read only for column names and count, which asyncpg's prepared statement gives
 * for any result (empty too): `stmt.get_attributes()` is a tuple of `Attribute(name, type)`, so
 * `d[0]` and `d.name` are the column name as in psycopg2's `Column`, and `len()` matches. The type
 * fields differ (psycopg2's `d[1]` is an OID, asyncpg's a `Type`), so any other read is refused.
 *
 * Accepted, with `cur.description` written D: `[d[0] for d in D]` (any comprehension, `d.name` too),
 * `for d in D:` with the same reads of `d`, `D[i][0]`, `D[i].name`, `len(D)`.
 */
export function readsColumnNamesOnly(description: SyntaxNode, fnBody: SyntaxNode, isBuiltin: (callee: SyntaxNode) => boolean): boolean {
  const parent = description.parent;
  if (!parent) return false;
  if ((parent.type === 'for_in_clause' || parent.type === 'for_statement') && same(parent.childForFieldName('right'), description)) {
    const item = parent.childForFieldName('left');
    if (item?.type !== 'identifier') return false;
    const scope = parent.type === 'for_in_clause' ? parent.parent! : fnBody;
    const uses = (parent.type === 'for_in_clause' ? scope.descendantsOfType('identifier') : ownDescendants(scope, ['identifier']))
      .filter((identifier) => identifier.text === item.text && !same(identifier, item));
    return uses.every((use) => isNameRead(use));
  }
  if (parent.type === 'subscript' && same(parent.childForFieldName('value'), description)) return isNameRead(parent);
  if (parent.type === 'argument_list' && parent.namedChildren.length === 1 && parent.parent?.type === 'call') {
    const callee = parent.parent.childForFieldName('function')!;
    return callee.type === 'identifier' && callee.text === 'len' && isBuiltin(callee);
  }
  return false;
}

/** `x[0]` or `x.name`, read (not assigned to). */
function isNameRead(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  let read: SyntaxNode | undefined;
  if (parent.type === 'subscript' && same(parent.childForFieldName('value'), node)) {
    const index = parent.childForFieldName('subscript');
    if (index?.type === 'integer' && index.text === '0') read = parent;
  } else if (parent.type === 'attribute' && same(parent.childForFieldName('object'), node) && parent.childForFieldName('attribute')?.text === 'name') {
    read = parent;
  }
  if (!read) return false;
  const holder = read.parent;
  return !(holder && (holder.type === 'assignment' || holder.type === 'augmented_assignment') && same(holder.childForFieldName('left'), read));
}
