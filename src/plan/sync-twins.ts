import type { CallSite, FunctionId, FunctionInfo, ModuleIndex, NameRef, Span } from '../analyze/model.js';
import { decoratorExpression } from '../analyze/model.js';
import type { DecoratorLinks } from './decorator-links.js';
import type { Edit, ImportRequest, Site } from './edits.js';
import type { FunctionKind } from './function-kinds.js';
import type { ResolvedCall } from './propagate.js';
import type { ProjectSymbols } from './resolve.js';

/**
 * Cutting cascades with sync twins. A function kept sync only because of who calls it (a `__init__`,
 * a property, module-level code, a callback, a test that stays sync — or another function kept sync
 * for that reason) no longer holds back its async callers: it turns async, and a copy of its
 * original code, `name_sync`, serves the callers that stay sync:
 *
 *     class Client:                                 class Client:
 *         def __init__(self):                           def __init__(self):
 *             self.token = self.login()                     self.token = self.login_sync()
 *         def login(self):                   →          async def login(self):
 *             return requests.post(...)                     ... await client.post(...) ...
 *         def refresh(self):                            def login_sync(self):
 *             self.token = self.login()                     return requests.post(...)
 *                                                       async def refresh(self):
 *                                                           self.token = await self.login()
 *
 * The twin is the original text, so the callers that stay sync behave exactly as before. Only a
 * function whose conversions are its own (nothing it shares with other functions changes type: a
 * session attribute, a connection passed around) can have one, and every sync caller must be
 * reachable by name (not an unknown receiver, a dynamic lookup, or a test double).
 */
export const TWIN_SUFFIX = '_sync';

export function twinName(fn: FunctionInfo): string {
  return `${fn.name}${TWIN_SUFFIX}`;
}

export interface TwinChoice {
  symbols: ProjectSymbols;
  calls: readonly ResolvedCall[];
  sitesByModule: ReadonlyMap<string, readonly Site[]>;
  kinds: ReadonlyMap<FunctionId, FunctionKind>;
  links: DecoratorLinks;
  familyOf(id: FunctionId): FunctionId[];
  /** Pinned functions and, for each, whether every pin came from its callers. */
  pinnedByCallersOnly(id: FunctionId): boolean;
  wouldBeAsync: ReadonlySet<FunctionId>;
  isEditable(module: string): boolean;
  isSplitEntry(fn: FunctionInfo): boolean;
}

/** The pinned functions that can turn async and leave a sync twin to the callers that stay sync. */
export function twinCandidates(choice: TwinChoice): Set<FunctionId> {
  const callsTo = new Map<FunctionId, ResolvedCall[]>();
  // A call on a receiver of unknown type cannot be renamed to reach a twin.
  const calledDynamically = new Set<FunctionId>();
  for (const call of choice.calls) {
    if (call.target.kind === 'function') (callsTo.get(call.target.id) ?? callsTo.set(call.target.id, []).get(call.target.id)!).push(call);
    for (const id of call.dynamic ?? []) calledDynamically.add(id);
  }
  const referencesTo = referencesByTarget(choice.symbols);
  const { doubled, standIns } = replacedByTests(choice.symbols);
  const eligible = (id: FunctionId): boolean => {
    const fn = choice.symbols.functions.get(id);
    if (!fn || !choice.wouldBeAsync.has(id) || !choice.pinnedByCallersOnly(id)) return false;
    if (fn.isAsync || fn.isGenerator || fn.nestedIn || fn.keepSync || /^__\w+__$/.test(fn.name) || doubled.has(fn.name) || calledDynamically.has(id)) return false;
    if (choice.kinds.get(id) !== 'plain' || choice.isSplitEntry(fn) || choice.links.isWrapper(id) || choice.links.wrappersOf.has(id)) return false;
    if (fn.decorators.some((decorator) => !/^(staticmethod|classmethod)$/.test(decoratorExpression(decorator)))) return false;
    if (!choice.isEditable(fn.module) || nameTaken(choice.symbols, fn)) return false;
    if (!ownConversionsOnly(id, choice.sitesByModule.get(fn.module) ?? [])) return false;
    const name = twinName(fn);
    return (callsTo.get(id) ?? []).every((call) => renamable(call.site.callee, call.module, fn, name, choice) && !throughStandIn(call.site.callee, standIns))
      // A local that holds it is called the way it holds the others: renaming the one reference would split them.
      && (referencesTo.get(id) ?? []).every(({ ref, module, aliased }) => !aliased && renamable(ref, module, fn, name, choice));
  };
  const twins = new Set<FunctionId>();
  for (const id of choice.wouldBeAsync) {
    if (twins.has(id)) continue;
    const family = choice.familyOf(id);
    if (family.every(eligible)) for (const member of family) twins.add(member);
  }
  return twins;
}

/** A conversion tied to other functions (a shared session, a connection handed around) rules a twin out. */
function ownConversionsOnly(id: FunctionId, sites: readonly Site[]): boolean {
  return sites.every((site) => {
    const concerns = site.scope === id || site.together?.includes(id) || site.unlessTogether?.includes(id);
    return !concerns || (!site.together && !site.unlessTogether && !site.tiedToFunction && !site.syncRegion && !site.givesWayToAwaits);
  });
}

/**
 * Names of functions the tests replace (a double, a patch by path, an attribute set to a Mock) and of
 * attributes a test sets to a stand-in: a call renamed to reach another function would bypass them.
 */
export function replacedByTests(symbols: ProjectSymbols): { doubled: Set<string>; standIns: Set<string> } {
  const known = replacedBySymbols.get(symbols);
  if (known) return known;
  const doubled = new Set<string>();
  const standIns = new Set<string>();
  for (const module of new Set(symbols.modules.values())) {
    for (const name of module.replacedByTests ?? []) standIns.add(name);
    for (const double of module.testDoubles) doubled.add(double.name);
    // So is one the tests patch by its path (`mocker.patch("pkg.zipfile.prompt_and_delete", return_value=True)`).
    for (const { path } of module.patchedNames ?? []) doubled.add(path.split('.').at(-1)!);
    // A method some code replaces (`runner.load_hooks = Mock()`) is reached by its name: a twin would bypass the stand-in.
    for (const name of module.replacedAttributes ?? []) doubled.add(name);
  }
  replacedBySymbols.set(symbols, { doubled, standIns });
  return { doubled, standIns };
}

/** Read once per project: the twin choice and the entry calls both ask. */
const replacedBySymbols = new WeakMap<ProjectSymbols, { doubled: Set<string>; standIns: Set<string> }>();

/**
 * `self.server.wait_for_wal()` where a test sets `manager.server = MagicMock()`: the stand-in would
 * be asked for `wait_for_wal_sync`, which the test does not expect (a MagicMock makes one up).
 */
export function throughStandIn(ref: NameRef | null, standIns: ReadonlySet<string>): boolean {
  return !!ref && ref.path.slice(0, -1).some((name) => standIns.has(name));
}

/**
 * The call or reference names the function by its own name, in a module that may be edited, so that
 * it can name `renamed`, defined beside the function, instead (imported where the function is).
 */
export function renamable(ref: NameRef | null, module: ModuleIndex, fn: FunctionInfo, renamed: string, choice: Pick<TwinChoice, 'symbols' | 'isEditable'>): boolean {
  if (!ref || !choice.isEditable(module.module)) return false;
  if (ref.path.length > 0) {
    if (ref.path.at(-1) !== fn.name) return false;
    if (fn.classId) return true;
    // `commands.list_packages` through a package that re-exports it: the twin is not there to be found.
    const owner = choice.symbols.resolve({ root: ref.root, path: ref.path.slice(0, -1) }, module, null);
    return owner.kind === 'module' && owner.module === fn.module;
  }
  if (ref.root.kind === 'local-def') return false;
  if (ref.root.kind !== 'global' || ref.root.name !== fn.name) return false;
  const binding = module.bindings[fn.name];
  if (module.module === fn.module) return binding?.kind === 'function';
  if (binding?.kind !== 'from-import' || binding.name !== fn.name) return false;
  // The twin's import goes beside a top-level one: under `if requireModule(...)` it would be unconditional.
  if (!twinImport(module, fn.name, renamed)) return false;
  // Imported from the module that defines it, not through a re-export: the twin's import goes there.
  const home = choice.symbols.resolveDotted(binding.module);
  return home.kind === 'module' && home.module === fn.module;
}

function nameTaken(symbols: ProjectSymbols, fn: FunctionInfo): boolean {
  const name = twinName(fn);
  if (fn.classId) {
    const cls = symbols.classes.get(fn.classId);
    return !cls || name in cls.methods || !!cls.assignedAttributes?.includes(name);
  }
  return name in (symbols.moduleOf(fn.id)?.bindings ?? {});
}

function referencesByTarget(symbols: ProjectSymbols): Map<FunctionId, { ref: NameRef; module: ModuleIndex; aliased: boolean }[]> {
  const found = new Map<FunctionId, { ref: NameRef; module: ModuleIndex; aliased: boolean }[]>();
  for (const module of new Set(symbols.modules.values())) {
    for (const reference of module.references) {
      const target = symbols.resolve(reference.ref, module, reference.scope);
      if (target.kind === 'function') (found.get(target.id) ?? found.set(target.id, []).get(target.id)!).push({ ref: reference.ref, module, aliased: !!reference.aliasedAs });
    }
  }
  return found;
}

/**
 * Twins already in the code (a second run): a sync `name_sync` beside an `async def name` in the same
 * class or module, and whatever is defined inside it. They stay sync.
 */
export function existingTwins(symbols: ProjectSymbols): Set<FunctionId> {
  const twins = new Set<FunctionId>();
  for (const fn of symbols.functions.values()) {
    if (fn.isAsync || !fn.name.endsWith(TWIN_SUFFIX) || fn.nestedIn) continue;
    const original = fn.name.slice(0, -TWIN_SUFFIX.length);
    const sibling = fn.classId ? symbols.classes.get(fn.classId)?.methods[original] : functionBinding(symbols, fn.module, original);
    if (sibling && symbols.functions.get(sibling)?.isAsync) twins.add(fn.id);
  }
  for (const fn of symbols.functions.values()) {
    for (let outer = fn.nestedIn; outer; outer = symbols.functions.get(outer)?.nestedIn) {
      if (twins.has(outer)) twins.add(fn.id);
    }
  }
  return twins;
}

function functionBinding(symbols: ProjectSymbols, module: string, name: string): FunctionId | undefined {
  const binding = symbols.modules.get(module)?.bindings[name];
  return binding?.kind === 'function' ? binding.id : undefined;
}

/** `client.login()` → `client.login_sync()`: the callee's last name, renamed. */
export function renameCallee(site: CallSite, text: string, twin: string): Edit[] {
  return renameLastName(site.calleeSpan, text, twin);
}

export function renameLastName(span: Span, text: string, twin: string): Edit[] {
  const written = text.slice(span.start, span.end);
  const match = /([A-Za-z_]\w*)\s*$/.exec(written);
  if (!match) return [];
  const start = span.start + match.index;
  return [{ start, end: start + match[1].length, text: twin }];
}

/**
 * The twin's definition: the original text, renamed, with calls to other twinned functions renamed
 * to their twins. Inserted after the function, which itself turns async.
 */
export function twinDefinition(fn: FunctionInfo, text: string, renames: readonly Edit[], overloads: readonly FunctionInfo[] = []): Edit {
  const gap = fn.indent ? '\n\n' : '\n\n\n';
  // The twin keeps the `@overload` signatures too: type checkers read those, not the implementation.
  const copies = [...overloads, fn].map((definition) => renamedCopy(definition, text, definition === fn ? renames : []));
  return { start: fn.span.end, end: fn.span.end, text: copies.map((copy) => `${gap}${fn.indent}${copy}`).join(''), order: 200 };
}

function renamedCopy(fn: FunctionInfo, text: string, renames: readonly Edit[]): string {
  const inside = [...renames, { start: fn.nameSpan.start, end: fn.nameSpan.end, text: twinName(fn) }]
    .filter((edit) => edit.start >= fn.span.start && edit.end <= fn.span.end)
    .sort((a, b) => b.start - a.start);
  let copy = text.slice(fn.span.start, fn.span.end);
  for (const edit of inside) copy = copy.slice(0, edit.start - fn.span.start) + edit.text + copy.slice(edit.end - fn.span.start);
  return copy;
}

/** `from .client import login` gains `login_sync` where a caller in another module needs it. */
export function twinImport(module: ModuleIndex, name: string, twin: string): ImportRequest | undefined {
  const statement = module.imports.find((candidate) => candidate.kind === 'from' && candidate.topLevel && candidate.names.some((bound) => bound.bound === name));
  return statement?.fromModule ? { from: statement.fromModule, name: twin } : undefined;
}
