import type { SyntaxNode } from '../parse/parse-python.js';
import { sameNode, span } from './call-usage.js';
import type { FunctionScope } from './scopes.js';

/** Small facts read off syntax nodes, shared by the indexer's parts. */

export const LITERAL_TYPES: Record<string, string> = {
  dictionary: 'dict', dictionary_comprehension: 'dict', list: 'list', list_comprehension: 'list',
  set: 'set', set_comprehension: 'set', tuple: 'tuple', string: 'str', concatenated_string: 'str',
  integer: 'int', float: 'float', true: 'bool', false: 'bool',
};

export const BUILTINS = new Set(['open', 'input', 'print', 'next', 'iter', 'sorted', 'list', 'map', 'filter']);

/** Every function and class Python binds in every module (exceptions aside): a call to one runs no project code by name. */
export const BUILTIN_CALLABLES = new Set(('abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex '
  + 'delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance '
  + 'issubclass iter len list locals map max memoryview min next object oct open ord pow print property quit range repr reversed round set '
  + 'setattr slice sorted staticmethod str sum super tuple type vars zip').split(' '));

/** `getattr(obj, "name")` → the literal; `getattr(obj, f"on_{x}")` → a pattern of reachable names. */
export function getattrParts(call: SyntaxNode): { object: SyntaxNode; literal?: string; pattern: string } | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (args.length < 2 || args[0].type === 'keyword_argument') return undefined;
  return { object: args[0], ...attributeName(args[1]) };
}

/**
 * `methodcaller("copy")(records)`: the method's name (as getattrParts reads it) and the object it is
 * called on, the outer call's first argument.
 */
export function methodCallerParts(caller: SyntaxNode, outerArgs: SyntaxNode): { object?: SyntaxNode; literal?: string; pattern: string } | undefined {
  const name = caller.childForFieldName('arguments')?.namedChildren[0];
  if (!name || name.type === 'keyword_argument') return undefined;
  const first = outerArgs.namedChildren[0];
  const object = first && first.type !== 'keyword_argument' && first.type !== 'list_splat' && first.type !== 'dictionary_splat' ? first : undefined;
  return { object, ...attributeName(name) };
}

/**
 * An attribute name given as an expression: `"copy"` → the literal; `f"on_{x}"` or `name + "Command"`
 * → a pattern; anything else, any name.
 */
export function attributeName(name: SyntaxNode): { literal?: string; pattern: string } {
  if (name.type === 'binary_operator' && name.childForFieldName('operator')?.type === '+') {
    const left = attributeName(name.childForFieldName('left')!);
    const right = attributeName(name.childForFieldName('right')!);
    const pattern = left.pattern + right.pattern;
    return left.literal !== undefined && right.literal !== undefined ? { literal: left.literal + right.literal, pattern } : { pattern };
  }
  if (name.type !== 'string') return { pattern: '.*' };
  const parts = name.namedChildren.filter((part) => part.type === 'string_content' || part.type === 'interpolation');
  if (parts.every((part) => part.type === 'string_content')) {
    const literal = parts.map((part) => part.text).join('');
    return { literal, pattern: escapeRegExp(literal) };
  }
  return { pattern: parts.map((part) => part.type === 'interpolation' ? '.*' : escapeRegExp(part.text)).join('') };
}

/** Is the line starting at `lineStart` part of a multi-line string (re-indenting would change it)? */
export function insideString(node: SyntaxNode | null, lineStart: number): boolean {
  for (let current = node; current; current = current.parent) {
    if (current.type === 'string' && current.startIndex < lineStart) return true;
  }
  return false;
}

export function stringValue(node: SyntaxNode): string | undefined {
  const parts = node.namedChildren.filter((part) => part.type !== 'string_start' && part.type !== 'string_end');
  return parts.every((part) => part.type === 'string_content') ? parts.map((part) => part.text).join('') : undefined;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How a `def` binds its first parameter: in a class body it is a method. */
export function methodKindOf(fn: SyntaxNode): 'instance' | 'class' | 'static' | undefined {
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  if (holder.parent?.type !== 'block' || holder.parent.parent?.type !== 'class_definition') return undefined;
  const decorators = holder.type === 'decorated_definition' ? holder.namedChildren.filter((child) => child.type === 'decorator').map((d) => d.text) : [];
  if (decorators.some((text) => /^@\s*staticmethod\b/.test(text))) return 'static';
  if (decorators.some((text) => /^@\s*classmethod\b/.test(text))) return 'class';
  return 'instance';
}

export function isMainGuard(node: SyntaxNode): boolean {
  const condition = node.childForFieldName('condition');
  if (condition?.type !== 'comparison_operator') return false;
  const parts = condition.namedChildren.map((child) => child.text.replace(/'/g, '"'));
  return parts.length === 2 && parts.includes('__name__') && parts.includes('"__main__"');
}

/** A `try` with an `except` clause that names StopIteration (alone or in a tuple). */
export function catchesStopIteration(tryStatement: SyntaxNode): boolean {
  return tryStatement.namedChildren.some((clause) => clause.type === 'except_clause'
    && clause.namedChildren.some((part) => part.type !== 'block' && /\bStopIteration\b/.test(part.text)));
}

/**
 * Whether a function yields, whether it returns a value, and the values it returns or yields (for the
 * type of what a factory or a fixture hands out), from the yields and returns its scope collected.
 */
export function generatorFactsOf(scope: Pick<FunctionScope, 'yields' | 'returns'>): {
  isGenerator: boolean; returnsValue: boolean; returnsSelf: boolean; returnCalls: SyntaxNode[]; yieldedValues: SyntaxNode[];
} {
  const values = scope.returns.map((statement) => statement.namedChildren[0]);
  return {
    isGenerator: scope.yields.length > 0,
    returnsValue: values.some((value) => value && value.text !== 'None'),
    returnsSelf: values.length > 0 && values.every((value) => value?.type === 'identifier' && value.text === 'self'),
    // `return Client(...)` (awaited or not), or a local holding one: what callers receive.
    returnCalls: values.filter((value): value is SyntaxNode => value?.type === 'call' || value?.type === 'identifier' || value?.type === 'await'),
    yieldedValues: scope.yields
      .filter((node) => !node.children.some((token) => token.type === 'from'))
      .map((node) => node.namedChildren[0])
      .filter((value): value is SyntaxNode => !!value),
  };
}

/**
 * The builtin type of the literal every return statement gives, when the body ends in a return and
 * there is no other kind of value: `def _get_version(self): return ''` gives `str`.
 */
export function literalReturnType(returns: readonly SyntaxNode[], body: SyntaxNode | null): 'str' | 'bytes' | 'int' | 'float' | 'bool' | undefined {
  if (returns.length === 0 || body?.lastNamedChild?.type !== 'return_statement') return undefined;
  const types = new Set(returns.map((statement) => literalType(statement.namedChildren[0])));
  if (types.size !== 1) return undefined;
  return [...types][0];
}

function literalType(value: SyntaxNode | undefined): 'str' | 'bytes' | 'int' | 'float' | 'bool' | undefined {
  switch (value?.type) {
    case 'string':
    case 'concatenated_string':
      return /^[rRfFuU]*[bB]/.test(value.text) ? 'bytes' : 'str';
    case 'integer':
      return 'int';
    case 'float':
      return 'float';
    case 'true':
    case 'false':
      return 'bool';
    default:
      return undefined;
  }
}

export function stopIterationRaises(body: SyntaxNode): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const statement of body.descendantsOfType('raise_statement')) {
    const raised = statement.namedChildren[0];
    const name = raised?.type === 'call' ? raised.childForFieldName('function') : raised;
    if (name?.type === 'identifier' && name.text === 'StopIteration') spans.push(span(name));
  }
  return spans;
}

/** A name read as a value: not an attribute after a dot, a keyword, a parameter or a name being defined. */
export function isRead(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'attribute':
      return sameNode(parent.childForFieldName('object'), identifier);
    case 'keyword_argument':
      return sameNode(parent.childForFieldName('value'), identifier);
    case 'function_definition':
    case 'class_definition':
    case 'parameters':
    case 'default_parameter':
    case 'typed_parameter':
    case 'typed_default_parameter':
    case 'dotted_name':
    case 'aliased_import':
    case 'import_from_statement':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'as_pattern_target':
      return false;
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return !sameNode(parent.childForFieldName('left'), identifier);
    default:
      return true;
  }
}

/** The last statement of a block, comments aside. */
export function lastStatement(block: SyntaxNode | null | undefined): SyntaxNode | undefined {
  return block?.namedChildren.filter((child) => child.type !== 'comment').at(-1);
}
