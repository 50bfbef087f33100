import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Planner } from './planner.js';
import { callArguments, enclosingFunction, ownDescendants, same, statementOf } from './syntax.js';

/**
 * Which cursor belongs to which connection, and where each cursor is used: cursors opened with
 * `conn.cursor()` (assigned or in a `with`), parameters annotated as cursors, and parameters of a
 * same-module function a cursor is handed to (which then receives the connection instead).
 */

/** A cursor name in one function, the connection it belongs to, and the rows its factory makes. */
export interface Cursor {
  name: string;
  /** Text of the connection expression the cursor's statements now run on. */
  conn: string;
  fn: SyntaxNode;
  binding?: SyntaxNode;
  bindingKind: 'assigned' | 'with' | 'parameter';
  dictRows: boolean;
  namedTuples: boolean;
  serverSide: boolean;
}

/** One use of a cursor name in its function. */
export type Use =
  | { kind: 'method'; method: string; call: SyntaxNode; node: SyntaxNode }
  | { kind: 'attribute'; name: string; node: SyntaxNode }
  | { kind: 'iterate'; node: SyntaxNode }
  | { kind: 'batch'; helper: 'execute_values' | 'execute_batch'; call: SyntaxNode; node: SyntaxNode }
  | { kind: 'passed'; call: SyntaxNode; node: SyntaxNode; position: number }
  | { kind: 'other'; node: SyntaxNode };

export type MethodUse = Extract<Use, { kind: 'method' }>;

/** The cursors opened on a connection, then the parameters annotated as cursors. */
export function findCursors(planner: Planner): Cursor[] {
  const cursors: Cursor[] = [];
  for (const call of planner.context.calls) {
    const callee = call.node.childForFieldName('function');
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')!.text !== 'cursor') continue;
    const conn = callee.childForFieldName('object')!;
    if (!planner.isConnection(conn)) continue;
    const cursor = cursorBinding(planner, call.node, conn);
    if (cursor) cursors.push(cursor);
  }
  for (const fn of planner.context.root.descendantsOfType('function_definition')) {
    for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
      if (parameter.type !== 'typed_parameter' && parameter.type !== 'typed_default_parameter') continue;
      const type = parameter.childForFieldName('type');
      const name = parameter.type === 'typed_parameter' ? parameter.namedChildren[0] : parameter.childForFieldName('name');
      if (!name || name.type !== 'identifier' || !planner.isCursorType(type?.namedChildren[0] ?? type)) continue;
      cursors.push({ name: name.text, conn: name.text, fn, binding: type!, bindingKind: 'parameter', dictRows: false, namedTuples: false, serverSide: false });
    }
  }
  return [...cursors, ...cursorParameters(planner)];
}

function cursorBinding(planner: Planner, call: SyntaxNode, conn: SyntaxNode): Cursor | undefined {
  const fn = enclosingFunction(call);
  if (!fn) return undefined;
  const { positional, keywords } = callArguments(call);
  const factory = keywords.get('cursor_factory');
  const factoryName = factory ? planner.context.qualifiedName(factory) ?? factory.text : '';
  const base = {
    conn: conn.text,
    fn,
    dictRows: /RealDictCursor$/.test(factoryName),
    namedTuples: /NamedTupleCursor$/.test(factoryName),
    serverSide: positional.length > 0 || keywords.has('name'),
  };
  const parent = call.parent;
  if (parent?.type === 'assignment' && same(parent.childForFieldName('right'), call) && parent.childForFieldName('left')?.type === 'identifier' && parent.parent?.type === 'expression_statement') {
    return { ...base, name: parent.childForFieldName('left')!.text, binding: parent.parent, bindingKind: 'assigned' };
  }
  const item = parent?.type === 'as_pattern' ? parent.parent : undefined;
  const statement = item?.parent?.parent;
  if (item?.type === 'with_item' && statement?.type === 'with_statement' && statement.namedChildren[0].namedChildren.length === 1) {
    const alias = parent!.namedChildren.at(-1)!;
    const name = alias.type === 'as_pattern_target' ? alias.namedChildren[0] ?? alias : alias;
    if (name.type === 'identifier' && !statement.children.some((token) => token.type === 'async')) {
      return { ...base, name: name.text, binding: statement, bindingKind: 'with' };
    }
  }
  planner.review(call, 'AS320', 'a cursor used in a way asyncshift does not follow: the psycopg2 code of this function is left as it was');
  planner.keepFunction(fn);
  return undefined;
}

/** Every use of the cursor name in its function, in source order, or undefined when it is rebound. */
export function cursorUses(planner: Planner, cursor: Cursor): Use[] | undefined {
  const uses: Use[] = [];
  for (const identifier of ownDescendants(cursor.fn.childForFieldName('body')!, ['identifier'])) {
    if (identifier.text !== cursor.name) continue;
    const parent = identifier.parent!;
    if (cursor.bindingKind !== 'parameter' && cursor.binding && identifier.startIndex >= cursor.binding.startIndex
      && identifier.endIndex <= (cursor.bindingKind === 'with' ? cursor.binding.namedChildren[0].endIndex : cursor.binding.endIndex)) continue;
    if (parent.type === 'attribute' && same(parent.childForFieldName('object'), identifier)) {
      if (parent.childForFieldName('attribute')?.type !== 'identifier' || same(parent.childForFieldName('attribute'), identifier)) continue;
      const name = parent.childForFieldName('attribute')!.text;
      if (parent.parent?.type === 'call' && same(parent.parent.childForFieldName('function'), parent)) uses.push({ kind: 'method', method: name, call: parent.parent, node: identifier });
      else uses.push({ kind: 'attribute', name, node: identifier });
    } else if (parent.type === 'attribute') {
      continue;
    } else if ((parent.type === 'for_statement' || parent.type === 'for_in_clause') && same(parent.childForFieldName('right'), identifier)) {
      uses.push({ kind: 'iterate', node: identifier });
    } else if (parent.type === 'argument_list' && parent.parent?.type === 'call') {
      const call = parent.parent;
      const helper = planner.context.qualifiedName(call.childForFieldName('function')!);
      const position = parent.namedChildren.findIndex((child) => same(child, identifier));
      if ((helper === 'psycopg2.extras.execute_values' || helper === 'psycopg2.extras.execute_batch') && position === 0) {
        uses.push({ kind: 'batch', helper: helper.endsWith('values') ? 'execute_values' : 'execute_batch', call, node: identifier });
      } else uses.push({ kind: 'passed', call, node: identifier, position });
    } else if (parent.type === 'assignment' && same(parent.childForFieldName('left'), identifier) || parent.type === 'as_pattern_target' || parent.type === 'pattern_list') {
      planner.review(identifier, 'AS320', `cursor ${cursor.name} is rebound: the psycopg2 code of this function is left as it was`);
      planner.keepFunction(cursor.fn);
      return undefined;
    } else {
      uses.push({ kind: 'other', node: identifier });
    }
  }
  return uses.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/**
 * `helper(cur)` → `helper(conn)`: a helper defined in this module is followed with its parameter as
 * the cursor, queued in `cursors` to be planned in turn; another module's function is followed there
 * when the project knows its parameter receives a cursor from every caller (its family joins this
 * one). False when the cursor goes where it is not followed.
 */
export function followPassedCursor(planner: Planner, cursor: Cursor, use: Extract<Use, { kind: 'passed' }>, cursors: Cursor[]): boolean {
  const callee = use.call.childForFieldName('function')!;
  const local = callee.type === 'identifier' ? moduleFunction(planner, callee.text) : undefined;
  const parameter = local?.childForFieldName('parameters')?.namedChildren.filter((p) => p.type !== 'comment')[use.position];
  const parameterName = parameter?.type === 'identifier' ? parameter : parameter?.type === 'typed_parameter' ? parameter.namedChildren[0] : undefined;
  const handOver = () => {
    planner.operations.push({ statement: statementOf(use.call)!, node: use.node, conn: cursor.conn, write: true });
    planner.add(use.node, [{ start: use.node.startIndex, end: use.node.endIndex, text: cursor.conn }], { seed: false });
  };
  if (local && parameterName?.type === 'identifier') {
    handOver();
    // The helper receives this cursor's connection: it keeps its psycopg2 code with this function, or migrates with it.
    planner.link(cursor.fn, local);
    const type = parameter?.type === 'typed_parameter' ? parameter.childForFieldName('type') ?? undefined : undefined;
    cursors.push({ name: parameterName.text, conn: parameterName.text, fn: local, binding: type, bindingKind: 'parameter', dictRows: cursor.dictRows, namedTuples: cursor.namedTuples, serverSide: false });
    return true;
  }
  const target = planner.context.project?.parameterFor(use.call, use.node);
  if (target) planner.linkAcross(cursor.fn, [target.fn]);
  // The rows' shape (dict, named tuple) is the caller's cursor factory: the other module cannot see it.
  if (!target?.holds || !CURSOR_VALUE.test(target.holds) || cursor.dictRows || cursor.namedTuples || cursor.serverSide) return false;
  handOver();
  return true;
}

/** A psycopg2 cursor read as a value: `psycopg2.connect().cursor()`. */
export const CURSOR_VALUE = /^psycopg2\.(connect|extensions\.connection|pool\.\w+ConnectionPool\(\)\.getconn)\(\)\.cursor\(\)$/;

/** Parameters of this module's functions that receive a plain cursor from every caller in the project. */
export function cursorParameters(planner: Planner): Cursor[] {
  const cursors: Cursor[] = [];
  if (!planner.context.project) return cursors;
  for (const fn of planner.context.root.descendantsOfType('function_definition')) {
    for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
      if (parameter.type !== 'identifier' || !CURSOR_VALUE.test(planner.context.qualifiedName(parameter) ?? '')) continue;
      cursors.push({ name: parameter.text, conn: parameter.text, fn, bindingKind: 'parameter', dictRows: false, namedTuples: false, serverSide: false });
    }
  }
  return cursors;
}

/** The function of that name defined at the top level of the module (decorated or not). */
function moduleFunction(planner: Planner, name: string): SyntaxNode | undefined {
  for (const child of planner.context.root.namedChildren) {
    const fn = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if (fn?.type === 'function_definition' && fn.childForFieldName('name')?.text === name) return fn;
  }
  return undefined;
}
