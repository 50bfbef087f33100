import type { CallSite, ClassId, FunctionId } from '../analyze/model.js';
import type { ProjectSymbols } from './resolve.js';

/**
 * The protocol methods a statement runs on the object a function returns: `for page in
 * client.pages():` runs the page's `__next__`, `with client.connect() as c:` the connection's
 * `__enter__` and `__exit__` (found on python-slack-sdk, whose responses fetch the next page in
 * `__next__`). Read from the function's return annotation or its `return Class(...)`.
 */
export function protocolOfResult(symbols: ProjectSymbols, id: FunctionId, site: CallSite): FunctionId[] {
  const iterates = iteratesValue(site);
  const entered = site.usage.kind === 'with-item';
  if (!iterates && !entered) return [];
  const classId = returnedClass(symbols, id);
  return classId ? protocolMethods(symbols, classId, site) : [];
}

/** The protocol methods of a project class a statement runs on its object: `__enter__`/`__exit__` or `__next__`. */
export function protocolMethods(symbols: ProjectSymbols, classId: ClassId, site: CallSite): FunctionId[] {
  // `x in obj` iterates only where the class has no `__contains__` of its own.
  if (site.usage.kind === 'iterated-sync' && site.usage.how === 'membership' && symbols.lookupMethod(classId, '__contains__')) return [];
  const names = site.usage.kind === 'with-item' ? ['__enter__', '__exit__'] : iteratesValue(site) ? ['__next__'] : [];
  return names.map((name) => symbols.lookupMethod(classId, name)).filter((method): method is FunctionId => !!method);
}

/**
 * The statement iterates what the call gives (`for`, a comprehension, `list(...)`, `next(...)`, a
 * conditional's branch, unpacking, `in`, `*args`).
 */
export function iteratesValue(site: CallSite): boolean {
  return ['for-iter', 'comprehension-iter', 'iterated-branch', 'consumer-arg', 'next', 'iterated-sync'].includes(site.usage.kind);
}

/** Where the statement has an async form for an object whose protocol turned async: a `for`, a list, set or dict comprehension. */
export function protocolUseRewritable(site: CallSite): boolean {
  return site.usage.kind === 'for-iter' || (site.usage.kind === 'comprehension-iter' && site.usage.comprehensionKind !== 'generator');
}

const returnedBySymbols = new WeakMap<ProjectSymbols, Map<FunctionId, ClassId | undefined>>();

/** The project class of what a plain function returns (a generator or `@contextmanager` hands out its own object). */
export function returnedClass(symbols: ProjectSymbols, id: FunctionId): ClassId | undefined {
  let known = returnedBySymbols.get(symbols);
  if (!known) returnedBySymbols.set(symbols, known = new Map());
  if (known.has(id)) return known.get(id);
  const fn = symbols.functions.get(id);
  const home = symbols.moduleOf(id);
  const value = fn && home && !fn.isGenerator && fn.returnType ? symbols.instanceOf(fn.returnType, home, id, 0) : undefined;
  const classId = value?.kind === 'instance' ? value.classId.replace(/^super:/, '') : undefined;
  known.set(id, classId);
  return classId;
}
