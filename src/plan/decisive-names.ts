import type { ClassId, FunctionId, ModuleIndex, NameRef } from '../analyze/model.js';
import { lastNameOf, own } from '../analyze/model.js';
import { BUILTIN_CALLABLES } from '../analyze/syntax-facts.js';
import { ASYNC_PROTOCOL_DUNDERS } from './propagate.js';
import type { ProjectSymbols, Target } from './resolve.js';

/**
 * The names through which code elsewhere can reach a function that may turn async, so that a file
 * mentioning none of them cannot change any decision (the prefilter parses only files that do). Code
 * reaches such a function by its name (a call, a callback, an override, a test double, an import), or
 * through a class that has one (`with Client():`, `for row in Cursor():`) and every name a value of
 * that class travels under: a factory or fixture returning one, a module variable or attribute holding
 * one, a function it is passed to (its parameter is typed from its callers), and aliases of all these.
 * `carriers` are classes whose instances hold a seed of their own wherever they go (a requests.Session
 * subclass: see inherited-blocking.ts).
 */
export function decisiveNames(symbols: ProjectSymbols, modules: readonly ModuleIndex[], wouldBeAsync: ReadonlySet<FunctionId>, carriers: Iterable<ClassId> = []): Set<string> {
  const names = new Set<string>();
  const classes = new Set<ClassId>(carriers);
  for (const id of wouldBeAsync) {
    const fn = symbols.functions.get(id);
    if (!fn) continue;
    // `__init__`, `__str__`, ...: reached through their class, and never async themselves.
    if (!/^__\w+__$/.test(fn.name) || ASYNC_PROTOCOL_DUNDERS.has(fn.name)) names.add(fn.name);
    if (fn.classId) classes.add(fn.classId);
  }
  for (const cls of symbols.classes.values()) if (symbols.mro(cls.id).some((id) => classes.has(id))) classes.add(cls.id);
  for (const id of classes) names.add(symbols.classes.get(id)!.name);

  const reachesOne = (target: Target): boolean =>
    (target.kind === 'function' && wouldBeAsync.has(target.id))
    || (target.kind === 'class' && classes.has(target.id))
    || (target.kind === 'instance' && classes.has(target.classId.replace(/^super:/, '')));
  for (const fn of symbols.functions.values()) {
    const home = symbols.moduleOf(fn.id);
    if (fn.returnType && home && reachesOne(symbols.instanceOf(fn.returnType, home, fn.id, 0))) names.add(fn.name);
  }
  for (const module of modules) {
    for (const name of Object.keys(module.bindings)) {
      if (reachesOne(symbols.resolve(globalName(name), module, null))) names.add(name);
    }
    for (const cls of module.classes) {
      for (const [attribute, type] of Object.entries(cls.attributeTypes)) {
        if (reachesOne(symbols.instanceOf(type, module, null, 0))) names.add(attribute);
      }
    }
    for (const call of module.calls) {
      if (!call.passes || !call.callee) continue;
      const passed = [...call.passes.positional, ...Object.values(call.passes.keywords)];
      if (!passed.some((ref) => ref && reachesOne(symbols.resolve(ref, module, call.scope)))) continue;
      // A library's callable (`len(client)`, `str(client)`) types no parameter of the project.
      if (callsLibrary(call.callee, module, call.scope, symbols)) continue;
      const callee = lastNameOf(call.callee);
      if (callee) names.add(callee);
    }
  }
  return names;
}

function callsLibrary(callee: NameRef, module: ModuleIndex, scope: FunctionId | null, symbols: ProjectSymbols): boolean {
  const { root, path } = callee;
  if (root.kind === 'global' && path.length === 0 && BUILTIN_CALLABLES.has(root.name) && !own(module.bindings, root.name) && !module.starImports) return true;
  const kind = symbols.resolve(callee, module, scope).kind;
  return kind === 'external' || kind === 'external-instance';
}

function globalName(name: string): NameRef {
  return { root: { kind: 'global', name }, path: [] };
}
