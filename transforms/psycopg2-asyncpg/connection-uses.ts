import type { SyntaxNode } from '../../src/parse/parse-python.js';
import { bindings, declaredOutside, parameterNames } from '../shared/block-names.js';
import { CURSOR_VALUE } from './cursor-dataflow.js';
import type { Planner } from './planner.js';
import { callArguments, enclosingFunction, same } from './syntax.js';

/**
 * Every place a function uses a psycopg2 connection, checked against what the conversion handles, so
 * that no psycopg2 call or attribute is left on an asyncpg connection and no asyncpg connection
 * reaches code written for psycopg2. The uses the other modules convert (cursors, commit/rollback,
 * close, `closed`, `autocommit = True`, `with conn:`, handing it to a function of this module)
 * pass; so do tests of identity or truth. Handing it to another module's function joins that
 * function's family when the project knows the parameter holds a connection; returning or yielding
 * it joins the functions that receive it when the project sees them all. Anything else keeps the
 * function's psycopg2 code, and with it every function it shares the connection with, with a review item.
 */

/** Connection methods another part of the conversion rewrites or removes. */
const CONVERTED_METHODS = new Set(['cursor', 'commit', 'rollback', 'close']);
const AUTOCOMMIT_LEVEL = /^(0|(psycopg2\.extensions\.)?ISOLATION_LEVEL_AUTOCOMMIT)$/;

export function checkConnectionUses(planner: Planner): void {
  const cache: BoundNames = new Map();
  for (const fn of planner.context.root.descendantsOfType('function_definition')) {
    const body = fn.childForFieldName('body');
    if (!body) continue;
    linkCallersOfConnectionParameters(planner, fn);
    const checked = new Map<string, boolean>();
    for (const node of body.descendantsOfType(['identifier', 'call', 'attribute'])) {
      const owner = enclosingDef(planner, node);
      if (owner?.type === 'lambda' && same(enclosingFunction(owner), fn) && node.type === 'identifier' && !isNameOnly(node) && planner.isConnection(node)) {
        holdBack(planner, fn, node, `${node.text} is used inside a lambda, where nothing can be awaited`);
        continue;
      }
      if (!same(owner, fn)) continue;
      if (node.type === 'identifier') {
        if (isNameOnly(node)) continue;
        const known = checked.get(node.text);
        const connection = known ?? planner.isConnection(node);
        checked.set(node.text, connection);
        if (connection) checkUse(planner, fn, node, cache);
      } else if (node.type === 'call') {
        if (planner.isConnection(node)) checkUse(planner, fn, node, cache);
      } else if (node.childForFieldName('object')?.type !== 'call' && planner.isConnection(node)) {
        holdBack(planner, fn, node, `${node.text} holds a psycopg2 connection that other methods share: asyncshift converts connections held in local names and parameters only`);
      }
    }
  }
}

/**
 * A function with a parameter holding a connection shares it with every caller: they change
 * together (each caller links itself too, when it sees the connection it hands over).
 */
function linkCallersOfConnectionParameters(planner: Planner, fn: SyntaxNode): void {
  const id = planner.functionScope(fn);
  const project = planner.context.project;
  if (!id || !project) return;
  const parameters = (fn.childForFieldName('parameters')?.namedChildren ?? [])
    .map((parameter) => parameter.type === 'identifier' ? parameter : parameter.childForFieldName('name') ?? parameter.namedChildren[0])
    .filter((name): name is SyntaxNode => name?.type === 'identifier');
  if (parameters.some((name) => planner.isConnection(name) || CURSOR_VALUE.test(planner.context.qualifiedName(name) ?? ''))) {
    planner.linkAcross(fn, project.resultTakers(id) ?? []);
  }
}

/** The innermost `def` around a node (lambdas included: a use inside one belongs to no awaitable place). */
function enclosingDef(planner: Planner, node: SyntaxNode): SyntaxNode | undefined {
  const owner = planner.context.enclosing.innermost(node);
  return owner?.type === 'class_definition' ? undefined : owner;
}

/** An identifier that names an attribute or a keyword, not a value. */
function isNameOnly(node: SyntaxNode): boolean {
  const parent = node.parent!;
  return parent.type === 'attribute' && same(parent.childForFieldName('attribute'), node)
    || parent.type === 'keyword_argument' && same(parent.childForFieldName('name'), node)
    || parent.type === 'parameters' || parent.type === 'typed_parameter' || parent.type === 'default_parameter' || parent.type === 'typed_default_parameter';
}

function checkUse(planner: Planner, fn: SyntaxNode, value: SyntaxNode, cache: BoundNames): void {
  const project = planner.context.project;
  const origins = project?.originsOf(value) ?? [];
  if (origins.length > 0) planner.linkAcross(fn, origins);
  let node = value;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent!;
  if (value.type === 'identifier') {
    const owner = binder(fn, value.text, cache);
    if (!owner) return holdBack(planner, fn, value, `${value.text} is a psycopg2 connection shared at module level, where asyncpg.connect() cannot be awaited`);
    if (!same(owner, fn)) {
      holdBack(planner, owner, value, `${value.text} is also used by the nested function ${fn.childForFieldName('name')?.text}()`);
      return holdBack(planner, fn, value, `${value.text} belongs to the enclosing function ${owner.childForFieldName('name')?.text}()`);
    }
  }
  switch (parent.type) {
    case 'attribute':
      return checkAttribute(planner, fn, node, parent);
    case 'assignment':
      // The binding itself (`conn = psycopg2.connect(...)`) or a name holding one.
      if (same(parent.childForFieldName('left'), node)) return;
      // A name that holds it is followed in turn; an attribute that holds it is reported as such.
      if (value.type === 'call' && planner.isConnection(parent.childForFieldName('left'))) return;
      return holdBack(planner, fn, value, `${value.text} is stored in ${parent.childForFieldName('left')?.text}, which asyncshift does not follow`);
    case 'with_item': {
      // `with conn:` is a transaction (see transactions); with other context managers it is not converted.
      const items = parent.parent?.namedChildren.filter((child) => child.type === 'with_item') ?? [];
      if (items.length === 1 && !parent.parent?.parent?.children.some((token) => token.type === 'async')) return;
      return holdBack(planner, fn, value, `\`with ${value.text}\` shares its with statement with other context managers`);
    }
    case 'as_pattern':
    case 'as_pattern_target':
      return;
    case 'comparison_operator':
    case 'not_operator':
    case 'boolean_operator':
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
    case 'conditional_expression':
      return;
    case 'argument_list':
    case 'keyword_argument':
      return checkArgument(planner, fn, node, value);
    case 'return_statement':
    case 'yield':
      return checkResult(planner, fn, value, parent.type === 'yield' ? 'yields' : 'returns');
    case 'expression_statement':
      if (value.type === 'call') return;
      break;
  }
  holdBack(planner, fn, value, `${value.text} is used in a way asyncshift does not follow (${parent.text.split('\n')[0].slice(0, 60)})`);
}

/** `conn.x`: methods and attributes with an asyncpg form pass; the rest keeps the function psycopg2 code. */
function checkAttribute(planner: Planner, fn: SyntaxNode, value: SyntaxNode, attribute: SyntaxNode): void {
  if (!same(attribute.childForFieldName('object'), value)) return;
  const name = attribute.childForFieldName('attribute')!.text;
  const call = attribute.parent?.type === 'call' && same(attribute.parent.childForFieldName('function'), attribute) ? attribute.parent : undefined;
  if (call) {
    if (CONVERTED_METHODS.has(name)) return;
    if (name === 'set_session' || name === 'set_isolation_level') return planSessionSetting(planner, fn, call, name);
    return holdBack(planner, fn, call, `${attribute.text}() has no asyncpg counterpart asyncshift converts`, 'AS340');
  }
  const assigned = attribute.parent?.type === 'assignment' && same(attribute.parent.childForFieldName('left'), attribute);
  if (assigned && name === 'autocommit') return; // converted, or kept, with the transactions
  if (!assigned && name === 'closed') return; // → is_closed()
  holdBack(planner, fn, attribute, assigned
    ? `${attribute.text} = ... has no asyncpg counterpart (settings of an asyncpg connection are per transaction or server settings)`
    : `${attribute.text} has no asyncpg counterpart asyncshift converts`, 'AS340');
}

/**
 * `conn.set_session(autocommit=True)` and `conn.set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)` go:
 * asyncpg autocommits outside transactions. Isolation levels, read-only and deferrable sessions are
 * per transaction in asyncpg: those keep the function's psycopg2 code.
 */
function planSessionSetting(planner: Planner, fn: SyntaxNode, call: SyntaxNode, method: string): void {
  const { positional, keywords, splat } = callArguments(call);
  const autocommit = method === 'set_session'
    ? !splat && positional.length === 0 && keywords.size === 1 && keywords.get('autocommit')?.text === 'True'
    : positional.length === 1 && keywords.size === 0 && AUTOCOMMIT_LEVEL.test(planner.context.qualifiedName(positional[0]) ?? positional[0].text);
  const statement = call.parent;
  const removal = autocommit && statement?.type === 'expression_statement' ? planner.deleteStatement(statement) : undefined;
  if (removal) {
    // `extensions.ISOLATION_LEVEL_AUTOCOMMIT` may have been the only use of its import.
    const releases = positional.filter((argument) => argument.type === 'identifier' || argument.type === 'attribute').map((argument) => argument.text.split('.')[0]);
    planner.add(call, [removal], { seed: false, releases });
    return;
  }
  holdBack(planner, fn, call, `${call.text.split('\n')[0]}: asyncpg sets isolation, read-only and deferrable per transaction (conn.transaction(isolation=..., readonly=...)), not per session`, 'AS340');
}

/** `helper(conn)`: a function of this module is followed (connection-parameters); another module's joins the family. */
function checkArgument(planner: Planner, fn: SyntaxNode, argument: SyntaxNode, value: SyntaxNode): void {
  const list = argument.parent!.type === 'keyword_argument' ? argument.parent!.parent! : argument.parent!;
  const call = list.parent!;
  if (call.type !== 'call') return holdBack(planner, fn, value, `${value.text} is handed to code asyncshift does not follow`);
  const callee = call.childForFieldName('function')!;
  if (callee.type === 'identifier' && planner.isModuleFunction(callee.text)) return;
  if (/^psycopg2\.pool\.\w+ConnectionPool\(\)\.putconn$/.test(planner.context.qualifiedName(callee) ?? '')) return; // → pool.release(conn)
  const target = planner.context.project?.parameterFor(call, argument);
  if (target) {
    planner.linkAcross(fn, [target.fn]);
    if (target.holds && planner.isConnectionValue(target.holds)) return;
    return holdBack(planner, fn, value, `${value.text} is handed to ${callee.text}(), whose parameter ${target.name} also receives other values (or is rebound there): it keeps its psycopg2 code, and so does this function`);
  }
  holdBack(planner, fn, value, `${value.text} is handed to ${callee.text}(), which expects a psycopg2 connection`);
}

/** `return conn` / `yield conn`: every function receiving it joins the family, when the project sees them all. */
function checkResult(planner: Planner, fn: SyntaxNode, value: SyntaxNode, verb: string): void {
  const id = planner.functionScope(fn);
  const takers = id ? planner.context.project?.resultTakers(id) : undefined;
  if (takers) {
    planner.linkAcross(fn, takers);
    return;
  }
  holdBack(planner, fn, value, `${fn.childForFieldName('name')?.text ?? 'this function'}() ${verb} a psycopg2 connection to code asyncshift cannot follow (it is used as a value, e.g. a FastAPI dependency, or called where its caller is unknown)`);
}

function holdBack(planner: Planner, fn: SyntaxNode, node: SyntaxNode, why: string, code = 'AS320'): void {
  planner.review(node, code, `${why}: the psycopg2 code of this function, and of every function sharing its connection, is left as it was`);
  planner.keepFunction(fn);
}

type BoundNames = Map<number, { local: Set<string>; outside: Set<string> }>;

/** The function that binds `name` (a parameter or a local): `fn` itself or one around it; undefined for a module-level name. */
function binder(fn: SyntaxNode, name: string, cache: BoundNames): SyntaxNode | undefined {
  for (let scope: SyntaxNode | undefined = fn; scope; scope = enclosingFunction(scope)) {
    let names = cache.get(scope.startIndex);
    if (!names) {
      const body = scope.childForFieldName('body')!;
      names = { local: new Set([...parameterNames(scope), ...bindings(body).map((node) => node.text)]), outside: declaredOutside(body) };
      cache.set(scope.startIndex, names);
    }
    if (names.outside.has(name)) return undefined;
    if (names.local.has(name)) return scope;
  }
  return undefined;
}
