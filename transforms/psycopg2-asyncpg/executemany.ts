import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import type { Cursor, MethodUse, Use } from './cursor-dataflow.js';
import { applyInside, resolveQuery } from './execute-query.js';
import { literalPieces, rewriteQuery } from './placeholders.js';
import type { Planner } from './planner.js';
import { callArguments, freshName, statementOf } from './syntax.js';

/**
 * Batches of rows: `cur.executemany(q, rows)`, `execute_batch(cur, q, rows)` and
 * `execute_values(cur, "INSERT ... VALUES %s", rows)` → `conn.executemany(q2, rows)`, the VALUES
 * `%s` of execute_values expanded to one row of `$n`, and named placeholders read from each row
 * mapping.
 */

/** `cur.executemany(q, rows)` → `conn.executemany(q2, rows)`; false when not converted. */
export function planExecuteMany(planner: Planner, cursor: Cursor, start: MethodUse, results: Use[]): boolean {
  const { positional } = callArguments(start.call);
  return planMany(planner, cursor, start.call, positional[0], positional[1], results, start.call.childForFieldName('function')!, undefined);
}

/** `execute_values(cur, "INSERT ... VALUES %s", rows)` / `execute_batch(cur, q, rows)` → `conn.executemany`. */
export function planBatch(planner: Planner, cursor: Cursor, start: Extract<Use, { kind: 'batch' }>, results: Use[]): boolean {
  const { positional, keywords } = callArguments(start.call);
  if (keywords.get('fetch')?.text === 'True') {
    planner.review(start.call, 'AS324', 'execute_values(fetch=True) is not converted: use INSERT ... SELECT FROM unnest(...) RETURNING or asyncpg ≥ 0.30 fetchmany');
    return false;
  }
  const callee = start.call.childForFieldName('function')!;
  if (start.helper === 'execute_batch') return planMany(planner, cursor, start.call, positional[1], positional[2], results, callee, positional[0]);
  const queryNode = positional[1];
  const pieces = queryNode ? literalPieces(queryNode) : undefined;
  const template = positional[3] ?? keywords.get('template');
  if (!pieces || !queryNode) {
    planner.review(start.call, 'AS324', 'execute_values with SQL built at run time: not converted');
    return false;
  }
  const sql = pieces.map((piece) => piece.text).join('');
  const marker = sql.match(/%s/g) ?? [];
  if (marker.length !== 1 || /%\(/.test(sql)) {
    planner.review(start.call, 'AS324', 'execute_values SQL with other placeholders than one VALUES %s: not converted');
    return false;
  }
  let row: string;
  let names: string[] = [];
  if (template && template.type !== 'none') {
    const rewrite = rewriteQuery(template, true);
    if (rewrite.problems.length > 0 || !literalPieces(template)) {
      planner.review(start.call, 'AS324', `execute_values template not converted: ${rewrite.problems[0] ?? 'built at run time'}`);
      return false;
    }
    row = applyInside(template, rewrite.edits, planner.text);
    row = row.slice(/^[a-zA-Z]*("""|'''|"|')/.exec(row)![0].length, row.length - /("""|'''|"|')$/.exec(row)![0].length);
    names = rewrite.style === 'named' ? rewrite.names : [];
  } else {
    const columns = /^\s*INSERT\s+INTO\s+[\w."]+\s*\(([^)]*)\)\s*VALUES\s*%s/i.exec(sql);
    if (!columns) {
      planner.review(start.call, 'AS324', 'execute_values without a column list or template: the row width is unknown, not converted');
      return false;
    }
    const width = columns[1].split(',').length;
    row = `(${Array.from({ length: width }, (_, i) => `$${i + 1}`).join(', ')})`;
  }
  const edits: Edit[] = [];
  for (const piece of pieces) {
    const at = piece.text.indexOf('%s');
    if (at >= 0) edits.push({ start: piece.startIndex + at, end: piece.startIndex + at + 2, text: row });
  }
  return finishMany(planner, cursor, start.call, callee, positional[0], positional[2], edits, names, results, 'psycopg2.extras');
}

function planMany(planner: Planner, cursor: Cursor, call: SyntaxNode, queryNode: SyntaxNode | undefined, seq: SyntaxNode | undefined, results: Use[], callee: SyntaxNode, cursorArgument: SyntaxNode | undefined): boolean {
  if (!seq) return false;
  const query = resolveQuery(planner, cursor, call, queryNode, seq);
  if (!query) return false;
  const edits = [...query.extraEdits, ...(query.extraEdits.length === 0 ? query.rewrite.edits : [])];
  return finishMany(planner, cursor, call, callee, cursorArgument, seq, edits, query.rewrite.style === 'named' ? query.rewrite.names : [], results, cursorArgument ? 'psycopg2.extras' : undefined);
}

/** The call becomes `conn.executemany(q2, rows)`: the cursor argument of a helper dropped, named rows read by key. */
function finishMany(planner: Planner, cursor: Cursor, call: SyntaxNode, callee: SyntaxNode, cursorArgument: SyntaxNode | undefined, seq: SyntaxNode | undefined, edits: Edit[], names: string[], results: Use[], helperModule: string | undefined): boolean {
  if (!seq) return false;
  if (results.length > 0) {
    planner.review(call, 'AS324', 'rowcount/fetch after executemany: asyncpg returns nothing to read, not converted');
    return false;
  }
  const args = call.childForFieldName('arguments')!;
  edits.push({ start: callee.startIndex, end: callee.endIndex, text: `${cursor.conn}.executemany` });
  if (cursorArgument) {
    const next = args.namedChildren.find((child) => child.startIndex > cursorArgument.endIndex)!;
    edits.push({ start: cursorArgument.startIndex, end: next.startIndex, text: '' });
  }
  if (seq.endIndex < args.endIndex - 1) edits.push({ start: seq.endIndex, end: args.endIndex - 1, text: '' });
  if (names.length > 0) {
    const item = freshName(cursor.fn, 'params');
    const tuple = names.length === 1 ? `(${item}["${names[0]}"],)` : `(${names.map((name) => `${item}["${name}"]`).join(', ')})`;
    edits.push({ start: seq.startIndex, end: seq.startIndex, text: `[${tuple} for ${item} in ` }, { start: seq.endIndex, end: seq.endIndex, text: ']' });
  }
  const root = callee.type === 'attribute' ? callee.text.split('.')[0] : callee.text;
  planner.add(call, edits, { call, releases: helperModule ? [root] : undefined, review: 'asyncpg checks parameter types strictly: every row must carry values of the column types (a str for an integer column now fails)', code: 'AS325' });
  planner.operations.push({ statement: statementOf(call)!, node: call, conn: cursor.conn, write: true });
  return true;
}
