import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import type { DatabaseOperation, Planner } from './planner.js';
import { enclosingFunction, indentAt, isBlankLine, isInside, lineStart, ownDescendants, same } from './syntax.js';

/**
 * psycopg2 opens a transaction before the first statement and keeps it until commit()/rollback();
 * asyncpg commits every statement unless it runs inside `conn.transaction()`. So the statements
 * between two commits (in one block) move into `async with conn.transaction():` and the commit goes;
 * a rollback() in the `except` of that `try` goes too (leaving the block rolls back); `with conn:`
 * becomes `async with conn.transaction():`; `conn.autocommit = True` goes (asyncpg's default).
 * Any other shape is reported, never guessed.
 */
interface Range {
  fn: SyntaxNode;
  conn: string;
  node: SyntaxNode;
}

export function planTransactions(planner: Planner): void {
  const functions = new Map<number, SyntaxNode>();
  const note = (node: SyntaxNode) => {
    const fn = enclosingFunction(node);
    if (fn) functions.set(fn.startIndex, fn);
  };
  planner.operations.forEach((operation) => note(operation.node));
  const controls = connectionCalls(planner);
  controls.forEach((control) => note(control.call));
  planner.connectionBlocks.forEach((block) => note(block.statement));
  for (const statement of planner.context.root.descendantsOfType('with_statement')) {
    const item = statement.namedChildren[0]?.namedChildren.find((child) => child.type === 'with_item');
    if (item && planner.isConnection(item.namedChildren[0])) note(statement);
  }
  for (const fn of functions.values()) new FunctionTransactions(planner, fn, controls.filter((control) => same(enclosingFunction(control.call), fn))).plan();
}

interface Control {
  call: SyntaxNode;
  conn: string;
  method: 'commit' | 'rollback';
}

function connectionCalls(planner: Planner): Control[] {
  const controls: Control[] = [];
  for (const call of planner.context.calls) {
    const callee = call.node.childForFieldName('function');
    const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')!.text : '';
    if ((method === 'commit' || method === 'rollback') && planner.isConnection(callee!.childForFieldName('object'))) {
      controls.push({ call: call.node, conn: callee!.childForFieldName('object')!.text, method });
    }
  }
  return controls;
}

class FunctionTransactions {
  private readonly ranges: Range[] = [];
  private readonly autocommit = new Set<string>();
  private readonly operations: DatabaseOperation[];
  private readonly covered = new Set<DatabaseOperation>();
  private readonly text: string;

  constructor(private readonly planner: Planner, private readonly fn: SyntaxNode, private readonly controls: Control[]) {
    this.text = planner.text;
    this.operations = planner.operations.filter((operation) => same(enclosingFunction(operation.node), fn));
  }

  plan(): void {
    this.planAutocommit();
    this.planWithConnection();
    for (const control of this.controls.filter((c) => c.method === 'commit')) this.planCommit(control);
    for (const control of this.controls.filter((c) => c.method === 'rollback')) this.planRollback(control);
    this.planUncovered();
  }

  private planAutocommit(): void {
    for (const assignment of ownDescendants(this.fn.childForFieldName('body')!, ['assignment'])) {
      const left = assignment.childForFieldName('left');
      if (left?.type !== 'attribute' || left.childForFieldName('attribute')!.text !== 'autocommit') continue;
      const conn = left.childForFieldName('object')!;
      if (!this.planner.isConnection(conn)) continue;
      const value = assignment.childForFieldName('right')!.text;
      const statement = assignment.parent!;
      const removal = statement.type === 'expression_statement' ? this.planner.deleteStatement(statement) : undefined;
      if (value === 'True' && removal) {
        this.autocommit.add(conn.text);
        this.planner.add(assignment, [removal], { seed: false });
      } else {
        this.planner.review(assignment, 'AS340', `${left.text} = ${value}: asyncpg has no autocommit switch (it autocommits outside conn.transaction()): the psycopg2 code of this function, and of every function sharing its connection, is left as it was`);
        this.planner.keepFunction(this.fn);
      }
    }
  }

  /** `with conn:` → `async with conn.transaction():` (commit on success, rollback on error, no close). */
  private planWithConnection(): void {
    // `with psycopg2.connect() as conn:` already became one (see connect).
    for (const block of this.planner.connectionBlocks) {
      if (same(enclosingFunction(block.statement), this.fn)) this.cover({ fn: this.fn, conn: block.conn, node: block.statement });
    }
    for (const statement of ownDescendants(this.fn.childForFieldName('body')!, ['with_statement'])) {
      const items = statement.namedChildren[0].namedChildren.filter((item) => item.type === 'with_item');
      if (items.length !== 1 || statement.children.some((token) => token.type === 'async')) continue;
      const value = items[0].namedChildren[0];
      if (!this.planner.isConnection(value)) continue;
      if (value.type === 'call') continue; // `with psycopg2.connect():` without `as`: kept (see connect)
      if (this.ranges.some((range) => isInside(statement, range.node))) {
        this.planner.review(statement, 'AS341', 'nested `with conn:` becomes a savepoint under asyncpg, where psycopg2 committed the whole transaction');
      }
      this.planner.add(statement, [
        { start: statement.startIndex, end: statement.startIndex, text: 'async ', order: 0, key: `async@${statement.startIndex}` },
        { start: value.startIndex, end: value.endIndex, text: `${value.text}.transaction()` },
      ]);
      this.cover({ fn: this.fn, conn: value.text, node: statement });
    }
  }

  private cover(range: Range): void {
    this.ranges.push(range);
    for (const operation of this.operations) {
      if (operation.conn === range.conn && isInside(operation.node, range.node)) this.covered.add(operation);
    }
  }

  private planCommit(control: Control): void {
    const statement = control.call.parent;
    if (statement?.type !== 'expression_statement' || !same(statement.namedChildren[0], control.call) || statement.parent?.type !== 'block') {
      this.planner.review(control.call, 'AS342', 'commit() inside an expression: transaction not converted');
      return;
    }
    const siblings = statement.parent.namedChildren;
    const index = siblings.findIndex((sibling) => same(sibling, statement));
    let first: number | undefined;
    for (let j = index - 1; j >= 0; j--) {
      if (this.controls.some((other) => isInside(other.call, siblings[j]) && other.conn === control.conn)) break;
      if (this.uncovered(control.conn).some((operation) => isInside(operation.node, siblings[j]))) first = j;
    }
    const removal = this.planner.deleteStatement(statement);
    if (!removal) {
      this.planner.review(control.call, 'AS342', 'commit() shares its line with other code: transaction not converted');
      return;
    }
    const earlier = this.uncovered(control.conn).filter((operation) => operation.node.startIndex < (first === undefined ? statement.startIndex : siblings[first].startIndex));
    if (this.autocommit.has(control.conn)) {
      this.planner.add(control.call, [removal], { seed: false });
      return;
    }
    if (first === undefined) {
      this.planner.add(control.call, [removal], {
        seed: false,
        review: earlier.some((operation) => operation.write)
          ? 'commit() removed, but the statements before it are in another block: they now commit one by one (wrap them in `async with conn.transaction():`)'
          : 'commit() removed: no statement of this function precedes it, so what it committed (work done by callers or callees) now commits statement by statement under asyncpg',
        code: 'AS342',
      });
      return;
    }
    if (earlier.some((operation) => operation.write)) {
      this.planner.review(control.call, 'AS342', 'writes before this transaction block (in an enclosing block) belonged to the same psycopg2 transaction: they now commit on their own');
    }
    const range = this.wrap(control.conn, siblings[first], siblings[index - 1]);
    this.planner.add(control.call, [removal, ...range.edits]);
    this.cover({ fn: this.fn, conn: control.conn, node: range.node });
  }

  private uncovered(conn: string): DatabaseOperation[] {
    return this.operations.filter((operation) => operation.conn === conn && !this.covered.has(operation));
  }

  /** `async with conn.transaction():` around the statements from `first` to `last` (one block). */
  private wrap(conn: string, first: SyntaxNode, last: SyntaxNode): { edits: Edit[]; node: SyntaxNode } {
    const start = lineStart(this.text, first.startIndex);
    const indent = indentAt(this.text, first.startIndex);
    const unit = indent.includes('\t') ? '\t' : '    ';
    const edits: Edit[] = [{ start, end: start, text: `${indent}async with ${conn}.transaction():\n`, order: -10 }];
    const strings: SyntaxNode[] = [];
    for (let node: SyntaxNode | null = first; node && node.startIndex <= last.startIndex; node = node.nextNamedSibling) {
      strings.push(...node.descendantsOfType('string').filter((s) => s.startPosition.row !== s.endPosition.row));
    }
    for (let at = start; at >= 0 && at < last.endIndex; at = this.text.indexOf('\n', at) + 1 || -1) {
      if (isBlankLine(this.text, at) || this.planner.isDeletedLine(at) || strings.some((s) => at > s.startIndex && at < s.endIndex)) continue;
      if (this.planner.overlapsReplacement(at, at)) continue;
      edits.push({ start: at, end: at, text: unit, order: -5 });
    }
    // The range as one node for coverage checks: the block from first to last.
    const node = { startIndex: first.startIndex, endIndex: last.endIndex } as SyntaxNode;
    return { edits, node };
  }

  /** rollback() in the `except` of a try whose body holds a converted transaction: leaving the block already rolled back. */
  private planRollback(control: Control): void {
    const statement = control.call.parent;
    let handler: SyntaxNode | null = control.call.parent;
    while (handler && handler.type !== 'except_clause' && handler.type !== 'function_definition') handler = handler.parent;
    const tryStatement = handler?.type === 'except_clause' ? handler.parent : undefined;
    const body = tryStatement?.childForFieldName('body');
    const inTransaction = !!body && this.ranges.some((range) => range.conn === control.conn && isInside(range.node, body));
    if (!inTransaction || statement?.type !== 'expression_statement' || !same(statement.namedChildren[0], control.call)) {
      this.planner.review(control.call, 'AS343', 'rollback() outside the `except` of a converted transaction: not converted (raise inside `async with conn.transaction():` to roll back)');
      return;
    }
    const block = statement.parent!;
    const alone = block.namedChildren.filter((child) => child.type !== 'comment').length === 1;
    this.planner.add(control.call, [alone ? { start: statement.startIndex, end: statement.endIndex, text: 'pass' } : this.planner.deleteStatement(statement)!], { seed: false });
  }

  private planUncovered(): void {
    for (const operation of this.operations) {
      if (operation.endsTransactions && this.covered.has(operation)) {
        this.planner.review(operation.node, 'AS341', `${operation.endsTransactions}() commits or rolls back the connection it is handed: inside this transaction block its transaction is a savepoint, so what it committed now commits (or rolls back) with this block`);
      }
    }
    for (const operation of this.operations) {
      if (this.covered.has(operation) || !operation.needsTransaction) continue;
      const range = this.wrap(operation.conn, operation.statement, operation.lastStatement ?? operation.statement);
      this.planner.add(operation.node, range.edits);
      this.covered.add(operation);
    }
    const writes = this.operations.filter((operation) => operation.write && !this.covered.has(operation) && !this.autocommit.has(operation.conn));
    if (writes.length > 0 && !this.controls.some((control) => control.method === 'commit')) {
      this.planner.review(writes[0].node, 'AS344', 'writes with no commit() in this function: psycopg2 kept them in a transaction until the caller committed (or discarded them on close); asyncpg commits each statement at once');
    } else if (writes.length > 0) {
      this.planner.review(writes[0].node, 'AS344', 'writes after the last commit() of this function now commit at once under asyncpg');
    }
  }
}
