import catalogue from './library-classes.json' with { type: 'json' };

/**
 * Library classes that projects subclass, with the methods each defines (from
 * scripts/library-classes.py, read off the libraries themselves). A project method overriding one of
 * them is called by the library, synchronously; a base missing from here is unknown.
 */
const METHODS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(catalogue.classes as Record<string, string[]>).map(([name, methods]) => [name, new Set(methods)]),
);

/** Bases with no behaviour of their own to drive a subclass's methods. */
const INERT = new Set(['builtins.object', 'abc.ABC', 'typing.Generic', 'typing.Protocol']);

export type OverrideVerdict = 'own' | 'overrides' | 'unknown-base';

/** Whether a method named `name` in a subclass of the library class `base` overrides one of its methods. */
export function libraryOverride(base: string, name: string): OverrideVerdict {
  if (INERT.has(base)) return 'own';
  const methods = METHODS.get(base);
  if (!methods) return 'unknown-base';
  return methods.has(name) ? 'overrides' : 'own';
}
