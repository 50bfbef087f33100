import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import type { Cursor } from './cursor-dataflow.js';
import { literalPieces, rewriteQuery, type QueryRewrite } from './placeholders.js';
import type { Planner } from './planner.js';
import { ownDescendants } from './syntax.js';

/**
 * The SQL of a cursor call, found and rewritten for asyncpg: a literal or a string constant gets
 * its placeholders renumbered (the constant in place, where it is bound); SQL in any other name,
 * with no parameters, passes through untouched. Also warns about parameter values asyncpg will
 * not coerce.
 */

/** The query of a cursor call, ready for an asyncpg call. */
export interface ResolvedQuery {
  rewrite: QueryRewrite;
  /** The query as the new call's first argument. */
  queryText: string;
  /** Edits outside the call: the placeholders of a constant, where it is bound. */
  extraEdits: Edit[];
  /** SQL built by an expression (f-string, `%`, `+`, a call): copying it elsewhere copies that code. */
  built?: SyntaxNode;
}

export function resolveQuery(planner: Planner, cursor: Cursor, call: SyntaxNode, queryNode: SyntaxNode | undefined, params: SyntaxNode | undefined): ResolvedQuery | undefined {
  if (!queryNode) return undefined;
  let literal = queryNode;
  const extraEdits: Edit[] = [];
  let constant = false;
  const withParams = !!params && params.type !== 'none';
  if (composedWithPsycopg2(planner, queryNode)) {
    planner.review(call, 'AS322', `the SQL is composed with psycopg2.sql (${queryNode.text.split('\n')[0].slice(0, 50)}), which asyncpg cannot read: statement not converted`);
    return undefined;
  }
  if (!withParams && !literalPieces(queryNode) && !(queryNode.type === 'identifier' && constantValue(planner, cursor, queryNode))) {
    // No parameters: psycopg2 sends the text untouched (a `%%` too) and so does asyncpg (scripts
    // included), so SQL held in a variable or another module's constant, or built with an f-string,
    // `%` or `+` (DDL naming tables, mostly), needs no rewriting. Its kind is unknown.
    const built = queryNode.type === 'identifier' || queryNode.type === 'attribute' ? {} : { built: queryNode };
    return { rewrite: { edits: [], count: 0, style: 'none', names: [], arrays: new Set(), problems: [], warnings: [], sql: '', unknown: true }, queryText: queryNode.text, extraEdits, ...built };
  }
  if (queryNode.type === 'identifier') {
    const value = constantValue(planner, cursor, queryNode);
    if (!value) {
      planner.review(call, 'AS322', `the SQL in ${queryNode.text} is built at run time or not a string constant: placeholders not converted, statement not converted`);
      return undefined;
    }
    literal = value;
    constant = true;
  }
  const rewrite = rewriteQuery(literal, !!params && params.type !== 'none');
  if (rewrite.problems.length > 0) {
    planner.review(call, 'AS322', `statement not converted: ${rewrite.problems[0]}`);
    return undefined;
  }
  if (constant) {
    extraEdits.push(...rewrite.edits);
    return { rewrite, queryText: queryNode.text, extraEdits };
  }
  return { rewrite, queryText: applyInside(literal, rewrite.edits, planner.text), extraEdits };
}

/** `sql.SQL("...").format(sql.Identifier(t))`, or a name holding one: a psycopg2 object, not a string. */
function composedWithPsycopg2(planner: Planner, query: SyntaxNode): boolean {
  return [query, ...query.descendantsOfType(['identifier', 'attribute', 'call'])]
    .some((node) => /^psycopg2\./.test(planner.context.qualifiedName(node) ?? ''));
}

/** A name bound once, at module level or in the cursor's function, to a string literal. */
function constantValue(planner: Planner, cursor: Cursor, name: SyntaxNode): SyntaxNode | undefined {
  const candidates: SyntaxNode[] = [];
  const scopes = [cursor.fn.childForFieldName('body')!, planner.context.root];
  for (const scope of scopes) {
    for (const assignment of scope === planner.context.root ? scope.namedChildren.flatMap((s) => s.type === 'expression_statement' ? s.namedChildren : []) : ownDescendants(scope, ['assignment'])) {
      if (assignment.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      if (left?.type === 'identifier' && left.text === name.text) candidates.push(assignment.childForFieldName('right')!);
    }
    if (candidates.length > 0) break;
  }
  if (candidates.length !== 1) return undefined;
  return literalPieces(candidates[0]) ? candidates[0] : undefined;
}

/** `cur.execute(q, p)` → `<head>(q2<tail>`: the callee replaced, placeholders renumbered in place. */
export function replaceExecuteCall(call: SyntaxNode, queryNode: SyntaxNode, query: ResolvedQuery, head: string, tail: string): Edit[] {
  const callee = call.childForFieldName('function')!;
  const argsNode = call.childForFieldName('arguments')!;
  const edits: Edit[] = [{ start: callee.startIndex, end: callee.endIndex, text: head }, ...query.extraEdits];
  if (query.extraEdits.length === 0) edits.push(...query.rewrite.edits);
  edits.push({ start: queryNode.endIndex, end: argsNode.endIndex, text: tail });
  return edits;
}

/** The rewritten text of `node` with `edits` (all inside it) applied. */
export function applyInside(node: SyntaxNode, edits: Edit[], text: string): string {
  let result = '';
  let at = node.startIndex;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    result += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + text.slice(at, node.endIndex);
}

/** Parameters psycopg2 sent as text for the server to coerce, which asyncpg refuses. */
export function parameterTypeWarnings(planner: Planner, params: SyntaxNode | undefined): string[] {
  if (!params) return [];
  const warnings: string[] = [];
  for (const string of [params, ...params.namedChildren, ...params.namedChildren.flatMap((child) => child.type === 'pair' ? [child.childForFieldName('value')!] : [])]) {
    if (string.type !== 'string') continue;
    const value = literalPieces(string)?.map((piece) => piece.text).join('');
    if (value !== undefined && /^(-?\d+(\.\d+)?|\d{4}-\d\d-\d\d.*|t|f|true|false)$/i.test(value)) {
      warnings.push(`the string ${string.text} is passed as a parameter: asyncpg does not coerce it to a number, date or boolean column (DataError)`);
    }
  }
  for (const call of params.descendantsOfType('call')) {
    if (planner.context.qualifiedName(call.childForFieldName('function')!) === 'psycopg2.extras.Json') {
      warnings.push('psycopg2.extras.Json has no asyncpg counterpart: pass json.dumps(value) or register a JSON codec; json/jsonb results come back as str');
    }
  }
  return warnings;
}
