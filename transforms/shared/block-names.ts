import type { SyntaxNode } from '../../src/parse/parse-python.js';

/**
 * Which names a piece of a function binds, in the sense of Python's scoping rules: what moving a
 * `with` block into a nested function must know so that every name still reaches the same variable.
 */

const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
/** Nodes a target can nest in: `a, (b, *c) = ...`, `del a, b`. */
const PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'expression_list', 'parenthesized_expression']);

/** Every binding (assignment target, loop target, `as` name, import, `del`, walrus, def name) in `root`'s own scope. */
export function bindings(root: SyntaxNode): SyntaxNode[] {
  return root.descendantsOfType('identifier').filter((node) => isBinding(node) && !inNestedScope(node, root));
}

/** Names declared `global` or `nonlocal` in `root`'s own scope. */
export function declaredOutside(root: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const statement of root.descendantsOfType(['global_statement', 'nonlocal_statement'])) {
    if (inNestedScope(statement, root)) continue;
    for (const name of statement.namedChildren) if (name.type === 'identifier') names.add(name.text);
  }
  return names;
}

/** The parameter names of a function. */
export function parameterNames(fn: SyntaxNode): string[] {
  const names: string[] = [];
  for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    const named = parameter.childForFieldName('name') ?? parameter;
    const identifier = named.type === 'identifier' ? named : named.descendantsOfType('identifier')[0];
    if (identifier) names.push(identifier.text);
  }
  return names;
}

/** Identifiers that read or write a variable (not attribute names, not keyword-argument names). */
export function variableMentions(root: SyntaxNode): SyntaxNode[] {
  return root.descendantsOfType('identifier').filter((node) => {
    const parent = node.parent;
    if (parent?.type === 'attribute' && same(parent.childForFieldName('attribute'), node)) return false;
    if (parent?.type === 'keyword_argument' && same(parent.childForFieldName('name'), node)) return false;
    return true;
  });
}

/**
 * Names certainly bound when `statements` run to their end without leaving: those bound by plain
 * statements at the top level (and in nested `with` bodies, which always run), not in branches or
 * loops. Walrus targets are left out: they may sit in a branch of an expression.
 */
export function certainlyBound(statements: SyntaxNode): Set<string> {
  return certainlyBoundIn(statements.namedChildren);
}

/** The same for a run of sibling statements. */
export function certainlyBoundIn(statements: readonly SyntaxNode[]): Set<string> {
  const names = new Set<string>();
  for (const statement of statements) {
    if (statement.type === 'with_statement') {
      for (const name of certainlyBound(statement.childForFieldName('body')!)) names.add(name);
      for (const target of statement.descendantsOfType('as_pattern_target')) {
        for (const name of target.descendantsOfType('identifier')) names.add(name.text);
      }
    } else if (['expression_statement', 'import_statement', 'import_from_statement'].includes(statement.type)) {
      for (const node of bindings(statement)) if (node.parent?.type !== 'named_expression') names.add(node.text);
    }
  }
  return names;
}

/** Whether `node` sits in a function, lambda or class nested inside `root` (a def's own name does not). */
export function inNestedScope(node: SyntaxNode, root: SyntaxNode): boolean {
  let child = node;
  for (let current = node.parent; current && !same(current, root); child = current, current = current.parent) {
    if (NESTED_SCOPES.has(current.type) && !same(current.childForFieldName('name'), child)) return true;
  }
  return false;
}

/** `base`, or `base_2`, `base_3`, ... : the first that the module's text does not mention. */
export function freeName(base: string, text: string): string {
  const taken = (candidate: string) => new RegExp(`\\b${candidate}\\b`).test(text);
  if (!taken(base)) return base;
  for (let suffix = 2; ; suffix++) if (!taken(`${base}_${suffix}`)) return `${base}_${suffix}`;
}

function isBinding(identifier: SyntaxNode): boolean {
  let child = identifier;
  let parent = identifier.parent;
  while (parent && PATTERNS.has(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  switch (parent.type) {
    case 'assignment':
      // `x: int` declares without binding.
      return same(parent.childForFieldName('left'), child) && !!parent.childForFieldName('right');
    case 'augmented_assignment':
    case 'for_statement':
      return same(parent.childForFieldName('left'), child);
    case 'named_expression':
      return same(parent.childForFieldName('name'), child);
    case 'as_pattern_target':
    case 'delete_statement':
      return true;
    case 'aliased_import':
      return same(parent.childForFieldName('alias'), child);
    case 'dotted_name': {
      // `import a.b` binds `a`; `from m import a` binds `a`; module names bind nothing.
      const statement = parent.parent;
      if (statement?.type === 'import_statement') return same(parent.firstNamedChild, child);
      return statement?.type === 'import_from_statement' && !same(statement.childForFieldName('module_name'), parent);
    }
    case 'function_definition':
    case 'class_definition':
      return same(parent.childForFieldName('name'), child);
    default:
      return false;
  }
}

function same(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex;
}
