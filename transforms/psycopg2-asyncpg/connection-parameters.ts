import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Planner } from './planner.js';
import { callArguments, enclosingFunction, ownDescendants, same, statementOf } from './syntax.js';

/**
 * Connections handed to functions of the same module: `count(conn)` where `conn` came from
 * `psycopg2.connect()` / `pool.getconn()` (or is itself such a parameter). An unannotated parameter
 * that receives a connection from every call in the module is treated as a connection, so the
 * callee's cursor code converts with its caller; caller and callee (annotated or not) are linked, so
 * both migrate or both keep their psycopg2 code — never an asyncpg connection in psycopg2 code.
 */
interface Pass {
  call: SyntaxNode;
  argument: SyntaxNode;
  caller: SyntaxNode;
  callee: SyntaxNode;
}

const ANNOTATED_CONNECTION = /^psycopg2\.extensions\.connection$/;

export function followConnectionParameters(planner: Planner): Pass[] {
  const functions = moduleFunctions(planner.context.root);
  const callsOf = new Map<SyntaxNode, SyntaxNode[]>();
  for (const call of planner.context.calls) {
    const callee = call.node.childForFieldName('function');
    const root = call.site.callee?.root;
    if (callee?.type !== 'identifier' || root?.kind !== 'global' || call.site.callee!.path.length > 0) continue;
    const fn = functions.get(callee.text);
    if (fn) callsOf.set(fn, [...(callsOf.get(fn) ?? []), call.node]);
  }
  const passes: Pass[] = [];
  const seen = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const [fn, calls] of callsOf) {
      parameters(fn).forEach((parameter, position) => {
        const key = `${fn.startIndex}:${parameter.name}`;
        if (seen.has(key)) return;
        const handed = calls.map((call) => ({ call, argument: argumentFor(call, position, parameter.name), caller: enclosingFunction(call) }));
        const connections = handed.filter((pass) => pass.argument && pass.caller && planner.isConnection(pass.argument));
        if (connections.length === 0) return;
        keepCapturedConnections(planner, connections as Pass[]);
        if (parameter.annotation) {
          if (!ANNOTATED_CONNECTION.test(planner.context.qualifiedName(parameter.annotation) ?? '')) return;
        } else {
          // Followed only when every call passes a connection from inside a function, and nothing rebinds it.
          if (connections.length !== calls.length || isRebound(fn, parameter.name)) return;
          planner.followConnectionParameter(fn, parameter.name);
        }
        seen.add(key);
        changed = true;
        for (const pass of connections) {
          planner.link(pass.caller!, fn);
          passes.push({ call: pass.call, argument: pass.argument!, caller: pass.caller!, callee: fn });
        }
      });
    }
  }
  // A connection handed to a module function whose parameter is not followed (other calls pass other
  // values, or the call sits in a lambda): that function keeps psycopg2 code, so the caller keeps its connection.
  for (const [fn, calls] of callsOf) {
    const list = parameters(fn);
    for (const call of calls) {
      const { positional, keywords } = callArguments(call);
      const handed = [...positional.entries(), ...[...keywords].map(([name, value]) => [list.findIndex((p) => p.name === name), value] as const)]
        .filter(([, argument]) => planner.isConnection(argument));
      for (const [position, argument] of handed) {
        const parameter = list[position];
        if (parameter && seen.has(`${fn.startIndex}:${parameter.name}`)) continue;
        const caller = functionAround(call);
        if (!caller) continue;
        planner.review(call, 'AS320', `${argument.text} is handed to ${fn.childForFieldName('name')!.text}(), which also receives other values or is called where it cannot be awaited: this function keeps its psycopg2 connection and code`);
        planner.keepFunction(caller);
        // The callee receives this psycopg2 connection: it keeps its psycopg2 code too.
        planner.link(caller, fn);
      }
    }
  }
  return passes;
}

/**
 * The call that hands the connection over runs the callee's statements on it: a database operation
 * of the caller (inside its transaction), a write when the callee writes or hands it on again.
 */
export function recordConnectionPasses(planner: Planner, passes: Pass[]): void {
  const writes = (fn: SyntaxNode, visiting: Set<SyntaxNode>): boolean => {
    if (visiting.has(fn)) return false;
    visiting.add(fn);
    return planner.operations.some((operation) => operation.write && same(enclosingFunction(operation.node), fn))
      || passes.some((pass) => same(pass.caller, fn) && writes(pass.callee, visiting));
  };
  const endsTransactions = (fn: SyntaxNode, visiting: Set<SyntaxNode>): boolean => {
    if (visiting.has(fn)) return false;
    visiting.add(fn);
    return ownDescendants(fn.childForFieldName('body')!, ['call', 'with_statement']).some((node) => isTransactionControl(planner, node))
      || passes.some((pass) => same(pass.caller, fn) && endsTransactions(pass.callee, visiting));
  };
  for (const pass of passes) {
    planner.operations.push({
      statement: statementOf(pass.call)!,
      node: pass.call,
      conn: pass.argument.text,
      write: writes(pass.callee, new Set()),
      endsTransactions: endsTransactions(pass.callee, new Set()) ? pass.callee.childForFieldName('name')!.text : undefined,
    });
  }
}

/** `conn.commit()`, `conn.rollback()` or `with conn:` on a psycopg2 connection. */
function isTransactionControl(planner: Planner, node: SyntaxNode): boolean {
  if (node.type === 'with_statement') {
    const item = node.namedChildren[0]?.namedChildren.find((child) => child.type === 'with_item');
    return !!item && planner.isConnection(item.namedChildren[0]);
  }
  const callee = node.childForFieldName('function');
  return callee?.type === 'attribute' && /^(commit|rollback)$/.test(callee.childForFieldName('attribute')!.text) && planner.isConnection(callee.childForFieldName('object'));
}

/** Module-level functions by name, unless the name is bound otherwise at module level too. */
export function moduleFunctions(root: SyntaxNode): Map<string, SyntaxNode> {
  const functions = new Map<string, SyntaxNode>();
  const other = new Set<string>();
  for (const child of root.namedChildren) {
    const fn = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if (fn?.type === 'function_definition') {
      const name = fn.childForFieldName('name')!.text;
      if (functions.has(name)) other.add(name);
      functions.set(name, fn);
    } else {
      for (const name of boundAtModuleLevel(child)) other.add(name);
    }
  }
  for (const name of other) functions.delete(name);
  return functions;
}

/** Names a top-level statement binds: assignments, imports, classes, functions defined in blocks. */
function boundAtModuleLevel(statement: SyntaxNode): string[] {
  const names: string[] = [];
  for (const node of [statement, ...ownDescendants(statement, ['assignment', 'augmented_assignment', 'for_statement', 'as_pattern', 'named_expression', 'import_statement', 'import_from_statement'])]) {
    if (node.type === 'import_statement' || node.type === 'import_from_statement') {
      for (const imported of node.namedChildren) {
        if (node.type === 'import_from_statement' && same(imported, node.childForFieldName('module_name'))) continue;
        const local = imported.type === 'aliased_import' ? imported.childForFieldName('alias') : imported;
        if (local) names.push(local.text.split('.')[0]);
      }
    } else names.push(...bindingTargets(node));
  }
  for (const nested of statement.descendantsOfType(['function_definition', 'class_definition'])) {
    const name = nested.childForFieldName('name');
    if (name && !enclosingFunction(nested)) names.push(name.text);
  }
  return names;
}

/** The names a binding construct (assignment, loop, `as`, walrus, del, global) binds. */
function bindingTargets(node: SyntaxNode): string[] {
  const target = node.type === 'assignment' || node.type === 'augmented_assignment' || node.type === 'for_statement' || node.type === 'for_in_clause' ? node.childForFieldName('left')
    : node.type === 'named_expression' ? node.childForFieldName('name')
      : node.type === 'as_pattern' ? node.namedChildren.at(-1)
        : node.type === 'delete_statement' || node.type === 'global_statement' || node.type === 'nonlocal_statement' ? node : undefined;
  return target ? targetNames(target) : [];
}

function targetNames(target: SyntaxNode): string[] {
  if (target.type === 'identifier') return [target.text];
  if (target.type === 'attribute' || target.type === 'subscript') return [];
  return target.namedChildren.flatMap(targetNames);
}

interface ParameterInfo {
  name: string;
  annotation?: SyntaxNode;
}

/** Plain positional parameters in order (`conn`, `conn: connection`); anything else ends the list. */
function parameters(fn: SyntaxNode): ParameterInfo[] {
  const found: ParameterInfo[] = [];
  for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (parameter.type === 'comment') continue;
    if (parameter.type === 'identifier') found.push({ name: parameter.text });
    else if (parameter.type === 'typed_parameter' && parameter.namedChildren[0]?.type === 'identifier') {
      const type = parameter.childForFieldName('type');
      found.push({ name: parameter.namedChildren[0].text, annotation: type?.namedChildren[0] ?? type ?? undefined });
    } else break;
  }
  return found;
}

function argumentFor(call: SyntaxNode, position: number, name: string): SyntaxNode | undefined {
  const { positional, keywords, splat } = callArguments(call);
  if (splat) return undefined;
  return positional[position] ?? keywords.get(name);
}

/**
 * A nested function handing on a connection it captured from the function around it (a closure, such
 * as a block moved into a thread): the outer function's connection is used by code that does not
 * change with it, so the outer function keeps its psycopg2 connection and code.
 */
function keepCapturedConnections(planner: Planner, passes: Pass[]): void {
  for (const pass of passes) {
    if (pass.argument.type !== 'identifier' || binds(pass.caller, pass.argument.text)) continue;
    let owner = enclosingFunction(pass.caller);
    while (owner && !binds(owner, pass.argument.text)) owner = enclosingFunction(owner);
    if (!owner) continue;
    planner.review(pass.call, 'AS320', `${pass.argument.text} is used by the nested function ${pass.caller.childForFieldName('name')?.text ?? ''}(), which does not change with ${owner.childForFieldName('name')?.text ?? ''}(): that function keeps its psycopg2 connection and code`);
    planner.keepFunction(owner);
  }
}

function binds(fn: SyntaxNode, name: string): boolean {
  const parameterNames = (fn.childForFieldName('parameters')?.namedChildren ?? [])
    .map((parameter) => parameter.type === 'identifier' ? parameter.text : parameter.childForFieldName('name')?.text ?? parameter.namedChildren[0]?.text);
  return parameterNames.includes(name) || isRebound(fn, name);
}

/** The parameter is assigned, deleted or rebound by a loop, `with ... as`, `global` or `nonlocal` in the function. */
function isRebound(fn: SyntaxNode, name: string): boolean {
  const body = fn.childForFieldName('body')!;
  const binders = ownDescendants(body, ['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause', 'as_pattern', 'named_expression', 'delete_statement', 'global_statement', 'nonlocal_statement']);
  return binders.some((node) => bindingTargets(node).includes(name));
}

/** The function whose body holds `node`, through lambdas (a call in a lambda still uses that function's connection). */
function functionAround(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition') return current;
    if (current.type === 'class_definition') return undefined;
  }
  return undefined;
}
