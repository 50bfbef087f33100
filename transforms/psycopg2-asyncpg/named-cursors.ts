import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import { removeCursorBinding } from './cursor-binding.js';
import type { Cursor, MethodUse, Use } from './cursor-dataflow.js';
import { replaceExecuteCall, resolveQuery } from './execute-query.js';
import { fetchmanySize } from './fetchmany-size.js';
import { argumentList } from './placeholders.js';
import type { Planner } from './planner.js';
import { dictRowList, NAMED_TUPLE_REVIEW } from './row-shapes.js';
import { callArguments, isInside, nextStatement, same, siblingAncestor, statementOf } from './syntax.js';

/**
 * Server-side (named) cursors, `conn.cursor("name")`: `execute(q)` then `for row in cur:` → `async
 * for row in conn.cursor(q2, prefetch=2000)`; `execute(q)` then `fetchmany(n)` reads → an asyncpg
 * cursor read with `await cur.fetch(n)`. Either runs in a transaction, as asyncpg cursors must. Any
 * other use keeps the function's psycopg2 code.
 */
export function planNamedCursor(planner: Planner, cursor: Cursor, uses: Use[]): void {
  const execute = uses[0];
  const loop = uses[1];
  const closing = uses.length > 2 && uses.at(-1)!.kind === 'method' && (uses.at(-1) as MethodUse).method === 'close' ? uses.at(-1) as MethodUse : undefined;
  const fetches = uses.slice(1, closing ? -1 : undefined);
  if (execute.kind === 'method' && execute.method === 'execute' && fetches.length > 0 && fetches.every((use) => use.kind === 'method' && use.method === 'fetchmany')) {
    if (!planNamedCursorFetches(planner, cursor, execute, fetches as MethodUse[], closing)) planner.keepFunction(cursor.fn);
    return;
  }
  const valid = uses.length === 2 && execute.kind === 'method' && execute.method === 'execute' && loop.kind === 'iterate'
    || uses.length === 3 && uses[2].kind === 'method' && uses[2].method === 'close';
  if (!valid || execute.kind !== 'method' || loop.kind !== 'iterate') {
    planner.review(cursor.binding ?? cursor.fn, 'AS327', 'server-side cursor used other than execute-then-iterate: the psycopg2 code of this function is left as it was');
    planner.keepFunction(cursor.fn);
    return;
  }
  const { positional } = callArguments(execute.call);
  const query = resolveQuery(planner, cursor, execute.call, positional[0], positional[1]);
  if (!query) {
    planner.keepFunction(cursor.fn);
    return;
  }
  const args = argumentList(query.rewrite, positional[1], planner.text);
  const statement = statementOf(execute.call)!;
  const forStatement = loop.node.parent!;
  const removal = planner.deleteStatement(statement);
  if (args.problems.length > 0 || !removal || !same(nextStatement(statement), forStatement) || planner.hasUnsafeCall([...args.copied, ...query.built ? [query.built] : []])) {
    planner.review(execute.call, 'AS327', 'server-side cursor not converted: the psycopg2 code of this function is left as it was');
    planner.keepFunction(cursor.fn);
    return;
  }
  const edits: Edit[] = [removal, ...query.extraEdits,
    { start: forStatement.startIndex, end: forStatement.startIndex, text: 'async ', order: 0, key: `async@${forStatement.startIndex}` },
    { start: loop.node.startIndex, end: loop.node.endIndex, text: `${cursor.conn}.cursor(${query.queryText}${args.text}, prefetch=2000)` },
  ];
  if (uses.length === 3 && uses[2].kind === 'method') {
    const close = planner.deleteStatement(statementOf(uses[2].call)!);
    if (close) edits.push(close);
  }
  planner.add(loop.node, edits, { review: cursor.dictRows ? 'rows of the server-side cursor are asyncpg.Record now, not dicts' : undefined, code: 'AS327' });
  planner.operations.push({ statement: forStatement, node: loop.node, conn: cursor.conn, write: false, needsTransaction: true });
  removeCursorBinding(planner, cursor);
}

/**
 * A named cursor read with `fetchmany(n)`: `cur = await conn.cursor(q2, *args)` and `await
 * cur.fetch(n)`, from the execute to the last fetch inside one transaction (asyncpg cursors need
 * one; psycopg2's named cursor lived in its transaction too).
 */
function planNamedCursorFetches(planner: Planner, cursor: Cursor, execute: MethodUse, fetches: MethodUse[], closing: MethodUse | undefined): boolean {
  const { positional } = callArguments(execute.call);
  const query = resolveQuery(planner, cursor, execute.call, positional[0], positional[1]);
  if (!query) return false;
  const args = argumentList(query.rewrite, positional[1], planner.text);
  const statement = statementOf(execute.call)!;
  const last = siblingAncestor(fetches.at(-1)!.call, statement);
  const fail = (why: string) => {
    planner.review(execute.call, 'AS327', `server-side cursor not converted (${why}): the psycopg2 code of this function is left as it was`);
    return false;
  };
  if (args.problems.length > 0 || statement.type !== 'expression_statement' || !same(statement.namedChildren[0], execute.call) || planner.hasUnsafeCall([...args.copied, ...query.built ? [query.built] : []])) return fail('the execute is not a plain statement');
  if (!last || fetches.some((use) => !siblingAncestor(use.call, statement))) return fail('a fetch is not in the block of the execute');
  const sizes = fetches.map((use) => fetchmanySize(planner, cursor, use.call, 1));
  if (sizes.some((size) => size === undefined)) return fail('fetchmany() with a size that is not a positive integer literal or constant');
  if (fetches.some((use) => { const site = planner.callOf(use.call)?.site; return !site || site.syncOnly || site.inGenerator; })) return fail('a fetch where nothing can be awaited');
  const range = { startIndex: statement.startIndex, endIndex: last.endIndex } as SyntaxNode;
  const controls = range.endIndex > range.startIndex && planner.context.calls.some((call) => isInside(call.node, range) && /\.(commit|rollback)$/.test(call.node.childForFieldName('function')!.text)
    && planner.isConnection(call.node.childForFieldName('function')!.childForFieldName('object')));
  if (controls) return fail('the transaction ends while the cursor is open');
  const name = cursor.name;
  planner.add(execute.call, replaceExecuteCall(execute.call, positional[0], query, `${name} = await ${cursor.conn}.cursor`, `${args.text})`));
  fetches.forEach((use, index) => {
    const callee = use.call.childForFieldName('function')!;
    const argsNode = use.call.childForFieldName('arguments')!;
    if (cursor.dictRows) {
      planner.add(use.call, [{ start: use.call.startIndex, end: use.call.endIndex, text: dictRowList(`await ${name}.fetch(${sizes[index]})`, '_row') }]);
    } else {
      planner.add(use.call, [
        { start: callee.startIndex, end: callee.endIndex, text: `${name}.fetch` },
        { start: argsNode.startIndex, end: argsNode.endIndex, text: `(${sizes[index]})` },
      ], { call: use.call, review: cursor.namedTuples ? NAMED_TUPLE_REVIEW : undefined, code: 'AS327' });
    }
  });
  if (closing) {
    const close = planner.deleteStatement(statementOf(closing.call)!);
    if (!close) return fail('cursor.close() shares its line');
    planner.add(closing.call, [close]);
  }
  planner.operations.push({ statement, lastStatement: last, node: execute.call, conn: cursor.conn, write: false, needsTransaction: true });
  removeCursorBinding(planner, cursor);
  return true;
}
