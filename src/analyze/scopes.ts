import type { SyntaxNode } from '../parse/parse-python.js';
import { HOLDS_STATEMENTS } from '../parse/statement-holders.js';
import { parametrizedLiterals } from './parametrized-literals.js';

/**
 * The names a function binds locally (Python decides at compile time: any assignment anywhere in
 * the body makes a name local), and where each local got its value from, for simple type inference.
 */
export interface FunctionScope {
  node: SyntaxNode;
  locals: Set<string>;
  /** Names declared `global` or `nonlocal`: not local here. */
  globals: Set<string>;
  /** Names declared `global` only: assignments here rebind the module's variable. */
  moduleGlobals: Set<string>;
  /** Local name → the single value it is assigned (`x = Client()`), or 'many' when it is rebound. */
  assignedFrom: Map<string, SyntaxNode | 'many'>;
  /** Local name → the value of each binding, null where it is not a plain `name = value`. */
  boundValues: Map<string, (SyntaxNode | null)[]>;
  /** `for name in iterable:` → the container of each such loop, and how the name holds its element. */
  loopIterables: Map<string, { container: SyntaxNode; how: LoopElement[2] }[]>;
  /** Parameters of a builtin type: `*args` → tuple, `**kwargs` → dict, a test's parametrized literals (parametrized-literals.ts). */
  literalParameters: Map<string, string>;
  /** Annotated parameter or local variable (`x: Client = ...`, the first annotation) → annotation node. */
  annotations: Map<string, SyntaxNode>;
  /** Nested `def` name → node. */
  nestedDefs: Map<string, SyntaxNode>;
  parameters: Set<string>;
  /** `yield` expressions and `return` statements of this function (not of nested ones). */
  yields: SyntaxNode[];
  returns: SyntaxNode[];
  /** Names bound by `import` inside the function → the dotted name they stand for. */
  localImports: Map<string, string>;
  /** First parameter of a method: `self` (or `cls` for a classmethod). */
  receiverName?: string;
  receiverKind?: 'self' | 'cls';
  parent?: FunctionScope;
}

/** The absolute module a relative import names (`..`, `util`), for the module being indexed. */
export type RelativeModules = (level: number, rest: string) => string;

export function buildFunctionScope(
  node: SyntaxNode,
  parent: FunctionScope | undefined,
  method: 'instance' | 'class' | 'static' | undefined,
  relativeModules?: RelativeModules,
): FunctionScope {
  const scope: FunctionScope = {
    node,
    locals: new Set(),
    globals: new Set(),
    moduleGlobals: new Set(),
    assignedFrom: new Map(),
    boundValues: new Map(),
    loopIterables: new Map(),
    literalParameters: parametrizedLiterals(node),
    annotations: new Map(),
    nestedDefs: new Map(),
    localImports: new Map(),
    parameters: new Set(),
    yields: [],
    returns: [],
    parent,
  };
  const parameters = node.childForFieldName('parameters');
  let first = true;
  for (const parameter of parameters?.namedChildren ?? []) {
    const name = parameterName(parameter);
    if (!name) continue;
    scope.locals.add(name);
    scope.parameters.add(name);
    if (parameter.type === 'list_splat_pattern') scope.literalParameters.set(name, 'tuple');
    if (parameter.type === 'dictionary_splat_pattern') scope.literalParameters.set(name, 'dict');
    const annotation = parameter.childForFieldName('type');
    if (annotation) scope.annotations.set(name, annotation);
    if (first && method && method !== 'static' && parameter.type !== 'list_splat_pattern') {
      scope.receiverName = name;
      scope.receiverKind = method === 'class' ? 'cls' : 'self';
    }
    first = false;
  }
  const body = node.childForFieldName('body');
  if (body) collectBindings(body, scope, relativeModules);
  for (const name of scope.globals) scope.locals.delete(name);
  return scope;
}

export function parameterName(parameter: SyntaxNode): string | undefined {
  switch (parameter.type) {
    case 'identifier':
      return parameter.text;
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const inner = parameter.namedChildren.find((child) => child.type === 'identifier')
        ?? parameter.namedChildren[0]?.namedChildren.find((child) => child.type === 'identifier');
      return inner?.text;
    }
    case 'default_parameter':
    case 'typed_default_parameter':
      return parameter.childForFieldName('name')?.text;
    default:
      return undefined;
  }
}

const EXPRESSION_FACTS = /yield|:=|\bas\b/;

/** Where a binding statement can be: under a statement holder, or in an assignment (`a = b = c`). */
const HOLDS_BINDINGS = new Set([...HOLDS_STATEMENTS, 'expression_statement', 'assignment', 'augmented_assignment']);

/**
 * One cursor walk over a function body (not into nested functions, classes, lambdas or
 * comprehensions, which have scopes of their own): what it binds, yields and returns.
 */
function collectBindings(body: SyntaxNode, scope: FunctionScope, relativeModules?: RelativeModules): void {
  // Only `yield`, `:=` and `as` bind or record inside expressions: without them, statements are enough.
  const expressionsMatter = EXPRESSION_FACTS.test(body.text);
  const cursor = body.walk();
  const parents: string[] = [];
  if (!cursor.gotoFirstChild()) return;
  for (;;) {
    const type = cursor.nodeType;
    let descend = cursor.nodeIsNamed;
    switch (type) {
      case 'yield':
        scope.yields.push(cursor.currentNode);
        break;
      case 'return_statement':
        scope.returns.push(cursor.currentNode);
        break;
      case 'function_definition':
      case 'class_definition': {
        const node = cursor.currentNode;
        const name = node.childForFieldName('name')?.text;
        if (name) {
          scope.locals.add(name);
          if (type === 'function_definition') scope.nestedDefs.set(name, node);
        }
        descend = false;
        break;
      }
      case 'lambda':
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        // Their variables live in scopes of their own (only walrus targets leak, rarely).
        descend = false;
        break;
      case 'global_statement':
      case 'nonlocal_statement':
        for (const name of cursor.currentNode.namedChildren) {
          scope.globals.add(name.text);
          if (type === 'global_statement') scope.moduleGlobals.add(name.text);
        }
        descend = false;
        break;
      case 'assignment':
      case 'augmented_assignment': {
        const node = cursor.currentNode;
        const left = node.childForFieldName('left');
        if (left) bindTargets(left, scope, type === 'assignment' ? node.childForFieldName('right') : null);
        // `x: Client | None = lookup()`: the declared type holds whatever the value's type says.
        const declared = type === 'assignment' ? node.childForFieldName('type') : null;
        if (declared && left?.type === 'identifier' && !scope.annotations.has(left.text)) scope.annotations.set(left.text, declared);
        break;
      }
      case 'for_statement': {
        const left = cursor.currentNode.childForFieldName('left');
        const right = cursor.currentNode.childForFieldName('right');
        if (left) bindTargets(left, scope, null);
        if (left && right) {
          for (const [name, container, how] of loopElements(left, right)) (scope.loopIterables.get(name) ?? scope.loopIterables.set(name, []).get(name)!).push({ container, how });
        }
        break;
      }
      case 'as_pattern': {
        // `with Client() as c`: c is what `__enter__` returns; the as_pattern stands for that value.
        const node = cursor.currentNode;
        const alias = node.childForFieldName('alias');
        if (alias) bindTargets(alias, scope, parents.at(-1) === 'with_item' ? node : null);
        break;
      }
      case 'named_expression': {
        const name = cursor.currentNode.childForFieldName('name');
        if (name) bindTargets(name, scope, null);
        break;
      }
      case 'import_statement':
      case 'import_from_statement': {
        const node = cursor.currentNode;
        for (const bound of boundImportNames(node)) scope.locals.add(bound);
        for (const [bound, dotted] of importedDottedNames(node, relativeModules)) scope.localImports.set(bound, dotted);
        descend = false;
        break;
      }
    }
    if (descend && (expressionsMatter || HOLDS_BINDINGS.has(type)) && cursor.gotoFirstChild()) {
      parents.push(type);
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (parents.length === 0 || !cursor.gotoParent()) return;
      parents.pop();
    }
  }
}

/** Builtins that hand back the elements of their one iterable, in another order or container. */
const SAME_ELEMENTS = new Set(['sorted', 'reversed', 'list', 'tuple', 'set', 'frozenset']);

/** How a loop variable holds an element of its container: iterating it, or through a mapping's `.values()`/`.items()`. */
export type LoopElement = [name: string, container: SyntaxNode, how: 'iterating' | 'values'];

/**
 * The loop variables of `for left in right` that hold an element of a container, each with that
 * container: `for c in clients`, `for c in sorted(clients)`, `for i, c in enumerate(clients)` (what
 * iterating it gives: of a mapping, its keys), `for c in clients.values()`, `for name, c in clients.items()`
 * (a mapping's values).
 */
export function loopElements(left: SyntaxNode, right: SyntaxNode): LoopElement[] {
  const call = right.type === 'call' ? right : undefined;
  const callee = call?.childForFieldName('function');
  // `sorted(s for s in names)`: the arguments are one generator expression, not a list of them.
  const argumentList = call?.childForFieldName('arguments');
  const args = argumentList?.type === 'argument_list' ? argumentList.namedChildren.filter((arg) => arg.type !== 'comment') : [];
  const method = callee?.type === 'attribute' && args.length === 0 ? callee.childForFieldName('attribute')?.text : undefined;
  const container = callee?.type === 'attribute' ? callee.childForFieldName('object') : undefined;
  const builtin = callee?.type === 'identifier' ? callee.text : undefined;
  const firstArgument = args[0]?.type === 'keyword_argument' ? undefined : args[0];
  if (left.type === 'identifier') {
    if (method === 'values' && container) return [[left.text, container, 'values']];
    if (builtin && SAME_ELEMENTS.has(builtin) && firstArgument) return [[left.text, firstArgument, 'iterating']];
    return [[left.text, right, 'iterating']];
  }
  const names = ['pattern_list', 'tuple_pattern'].includes(left.type) ? left.namedChildren : [];
  if (names.length !== 2 || names[1].type !== 'identifier') return [];
  if (builtin === 'enumerate' && firstArgument) return [[names[1].text, firstArgument, 'iterating']];
  if (method === 'items' && container) return [[names[1].text, container, 'values']];
  return [];
}

function bindTargets(target: SyntaxNode, scope: FunctionScope, value: SyntaxNode | null): void {
  if (target.type === 'identifier') {
    scope.locals.add(target.text);
    const previous = scope.assignedFrom.get(target.text);
    scope.assignedFrom.set(target.text, previous === undefined && value ? value : 'many');
    (scope.boundValues.get(target.text) ?? scope.boundValues.set(target.text, []).get(target.text)!).push(value);
    return;
  }
  if (target.type === 'as_pattern_target') {
    const only = target.namedChildren.length === 1 ? target.namedChildren[0] : undefined;
    if (only) bindTargets(only, scope, value);
    else for (const child of target.namedChildren) bindTargets(child, scope, null);
    return;
  }
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'list_splat_pattern', 'parenthesized_expression', 'expression_list'].includes(target.type)) {
    for (const child of target.namedChildren) bindTargets(child, scope, null);
  }
  // attribute / subscript targets bind nothing locally.
}

function boundImportNames(statement: SyntaxNode): string[] {
  const names: string[] = [];
  for (const child of statement.childrenForFieldName('name')) {
    if (child.type === 'aliased_import') {
      const alias = child.childForFieldName('alias');
      if (alias) names.push(alias.text);
    } else if (child.type === 'dotted_name') {
      names.push(statement.type === 'import_statement' ? child.text.split('.')[0] : child.text);
    }
  }
  return names;
}

/**
 * `import a.b as c` → c: a.b; `from m import n as k` → k: m.n; `from .m import n` → n: pkg.m.n when
 * the indexer says where `.` is (the only import inside a function that needs the module's name).
 */
function importedDottedNames(statement: SyntaxNode, relativeModules: RelativeModules | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  const moduleNode = statement.childForFieldName('module_name');
  let moduleName = moduleNode?.text;
  if (statement.type === 'import_from_statement' && moduleNode?.type === 'relative_import') {
    if (!relativeModules) return pairs;
    const prefix = moduleNode.namedChildren.find((child) => child.type === 'import_prefix')?.text ?? '.';
    moduleName = relativeModules(prefix.length, moduleNode.namedChildren.find((child) => child.type === 'dotted_name')?.text ?? '');
  } else if (statement.type === 'import_from_statement' && moduleNode?.type !== 'dotted_name') return pairs;
  for (const clause of statement.childrenForFieldName('name')) {
    const name = clause.type === 'aliased_import' ? clause.childForFieldName('name')?.text ?? '' : clause.text;
    const alias = clause.type === 'aliased_import' ? clause.childForFieldName('alias')?.text ?? name : name;
    if (statement.type === 'import_statement') pairs.push(clause.type === 'aliased_import' ? [alias, name] : [name.split('.')[0], name.split('.')[0]]);
    else pairs.push([alias, `${moduleName}.${name}`]);
  }
  return pairs;
}

/** Is `name` local to this function or an enclosing one (a closure), and which scope binds it? */
export function bindingScope(scope: FunctionScope | undefined, name: string): FunctionScope | undefined {
  for (let current = scope; current; current = current.parent) {
    if (current.globals.has(name)) return undefined;
    if (current.locals.has(name)) return current;
  }
  return undefined;
}

