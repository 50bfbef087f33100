import { lastStatement } from './syntax-facts.js';
import type { SyntaxNode } from '../parse/parse-python.js';
import { sameNode, span } from './call-usage.js';
import type { DecoratorFacts, FunctionId, NameRef } from './model.js';
import { parameterName } from './scopes.js';

/**
 * Reads what a project decorator does with the function it is given, from its definition:
 *
 *     def retry(func):                         # wraps: `wrapper` calls `func`
 *         @functools.wraps(func)
 *         def wrapper(*args, **kwargs):
 *             return func(*args, **kwargs)
 *         return wrapper
 *
 *     def command(func):                       # returns-it, stored in COMMANDS
 *         COMMANDS[func.__name__] = func
 *         return func
 *
 * plus factories (`def retry(times):` returning such a decorator), classes whose `__init__` keeps the
 * function and whose `__call__` calls it, decorators that already choose an async wrapper with
 * `inspect.iscoroutinefunction`, and the rest: a function handed to a thread, a callback registry,
 * `functools.partial`, ... (`hands-on`), which the solver keeps sync.
 */
export interface DecoratorReading {
  idOf(node: SyntaxNode): FunctionId | undefined;
  /** A name as written in the function `fn` (`pytest.mark.skipif`), as a reference. */
  refOf(node: SyntaxNode, fn: SyntaxNode): NameRef | null;
  /** Facts already read for a nested function (inner functions are read first). */
  factsOf(node: SyntaxNode): DecoratorFacts | undefined;
  line(index: number): number;
}

/** Calls that only look at a function: they neither call it nor keep it. */
const INSPECTS = /(^|\.)(wraps|update_wrapper|signature|getfullargspec|getargspec|getdoc|getattr|hasattr|setattr|callable|isinstance|id|repr|str|getsource|getsourcefile|getsourcelines|getmodule|getfile|ismethod|isfunction|isgeneratorfunction|isasyncgenfunction|iscoroutinefunction|markcoroutinefunction|get_type_hints|_?get_name|__name__)$/;
const COLOUR_TEST = /(^|\.)iscoroutinefunction$/;
const SETS_DEFAULT = /\.set_defaults$/;
const STORES = /\.(append|add|insert|appendleft|setdefault|extend|put|register)$|^register$/;

export function functionDecoratorFacts(fn: SyntaxNode, reading: DecoratorReading): DecoratorFacts | undefined {
  const parameter = decoratedParameter(fn);
  const body = fn.childForFieldName('body');
  const last = lastStatement(body);
  if (!body || last?.type !== 'return_statement') return undefined;
  const nested = nestedFunctions(body);
  const returned = returnedName(last.namedChildren[0]);
  // `def cache(*depends_on): ... return cache_decorator`: settings all starred, no parameter for a function.
  if (!parameter) return factoryReturning(nestedNamed(nested, returned?.name), reading);
  const colourTested = body.text.includes('iscoroutinefunction');
  // Most functions return something else: only a decorator's shapes are worth a walk of the body.
  if (!colourTested && (!returned || (returned.name !== parameter && !nestedNamed(nested, returned.name)))) return undefined;
  const uses = usesOf(parameter, body, fn);
  if (uses.colourTest) {
    const syncWrappers = nested.filter((def) => !isAsync(def) && callsName(def, parameter)).map((def) => reading.idOf(def));
    return { kind: 'colour-aware', syncWrappers: syncWrappers.filter((id): id is FunctionId => !!id) };
  }
  if (!returned) return undefined;
  if (returned.name === parameter) {
    if (uses.handsOn) return { kind: 'hands-on', how: uses.handsOn.how, line: reading.line(uses.handsOn.at) };
    if (uses.calls.length > 0) return { kind: 'hands-on', how: 'calls it while decorating', line: reading.line(uses.calls[0].startIndex) };
    if (!uses.stored) return { kind: 'returns-it' };
    const { how, at, defaultOf } = uses.stored;
    return { kind: 'returns-it', stored: { how, line: reading.line(at), ...(defaultOf ? { defaultOf } : {}) } };
  }
  const wrapper = nestedNamed(nested, returned.name);
  const wrapperId = wrapper && reading.idOf(wrapper);
  if (!wrapper || !wrapperId) return undefined;
  const factory = factoryReturning(wrapper, reading);
  if (factory) return factory;
  if (uses.calls.length === 0) return uses.handsOn ? { kind: 'hands-on', how: uses.handsOn.how, line: reading.line(uses.handsOn.at) } : undefined;
  const callsInWrapper = uses.calls.filter((call) => sameNode(enclosingFunction(call, fn), wrapper));
  if (uses.handsOn) return { kind: 'hands-on', how: uses.handsOn.how, line: reading.line(uses.handsOn.at) };
  const elsewhere = uses.calls.find((call) => !callsInWrapper.includes(call));
  if (elsewhere) {
    const where = enclosingFunction(elsewhere, fn);
    const how = sameNode(where, fn) ? 'calls it while decorating' : `calls it from ${where?.type === 'lambda' ? 'a lambda' : `the nested function ${where?.childForFieldName('name')?.text}`}`;
    return { kind: 'hands-on', how, line: reading.line(elsewhere.startIndex) };
  }
  if (uses.stored) return { kind: 'hands-on', how: uses.stored.how, line: reading.line(uses.stored.at) };
  // The wrapper's name used only by the closing `return` can be swapped for a colour test there; one
  // whose attributes are set after its definition (`wrapper.payload_type = payload_type`) can be bound
  // again to the wrapper of the right colour first, so that the settings land on it.
  const mentions = identifiers(body, returned.name).filter((id) => !within(id, wrapper));
  if (mentions.length === 1) return { kind: 'wraps', wrapper: wrapperId, wrapped: parameter, wrapperReturn: span(returned.node) };
  const setsAttributesAfter = mentions.every((id) => within(id, last) || id.startIndex > wrapper.endIndex && isAttributeSet(id));
  return { kind: 'wraps', wrapper: wrapperId, wrapped: parameter, ...(setsAttributesAfter ? { rebindWrapper: true as const } : {}) };
}

/**
 * A factory returns a decorator of its own: its parameters are its settings (`@retry(times=3)`,
 * `@on_error(GitError)`), and only the inner decorator matters, whatever the settings are used for.
 */
function factoryReturning(returned: SyntaxNode | undefined, reading: DecoratorReading): DecoratorFacts | undefined {
  const id = returned && reading.idOf(returned);
  return returned && id && reading.factsOf(returned) ? { kind: 'factory', decorator: id } : undefined;
}

/** The nested function of that name, which a decorator returns. */
function nestedNamed(nested: readonly SyntaxNode[], name: string | undefined): SyntaxNode | undefined {
  return name === undefined ? undefined : nested.find((def) => def.childForFieldName('name')?.text === name);
}

/**
 * A class used as a decorator: `__init__(self, func)` stores `self.func = func`, `__call__` calls
 * `self.func(...)`. Any other use of the stored function (another method calling it, a thread) is
 * handing it on.
 */
export function classDecoratorFacts(cls: SyntaxNode, reading: DecoratorReading): DecoratorFacts | undefined {
  const methods = new Map<string, SyntaxNode>();
  for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
    const def = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const name = def?.type === 'function_definition' ? def.childForFieldName('name')?.text : undefined;
    if (def && name) methods.set(name, def);
  }
  const init = methods.get('__init__');
  const call = methods.get('__call__');
  if (!init || !call) return undefined;
  const parameters = (init.childForFieldName('parameters')?.namedChildren ?? []).map((p) => parameterName(p));
  const [receiver, parameter] = parameters;
  const initBody = init.childForFieldName('body');
  if (!receiver || !parameter || !initBody) return undefined;
  let attribute: string | undefined;
  for (const use of identifiers(initBody, parameter)) {
    const parent = use.parent;
    const left = parent?.type === 'assignment' && sameNode(parent.childForFieldName('right'), use) ? parent.childForFieldName('left') : null;
    if (left?.type === 'attribute' && left.childForFieldName('object')?.text === receiver && !attribute) {
      attribute = left.childForFieldName('attribute')?.text;
      continue;
    }
    const inspected = argumentOf(use);
    if (inspected && INSPECTS.test(calleeText(inspected))) continue;
    if (parent?.type === 'attribute' && sameNode(parent.childForFieldName('object'), use)) continue;
    return undefined;
  }
  const callId = reading.idOf(call);
  if (!attribute || !callId) return undefined;
  const callReceiver = parameterName(call.childForFieldName('parameters')?.namedChildren[0] ?? call) ?? 'self';
  for (const [name, method] of methods) {
    if (name === '__init__') continue;
    const self = parameterName(method.childForFieldName('parameters')?.namedChildren[0] ?? method);
    for (const use of method.descendantsOfType('attribute')) {
      if (use.childForFieldName('object')?.text !== self || use.childForFieldName('attribute')?.text !== attribute) continue;
      const parent = use.parent;
      const called = parent?.type === 'call' && sameNode(parent.childForFieldName('function'), use);
      if (called && method === call && sameNode(enclosingFunction(use, method), method)) continue;
      if (parent?.type === 'attribute' && sameNode(parent.childForFieldName('object'), use)) continue;
      const inspected = argumentOf(use);
      if (inspected && INSPECTS.test(calleeText(inspected)) && !COLOUR_TEST.test(calleeText(inspected))) continue;
      if (inspected && COLOUR_TEST.test(calleeText(inspected))) return { kind: 'colour-aware', syncWrappers: [] };
      return { kind: 'hands-on', how: called ? `${name} calls it` : `${name} hands it on`, line: reading.line(use.startIndex) };
    }
  }
  return { kind: 'wraps', wrapper: callId, wrapped: `${callReceiver}.${attribute}` };
}

/** The parameter that receives the decorated function: the first one, after `self`/`cls`. */
function decoratedParameter(fn: SyntaxNode): string | undefined {
  const names = (fn.childForFieldName('parameters')?.namedChildren ?? [])
    .filter((p) => p.type !== 'list_splat_pattern' && p.type !== 'dictionary_splat_pattern' && p.type !== 'keyword_separator' && p.type !== 'positional_separator')
    .map((p) => parameterName(p));
  const first = names[0] === 'self' || names[0] === 'cls' ? names[1] : names[0];
  return first;
}

/**
 * `return pytest.mark.skipif(cond, reason=...)` closing a function that defines no function of its
 * own (FunctionInfo.handsOutCallOf). Only dotted names of the module's own (an import): `return
 * helper(x)` or `return value.lower()` is no decorator's shape worth keeping in every index.
 */
export function handedOutCall(fn: SyntaxNode, reading: DecoratorReading): NameRef | undefined {
  const body = fn.childForFieldName('body');
  const last = lastStatement(body);
  const value = last?.type === 'return_statement' ? last.namedChildren[0] : undefined;
  const callee = value?.type === 'call' ? value.childForFieldName('function') : undefined;
  if (callee?.type !== 'attribute' || nestedFunctions(body!).length > 0) return undefined;
  const made = reading.refOf(callee, fn);
  return made && (made.root.kind === 'global' || made.root.kind === 'imported') ? made : undefined;
}

/** `return wrapper`, `return functools.wraps(func)(wrapper)`, `return update_wrapper(wrapper, func)`, `return cast(F, wrapper)`. */
function returnedName(value: SyntaxNode | undefined): { name: string; node: SyntaxNode } | undefined {
  if (!value) return undefined;
  if (value.type === 'identifier') return { name: value.text, node: value };
  if (value.type !== 'call') return undefined;
  const callee = value.childForFieldName('function');
  const args = value.childForFieldName('arguments')?.namedChildren ?? [];
  if (callee?.type === 'call' && /(^|\.)wraps$/.test(calleeText(callee)) && args.length === 1 && args[0].type === 'identifier') {
    return { name: args[0].text, node: args[0] };
  }
  if (callee && /(^|\.)update_wrapper$/.test(callee.text) && args[0]?.type === 'identifier') return { name: args[0].text, node: args[0] };
  // `return typing.cast(F, wrapper)`: only for the type checker.
  if (callee && /(^|\.)cast$/.test(callee.text) && args.length === 2 && args[1].type === 'identifier') return { name: args[1].text, node: args[1] };
  return undefined;
}

/** The functions a body defines at any statement depth, but not inside other functions or classes. */
export function nestedFunctions(body: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const visit = (node: SyntaxNode) => {
    for (const child of node.namedChildren) {
      const def = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
      if (def?.type === 'function_definition') found.push(def);
      else if (def?.type !== 'class_definition' && ['block', 'if_statement', 'else_clause', 'elif_clause', 'try_statement', 'except_clause', 'finally_clause', 'with_statement'].includes(child.type)) visit(child);
    }
  };
  visit(body);
  return found;
}

interface Uses {
  calls: SyntaxNode[];
  stored?: { how: string; at: number; defaultOf?: string };
  handsOn?: { how: string; at: number };
  colourTest: boolean;
}

/** Every use of the decorated function's parameter in the decorator's body, nested functions included. */
function usesOf(parameter: string, body: SyntaxNode, decorator: SyntaxNode): Uses {
  const uses: Uses = { calls: [], colourTest: false };
  for (const use of identifiers(body, parameter)) {
    if (shadowed(use, parameter, decorator)) continue;
    const parent = use.parent;
    if (!parent) continue;
    if (parent.type === 'call' && sameNode(parent.childForFieldName('function'), use)) {
      if (insideGenerator(use, decorator)) uses.handsOn ??= { how: 'calls it in a generator expression', at: use.startIndex };
      else uses.calls.push(use);
      continue;
    }
    if (parent.type === 'attribute' && sameNode(parent.childForFieldName('object'), use)) continue;
    if (['comparison_operator', 'not_operator', 'boolean_operator'].includes(parent.type)) continue;
    if (parent.type === 'return_statement') {
      if (!sameNode(enclosingFunction(use, decorator), decorator)) uses.handsOn ??= { how: 'returns it from a nested function', at: use.startIndex };
      continue;
    }
    const call = argumentOf(use);
    if (call) {
      const callee = calleeText(call);
      if (COLOUR_TEST.test(callee)) uses.colourTest = true;
      else if (INSPECTS.test(callee)) continue;
      else if (STORES.test(callee)) keep(uses, { how: `registers it with ${callee}()`, at: use.startIndex });
      else if (SETS_DEFAULT.test(callee) && use.parent?.type === 'keyword_argument') {
        // `parser.set_defaults(func=func)`: argparse keeps it for the program's `args.func(args)`.
        const key = use.parent.childForFieldName('name')!.text;
        keep(uses, { how: `sets it as the \`${key}\` default of ${callee}()`, at: use.startIndex, defaultOf: key });
      }
      else uses.handsOn ??= { how: `passes it to ${callee}`, at: use.startIndex };
      continue;
    }
    if (parent.type === 'assignment' && sameNode(parent.childForFieldName('right'), use)) {
      const left = parent.childForFieldName('left');
      if (left?.type === 'attribute' && /^__\w+__$/.test(left.childForFieldName('attribute')?.text ?? '')) continue; // wrapper.__wrapped__ = func
      if (left?.type === 'subscript' || left?.type === 'attribute') keep(uses, { how: `stores it in ${left.text}`, at: use.startIndex });
      else uses.handsOn ??= { how: `assigns it to ${left?.text}`, at: use.startIndex };
      continue;
    }
    uses.handsOn ??= { how: 'uses it as a value', at: use.startIndex };
  }
  return uses;
}

/**
 * The first place that keeps the function is the one reported; but a `set_defaults` is read as
 * argparse's only when it is the one place: kept anywhere else too, the function is in a registry.
 */
function keep(uses: Uses, stored: NonNullable<Uses['stored']>): void {
  if (!uses.stored) uses.stored = stored;
  else if (uses.stored.defaultOf) uses.stored = { how: stored.how, at: stored.at };
}

export function identifiers(node: SyntaxNode, name: string): SyntaxNode[] {
  return node.descendantsOfType('identifier').filter((id) => id.text === name && !isKeywordName(id));
}

/** `f(func=1)`: the keyword's name is not a use. */
function isKeywordName(id: SyntaxNode): boolean {
  const parent = id.parent;
  return parent?.type === 'keyword_argument' && sameNode(parent.childForFieldName('name'), id)
    || parent?.type === 'attribute' && sameNode(parent.childForFieldName('attribute'), id);
}

/** The call a node is an argument of (positional or keyword value). */
function argumentOf(node: SyntaxNode): SyntaxNode | undefined {
  let list = node.parent;
  if (list?.type === 'keyword_argument') list = sameNode(list.childForFieldName('value'), node) ? list.parent : null;
  return list?.type === 'argument_list' && list.parent?.type === 'call' ? list.parent : undefined;
}

function calleeText(call: SyntaxNode): string {
  const callee = call.childForFieldName('function');
  return callee?.type === 'call' ? calleeText(callee) : callee?.text ?? '';
}

/** The innermost function or lambda around `node`, up to `limit`. */
function enclosingFunction(node: SyntaxNode, limit: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda') return current;
    if (sameNode(current, limit)) return limit;
  }
  return undefined;
}

function insideGenerator(node: SyntaxNode, limit: SyntaxNode): boolean {
  for (let current = node.parent; current && !sameNode(current, limit); current = current.parent) {
    if (current.type === 'generator_expression') return true;
    if (current.type === 'function_definition' || current.type === 'lambda') return false;
  }
  return false;
}

/** A nested function or lambda with a parameter of the same name hides the decorator's one. */
function shadowed(node: SyntaxNode, name: string, limit: SyntaxNode): boolean {
  for (let current = node.parent; current && !sameNode(current, limit); current = current.parent) {
    if (current.type !== 'function_definition' && current.type !== 'lambda') continue;
    const parameters = current.childForFieldName('parameters')?.namedChildren ?? [];
    if (parameters.some((p) => parameterName(p) === name)) return true;
  }
  return false;
}

export function within(node: SyntaxNode, outer: SyntaxNode): boolean {
  return node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

function isAsync(def: SyntaxNode): boolean {
  return def.children.some((token) => token.type === 'async');
}

function callsName(def: SyntaxNode, name: string): boolean {
  return def.descendantsOfType('call').some((call) => call.childForFieldName('function')?.text === name);
}

/** `wrapper.attribute = value`: the name is the object of an attribute assigned to. */
function isAttributeSet(name: SyntaxNode): boolean {
  const attribute = name.parent;
  const assignment = attribute?.parent;
  return attribute?.type === 'attribute' && sameNode(attribute.childForFieldName('object'), name)
    && assignment?.type === 'assignment' && sameNode(assignment.childForFieldName('left'), attribute);
}
