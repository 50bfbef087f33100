import catalogue from './library-classes.json' with { type: 'json' };

/**
 * Library classes that projects subclass, with the methods each defines (from
 * scripts/library-classes.py, read off the libraries themselves). A project method overriding one of
 * them is called by the library, synchronously; a base missing from here is unknown.
 */
const METHODS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(catalogue.classes as Record<string, string[]>).map(([name, methods]) => [name, new Set(methods)]),
);

/** The methods a catalogued library class defines (`pathlib.Path`: `touch`, `open`, ...). */
export function libraryClassMethods(name: string): ReadonlySet<string> | undefined {
  return METHODS.get(name);
}

/** Bases with no behaviour of their own to drive a subclass's methods. */
const INERT = new Set(['builtins.object', 'abc.ABC', 'typing.Generic', 'typing.Protocol', 'typing_extensions.Protocol']);

const HTTP_METHODS = /^(get|post|put|patch|delete|head|options|trace)$/;

/**
 * Library classes that reach a subclass's methods by building their names (`getattr(self, "do_" +
 * command)()`), so the methods are not among the base's own: a request handler's `do_GET`, a
 * visitor's `visit_Name`.
 */
const DISPATCHED_BY_NAME: readonly { base: RegExp; method: RegExp }[] = [
  { base: /^http\.server\.(Base|Simple|CGI)HTTPRequestHandler$/, method: /^do_/ },
  { base: /^cmd\.Cmd$/, method: /^(do|help|complete)_/ },
  { base: /^ast\.Node(Visitor|Transformer)$/, method: /^visit_/ },
  { base: /^docutils\.nodes\.(Generic|Sparse)?NodeVisitor$/, method: /^(visit|depart)_/ },
  { base: /^libcst\.(CSTVisitor|CSTTransformer|BatchableCSTVisitor)$/, method: /^(visit|leave)_/ },
  { base: /^flask\.views\.(Method)?View$/, method: HTTP_METHODS },
  { base: /^django\.views(\.generic)?(\.base)?\.View$/, method: HTTP_METHODS },
];

/**
 * typing's aliases of builtin and collections classes (`class Remotes(List[Remote])`, `class
 * Theme(MutableMapping)`): the class itself. A NamedTuple is a tuple with `_make`, `_asdict` and
 * `_replace`, which call none of the subclass's own methods.
 */
const TYPING_ALIASES: ReadonlyMap<string, string> = new Map([
  ['typing.List', 'builtins.list'], ['typing.Dict', 'builtins.dict'], ['typing.Set', 'builtins.set'],
  ['typing.FrozenSet', 'builtins.frozenset'], ['typing.Tuple', 'builtins.tuple'], ['typing.Type', 'builtins.type'],
  ['typing.NamedTuple', 'builtins.tuple'],
  ['typing.DefaultDict', 'collections.defaultdict'], ['typing.OrderedDict', 'collections.OrderedDict'],
  ['typing.Counter', 'collections.Counter'], ['typing.ChainMap', 'collections.ChainMap'],
  ...['Callable', 'Container', 'Hashable', 'Iterable', 'Iterator', 'Mapping', 'MutableMapping', 'MutableSequence', 'MutableSet', 'Sequence', 'Sized']
    .map((name): [string, string] => [`typing.${name}`, `collections.abc.${name}`]),
  ['typing.AbstractSet', 'collections.abc.Set'],
]);

export type OverrideVerdict = 'own' | 'overrides' | 'dispatched' | 'unknown-base';

/**
 * Whether a method named `name` in a subclass of the library class `base` overrides one of its
 * methods, or is one the base calls by a name it builds.
 */
export function libraryOverride(written: string, name: string): OverrideVerdict {
  const base = TYPING_ALIASES.get(written) ?? written;
  if (INERT.has(base)) return 'own';
  if (DISPATCHED_BY_NAME.some((rule) => rule.base.test(base) && rule.method.test(name))) return 'dispatched';
  const methods = METHODS.get(base);
  if (!methods) return 'unknown-base';
  return methods.has(name) ? 'overrides' : 'own';
}
