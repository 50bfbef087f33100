import type { AttributeWrite, Binding, CallSite, ClassId, ClassInfo, FunctionId, FunctionInfo, ModuleAlternative, ModuleIndex, NameRef, TypeSource } from '../analyze/model.js';
import { isFixture, isStaticMethod, lastNameOf, own, ownMethod } from '../analyze/model.js';
import { isStdlibModule } from '../analyze/stdlib-modules.js';
import { GIVEN_LOOP_RUN, OWN_LOOP_RUN } from '../analyze/coroutine-runners.js';

/** What a name refers to, once modules, classes and instances are followed. */
export type Target =
  | { kind: 'function'; id: FunctionId; receiver?: 'bound' | 'class' }
  | { kind: 'class'; id: ClassId }
  | { kind: 'instance'; classId: ClassId }
  /** The generator object a call to a generator function returns. */
  | { kind: 'generator'; id: FunctionId }
  | { kind: 'module'; module: string }
  | { kind: 'external'; name: string }
  /**
   * A value built by an external callable: `requests.Session()`, or a literal (`builtins.dict()`);
   * for a container whose elements have one known type, `element` is that type (of a mapping,
   * `keyed`, the type of its values).
   */
  | { kind: 'external-instance'; name: string; element?: Target; keyed?: true }
  | { kind: 'unknown' };

const UNKNOWN: Target = { kind: 'unknown' };

/** argparse's namespace as typed and as `parse_args()` returns it: one kind of object, whichever name it is reached by. */
const ARGPARSE_NAMESPACE = /^argparse\.(Namespace|.*\.parse_(intermixed_)?args)$/;
const ATTRIBUTE_DICT: Target = { kind: 'external-instance', name: 'builtins.dict' };

/** Names of builtin classes a project class may derive from without importing them. */
const PYTHON_BUILTIN_CLASS = /^(object|dict|list|set|frozenset|tuple|str|bytes|bytearray|int|float|complex|type|property|BaseException|\w*(Error|Exception|Warning|Exit|Interrupt|Iteration))$/;

/**
 * The project's modules that have no index: not parsed (the prefilter found nothing in them that can
 * change), skipped, or failed. A name from them is unknown, not a library's; and each time a
 * resolution needs one (or needs every call of a function), it says so, and the prefilter parses
 * what it asks for before the plan is trusted.
 */
export interface UnindexedModules {
  has(module: string): boolean;
  need(module: string): void;
  /** Every call and reference naming `name` matters (a parameter typed from its callers). */
  needMentions(name: string): void;
}

const UNITTEST_TEST_CASE = /^unittest\.(case\.|async_case\.)?(IsolatedAsyncio)?TestCase$/;

/** Library bases an instance gets nothing from that code uses it for (item access, length, methods like `get`): a project class deriving from them has those only if it defines them. */
const PLAIN_LIBRARY_BASES = new Set(['builtins.object', 'abc.ABC', 'typing.Generic', 'builtins.Exception', 'builtins.BaseException']);

/**
 * The project-wide symbol table: modules by every name they can be imported under, functions and
 * classes by id, and method lookup along base classes.
 */
export class ProjectSymbols {
  readonly modules = new Map<string, ModuleIndex>();
  readonly functions = new Map<FunctionId, FunctionInfo>();
  readonly classes = new Map<ClassId, ClassInfo>();

  constructor(indexes: Iterable<{ index: ModuleIndex; names: string[] }>, private readonly unindexed?: UnindexedModules) {
    for (const { index, names } of indexes) {
      for (const name of names) if (!this.modules.has(name)) this.modules.set(name, index);
      for (const fn of index.functions) this.functions.set(fn.id, fn);
      for (const cls of index.classes) this.classes.set(cls.id, cls);
    }
  }

  private packagePrefixes?: Set<string>;
  /** Attribute writes on other objects than `self`, by attribute name (read on first use). */
  private attributeWrites?: Map<string, { module: ModuleIndex; write: AttributeWrite }[]>;
  private readonly writtenAttributes = new Map<string, Target | undefined>();

  /**
   * `dotted` starts like a project module but is none (a package the layout did not name, a module
   * that failed to load): it is project code asyncshift cannot see, never a library's.
   */
  projectPrefix(dotted: string): boolean {
    if (!this.packagePrefixes) {
      this.packagePrefixes = new Set();
      for (const name of this.modules.keys()) {
        const parts = name.split('.');
        for (let length = 1; length < parts.length; length++) this.packagePrefixes.add(parts.slice(0, length).join('.'));
      }
    }
    return this.packagePrefixes.has(dotted) || this.packagePrefixes.has(dotted.split('.')[0]) && !this.modules.has(dotted.split('.')[0]);
  }

  /** The index of a project module; a lookup into an unindexed one is recorded. */
  private indexed(name: string): ModuleIndex | undefined {
    const module = this.modules.get(name);
    if (!module && this.unindexed?.has(name)) this.unindexed.need(name);
    return module;
  }

  private isUnindexed(name: string): boolean {
    return !!this.unindexed?.has(name);
  }

  moduleOf(id: string): ModuleIndex | undefined {
    return this.modules.get(id.slice(0, id.indexOf(':')));
  }

  /** Resolve a reference written inside `module`, in the function `scope` (for self/cls/super). */
  resolve(ref: NameRef, module: ModuleIndex, scope: FunctionId | null, depth = 0): Target {
    if (depth > 12) return UNKNOWN;
    let target = this.resolveRoot(ref.root, module, scope, depth);
    for (const attribute of ref.path) {
      // Any object's `__dict__` is a dict (`self.__dict__.copy()` in `__getstate__`), whatever the object.
      target = attribute === '__dict__' && !this.definesOwnDict(target) ? ATTRIBUTE_DICT : this.member(target, attribute, depth);
      if (target.kind === 'unknown') return target;
    }
    // `super().m` and `self.m` are bound; `Class.m` is not.
    return target;
  }

  private resolveRoot(root: NameRef['root'], module: ModuleIndex, scope: FunctionId | null, depth: number): Target {
    switch (root.kind) {
      case 'global':
        return this.global(module, root.name, depth);
      case 'local-def':
        return { kind: 'function', id: root.id };
      case 'imported':
        return this.resolveDotted(root.dotted);
      case 'local-var':
        if (root.type) return this.instanceOf(root.type, module, scope, depth);
        if (root.fixture) {
          const fixture = this.fixtureValue(root.name, module, scope, depth);
          if (fixture.kind !== 'unknown') return fixture;
        }
        return root.parameterOf ? this.parameterType(root.parameterOf, root.name, depth) : UNKNOWN;
      case 'self': {
        const classId = this.enclosingClass(scope);
        return classId ? { kind: 'instance', classId } : UNKNOWN;
      }
      case 'cls': {
        const classId = this.enclosingClass(scope);
        return classId ? { kind: 'class', id: classId } : UNKNOWN;
      }
      case 'super': {
        const classId = this.enclosingClass(scope);
        return classId ? { kind: 'instance', classId: `super:${classId}` } : UNKNOWN;
      }
      case 'call-result': {
        const callee = this.resolve(root.callee, module, scope, depth + 1);
        return callee.kind === 'unknown' ? this.stringMethodResult(root.callee) ?? UNKNOWN : this.resultOfCall(callee, depth);
      }
      default:
        return UNKNOWN;
    }
  }

  private readonly parameterTypes = new Map<string, Target>();
  private readonly calleeTargets = new Map<CallSite, Map<number, Target>>();
  private callsByName?: Map<string, { site: CallSite; module: ModuleIndex }[]>;
  private referenced?: Set<FunctionId>;

  /**
   * The class an unannotated parameter holds, from the callers: every call in the project that
   * reaches the function passes an instance of the same project class there (or the same library
   * object: what `psycopg2.connect()` returned). A function also used as
   * a value (a callback, a handler in a dict) has callers nobody can see: its parameters stay unknown.
   */
  private parameterType(fnId: FunctionId, name: string, depth: number): Target {
    const key = `${fnId}|${name}`;
    const known = this.parameterTypes.get(key);
    if (known) return known;
    this.parameterTypes.set(key, UNKNOWN); // in progress: recursion through callers sees unknown
    const fn = this.functions.get(fnId);
    const inferred = fn && depth < 6 ? this.inferParameter(fn, name, depth) : UNKNOWN;
    this.parameterTypes.set(key, inferred);
    return inferred;
  }

  private inferParameter(fn: FunctionInfo, name: string, depth: number): Target {
    const className = fn.classId ? this.classes.get(fn.classId)?.name : undefined;
    this.unindexed?.needMentions(fn.name);
    if (fn.name === '__init__' && className) this.unindexed?.needMentions(className);
    if (this.referencedFunctions().has(fn.id)) return UNKNOWN;
    const isMethod = !!fn.classId && !isStaticMethod(fn);
    const positional = fn.parameters.filter((p) => p.kind === 'positional').map((p) => p.name);
    const position = positional.indexOf(name) - (isMethod ? 1 : 0);
    let found: Target | undefined;
    for (const { site, module, target } of this.callsReaching(fn, className, depth + 1)) {
      const offset = target.kind === 'function' && target.receiver === 'class' && isMethod ? 1 : 0;
      const passes = site.passes;
      const argument = (passes && own(passes.keywords, name)) ?? (position >= 0 ? passes?.positional[position + offset] : undefined);
      if (argument === undefined) {
        if (passes?.spread) return UNKNOWN;
        continue; // the default is used here
      }
      const value = argument ? this.resolve(argument, module, site.scope, depth + 1) : UNKNOWN;
      if (!sameInstanceKind(found ?? value, value)) return UNKNOWN;
      found = value;
    }
    return found ?? UNKNOWN;
  }

  private readonly reachingCalls = new Map<string, { site: CallSite; module: ModuleIndex; target: Target }[]>();

  /** The calls that reach `fn` (by its name, or its class's for `__init__`), resolved at a depth and remembered. */
  callsReaching(fn: FunctionInfo, className: string | undefined, depth: number): { site: CallSite; module: ModuleIndex; target: Target }[] {
    const key = `${fn.id}|${depth}`;
    let reaching = this.reachingCalls.get(key);
    if (reaching) return reaching;
    reaching = [];
    const candidates = [...(this.callIndex().get(fn.name) ?? []), ...(fn.name === '__init__' && className ? this.callIndex().get(className) ?? [] : [])];
    for (const { site, module } of candidates) {
      const target = this.calleeOf(site, module, depth);
      const reaches = target.kind === 'function' ? target.id === fn.id
        : target.kind === 'class' && this.lookupMethod(target.id, '__init__') === fn.id;
      if (reaches) reaching.push({ site, module, target });
    }
    this.reachingCalls.set(key, reaching);
    return reaching;
  }

  /**
   * What a call's callee resolves to, at a depth, remembered: every parameter of every function
   * named like it asks about the same calls (on a large code base, thousands of `.get()` calls for
   * each of hundreds of `get` methods).
   */
  private calleeOf(site: CallSite, module: ModuleIndex, depth: number): Target {
    let byDepth = this.calleeTargets.get(site);
    if (!byDepth) this.calleeTargets.set(site, byDepth = new Map());
    let target = byDepth.get(depth);
    if (!target) byDepth.set(depth, target = this.resolve(site.callee!, module, site.scope, depth));
    return target;
  }

  /** Calls by the last name of their callee, for finding a function's callers. */
  private callIndex(): Map<string, { site: CallSite; module: ModuleIndex }[]> {
    if (!this.callsByName) {
      this.callsByName = new Map();
      for (const module of new Set(this.modules.values())) {
        for (const site of module.calls) {
          if (site.operand || !site.callee) continue;
          const last = lastNameOf(site.callee);
          if (!last) continue;
          (this.callsByName.get(last) ?? this.callsByName.set(last, []).get(last)!).push({ site, module });
        }
      }
    }
    return this.callsByName;
  }

  /** Functions used as values somewhere (callbacks, handlers in a dict): their callers are not all visible. */
  referencedFunctions(): Set<FunctionId> {
    if (!this.referenced) {
      this.referenced = new Set();
      for (const module of new Set(this.modules.values())) {
        for (const reference of module.references) {
          const target = this.resolve(reference.ref, module, reference.scope, 8);
          if (target.kind === 'function') this.referenced.add(target.id);
        }
      }
    }
    return this.referenced;
  }

  /**
   * What the pytest fixture `name` hands to a test in `module`: fixtures come from the module itself
   * and from the conftest.py files of its folder and the folders above.
   */
  private fixtureValue(name: string, module: ModuleIndex, scope: FunctionId | null, depth: number): Target {
    const found = this.fixtureFor(name, module, scope);
    // pytest's own `tmp_path`, where the project defines no fixture of that name.
    if (!found && name === 'tmp_path') return { kind: 'external-instance', name: 'pathlib.Path' };
    if (!found?.fixture.returnType) return UNKNOWN;
    const { fixture } = found;
    const value = this.instanceOf(fixture.returnType!, found.module, fixture.id, depth + 1);
    // A yield fixture annotated `-> Iterator[Client]` hands out the client.
    return fixture.isGenerator && fixture.returnType!.kind === 'container' ? this.elementOf(value, depth) : value;
  }

  /**
   * The pytest fixture `name` a test in `module` receives: the nearest definition wins, a fixture
   * method of the test's class (or of a class it derives from) first.
   */
  fixtureFor(name: string, module: ModuleIndex, test: FunctionId | null = null): { fixture: FunctionInfo; module: ModuleIndex } | undefined {
    const classId = test ? this.functions.get(test)?.classId : undefined;
    for (const owner of classId ? this.mro(classId) : []) {
      const method = ownMethod(this.classes.get(owner), name);
      const fixture = method ? this.functions.get(method) : undefined;
      if (fixture && isFixture(fixture)) return { fixture, module: this.moduleOf(fixture.id) ?? module };
    }
    const folder = module.file.includes('/') ? module.file.slice(0, module.file.lastIndexOf('/')) : '';
    const { conftests, order } = this.fixtureHomes();
    const visible = [...(order.has(module) ? [module] : []), ...conftests.filter((candidate) => candidate !== module && (folder + '/').startsWith(candidate.file.slice(0, -'conftest.py'.length)))];
    visible.sort((a, b) => b.file.length - a.file.length || order.get(a)! - order.get(b)!);
    for (const candidate of visible) {
      const fixture = candidate.functions.find((fn) => fn.name === name && !fn.classId && isFixture(fn));
      if (fixture) return { fixture, module: candidate };
    }
    return undefined;
  }

  private fixtureHomesCache?: { conftests: ModuleIndex[]; order: Map<ModuleIndex, number> };

  /** The conftest.py modules, and every module's place in the project's order (ties keep it). */
  private fixtureHomes(): { conftests: ModuleIndex[]; order: Map<ModuleIndex, number> } {
    if (!this.fixtureHomesCache) {
      const modules = [...new Set(this.modules.values())];
      this.fixtureHomesCache = {
        conftests: modules.filter((candidate) => candidate.file.endsWith('conftest.py')),
        order: new Map(modules.map((candidate, position) => [candidate, position])),
      };
    }
    return this.fixtureHomesCache;
  }

  /** The class a value of this type source is an instance of. */
  instanceOf(type: TypeSource, module: ModuleIndex, scope: FunctionId | null, depth: number): Target {
    if (depth > 12) return UNKNOWN;
    switch (type.kind) {
      case 'literal':
        return { kind: 'external-instance', name: `builtins.${type.type}` };
      case 'parameter':
        return this.parameterType(type.fn, type.name, depth + 1);
      case 'entered': {
        const callee = this.resolve(type.callee, module, scope, depth + 1);
        // `with open(path) as f`: a file object's __enter__ returns the file.
        return callee.kind === 'unknown' ? builtinCallResult(type.callee, module) ?? UNKNOWN : this.entered(callee, depth);
      }
      case 'annotation': {
        const annotated = this.resolve(type.ref, module, scope, depth + 1);
        if (annotated.kind === 'class') return { kind: 'instance', classId: annotated.id };
        if (annotated.kind === 'unknown') return builtinValueType(type.ref, module) ?? UNKNOWN;
        if (annotated.kind !== 'external') return UNKNOWN;
        // `-> Any` says nothing about the object: not a library's.
        if (/^typing(_extensions)?\.Any$/.test(annotated.name)) return UNKNOWN;
        if (/^typing(_extensions)?\.Self$/.test(annotated.name)) {
          const classId = this.enclosingClass(scope);
          return classId ? { kind: 'instance', classId } : UNKNOWN;
        }
        // `conn: connection` (psycopg2.extensions): an object of that library class.
        return { kind: 'external-instance', name: annotated.name };
      }
      case 'class-of': {
        const annotated = this.resolve(type.ref, module, scope, depth + 1);
        return annotated.kind === 'class' ? annotated : UNKNOWN;
      }
      case 'container': {
        const element = this.instanceOf(type.element, module, scope, depth + 1);
        return { kind: 'external-instance', name: 'builtins.list', ...(element.kind !== 'unknown' ? { element } : {}), ...(type.keyed ? { keyed: true as const } : {}) };
      }
      case 'element': {
        const container = this.instanceOf(type.iterable, module, scope, depth + 1);
        // `for name in clients:` over a mapping gives its keys, which no annotation here types.
        if (type.iterating && container.kind === 'external-instance' && container.keyed) return UNKNOWN;
        return this.elementOf(container, depth);
      }
      case 'value':
        return this.resolve(type.ref, module, scope, depth + 1);
      case 'self-instance': {
        const classId = this.enclosingClass(scope);
        return classId ? { kind: 'instance', classId } : UNKNOWN;
      }
      case 'call': {
        const callee = this.resolve(type.callee, module, scope, depth + 1);
        if (callee.kind !== 'unknown') return this.resultOfCall(callee, depth);
        return builtinCallResult(type.callee, module) ?? this.stringMethodResult(type.callee) ?? UNKNOWN;
      }
      case 'one-of':
        return this.commonInstance(type.types.map((member) => this.instanceOf(member, module, scope, depth + 1)));
      case 'derived': {
        const from = this.instanceOf(type.from, module, scope, depth + 1);
        // `"x" + obj` is `obj.__radd__("x")` when str cannot add it: a project class may answer.
        if (type.operator && this.definesReflectedOperator()) return UNKNOWN;
        // `self.clients[1:]`: a slice of a typed list holds what it holds.
        if (!type.operator && from.kind === 'external-instance' && from.name === 'builtins.list' && from.element) return from;
        return closedValue(from) ?? UNKNOWN;
      }
    }
  }

  /**
   * A value that may be an instance of any of several classes: an instance of the project class they
   * all derive from, the nearest in the first one's order. A method found there reaches the others'
   * overrides through its family; a name only some of them have stays unknown.
   */
  private commonInstance(members: Target[]): Target {
    const first = members[0];
    if (!first || members.some((member) => member.kind === 'unknown')) return UNKNOWN;
    if (members.every((member) => JSON.stringify(member) === JSON.stringify(first))) return first;
    if (members.some((member) => member.kind !== 'instance' || member.classId.startsWith('super:'))) return UNKNOWN;
    const orders = members.map((member) => this.mro((member as { classId: ClassId }).classId));
    const common = orders[0].find((id) => this.classes.has(id) && orders.every((order) => order.includes(id)));
    return common ? { kind: 'instance', classId: common } : UNKNOWN;
  }

  private reflectedOperators?: boolean;

  private definesReflectedOperator(): boolean {
    return this.reflectedOperators ??= [...this.classes.values()].some((cls) => Object.keys(cls.methods).some((name) => REFLECTED_OPERATOR.test(name)));
  }

  /** `with x as y`: what `__enter__` (or a `@contextmanager` generator's `yield`) hands out. */
  private entered(callee: Target, depth: number): Target {
    if (callee.kind === 'function') {
      const fn = this.functions.get(callee.id);
      if (fn?.isGenerator && fn.decorators.some((d) => /contextmanager/.test(d.text))) {
        const home = this.moduleOf(fn.id);
        return fn.returnType && home ? this.instanceOf(fn.returnType, home, fn.id, depth + 1) : UNKNOWN;
      }
    }
    const made = this.resultOfCall(callee, depth);
    if (made.kind === 'external-instance') return made;
    if (made.kind !== 'instance') return UNKNOWN;
    const enterId = this.lookupMethod(made.classId, '__enter__') ?? this.lookupMethod(made.classId, '__aenter__');
    const enter = enterId ? this.functions.get(enterId) : undefined;
    if (!enter) return UNKNOWN;
    if (enter.returnsSelf) return made;
    const home = this.moduleOf(enter.id);
    return enter.returnType && home ? this.instanceOf(enter.returnType, home, enter.id, depth + 1) : UNKNOWN;
  }

  /** What iterating a value gives: a typed container's element, or what a generator yields. */
  private elementOf(iterable: Target, depth: number): Target {
    if (iterable.kind === 'external-instance' && iterable.element) return iterable.element;
    if (iterable.kind === 'external-instance' || iterable.kind === 'external') return closedValue(iterable) ?? UNKNOWN;
    if (iterable.kind !== 'generator') return UNKNOWN;
    const fn = this.functions.get(iterable.id);
    const home = fn && this.moduleOf(fn.id);
    if (!fn?.returnType || !home) return UNKNOWN;
    const yielded = this.instanceOf(fn.returnType, home, fn.id, depth + 1);
    // `-> Iterator[Client]` is a container of clients; a generator typed from its yields is the client.
    return fn.returnType.kind === 'container' ? this.elementOf(yielded, depth + 1) : yielded;
  }

  private resultOfCall(callee: Target, depth: number): Target {
    if (callee.kind === 'class') return { kind: 'instance', classId: callee.id };
    if (callee.kind === 'external') return HANDS_BACK_WHAT_IT_HOLDS.test(callee.name) ? UNKNOWN : { kind: 'external-instance', name: callee.name };
    if (callee.kind === 'function') {
      const fn = this.functions.get(callee.id);
      if (fn?.isGenerator && !fn.decorators.some((d) => /contextmanager/.test(d.text))) return { kind: 'generator', id: fn.id };
      const home = fn && this.moduleOf(fn.id);
      if (fn?.returnType && home) return this.instanceOf(fn.returnType, home, fn.id, depth + 1);
    }
    // `add = command_tester_factory("source add")` with a factory typed by a callable Protocol (or a
    // class with a `__call__`): what its `__call__` is annotated to return.
    if (callee.kind === 'instance' && !callee.classId.startsWith('super:')) {
      const call = this.lookupMethod(callee.classId, '__call__');
      if (call && depth < 12) return this.resultOfCall({ kind: 'function', id: call }, depth + 1);
    }
    return UNKNOWN;
  }

  private projectMethodNames?: Set<string>;

  /**
   * `path.strip("/")`, `line.split(",")` on a receiver of unknown type: a method of the builtin
   * string types that no project class defines runs library code, which hands back a string (or a
   * list of them), never an object whose methods are the project's.
   */
  private stringMethodResult(callee: NameRef): Target | undefined {
    const name = callee.path.at(-1);
    const made = name !== undefined ? own(STRING_METHOD_RESULTS, name) : undefined;
    if (!made) return undefined;
    this.projectMethodNames ??= new Set([...this.classes.values()].flatMap((cls) => Object.keys(cls.methods)));
    if (this.projectMethodNames.has(name!)) return undefined;
    if (made === 'list') return { kind: 'external-instance', name: 'builtins.list', element: { kind: 'external-instance', name: 'builtins.str' } };
    return { kind: 'external-instance', name: `builtins.${made}` };
  }

  global(module: ModuleIndex, name: string, depth: number): Target {
    const binding = own(module.bindings, name);
    return binding ? this.bound(module, binding, depth) : this.starImported(module, name, depth);
  }

  /** What a module binding holds. */
  private bound(module: ModuleIndex, binding: Binding | ModuleAlternative, depth: number): Target {
    switch (binding.kind) {
      case 'function':
        return { kind: 'function', id: binding.id };
      case 'class':
        return { kind: 'class', id: binding.id };
      case 'module': {
        const imported = this.implicitlyRelative(module, binding.module);
        if (this.indexed(imported)) return { kind: 'module', module: imported };
        return this.isUnindexed(binding.module) || this.projectPrefix(binding.module) ? UNKNOWN : { kind: 'external', name: binding.module };
      }
      case 'from-import': {
        const from = this.implicitlyRelative(module, binding.module);
        const submodule = `${from}.${binding.name}`;
        const source = this.indexed(from);
        if (!source) {
          // A namespace package (no __init__.py) still has its modules.
          if (this.indexed(submodule)) return { kind: 'module', module: submodule };
          if (this.isUnindexed(binding.module) || this.isUnindexed(submodule) || this.projectPrefix(binding.module)) return UNKNOWN;
          return { kind: 'external', name: submodule };
        }
        const inSource = own(source.bindings, binding.name);
        // `from . import stock` in the package's own __init__.py binds the submodule.
        const selfImport = inSource?.kind === 'from-import' && inSource.module === binding.module && inSource.name === binding.name;
        if (!inSource || selfImport) {
          if (this.indexed(submodule)) return { kind: 'module', module: submodule };
          if (this.isUnindexed(submodule)) return UNKNOWN;
        }
        if (depth > 8 || source === module) return UNKNOWN;
        return this.global(source, binding.name, depth + 1);
      }
      case 'variable':
        if (binding.type) return this.instanceOf(binding.type, module, null, depth + 1);
        return binding.alias ? this.aliased(binding.alias, module, depth) : UNKNOWN;
      case 'alias':
        return this.aliased(binding.ref, module, depth);
      default:
        return UNKNOWN;
    }
  }

  /**
   * A module variable set to a dotted name (`TestCase = unittest.TestCase`) is that class or library
   * name. Not a function: calls through the alias would be awaited while the function, handed on as
   * a value there, is kept sync for whoever else holds it.
   */
  private aliased(ref: NameRef, module: ModuleIndex, depth: number): Target {
    const target = this.resolve(ref, module, null, depth + 1);
    return target.kind === 'class' || target.kind === 'external' || target.kind === 'module' ? target : UNKNOWN;
  }

  /**
   * A public name that `from module import *` brings in: the last star import whose module binds it
   * wins, as at run time. (A star import of a library module may bind any name: then unknown.)
   */
  private starImported(module: ModuleIndex, name: string, depth: number): Target {
    if (!module.starImports || name.startsWith('_') || depth > 8) return UNKNOWN;
    for (const star of [...module.starImports].reverse()) {
      const source = this.indexed(star);
      if (!source) return UNKNOWN;
      if (source === module) continue;
      if (own(source.bindings, name)) return this.global(source, name, depth + 1);
      const target = this.starImported(source, name, depth + 1);
      if (target.kind !== 'unknown') return target;
    }
    return UNKNOWN;
  }

  /**
   * `from alerts import Alerter` in `pkg/zabbix.py`, with no top-level `alerts` but a `pkg/alerts.py`:
   * the sibling, as Python 2 reads it and as Python 3 does when the folder is on the path (a script
   * run from its own folder).
   */
  private implicitlyRelative(module: ModuleIndex, imported: string): string {
    if (this.indexed(imported) || this.isUnindexed(imported) || this.projectPrefix(imported)) return imported;
    // Python 3 reads `from abc import abstractmethod` in `pkg/output/abc.py` as the standard library's.
    if (isStdlibModule(imported)) return imported;
    const lastDot = module.module.lastIndexOf('.');
    const folder = module.isPackageInit ? module.module : lastDot > 0 ? module.module.slice(0, lastDot) : '';
    const sibling = folder ? `${folder}.${imported}` : imported;
    return folder && this.indexed(sibling) ? sibling : imported;
  }

  /** `pkg.mod.Class` written as a string (patch targets): the longest module prefix, then members. */
  resolveDotted(dotted: string): Target {
    const parts = dotted.split('.');
    for (let cut = parts.length; cut > 0; cut--) {
      const moduleName = parts.slice(0, cut).join('.');
      if (!this.indexed(moduleName)) {
        if (this.isUnindexed(moduleName)) return UNKNOWN;
        continue;
      }
      let target: Target = { kind: 'module', module: moduleName };
      for (const attribute of parts.slice(cut)) target = this.member(target, attribute, 0);
      return target;
    }
    return { kind: 'external', name: dotted };
  }

  memberOf(target: Target, attribute: string): Target {
    return this.member(target, attribute, 0);
  }

  private member(target: Target, attribute: string, depth: number): Target {
    switch (target.kind) {
      case 'module': {
        const module = this.modules.get(target.module)!;
        const submodule = `${target.module}.${attribute}`;
        if (!Object.hasOwn(module.bindings, attribute)) {
          if (this.indexed(submodule)) return { kind: 'module', module: submodule };
          if (this.isUnindexed(submodule)) return UNKNOWN;
        }
        return this.global(module, attribute, depth + 1);
      }
      case 'external':
        return this.holdsProjectValue(target, attribute, depth) ? UNKNOWN : { kind: 'external', name: `${target.name}.${attribute}` };
      case 'external-instance':
        return this.holdsProjectValue(target, attribute, depth) ? UNKNOWN : { kind: 'external', name: `${target.name}().${attribute}` };
      case 'class': {
        const method = this.lookupMethod(target.id, attribute);
        if (method) return { kind: 'function', id: method, receiver: 'class' };
        // `cls.server = Server()` in a classmethod: what the class attribute holds.
        const attributeType = this.attributeType(target.id, attribute);
        if (!attributeType) return UNKNOWN;
        const cls = this.classes.get(attributeType.owner)!;
        return this.instanceOf(attributeType.type, this.modules.get(cls.module)!, Object.values(cls.methods)[0] ?? null, depth + 1);
      }
      case 'instance': {
        const isSuper = target.classId.startsWith('super:');
        const classId = isSuper ? target.classId.slice('super:'.length) : target.classId;
        // A Protocol types a value by its shape: any object with these methods, a class that never
        // names the protocol or a module, may be behind it; so does an ABC with virtual subclasses
        // (`Base.register(Impl)`). Calls on it are calls by name.
        if (!isSuper && this.typesByShape(classId)) return UNKNOWN;
        const method = isSuper ? this.lookupInBases(classId, attribute) : this.lookupMethod(classId, attribute);
        if (method) return this.isProperty(method) ? this.propertyValue(method, depth) : { kind: 'function', id: method, receiver: 'bound' };
        const attributeType = this.attributeType(classId, attribute);
        if (attributeType) {
          const cls = this.classes.get(attributeType.owner)!;
          // Any method of the class lets `self` in `self.boot = self.pg.bootstrap` mean that class.
          const inClass = Object.values(cls.methods)[0] ?? null;
          return this.instanceOf(attributeType.type, this.modules.get(cls.module)!, inClass, depth + 1);
        }
        return (isSuper ? undefined : this.writtenFromOutside(classId, attribute, depth)) ?? this.inheritedFromLibrary(classId, attribute, isSuper) ?? UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  /** A project class that defines `__dict__` itself (a property, an attribute): then it is what the class says. */
  private definesOwnDict(target: Target): boolean {
    const classId = target.kind === 'instance' ? target.classId.replace(/^super:/, '') : target.kind === 'class' ? target.id : undefined;
    return !!classId && this.mro(classId).some((id) => {
      const cls = this.classes.get(id);
      return !!cls && (own(cls.methods, '__dict__') !== undefined || !!cls.assignedAttributes?.includes('__dict__'));
    });
  }

  private isProperty(id: FunctionId): boolean {
    return this.functions.get(id)?.decorators.some((d) => /^@\s*(property|(functools\.)?cached_property)\s*$/.test(d.text)) ?? false;
  }

  /** Reading a property gives what its getter returns. */
  private propertyValue(id: FunctionId, depth: number): Target {
    const fn = this.functions.get(id)!;
    const home = this.moduleOf(id);
    return fn.returnType && home ? this.instanceOf(fn.returnType, home, id, depth + 1) : UNKNOWN;
  }

  /**
   * An attribute no project class in the hierarchy defines, binds or overrides, on a class with a
   * library base: the library's (`super().request(...)` in a `requests.Session` subclass). Through
   * `super()`, an override in a subclass is never reached: only a class that comes after this one in
   * some instance's order (a sibling base, in cooperative multiple inheritance) could answer instead.
   */
  private inheritedFromLibrary(classId: ClassId, attribute: string, throughSuper = false): Target | undefined {
    const hierarchy = this.mro(classId);
    if (hierarchy.some((id) => this.classes.get(id)?.assignedAttributes?.includes(attribute) || this.classes.get(id)?.methods.__getattr__)) return undefined;
    if (throughSuper ? this.definedAfter(classId, attribute) : this.definedBelow(classId, attribute)) return undefined;
    // A base that resolves to nothing known may define it.
    for (const id of hierarchy) {
      const cls = this.classes.get(id)!;
      const module = this.modules.get(cls.module)!;
      const unknownBase = (base: NameRef) => !(base.root.kind === 'global' && base.root.name === 'object' && base.path.length === 0)
        && !['class', 'external'].includes(this.resolve(base, module, null).kind);
      if (cls.bases.some(unknownBase)) return undefined;
    }
    const library = this.externalBases(classId)[0];
    return library ? { kind: 'external', name: `${library}().${attribute}` } : undefined;
  }

  private below?: { methods: Map<ClassId, Set<string>>; attributes: Map<ClassId, Set<string>>; subclasses: Map<ClassId, ClassId[]> };

  /** For each class, the names its project subclasses define: methods, and attributes they bind. */
  private namesBelow(): NonNullable<typeof this.below> {
    if (!this.below) {
      const below = this.below = { methods: new Map<ClassId, Set<string>>(), attributes: new Map<ClassId, Set<string>>(), subclasses: new Map<ClassId, ClassId[]>() };
      const add = (byClass: Map<ClassId, Set<string>>, ancestor: ClassId, names: readonly string[]) => {
        const set = byClass.get(ancestor) ?? byClass.set(ancestor, new Set()).get(ancestor)!;
        for (const name of names) set.add(name);
      };
      for (const cls of this.classes.values()) {
        for (const ancestor of this.mro(cls.id).slice(1)) {
          add(below.methods, ancestor, Object.keys(cls.methods));
          add(below.attributes, ancestor, cls.assignedAttributes ?? []);
          (below.subclasses.get(ancestor) ?? below.subclasses.set(ancestor, []).get(ancestor)!).push(cls.id);
        }
      }
    }
    return this.below;
  }

  /** Is `attribute` defined or bound by a project subclass of `classId`? */
  private definedBelow(classId: ClassId, attribute: string): boolean {
    const { methods, attributes } = this.namesBelow();
    return !!methods.get(classId)?.has(attribute) || !!attributes.get(classId)?.has(attribute);
  }

  /**
   * Is `attribute` defined or bound by a project class that comes after `classId` in the order of
   * `classId` or of one of its subclasses: what `super()` in `classId` may reach.
   */
  private definedAfter(classId: ClassId, attribute: string): boolean {
    for (const id of [classId, ...(this.namesBelow().subclasses.get(classId) ?? [])]) {
      const order = this.mro(id);
      for (const later of order.slice(order.indexOf(classId) + 1)) {
        const cls = this.classes.get(later);
        if (cls && (Object.hasOwn(cls.methods, attribute) || cls.assignedAttributes?.includes(attribute))) return true;
      }
    }
    return false;
  }

  /**
   * May an instance of `classId`, or of a project subclass, have the attribute `name`? Yes where one
   * of them defines or binds it, or derives from a class outside the project (but the few known to
   * have nothing of their own an instance is used for), or from a base asyncshift cannot resolve. An
   * ordinary name also where one of them answers any attribute (`__getattr__`), or where code sets
   * an attribute of that name on an object that may be one of them: of unknown type, or of one of
   * their classes (a test's `mock_page.get = ...` on a `Mock()` gives no project class a `get`).
   */
  mayHaveAttribute(classId: ClassId, name: string): boolean {
    const special = /^__\w+__$/.test(name);
    const family = [classId, ...(this.namesBelow().subclasses.get(classId) ?? [])];
    if (!special && this.attributeWritesNamed(name).some(({ module, write }) => this.mayBeOneOf(family, this.resolve(write.object, module, write.scope)))) return true;
    for (const id of family) {
      for (const member of this.mro(id)) {
        const cls = this.classes.get(member);
        if (!cls || Object.hasOwn(cls.methods, name) || cls.assignedAttributes?.includes(name)) return true;
        if (!special && (Object.hasOwn(cls.methods, '__getattr__') || Object.hasOwn(cls.methods, '__getattribute__'))) return true;
      }
      if (this.libraryBases(id).some((base) => !base || !PLAIN_LIBRARY_BASES.has(base))) return true;
    }
    return false;
  }

  /** Whether what a target holds may be an instance, or the class, of one of these classes (or of their bases). */
  private mayBeOneOf(classes: readonly ClassId[], target: Target): boolean {
    if (target.kind === 'unknown') return true;
    const held = target.kind === 'instance' ? target.classId.replace(/^super:/, '') : target.kind === 'class' ? target.id : undefined;
    return !!held && classes.some((id) => this.mro(id).includes(held));
  }

  /** The project classes that derive from `classId`, directly or not. */
  subclassesOf(classId: ClassId): readonly ClassId[] {
    return this.namesBelow().subclasses.get(classId) ?? [];
  }

  /** The methods named `name` that project subclasses of `classId` define (what `self.name()` may run besides the class's own). */
  methodsBelow(classId: ClassId, name: string): FunctionId[] {
    return (this.namesBelow().subclasses.get(classId) ?? []).flatMap((id) => {
      const method = ownMethod(this.classes.get(id), name);
      return method ? [method] : [];
    });
  }

  /** Does a project subclass of `classId` define its own method `name`? */
  overriddenBelow(classId: ClassId, name: string): boolean {
    return this.namesBelow().methods.get(classId)?.has(name) ?? false;
  }

  private readonly mros = new Map<ClassId, ClassId[]>();
  private testCaseFamily?: Set<ClassId>;

  /**
   * Method resolution order: the class, then its project bases depth-first, left to right. Looked up
   * on every attribute of every instance, so each class's order is worked out once.
   */
  mro(classId: ClassId): ClassId[] {
    const known = this.mros.get(classId);
    if (known) return known;
    const order: ClassId[] = [];
    const visit = (id: ClassId, depth: number) => {
      if (order.includes(id) || depth > 20) return;
      order.push(id);
      for (const base of this.baseClasses(id)) visit(base, depth + 1);
    };
    visit(classId, 0);
    this.mros.set(classId, order);
    return order;
  }

  baseClasses(classId: ClassId): ClassId[] {
    const cls = this.classes.get(classId);
    const module = cls && this.modules.get(cls.module);
    if (!cls || !module) return [];
    const bases: ClassId[] = [];
    for (const base of cls.bases) {
      const target = this.resolve(base, module, null);
      if (target.kind === 'class') bases.push(target.id);
    }
    return bases;
  }

  private protocols = new Map<ClassId, boolean>();
  private registered?: Set<ClassId>;

  /**
   * Does a value typed by this class say nothing of its class? A Protocol, or a class with virtual
   * subclasses registered (`Base.register(Impl)`, `@Base.register`), which need not derive from it.
   */
  private typesByShape(classId: ClassId): boolean {
    if (this.isProtocol(classId)) return true;
    if (!this.registered) {
      this.registered = new Set();
      for (const module of new Set(this.modules.values())) {
        const bases = (module.classRegistrations ?? []).map((ref) => ({ ref, scope: null as FunctionId | null }));
        for (const call of module.calls) {
          if (call.callee?.path.at(-1) === 'register') bases.push({ ref: { root: call.callee.root, path: call.callee.path.slice(0, -1) }, scope: call.scope });
        }
        for (const { ref, scope } of bases) {
          const target = this.resolve(ref, module, scope);
          // A registry of the project's own (`Plugins.register(cls)`) registers nothing with the class.
          if (target.kind === 'class' && !this.lookupMethod(target.id, 'register')) this.registered.add(target.id);
        }
      }
    }
    return this.registered.has(classId);
  }

  /** `class Language(Protocol)`: a protocol class itself (a class that merely derives from one is not). */
  private isProtocol(classId: ClassId): boolean {
    let known = this.protocols.get(classId);
    if (known === undefined) {
      const cls = this.classes.get(classId);
      const module = cls && this.modules.get(cls.module);
      known = !!cls && !!module && cls.bases.some((base) => {
        const target = this.resolve(base, module, null);
        return target.kind === 'external' && /^typing(_extensions)?\.Protocol$/.test(target.name);
      });
      this.protocols.set(classId, known);
    }
    return known;
  }

  /** Qualified names of the bases that are not project classes (`unittest.TestCase`). */
  externalBases(classId: ClassId): string[] {
    const names: string[] = [];
    for (const id of this.mro(classId)) {
      const cls = this.classes.get(id)!;
      const module = this.modules.get(cls.module)!;
      for (const base of cls.bases) {
        const target = this.resolve(base, module, null);
        if (target.kind === 'external') names.push(target.name);
      }
    }
    return names;
  }

  /**
   * The bases outside the project along the class's project ancestry, as qualified names
   * (`threading.Thread`, `builtins.Exception`); `undefined` for a base that cannot be resolved (a
   * call, a name from a star import): it may be a library class.
   */
  libraryBases(classId: ClassId, seen = new Set<ClassId>()): (string | undefined)[] {
    const names: (string | undefined)[] = [];
    for (const id of this.mro(classId)) {
      if (seen.has(id)) continue;
      seen.add(id);
      const cls = this.classes.get(id)!;
      const module = this.modules.get(cls.module)!;
      for (const base of cls.bases) {
        const target = this.resolve(base, module, null);
        if (target.kind === 'class') continue;
        if (target.kind === 'external') names.push(target.name);
        else names.push(...this.unresolvedBase(base, module, seen));
      }
    }
    return names;
  }

  /**
   * A base that does not resolve to one class: a builtin (`Exception`), or a name the module binds in
   * several ways (`if TYPE_CHECKING: _Base = base.RESTObject` / `else: _Base = object`), which stands
   * for every class it may be. `undefined` where any of them is unknown.
   */
  private unresolvedBase(base: NameRef, module: ModuleIndex, seen: Set<ClassId>): (string | undefined)[] {
    if (base.root.kind !== 'global' || base.path.length > 0) return [undefined];
    const binding = own(module.bindings, base.root.name);
    if (!binding) return PYTHON_BUILTIN_CLASS.test(base.root.name) ? [`builtins.${base.root.name}`] : [undefined];
    if (binding.kind !== 'ambiguous' || !binding.alternatives) return [undefined];
    return binding.alternatives.flatMap((alternative) => {
      const target = this.bound(module, alternative, 0);
      if (target.kind === 'class') return this.libraryBases(target.id, seen);
      if (target.kind === 'external') return [target.name];
      return alternative.kind === 'alias' ? this.unresolvedBase(alternative.ref, module, seen) : [undefined];
    });
  }

  /**
   * Whether unittest runs the class's hooks: it derives from unittest.TestCase, or it is a mixin
   * that some project class deriving from TestCase has among its bases.
   */
  servesTestCase(classId: ClassId): boolean {
    if (!this.testCaseFamily) {
      this.testCaseFamily = new Set();
      for (const id of this.classes.keys()) {
        if (this.libraryBases(id).some((base) => base && UNITTEST_TEST_CASE.test(base))) for (const member of this.mro(id)) this.testCaseFamily.add(member);
      }
    }
    return this.testCaseFamily.has(classId);
  }

  lookupMethod(classId: ClassId, name: string): FunctionId | undefined {
    for (const id of this.mro(classId)) {
      const method = ownMethod(this.classes.get(id), name);
      if (method) return method;
    }
    return undefined;
  }

  private lookupInBases(classId: ClassId, name: string): FunctionId | undefined {
    for (const id of this.mro(classId).slice(1)) {
      const method = ownMethod(this.classes.get(id), name);
      if (method) return method;
    }
    return undefined;
  }

  /**
   * An attribute the class leaves empty (`self.perf = None`, or never sets) that other code fills in:
   * `self.worker_pool.perf = self.perf`. Every write of that name must be typed, and those on instances
   * of this class must agree; a write to an object of unknown type may be one of them, so it rules the
   * inference out. Files not parsed yet that mention the name are asked for, as for parameters.
   */
  private writtenFromOutside(classId: ClassId, attribute: string, depth: number): Target | undefined {
    const key = `${classId}\0${attribute}`;
    if (this.writtenAttributes.has(key)) return this.writtenAttributes.get(key);
    this.writtenAttributes.set(key, undefined); // in progress: a write reached again through itself is unknown
    const mro = this.mro(classId);
    const open = mro.every((id) => !this.classes.get(id)?.untypedAttributes?.includes(attribute));
    const writes = this.attributeWritesNamed(attribute);
    let found: Target | undefined;
    // No write anywhere parsed: nothing to infer (asking for every file that mentions `assertEqual`
    // or any other attribute read off a library base would parse most of the project).
    if (open && depth < 6 && writes.length > 0) {
      this.unindexed?.needMentions(attribute);
      for (const { module, write } of writes) {
        const object = this.resolve(write.object, module, write.scope, depth + 1);
        // `WorkerPool.perf = ...` sets it for every instance, as `pool.perf = ...` does for one.
        const written = object.kind === 'instance' ? object.classId : object.kind === 'class' ? object.id : undefined;
        if (object.kind !== 'unknown' && (!written || (!mro.includes(written) && !this.mro(written).includes(classId)))) continue;
        const value = written && write.type ? this.instanceOf(write.type, module, write.scope, depth + 1) : UNKNOWN;
        if (value.kind === 'unknown' || (found && !sameInstanceKind(found, value))) {
          found = undefined;
          break;
        }
        found = value;
      }
    }
    this.writtenAttributes.set(key, found);
    return found;
  }

  private readonly projectValueAttributes = new Map<string, boolean>();

  /**
   * Whether an attribute of a library object may hold a project object: any attribute of a
   * `SimpleNamespace`, and one the project's own code sets on that object (`g.db = Database()` on
   * flask's `g`; `state.db = ...` with `state = threading.local()`, or on an object of unknown type)
   * to a value that is not a library's.
   */
  private holdsProjectValue(library: Target & { kind: 'external' | 'external-instance' }, attribute: string, depth: number): boolean {
    if (library.kind === 'external-instance' && library.name === 'types.SimpleNamespace') return true;
    const key = `${library.kind}:${library.name}\0${attribute}`;
    let holds = this.projectValueAttributes.get(key);
    if (holds !== undefined) return holds;
    // Too deep to tell here, and not kept: a lookup from nearer the surface reads the writes (found on
    // internetarchive, where the first lookup of `args.session` came deep in another resolution).
    if (depth >= 6) return false;
    this.projectValueAttributes.set(key, false); // in progress: a write reached again through itself holds nothing more
    holds = this.attributeWritesNamed(attribute).some(({ module, write }) => {
      if (module.isTestModule) return false;
      const object = this.resolve(write.object, module, write.scope, depth + 1);
      // A module's attribute (`os.path`) is the library's unless the project sets that very one.
      // `args.session = Session()` on what parse_args returned, read as `args.session` of an
      // `args: argparse.Namespace` parameter: the same object (found on internetarchive).
      const same = object.kind === library.kind && (object.name === library.name || (ARGPARSE_NAMESPACE.test(object.name) && ARGPARSE_NAMESPACE.test(library.name)));
      if (!same && !(library.kind === 'external-instance' && object.kind === 'unknown')) return false;
      return !write.type || this.instanceOf(write.type, module, write.scope, depth + 1).kind !== 'external-instance';
    });
    this.projectValueAttributes.set(key, holds);
    return holds;
  }

  private attributeWritesNamed(attribute: string): { module: ModuleIndex; write: AttributeWrite }[] {
    if (!this.attributeWrites) {
      this.attributeWrites = new Map();
      for (const module of new Set(this.modules.values())) {
        for (const write of module.attributeWrites ?? []) {
          (this.attributeWrites.get(write.attribute) ?? this.attributeWrites.set(write.attribute, []).get(write.attribute)!).push({ module, write });
        }
      }
    }
    return this.attributeWrites.get(attribute) ?? [];
  }

  private attributeType(classId: ClassId, attribute: string): { owner: ClassId; type: TypeSource } | undefined {
    for (const id of this.mro(classId)) {
      const cls = this.classes.get(id);
      const type = cls && (own(cls.attributeTypes, attribute) ?? classValueType(cls, attribute));
      if (type) return { owner: id, type };
    }
    return undefined;
  }

  private enclosingClass(scope: FunctionId | null): ClassId | undefined {
    for (let current = scope; current; ) {
      const fn = this.functions.get(current);
      if (!fn) return undefined;
      if (fn.classId) return fn.classId;
      current = fn.nestedIn ?? null;
    }
    return undefined;
  }
}

/** Two values a parameter receives agree: instances of one project class, or one library's objects of one kind. */
function sameInstanceKind(a: Target, b: Target): boolean {
  if (b.kind === 'instance') return a.kind === 'instance' && a.classId === b.classId && !b.classId.startsWith('super:');
  return b.kind === 'external-instance' && a.kind === 'external-instance' && a.name === b.name;
}

/**
 * Library calls that hand back what the program put in, which may be a project object: an item of
 * a container, a cache or a queue (`REGISTRY.setdefault(name, Records())`), a copy, a dataclass
 * replaced, a cast, what `nullcontext(obj)`, `closing(obj)` or `ExitStack.enter_context(cm)` enters, a
 * weak proxy, an unpickled object, a module imported by name. What they return is not the library's: its methods may be the project's.
 */
const HOLDERS = /(?:builtins\.(?:dict|list|set|tuple)|collections\.\w+|queue\.\w+|asyncio\.\w*Queue|multiprocessing\.\w+|cachetools\.\w+|weakref\.\w+|contextvars\.ContextVar)/;
const HANDS_BACK_WHAT_IT_HOLDS = new RegExp(`^(?:${HOLDERS.source}\\(\\)\\.(?:get|setdefault|pop|popitem|popleft|get_nowait|__getitem__)`
  + String.raw`|copy\.(?:copy|deepcopy|replace)|dataclasses\.replace|attrs?\.evolve|typing(?:_extensions)?\.cast|functools\.reduce|weakref\.proxy`
  + String.raw`|contextlib\.(?:nullcontext|closing|aclosing)|contextlib\.(?:Async)?ExitStack\(\)\.enter_(?:async_)?context`
  + String.raw`|random\.choice|secrets\.choice|heapq\.(?:heappop|heappushpop|heapreplace)|pickle\.loads?|operator\.getitem|importlib\.(?:import_module|reload)`
  // What the coroutine returns (found on gunicorn's benchmarks: `results = asyncio.run(run())`).
  + `|${OWN_LOOP_RUN}|${GIVEN_LOOP_RUN}|asyncio\\.(?:wait_for|shield))$`);

/** The methods of `str` (and `bytes`) that return a string, its bytes, or a list of strings. */
const STRING_METHOD_RESULTS: Record<string, 'str' | 'bytes' | 'list'> = {
  encode: 'bytes',
  ...Object.fromEntries(('capitalize casefold center decode expandtabs format format_map join ljust lower lstrip removeprefix '
    + 'removesuffix replace rjust rstrip strip swapcase title translate upper zfill').split(' ').map((name) => [name, 'str'])),
  ...Object.fromEntries('split rsplit splitlines'.split(' ').map((name) => [name, 'list'])),
};

/**
 * Library values whose attributes, items, slices, iteration and method results are library values
 * again, never a project's object: strings, numbers, paths, regular expressions and their matches
 * (`Path(f).parents[1]`, `match.group(1)`, `os.path.join(a, b)`); named after what made them.
 */
const CLOSED_VALUES = /^(builtins\.(str|bytes|int|float|bool)\b|pathlib\.|re\.(compile|match|search|fullmatch|finditer)\b|os\.path\.|os\.(fspath|fsdecode|fsencode|getcwd)\b|shlex\.|json\.dumps\b)/;

const REFLECTED_OPERATOR = /^__r(add|mul|mod|truediv)__$/;

/** A value made from a closed library value (see CLOSED_VALUES): an instance named after it. */
function closedValue(target: Target): Target | undefined {
  if (target.kind !== 'external-instance' && target.kind !== 'external') return undefined;
  return CLOSED_VALUES.test(target.name) ? { kind: 'external-instance', name: target.name } : undefined;
}

/** Builtin classes whose instances never hold a project object's methods (`object` would). */
const BUILTIN_VALUE_TYPES = new Set(['str', 'bytes', 'bytearray', 'int', 'float', 'complex', 'bool', 'list', 'dict', 'set', 'frozenset', 'tuple']);

/** `text: str`: an instance of the builtin class, unless the module binds the name itself. */
function builtinValueType(ref: NameRef, module: ModuleIndex): Target | undefined {
  const name = builtinName(ref, module);
  return name && BUILTIN_VALUE_TYPES.has(name) ? { kind: 'external-instance', name: `builtins.${name}` } : undefined;
}

/** `str(x)`, `dict()`, `open(path)`: what a builtin makes (a file object for `open`), unless the module binds the name. */
function builtinCallResult(callee: NameRef, module: ModuleIndex): Target | undefined {
  const name = builtinName(callee, module);
  return name && (BUILTIN_VALUE_TYPES.has(name) || name === 'open') ? { kind: 'external-instance', name: `builtins.${name}` } : undefined;
}

/** The name of a builtin `ref` reads (a bare name the module does not bind, with no star import to bind it). */
function builtinName(ref: NameRef, module: ModuleIndex): string | undefined {
  if (ref.root.kind !== 'global' || ref.path.length > 0) return undefined;
  return own(module.bindings, ref.root.name) || module.starImports ? undefined : ref.root.name;
}

/** What a class-body assignment gives the attribute, unless a method sets it to a value of unknown type. */
function classValueType(cls: ClassInfo, attribute: string): TypeSource | undefined {
  const type = cls.classValueTypes && own(cls.classValueTypes, attribute);
  return type && !cls.untypedAttributes?.includes(attribute) ? type : undefined;
}
