import { calledMethodName, COMPUTED_RECEIVER, decoratorExpression, isStaticMethod, type CallSite, type ClassId, type FunctionId, type FunctionInfo, type ModuleIndex } from '../analyze/model.js';
import { libraryClassMethods, libraryOverride } from '../analyze/library-classes.js';
import type { ProjectSymbols, Target } from './resolve.js';

/**
 * The last clue for a receiver the code gives no type for: `api.load_rules()` on an unknown `api`,
 * when `load_rules` is defined only by project classes (in families joined by inheritance, none
 * with a library base that has, or may have, a method of that name) and is not a name that the module
 * calls on library objects or that builtin types have. Definitions the call's arguments cannot
 * bind to (`alert(matches)` against `alert(self, matches, rule)`) are no candidates: such a call
 * would raise TypeError. When several classes define the method with no common definition above
 * them (`for vcs in [Git, Mercurial]: vcs.latest_tag_info()`, or zulip's bot handlers, unrelated
 * classes that each define `handle_message`), the call may reach any of them, so they must share
 * one colour: `shareColour` lists them for the solver to join (and when one of them cannot turn
 * async, none does). What else the code uses on the same receiver narrows the candidates to the
 * classes that may have it all, and lets a name libraries have too count when one of those uses is
 * a name only project classes have. The call is then taken as a call of that method, marked as
 * inferred, so that a reviewer checks it (AS124).
 */
export interface InferredReceiver {
  target: Target;
  /** The classes whose method the call is taken to reach, for the review item. */
  classes: ClassId[];
  /** Sibling definitions the call may reach besides `target`'s: they change colour together. */
  shareColour: FunctionId[];
  /** The receiver's declared class, when the candidates are its subclasses (not a guess from the name). */
  declared?: ClassId;
  /** Names only project classes define that the code uses on the same receiver elsewhere, which narrowed the candidates. */
  alongside?: string[];
}

/** Decorators that keep a method's signature as written. */
const SIGNATURE_KEEPING = /^(staticmethod|classmethod|abc\.abstractmethod|abstractmethod|typing\.override|override)$/;

/** Library bases that bring no methods of their own worth confusing with a project method. */
const NEUTRAL_BASES = /^(builtins\.object|abc\.ABC|typing\.(Generic|Protocol)|typing_extensions\.Protocol|builtins\.\w*(Error|Exception))$/;

/** Names that builtin types, files, threads, sockets, loggers, HTTP and DB-API objects have. */
const COMMON_NAMES = new Set([
  'get', 'keys', 'values', 'items', 'update', 'pop', 'popitem', 'setdefault', 'clear', 'copy', 'append', 'extend',
  'insert', 'remove', 'index', 'count', 'sort', 'reverse', 'add', 'discard', 'union', 'intersection', 'difference',
  'split', 'join', 'strip', 'replace', 'startswith', 'endswith', 'find', 'format', 'encode', 'decode', 'lower', 'upper',
  'read', 'readline', 'readlines', 'write', 'writelines', 'close', 'flush', 'seek', 'tell', 'truncate', 'open', 'exists',
  'mkdir', 'unlink', 'rename', 'resolve', 'glob', 'send', 'recv', 'connect', 'bind', 'listen', 'accept', 'shutdown',
  'start', 'stop', 'run', 'wait', 'cancel', 'result', 'done', 'submit', 'map', 'acquire', 'release', 'put', 'set',
  'execute', 'executemany', 'fetchone', 'fetchall', 'fetchmany', 'commit', 'rollback', 'cursor', 'json', 'request',
  'post', 'patch', 'delete', 'head', 'options', 'info', 'debug', 'warning', 'warn', 'error', 'exception', 'critical',
  'log', 'match', 'search', 'sub', 'group', 'load', 'loads', 'dump', 'dumps', 'parse', 'call', 'apply', 'filter',
  'reset', 'save', 'refresh', 'render', 'handle', 'process', 'emit', 'next', 'send_message', 'iter', 'list', 'items',
  'create', 'exit', 'enter', 'is_alive', 'terminate', 'kill', 'poll', 'communicate', 'check', 'validate', 'to_dict',
]);

export class ReceiverInference {
  private readonly familyOf = new Map<ClassId, ClassId>();
  private readonly definers = new Map<string, ClassId[]>();
  private readonly libraryNames = new Map<ModuleIndex, Set<string>>();
  private readonly uses = new Map<ModuleIndex, Map<string, Set<string>>>();

  constructor(private readonly symbols: ProjectSymbols) {
    for (const cls of symbols.classes.values()) {
      this.familyOf.set(cls.id, cls.id);
      for (const name of Object.keys(cls.methods)) (this.definers.get(name) ?? this.definers.set(name, []).get(name)!).push(cls.id);
    }
    for (const cls of symbols.classes.values()) for (const base of symbols.baseClasses(cls.id)) this.join(cls.id, base);
  }

  infer(site: CallSite, module: ModuleIndex): InferredReceiver | undefined {
    const name = calledMethodName(site);
    if (!name || site.operand || /^__\w+__$/.test(name)) return undefined;
    const below = this.definedBelowDeclaredClass(site, module, name);
    if (below !== 'no declared class') return below;
    const definers = this.definers.get(name);
    if (!definers) return undefined;
    const alongside = this.usedAlongside(site, name);
    // A name libraries have too says nothing of the receiver, unless the code also uses on it a name only project classes have.
    const distinctive = [...alongside].filter(([other, home]) => this.onlyProjectClassesHave(other, home)).map(([other]) => other);
    if (COMMON_NAMES.has(name) && distinctive.length === 0) return undefined;
    const reachable = definers.filter((id) => mayReach(this.methodOf(id, name), site, this.symbols));
    const classes = reachable.filter((id) => [...alongside.keys()].every((other) => this.symbols.mayHaveAttribute(id, other)));
    if (classes.length === 0) return undefined;
    const families = new Set(classes.map((id) => this.root(id)));
    if ([...families].some((family) => this.mayInheritFromLibrary(family, name))) return undefined;
    const candidates = this.topMost(classes, name);
    if (!candidates) return undefined;
    // Resolving the module's calls to learn what it calls on libraries is the costly test: last.
    const ordinary = COMMON_NAMES.has(name) || this.namesCalledOnLibraries(module).has(name);
    if (ordinary && distinctive.length === 0) return undefined;
    const narrowed = distinctive.filter((other) => reachable.some((id) => !classes.includes(id) && !this.symbols.mayHaveAttribute(id, other)));
    return ordinary || narrowed.length > 0 ? { ...candidates, alongside: ordinary ? distinctive : narrowed } : candidates;
  }

  /**
   * What else the code calls or reads on the same receiver (`self._api.destroy_list()` beside
   * `self._api.update_list()` anywhere in the class or a class it derives from; `api.x` in the same
   * function), each with the module of a use: an object has every attribute used on it, so these
   * narrow the classes it may be an instance of. Other receivers give no such clue.
   */
  private usedAlongside(site: CallSite, name: string): Map<string, ModuleIndex> {
    const used = new Map<string, ModuleIndex>();
    const receiver = receiverKey(site, this.symbols);
    if (!receiver) return used;
    const places = receiver.selfClass
      ? this.symbols.mro(receiver.selfClass).flatMap((id) => {
        const cls = this.symbols.classes.get(id);
        return cls ? [{ key: selfKey(id, receiver.path), module: this.symbols.modules.get(cls.module) }] : [];
      })
      : [{ key: receiver.key, module: this.symbols.moduleOf(site.scope!) }];
    for (const { key, module } of places) {
      if (!module) continue;
      for (const other of this.usesIn(module).get(key) ?? []) {
        if (other !== name && !/^__\w+__$/.test(other) && !used.has(other)) used.set(other, module);
      }
    }
    return used;
  }

  /** The names used on each receiver of a module's calls (receiverKey), read once per module. */
  private usesIn(module: ModuleIndex): Map<string, Set<string>> {
    const known = this.uses.get(module);
    if (known) return known;
    const uses = new Map<string, Set<string>>();
    for (const site of module.calls) {
      const receiver = receiverKey(site, this.symbols);
      if (receiver) (uses.get(receiver.key) ?? uses.set(receiver.key, new Set()).get(receiver.key)!).add(site.callee!.path.at(-1)!);
    }
    this.uses.set(module, uses);
    return uses;
  }

  /** A name only project classes define, and that the module of its use calls on no library object. */
  private onlyProjectClassesHave(name: string, module: ModuleIndex): boolean {
    if (COMMON_NAMES.has(name) || !this.definers.has(name) || this.namesCalledOnLibraries(module).has(name)) return false;
    return ![...new Set(this.definers.get(name)!.map((id) => this.root(id)))].some((family) => this.mayInheritFromLibrary(family, name));
  }

  /**
   * `self.handler.run()` where `self.handler` is declared an `AbstractHandler` (an annotation, a
   * factory's return type) that does not define `run`, while its subclasses do: the receiver is one
   * of those subclasses, so their top-most definitions are the candidates (whatever the name: the
   * type says it is a project object). Undefined when none defines it below (nothing to infer).
   */
  private definedBelowDeclaredClass(site: CallSite, module: ModuleIndex, name: string): InferredReceiver | undefined | 'no declared class' {
    const ref = site.callee;
    if (!ref || ref.path.length === 0) return 'no declared class';
    const receiver = this.symbols.resolve({ root: ref.root, path: ref.path.slice(0, -1) }, module, site.scope);
    if (receiver.kind !== 'instance' || receiver.classId.startsWith('super:')) return 'no declared class';
    const declared = receiver.classId;
    const classes = (this.definers.get(name) ?? []).filter((id) => id !== declared && this.symbols.mro(id).includes(declared));
    const candidates = this.topMost(classes, name);
    return candidates && { ...candidates, declared };
  }

  /**
   * The top-most definitions among these classes' methods of this name (every other one overrides
   * one of them), as the call's target and the siblings that share its colour; undefined when there
   * are none or they are not of one shape.
   */
  private topMost(classes: readonly ClassId[], name: string): InferredReceiver | undefined {
    const tops = classes.filter((id) => !this.symbols.mro(id).slice(1).some((ancestor) => classes.includes(ancestor)));
    if (tops.length === 0 || !tops.every((id) => sameShape(this.methodOf(id, name), this.methodOf(tops[0], name)))) return undefined;
    const [method, ...siblings] = tops.map((id) => this.methodOf(id, name).id);
    return { target: { kind: 'function', id: method, receiver: 'bound' }, classes: tops, shareColour: siblings };
  }

  private methodOf(id: ClassId, name: string): FunctionInfo {
    return this.symbols.functions.get(this.symbols.classes.get(id)!.methods[name])!;
  }

  /** Method names this module calls on library objects (`session.load_rules()` on a library's session), or that the library classes it instantiates define. */
  private namesCalledOnLibraries(module: ModuleIndex): Set<string> {
    const known = this.libraryNames.get(module);
    if (known) return known;
    const names = new Set<string>();
    for (const site of module.calls) {
      if (site.operand || !site.callee) continue;
      const target = this.symbols.resolve(site.callee, module, site.scope);
      if (target.kind !== 'external') continue;
      if (site.callee.path.length > 0) names.add(site.callee.path.at(-1)!);
      // `Path(root)`: the module makes objects of a library class, and may call any of its methods on them.
      for (const method of libraryClassMethods(target.name) ?? []) names.add(method);
    }
    this.libraryNames.set(module, names);
    return names;
  }

  private libraryBasesByFamily?: Map<ClassId, Set<string>>;

  /**
   * Could a class of this family be an instance of a library class with a method of this name (a
   * receiver that is the library's object, not the project's)? A library base known not to define
   * the name (`unittest.TestCase` has no `add_user_to_cache`) brings no such method.
   */
  private mayInheritFromLibrary(family: ClassId, name: string): boolean {
    if (!this.libraryBasesByFamily) {
      this.libraryBasesByFamily = new Map();
      for (const id of this.symbols.classes.keys()) {
        const bases = this.symbols.externalBases(id).filter((base) => !NEUTRAL_BASES.test(base));
        if (bases.length === 0) continue;
        const root = this.root(id);
        const known = this.libraryBasesByFamily.get(root) ?? this.libraryBasesByFamily.set(root, new Set()).get(root)!;
        for (const base of bases) known.add(base);
      }
    }
    return [...this.libraryBasesByFamily.get(family) ?? []].some((base) => libraryOverride(base, name) !== 'own');
  }

  private root(id: ClassId): ClassId {
    let current = id;
    while (this.familyOf.get(current) !== current) current = this.familyOf.get(current)!;
    return current;
  }

  private join(a: ClassId, b: ClassId): void {
    const rootA = this.root(a);
    const rootB = this.root(b);
    if (rootA !== rootB) this.familyOf.set(rootA, rootB);
  }
}

/**
 * Could a call with these arguments bind to the function's parameters (a method's receiver aside)?
 * A call that cannot would raise TypeError: working code does not make it, so it reaches another
 * definition of that name.
 */
export function accepts(fn: FunctionInfo, site: CallSite): boolean {
  const passes = site.passes;
  // Arguments the index could not count (`*args`, a bare generator expression), or a signature a
  // decorator may replace: any definition may be the one.
  if (passes?.spread || (!passes && site.argsSpan.end - site.argsSpan.start > 2)) return true;
  if (fn.decorators.some((decorator) => !SIGNATURE_KEEPING.test(decoratorExpression(decorator)))) return true;
  const bound = !!fn.classId && !isStaticMethod(fn);
  // `type(records).copy(records)`: called through the class, a method takes its receiver as an argument.
  return bindsTo(fn, bound ? 1 : 0, site) || (bound && throughClass(site) && bindsTo(fn, 0, site));
}

/** `type(x).m(...)` or `x.__class__.m(...)`: a method looked up on an object's class. */
function throughClass(site: CallSite): boolean {
  const callee = site.callee;
  if (!callee) return false;
  const root = callee.root;
  const ofType = root.kind === 'call-result' && root.callee.path.length === 0 && root.callee.root.kind === 'global' && root.callee.root.name === 'type';
  return ofType || callee.path.includes('__class__');
}

/** Whether the call's arguments bind to the function's parameters after the first `skipped` (its receiver). */
function bindsTo(fn: FunctionInfo, skipped: number, site: CallSite): boolean {
  const passes = site.passes;
  const parameters = fn.parameters.filter((parameter) => !parameter.kind.endsWith('-marker')).slice(skipped);
  const positional = parameters.filter((parameter) => parameter.kind === 'positional');
  const given = passes?.positional.length ?? 0;
  const keywords = Object.keys(passes?.keywords ?? {});
  if (given > positional.length && !parameters.some((parameter) => parameter.kind === 'var-positional')) return false;
  const named = new Set(parameters.filter((parameter) => parameter.kind === 'positional' || parameter.kind === 'keyword-only').map((parameter) => parameter.name));
  if (keywords.some((keyword) => !named.has(keyword)) && !parameters.some((parameter) => parameter.kind === 'var-keyword')) return false;
  const unfilled = [...positional.slice(given), ...parameters.filter((parameter) => parameter.kind === 'keyword-only')];
  return unfilled.every((parameter) => parameter.optional || keywords.includes(parameter.name));
}

/**
 * Can this call reach `fn`? Its arguments must bind to it (accepts), and where earlier statements
 * show the receiver has attributes (`start_info["timestamp"]` or `start_info.get(...)` before
 * `start_info.copy()`), an instance of `fn`'s class or of a subclass must be able to have them. A
 * module has no special method, and any other name it may have.
 */
export function mayReach(fn: FunctionInfo, site: CallSite, symbols: ProjectSymbols): boolean {
  if (!accepts(fn, site)) return false;
  const shown = site.receiverHas;
  if (!shown?.length) return true;
  if (!fn.classId) return !shown.some((name) => /^__\w+__$/.test(name));
  return shown.every((name) => symbols.mayHaveAttribute(fn.classId!, name));
}

/** Sibling definitions one call may reach must be plain methods of one kind to share a colour. */
function sameShape(fn: FunctionInfo, other: FunctionInfo): boolean {
  const shape = (f: FunctionInfo) => `${f.isAsync}:${f.isGenerator}:${f.decorators.map(decoratorExpression).sort().join(',')}`;
  return fn === other || (!fn.isGenerator && shape(fn) === shape(other));
}

/**
 * Which object a call's receiver is, as far as its uses elsewhere go: `self.<path>` in a method of a
 * class (the attribute, in any method of the class or of a class it derives from), or
 * `<name>.<path>` for a name in one function. Undefined for other receivers (a call's result, a
 * nested function's `self`).
 */
function receiverKey(site: CallSite, symbols: ProjectSymbols): { key: string; selfClass?: ClassId; path: string } | undefined {
  const ref = site.callee;
  if (!ref || ref.path.length === 0 || !site.scope) return undefined;
  const path = ref.path.slice(0, -1).join('.');
  if (ref.root.kind === 'self') {
    const selfClass = symbols.functions.get(site.scope)?.classId;
    return selfClass && path ? { key: selfKey(selfClass, path), selfClass, path } : undefined;
  }
  if (ref.root.kind === 'local-var' && ref.root.name !== COMPUTED_RECEIVER) return { key: `var ${site.scope} ${ref.root.name} ${path}`, path };
  return undefined;
}

function selfKey(classId: ClassId, path: string): string {
  return `self ${classId} ${path}`;
}
