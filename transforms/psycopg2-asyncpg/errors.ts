import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Planner } from './planner.js';
import { enclosingFunction } from './syntax.js';

/**
 * psycopg2 exception classes in `except` clauses → asyncpg's. asyncpg has no common root class and
 * reports connection failures as OS errors or timeouts, so `psycopg2.Error` becomes a tuple.
 */
const DIRECT: Record<string, string> = {
  Error: '(asyncpg.PostgresError, asyncpg.InterfaceError, OSError, asyncio.TimeoutError)',
  DatabaseError: 'asyncpg.PostgresError',
  IntegrityError: 'asyncpg.IntegrityConstraintViolationError',
  DataError: 'asyncpg.DataError',
  InterfaceError: 'asyncpg.InterfaceError',
  OperationalError: '(asyncpg.PostgresConnectionError, asyncpg.CannotConnectNowError, OSError, asyncio.TimeoutError)',
  ProgrammingError: '(asyncpg.SyntaxOrAccessError, asyncpg.InterfaceError)',
};

const REVIEWED = new Set(['DataError', 'OperationalError', 'ProgrammingError']);

const BY_SQLSTATE_NAME: Record<string, string> = {
  UniqueViolation: 'UniqueViolationError',
  ForeignKeyViolation: 'ForeignKeyViolationError',
  NotNullViolation: 'NotNullViolationError',
  CheckViolation: 'CheckViolationError',
  ExclusionViolation: 'ExclusionViolationError',
  RestrictViolation: 'RestrictViolationError',
  SerializationFailure: 'SerializationError',
  DeadlockDetected: 'DeadlockDetectedError',
  LockNotAvailable: 'LockNotAvailableError',
  QueryCanceled: 'QueryCanceledError',
  UndefinedTable: 'UndefinedTableError',
  UndefinedColumn: 'UndefinedColumnError',
  DuplicateTable: 'DuplicateTableError',
  SyntaxError: 'PostgresSyntaxError',
  InFailedSqlTransaction: 'InFailedSQLTransactionError',
  InvalidTextRepresentation: 'InvalidTextRepresentationError',
  NumericValueOutOfRange: 'NumericValueOutOfRangeError',
  DivisionByZero: 'DivisionByZeroError',
  RaiseException: 'RaiseError',
  InsufficientPrivilege: 'InsufficientPrivilegeError',
};

function asyncpgException(qualifiedName: string): string | undefined {
  const direct = /^psycopg2\.(?:extensions\.)?(\w+)$/.exec(qualifiedName);
  if (direct && DIRECT[direct[1]]) return DIRECT[direct[1]];
  const specific = /^psycopg2\.errors\.(\w+)$/.exec(qualifiedName);
  if (specific && BY_SQLSTATE_NAME[specific[1]]) return `asyncpg.${BY_SQLSTATE_NAME[specific[1]]}`;
  if (qualifiedName === 'psycopg2.pool.PoolError') return 'asyncio.TimeoutError';
  return undefined;
}

export function planExceptClauses(planner: Planner): void {
  for (const clause of planner.context.root.descendantsOfType('except_clause')) {
    if (!enclosingFunction(clause)) continue;
    const caught = clause.namedChildren.find((child) => child.type !== 'block' && child.type !== 'comment');
    if (!caught) continue;
    const value = caught.type === 'as_pattern' ? caught.namedChildren[0] : caught;
    const names = value.type === 'tuple' || value.type === 'parenthesized_expression' ? value.namedChildren : [value];
    for (const name of names) planExceptionName(planner, name, clause);
    if (caught.type === 'as_pattern') planErrorAttributes(planner, caught, clause);
  }
}

function planExceptionName(planner: Planner, name: SyntaxNode, clause: SyntaxNode): void {
  if (name.type !== 'identifier' && name.type !== 'attribute') return;
  const qualified = planner.context.qualifiedName(name);
  const replacement = qualified ? asyncpgException(qualified) : undefined;
  if (!qualified || !replacement) {
    if (qualified?.startsWith('psycopg2.')) planner.review(clause, 'AS330', `${qualified} has no asyncpg counterpart: this handler no longer catches anything from asyncpg`);
    return;
  }
  const short = qualified.split('.').at(-1)!;
  const imports = [{ module: 'asyncpg' }, ...(replacement.includes('asyncio.') ? [{ module: 'asyncio' }] : [])];
  const root = name.type === 'identifier' ? name.text : name.text.split('.')[0];
  const review = short === 'PoolError'
    ? 'an exhausted asyncpg pool waits instead of raising PoolError: acquire() now times out with asyncio.TimeoutError'
    : REVIEWED.has(short) ? `psycopg2.${short} maps to ${replacement} only roughly: check which failures this handler must catch` : undefined;
  planner.add(name, [{ start: name.startIndex, end: name.endIndex, text: replacement }], { imports, releases: [root], seed: false, review, code: 'AS331' });
}

/** `e.pgcode` → `e.sqlstate`, `e.diag.constraint_name` → `e.constraint_name`. */
function planErrorAttributes(planner: Planner, caught: SyntaxNode, clause: SyntaxNode): void {
  const alias = caught.namedChildren.at(-1);
  const body = clause.namedChildren.find((child) => child.type === 'block');
  if (!alias || alias.type !== 'as_pattern_target' && alias.type !== 'identifier' || !body) return;
  const name = alias.text;
  for (const attribute of body.descendantsOfType('attribute')) {
    const object = attribute.childForFieldName('object');
    const field = attribute.childForFieldName('attribute')!.text;
    if (object?.type === 'identifier' && object.text === name) {
      if (field === 'pgcode') planner.add(attribute, [{ start: attribute.childForFieldName('attribute')!.startIndex, end: attribute.endIndex, text: 'sqlstate' }], { seed: false });
      if (field === 'pgerror') planner.add(attribute, [{ start: attribute.childForFieldName('attribute')!.startIndex, end: attribute.endIndex, text: 'message' }], { seed: false, review: 'e.pgerror → e.message: the text is formatted differently', code: 'AS332' });
    }
    const diag = object?.type === 'attribute' && object.childForFieldName('attribute')!.text === 'diag' ? object.childForFieldName('object') : undefined;
    const renamed = DIAG[field];
    if (diag?.type === 'identifier' && diag.text === name && renamed) {
      planner.add(attribute, [{ start: object!.childForFieldName('attribute')!.startIndex - 1, end: attribute.endIndex, text: `.${renamed}` }], { seed: false });
    }
  }
}

const DIAG: Record<string, string> = {
  constraint_name: 'constraint_name', table_name: 'table_name', column_name: 'column_name',
  schema_name: 'schema_name', message_detail: 'detail', message_hint: 'hint', message_primary: 'message',
};
