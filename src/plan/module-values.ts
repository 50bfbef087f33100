import type { CallSite, FunctionId, ModuleIndex, NameRef } from '../analyze/model.js';
import type { ProjectSymbols } from './resolve.js';

/** Calls that hand out a module loaded by name (a plugin), which no import names. */
export const DYNAMIC_MODULE_LOADERS = /^(importlib\.(import_module|util\.module_from_spec|reload)|imp\.(load_source|load_module|load_package|load_compiled)|builtins\.__import__|__import__|runpy\.\w+|inspect\.getmodule)$/;

/**
 * Text that may give code a module as a value without naming it: a module loaded by name, taken from
 * `sys.modules`, or made. Read off every file's text, comments and strings included: a false match
 * only keeps functions sync. `inspect.getmodule(frame)` is left out: code asks it for a module's
 * name (barman's logger), and a call through its result where it stands is caught above.
 */
const MODULE_LOADING = /\b(importlib|pkgutil|runpy|imp|__import__|ModuleType)\b|\bsys\.modules\b/;

/** Whether any of these texts may get hold of a module without naming it (see MODULE_LOADING). */
export function loadsModules(texts: Iterable<string>): boolean {
  for (const text of texts) if (MODULE_LOADING.test(text)) return true;
  return false;
}

/**
 * `x.f()` / `x.f` where `x` may be a project module asyncshift cannot see, so that `f` may be its
 * module-level function: an imported name it cannot resolve, a value made by a module loader, or —
 * where the project loads modules by name at all (`projectLoadsModules`) — any value of unknown type.
 * A module the code names and hands on as a value keeps its functions sync where it is handed on
 * (propagate's pinModuleHandedOn), so without module loading a parameter cannot hold one unseen.
 */
export function mayHoldModule(ref: NameRef, module: ModuleIndex, scope: FunctionId | null, symbols: ProjectSymbols, projectLoadsModules: boolean): boolean {
  const { root } = ref;
  if (ref.path.length !== 1 || root.kind === 'self' || root.kind === 'cls' || root.kind === 'super') return false;
  const value: NameRef = { root, path: [] };
  const receiver = symbols.resolve(value, module, scope);
  if (receiver.kind === 'external-instance' || receiver.kind === 'external') return DYNAMIC_MODULE_LOADERS.test(receiver.name);
  if (receiver.kind !== 'unknown') return false;
  return projectLoadsModules || importedHere(value, module);
}

/**
 * `getattr(x, name)(...)` with a computed name where `x` is what a module loader returned (`module =
 * importlib.import_module(path)`, or `getattr(importlib.import_module(path), name)` itself): any
 * module-level function whose name fits may be called. Any value of unknown type (mayHoldModule's
 * rule for `x.f`) would keep every module-level function sync for every `getattr(obj, name)` of a
 * project that loads a plugin somewhere (patroni's `getattr(self._processes[name], func)`).
 */
export function lookupMayReachModule(lookup: NonNullable<CallSite['dynamicTarget']>, module: ModuleIndex, scope: FunctionId | null, symbols: ProjectSymbols): boolean {
  const value = lookup.receiver;
  if (!value || value.path.length !== 0) return false;
  const { root } = value;
  const maker = root.kind === 'call-result' ? root.callee : root.kind === 'local-var' && root.type?.kind === 'call' ? root.type.callee : undefined;
  const made = symbols.resolve(maker ?? value, module, scope);
  return (made.kind === 'external' || made.kind === 'external-instance') && DYNAMIC_MODULE_LOADERS.test(made.name);
}

/** A name the module binds by an import (or by one of several), which may stand for a module. */
function importedHere(ref: NameRef, module: ModuleIndex): boolean {
  if (ref.root.kind === 'imported') return true;
  if (ref.root.kind !== 'global') return false;
  const binding = Object.hasOwn(module.bindings, ref.root.name) ? module.bindings[ref.root.name] : undefined;
  return !binding || binding.kind === 'module' || binding.kind === 'from-import' || binding.kind === 'ambiguous' || (binding.kind === 'variable' && !!binding.alias);
}

/** What a by-name map holds under the names a getattr lookup's pattern fits whole (`.*Command`). */
export function fittingLookup<T>(lookup: NonNullable<CallSite['dynamicTarget']>, byName: ReadonlyMap<string, readonly T[]>): T[] {
  const fits = new RegExp(`^${lookup.pattern}$`);
  return [...byName].filter(([name]) => fits.test(name)).flatMap(([, values]) => values);
}
