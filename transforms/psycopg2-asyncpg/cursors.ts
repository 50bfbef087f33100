import { planCopy } from './copy.js';
import { keepCursorFunction, removeCursorBinding } from './cursor-binding.js';
import { cursorUses, findCursors, followPassedCursor, type Cursor, type Use } from './cursor-dataflow.js';
import { planExecute } from './execute-fetch.js';
import { planBatch, planExecuteMany } from './executemany.js';
import { planNamedCursor } from './named-cursors.js';
import type { Planner } from './planner.js';
import { same, statementOf } from './syntax.js';

/**
 * The cursor pattern, followed from the connection to its cursors: the cursor disappears and each
 * statement it runs (with the reads of its results that follow) becomes the asyncpg connection
 * call that matches (see execute-fetch, executemany, copy, named-cursors). A cursor with any use
 * that is not converted keeps its function's psycopg2 code.
 */

/** Calls that start a statement on the cursor; the result reads after one belong to it. */
const STARTS = new Set(['execute', 'executemany', 'copy_expert', 'copy_from', 'copy_to']);
const RESULTS = new Set(['fetchone', 'fetchall', 'fetchmany']);

export function planCursors(planner: Planner): void {
  const seen = new Set<number>();
  const queue = findCursors(planner);
  while (queue.length > 0) {
    const cursor = queue.shift()!;
    const key = cursor.fn.startIndex * 1000 + cursor.name.length;
    if (seen.has(key) && cursor.bindingKind === 'parameter') continue;
    seen.add(key);
    planCursor(planner, cursor, queue);
  }
}

/** Plans every use of one cursor; cursors it is handed to in this module are queued. */
function planCursor(planner: Planner, cursor: Cursor, queue: Cursor[]): void {
  const uses = cursorUses(planner, cursor);
  if (!uses) return;
  if (cursor.serverSide) {
    planNamedCursor(planner, cursor, uses);
    return;
  }
  let index = 0;
  let converted = true;
  while (index < uses.length) {
    const use = uses[index];
    if (use.kind === 'method' && STARTS.has(use.method) || use.kind === 'batch') {
      let end = index + 1;
      while (end < uses.length && isResultUse(uses[end])) end++;
      converted = planStatement(planner, cursor, use, uses.slice(index + 1, end)) && converted;
      index = end;
      continue;
    }
    if (use.kind === 'method' && use.method === 'close') {
      const statement = statementOf(use.call)!;
      const removal = statement.type === 'expression_statement' && same(statement.namedChildren[0], use.call) ? planner.deleteStatement(statement) : undefined;
      if (removal) planner.add(use.call, [removal]);
      else {
        converted = false;
        planner.review(use.node, 'AS320', 'cursor.close() in an expression: not converted');
      }
    } else if (use.kind === 'passed') {
      if (!followPassedCursor(planner, cursor, use, queue)) {
        converted = false;
        planner.review(use.node, 'AS328', `cursor ${cursor.name} is handed to ${use.call.childForFieldName('function')!.text}(), which is not followed (it also receives other values, or it reads the rows in a shape of this cursor's factory)`);
      }
    } else {
      converted = false;
      planner.review(use.node, 'AS321', `\`${use.node.parent?.text ?? use.node.text}\` is not converted: asyncpg has no cursor here`);
    }
    index++;
  }
  if (converted) removeCursorBinding(planner, cursor);
  else keepCursorFunction(planner, cursor, `cursor ${cursor.name} is still used by code that was not converted`);
}

function isResultUse(use: Use): boolean {
  return use.kind === 'method' && RESULTS.has(use.method) || use.kind === 'attribute' || use.kind === 'iterate';
}

/** One statement and the reads of its results; false when it is not converted. */
function planStatement(planner: Planner, cursor: Cursor, start: Extract<Use, { kind: 'method' | 'batch' }>, results: Use[]): boolean {
  if (start.kind === 'batch') return planBatch(planner, cursor, start, results);
  if (start.method === 'executemany') return planExecuteMany(planner, cursor, start, results);
  if (start.method === 'copy_expert' || start.method === 'copy_from' || start.method === 'copy_to') return planCopy(planner, cursor, start, results);
  return planExecute(planner, cursor, start, results);
}
