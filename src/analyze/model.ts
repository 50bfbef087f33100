/**
 * The facts asyncshift keeps about a module once its syntax tree is gone. Everything the solver and
 * the edit stage need is here, as plain data with spans (UTF-16 indices, see parse/source-text.ts).
 */

export interface Span {
  start: number;
  end: number;
}

/** `<dotted module>:<qualname>`, e.g. `feeds.fetch:Client.get_page`. */
export type FunctionId = string;
export type ClassId = string;

/**
 * An expression that names something: a root and attribute names after it. Resolution to a project
 * function, class or external qualified name happens later, across modules (plan/resolve.ts).
 */
export interface NameRef {
  root: RefRoot;
  path: string[];
}

/** The name of a `local-var` root that stands for a computed receiver (`(base / "x").touch()`), typed by its value. */
export const COMPUTED_RECEIVER = '(expression)';

export type RefRoot =
  | { kind: 'global'; name: string }
  | { kind: 'local-def'; id: FunctionId }
  /** A name bound by an `import` inside the function: the dotted name it stands for. */
  | { kind: 'imported'; dotted: string }
  /**
   * `fixture`: an unannotated parameter of a test or fixture (a pytest fixture, resolved by name).
   * `parameterOf`: an unannotated parameter never rebound in its function (typed from its callers).
   */
  | { kind: 'local-var'; name: string; type?: TypeSource; fixture?: boolean; parameterOf?: FunctionId }
  | { kind: 'self' }
  | { kind: 'cls' }
  | { kind: 'super' }
  | { kind: 'call-result'; callee: NameRef }
  /** `byName`: `operator.methodcaller("copy")`, the `copy` of whatever it is called on. */
  | { kind: 'unknown'; byName?: true };

/** Where the type of a variable or attribute comes from: a constructor/factory call or an annotation. */
export type TypeSource =
  | { kind: 'call'; callee: NameRef }
  | { kind: 'annotation'; ref: NameRef }
  | { kind: 'literal'; type: string }
  /** `with Client() as c`: what `Client().__enter__()` returns. */
  | { kind: 'entered'; callee: NameRef }
  /** `self.client = client` with `client` an unannotated parameter: typed from the callers. */
  | { kind: 'parameter'; fn: FunctionId; name: string }
  /** `type[Client]`: the class itself. */
  | { kind: 'class-of'; ref: NameRef }
  /** `list[Client]`, `[Client(a), Client(b)]`: a container whose elements have one type. */
  /** `keyed`: a mapping, whose elements are its values while iterating it gives its keys. */
  | { kind: 'container'; element: TypeSource; keyed?: true }
  /** `for c in clients:`: an element of what `iterable` holds. */
  /** `iterating`: what a `for` over it gives (of a mapping, a key: not an element). */
  | { kind: 'element'; iterable: TypeSource; iterating?: true }
  /** Whatever `ref` names (`self.clients`), as resolved. */
  | { kind: 'value'; ref: NameRef }
  /** `return self`: an instance of the method's class. */
  | { kind: 'self-instance' }
  /**
   * `base / "name"`, `text[1:]`: a value computed from another by an operator (`operator`) or a
   * slice, whose type it keeps when that is a library value type closed under them (a string, a path).
   */
  | { kind: 'derived'; from: TypeSource; operator?: true }
  /**
   * A union (`FileOutput | PlayerOutput`, `None` left out), or a name bound to instances of
   * different classes: an instance of the project class they all derive from.
   */
  | { kind: 'one-of'; types: TypeSource[] };

/** Why a call inside this position cannot be awaited. */
export type SyncOnlyReason =
  | 'module level'
  | 'class body'
  | 'lambda'
  | 'default argument'
  | 'decorator'
  | 'generator expression'
  | 'try catching StopIteration';

/** How the value of a call is consumed; generators and context managers care. */
export type CallUsage =
  | { kind: 'plain' }
  /**
   * `for v in (g() if c else items):`, a branch of a conditional expression that is iterated: no async
   * form (the other branch stays sync); `drainable` where `await asyncio.to_thread(list, g())` may
   * stand (a `for`, a comprehension, a generator expression's first iterable).
   */
  | { kind: 'iterated-branch'; drainable: boolean }
  | { kind: 'awaited' }
  /** A direct argument of another call, e.g. `asyncio.run(main())`; `callee` is that call's callee text. */
  | { kind: 'argument'; callee: string }
  | { kind: 'expression-statement' }
  | { kind: 'for-iter'; forKeyword: number }
  /** `outermost`: the first `for`'s iterable, evaluated in the enclosing function (where an await may go, a generator expression's too). */
  | { kind: 'comprehension-iter'; forKeyword: number; comprehension: Span; comprehensionKind: ComprehensionKind; consumer?: string; outermost: boolean }
  | { kind: 'with-item'; withKeyword: number; itemCount: number; alreadyAsync: boolean; item: Span; parenthesized: boolean }
  | { kind: 'consumer-arg'; consumer: string; consumerCall: Span; consumerCallee: Span; soleArgument: boolean }
  | { kind: 'next'; nextCall: Span; nextCallee: Span }
  | { kind: 'yield-from'; statement: Span; indent: string; valueUsed: boolean }
  /** `it = g()`: `otherUses` counts uses of `it` that are not iteration (filled in after the walk). */
  | { kind: 'assigned'; name: string; otherUses?: number }
  | { kind: 'returned' }
  /** Iterated where Python has no async form: `a, b = it`, `x in it` (with no `__contains__`), `f(*it)`. */
  | { kind: 'iterated-sync'; how: 'unpacked' | 'membership' | 'splatted' }
  /**
   * `self.assertRaises(E, f, x)`: the call of `f` the assertion makes (analyze/callable-assertions.ts).
   * `gaps` are the separators around the arguments (after `(`, between two, before `)`), where
   * `with ...:` and `await f(` are spliced in; `callableAt` is the callable's place among the arguments.
   */
  | { kind: 'asserted-call'; statementStart: number; indent: string; gaps: Span[]; callableAt: number };

export type ComprehensionKind = 'list' | 'set' | 'dict' | 'generator';

export interface CallSite {
  span: Span;
  calleeSpan: Span;
  /** The argument list, parentheses included. */
  argsSpan: Span;
  /** null when the callee is not a name (subscript, call result of getattr, ...). */
  callee: NameRef | null;
  /** For `getattr(x, "m")()` and `table[key]()`: why the target is unknown. */
  dynamic?: string;
  /** For `apis[0].fetch()`: the method called on an object no name refers to (only a name some project function has). */
  computedMethod?: string;
  /** For `getattr(obj, f"on_{x}")()`: the receiver and a regex for the names it can reach. */
  dynamicTarget?: { receiver: NameRef | null; pattern: string };
  /** Enclosing function, or null at module level / class body. */
  scope: FunctionId | null;
  syncOnly?: SyncOnlyReason;
  /** Inside `if __name__ == "__main__":` or top level of `__main__.py`. */
  entry?: boolean;
  /** `await` here needs parentheses: the call is the object of an attribute, subscript or call. */
  needsParens: boolean;
  /** Inside the generator expression with this span (awaiting would make it an async genexp). */
  inGenerator?: { span: Span; parenthesized: boolean; consumer?: string };
  usage: CallUsage;
  line: number;
  /** Not a call: a name iterated, entered or drained (`for x in it`, `with lease:`, `next(it)`). */
  operand?: boolean;
  /** What the call passes, where it is a name: for typing the callee's unannotated parameters. */
  passes?: CallArguments;
  /** `start_info.copy()` after `start_info["timestamp"]`: attributes the receiver is shown to have (receiver-uses.ts). */
  receiverHas?: string[];
}

export interface CallArguments {
  /** Positional arguments up to the first `*args`; null where the argument is not a name. */
  positional: (NameRef | null)[];
  keywords: Record<string, NameRef | null>;
  /** Keywords whose value calls a name (`func=make_handler(parser)`): that callee. */
  keywordCalls?: Record<string, NameRef>;
  /**
   * Keywords whose value is a lambda that only calls a name and returns what it returns
   * (`func=lambda args: main(args, parser)`): that callee, and where the call inside starts.
   */
  keywordLambdas?: Record<string, { callee: NameRef; call: number }>;
  /** `*args` or `**kwargs` is passed: an argument not found above may still be passed through them. */
  spread?: boolean;
}

/** A function or method named without being called: a callback, a handler in a dict, ... */
export interface FunctionReference {
  ref: NameRef;
  span: Span;
  scope: FunctionId | null;
  line: number;
  /** The call the reference is an argument of, e.g. `sorted`, `threading.Thread`. */
  passedTo?: NameRef;
  /**
   * The dotted name a test patches with a mock that calls this function (`side_effect=f`, `wraps=f`):
   * `mocker.patch("pkg.cli.run", side_effect=run)`.
   */
  standsInFor?: string;
  /**
   * The local name the function is assigned to (`initialize = self._initdb`, or a branch of
   * `run = self._fast if quick else self._slow`), when every value that local ever gets in its
   * function names a project function and the local is only ever called there: its calls reach these
   * functions and nothing else.
   */
  aliasedAs?: string;
}

/** A function named as the call in a string argument (ModuleIndex.codeStringCalls). */
export interface CodeStringCall {
  name: string;
  /** The string as written, for the review item. */
  code: string;
  line: number;
}

/** `object.attribute = value` with `object` not the enclosing method's `self`; `type` is absent when the value's is unknown. */
export interface AttributeWrite {
  object: NameRef;
  attribute: string;
  type?: TypeSource;
  scope: FunctionId | null;
  line: number;
}

export interface Decorator {
  ref: NameRef | null;
  text: string;
  span: Span;
}

/**
 * What a function (or a class, through `__call__`) does with the function it is given when it is
 * used as a decorator, read off its definition (analyze/decorators.ts):
 * - `returns-it`: returns the function itself; `stored` says where it also keeps it (a registry;
 *   `defaultOf` when that is argparse's `parser.set_defaults(func=func)`, the key it sets);
 * - `wraps`: returns `wrapper`, a nested function (or `__call__`) that calls the function as `wrapped`
 *   (the callee as written: `func`, `self.func`), which must await it once the function is async;
 * - `factory`: called with arguments, returns the decorator `decorator`;
 * - `colour-aware`: already picks an async or a sync wrapper with `inspect.iscoroutinefunction`;
 *   `syncWrappers` are its sync halves, which stay sync;
 * - `hands-on`: gives the function to something that may call it synchronously (`how`, at `line`).
 */
export type DecoratorFacts =
  | { kind: 'returns-it'; stored?: { how: string; line: number; defaultOf?: string } }
  /**
   * `wrapperReturn`: the closing `return wrapper`, the wrapper's only mention (a colour test can take
   * its place); `rebindWrapper`: the wrapper's attributes are set after it, before that return.
   */
  | { kind: 'wraps'; wrapper: FunctionId; wrapped: string; wrapperReturn?: Span; rebindWrapper?: true }
  | { kind: 'factory'; decorator: FunctionId }
  | { kind: 'colour-aware'; syncWrappers: FunctionId[] }
  | { kind: 'hands-on'; how: string; line: number };

export interface Parameter {
  name: string;
  kind: 'positional' | 'keyword-only' | 'var-positional' | 'var-keyword' | 'positional-only-marker' | 'keyword-only-marker';
  annotation?: NameRef;
  /** The function assigns the parameter another value somewhere (it no longer holds what callers pass). */
  rebound?: boolean;
  /** It has a default value: callers may leave it out. */
  optional?: boolean;
  /** It has an annotation (`annotation` is only set for one that names a class). */
  annotated?: boolean;
  /** Annotated `Callable[[...], R]`: where R is (retyped when the callbacks it receives turn async). */
  callableResult?: CallableResult;
}

export interface FunctionInfo {
  id: FunctionId;
  module: string;
  name: string;
  qualname: string;
  classId?: ClassId;
  line: number;
  /** The whole definition, decorators included. */
  span: Span;
  defKeyword: number;
  nameSpan: Span;
  /** Source text of `(params)` and of `-> ann` (may be empty), for generated wrappers. */
  parametersText: string;
  returnAnnotationText: string;
  /** Where ` -> T` would go: the end of the parameter list. */
  parametersEnd: number;
  /**
   * With no return annotation: the builtin type of the literal every return gives (`return ''`),
   * when the body ends in a return (so it never falls off with None).
   */
  literalReturn?: 'str' | 'bytes' | 'int' | 'float' | 'bool';
  parameters: Parameter[];
  indent: string;
  isAsync: boolean;
  isGenerator: boolean;
  /** `return <value>` inside a generator: an async generator cannot do that. */
  returnsValueFromGenerator: boolean;
  decorators: Decorator[];
  keepSync: boolean;
  /** Type of the returned value, from `-> Ann` or every `return Class(...)`. */
  returnType?: TypeSource;
  /** `-> Iterator[X]` / `Iterable[X]` / `Generator[Y, S, R]`: retyped when the generator turns async. */
  iteratorAnnotation?: IteratorAnnotation;
  /** Every `return` returns `self` (an `__enter__` that hands out the object itself). */
  returnsSelf: boolean;
  /** `raise StopIteration` statements (for `__next__` → `__anext__`). */
  stopIterationRaises: Span[];
  /** The function this one is defined in, for a nested `def` (closures see its `self`). */
  nestedIn?: FunctionId;
  /** What it does to a function it decorates, when it has a decorator's shape. */
  asDecorator?: DecoratorFacts;
  /** A factory of functions: every `return` hands out this nested `def`, which nothing else names. */
  returnsFunction?: ReturnedFunction;
  /**
   * `return pytest.mark.skipif(...)` closing it: the dotted name, of the module's own, whose call it
   * hands out. Used as a decorator factory (docker-py's `@requires_api_version("1.25")`), it hands out
   * what that name makes.
   */
  handsOutCallOf?: NameRef;
  /** Parameters the function only calls, itself (analyze/callback-parameters.ts). */
  callbackParameters?: string[];
}

/**
 * `def make_handler(parser) -> Callable[[Namespace], int]: def handler(args): ...; return handler`.
 * `callableResult` is the `R` of a `Callable[[...], R]` return annotation, which becomes
 * `Awaitable[R]` when the nested function turns async (`head` is `Callable` as written, `typing.Callable`).
 */
export interface ReturnedFunction {
  id: FunctionId;
  callableResult?: CallableResult;
}

/** The `R` of a `Callable[[...], R]` annotation; `head` is `Callable` as written, from `module`. */
export interface CallableResult {
  result: Span;
  head: Span;
  module: string;
  bare: boolean;
}

export interface IteratorAnnotation {
  /** The last name of the annotation's head (`Iterator` in `typing.Iterator`). */
  name: Span;
  /** The module it comes from (`typing`, `collections.abc`), and whether it is written bare (from-imported). */
  module: string;
  bare: boolean;
  kind: 'Iterator' | 'Iterable' | 'Generator';
  /** For `Generator[Y, S, R]`: from the end of S to the end of R, removed (async generators return nothing). */
  generatorReturn?: Span;
}

export interface ClassInfo {
  id: ClassId;
  module: string;
  name: string;
  qualname: string;
  line: number;
  bases: NameRef[];
  baseSpans: Span[];
  methods: Record<string, FunctionId>;
  /** `self.x = Class()` in methods, `x: Class` in the body. */
  attributeTypes: Record<string, TypeSource>;
  /** A class used as a decorator: `__init__(self, func)` keeps the function, `__call__` calls it. */
  asDecorator?: DecoratorFacts;
  /** Names bound on the class or its instances (class-body assignments, `self.x = ...` anywhere). */
  assignedAttributes?: string[];
  /** `self.x = value` with a value of no known type, other than None: `x` may hold anything. */
  untypedAttributes?: string[];
  /**
   * `processes = set()`, `lock = threading.Lock()` in the class body, unannotated: what the value is,
   * where no method sets the attribute to a value of unknown type (see ProjectSymbols.attributeType).
   */
  classValueTypes?: Record<string, TypeSource>;
}

export type Binding =
  | { kind: 'module'; module: string }
  | { kind: 'from-import'; module: string; name: string }
  | { kind: 'function'; id: FunctionId }
  | { kind: 'class'; id: ClassId }
  /** `alias`: the dotted name it was set to (`TestCase = unittest.TestCase`), when that is its only binding. */
  | { kind: 'variable'; type?: TypeSource; alias?: NameRef }
  /**
   * Bound more than once at module level. `alternatives`: each binding, when every one is an import or
   * an alias (`if TYPE_CHECKING: _Base = base.RESTObject` / `else: _Base = object`).
   */
  | { kind: 'ambiguous'; alternatives?: ModuleAlternative[] };

/** One of the ways a module binds a name more than once: an import, or a dotted name it was set to. */
export type ModuleAlternative = Extract<Binding, { kind: 'module' | 'from-import' }> | { kind: 'alias'; ref: NameRef };

export interface ImportStatement {
  span: Span;
  /** Each name bound by the statement, with the span of its clause (`x as y`). */
  names: { bound: string; span: Span; module: string; imported?: string; written?: string }[];
  kind: 'import' | 'from';
  /** `from module import *`: the module, absolute. */
  star?: string;
  /** For `from m import a, b`: the module as written (dots included). */
  fromModule?: string;
  parenthesized: boolean;
  topLevel: boolean;
}

/** A `with a, b:` statement: when only some items turn async it is split into nested statements. */
export interface WithStatement {
  withKeyword: number;
  items: Span[];
  indent: string;
  /** Starts of the body's lines that may be re-indented (not inside strings, not blank). */
  bodyLineStarts: number[];
}

/** `except StopIteration:` / `pytest.raises(StopIteration)`: guards an iteration that may turn async. */
export interface StopIterationGuard {
  name: Span;
  guarded: Span;
}

/**
 * A test double standing in for a project function or method: `monkeypatch.setattr(mod, "f", fake)`,
 * `patch("pkg.mod.f", new=fake)`, `Mock(fetch=Mock(...))`. When the real one turns async, the double
 * must be awaitable too.
 */
export interface TestDouble {
  kind: 'setattr' | 'patch' | 'mock-keyword';
  /** The object whose attribute is replaced, or a dotted string target. */
  target?: NameRef;
  targetPath?: string;
  name: string;
  replacement: Span;
  replacementKind: 'lambda' | 'name' | 'mock' | 'other';
  /** The `Mock`/`MagicMock` callee to rename to `AsyncMock`. */
  mockCallee?: Span;
  scope: FunctionId | null;
  line: number;
}

export interface ModuleIndex {
  module: string;
  file: string;
  isPackageInit: boolean;
  isTestModule: boolean;
  bindings: Record<string, Binding>;
  imports: ImportStatement[];
  /** Modules whose public names `from module import *` binds here (absolute names), in order. */
  starImports?: string[];
  /** Spans of every identifier, by name, for deciding whether an import is still used. */
  identifierUses: Record<string, Span[]>;
  functions: FunctionInfo[];
  classes: ClassInfo[];
  calls: CallSite[];
  references: FunctionReference[];
  withStatements: WithStatement[];
  stopIterationGuards: StopIterationGuard[];
  testDoubles: TestDouble[];
  /**
   * Dotted names a test module replaces with `patch("...")`, `mocker.patch("...")`,
   * `monkeypatch.setattr("...", ...)` or `patch.object(module, "name")`: `subprocess.check_output`,
   * `pkg.vcs.subprocess.check_output`. A conversion must not stop calling what tests stand in for.
   */
  patchedNames?: PatchedName[];
  /**
   * Tests that run with `threading.Thread.start` (or `threading.Thread`) patched out, by the patch in
   * their body or decorators, or on their class: functions, and classes whose every test it covers.
   * Code they run must not hop to a thread (`asyncio.to_thread`, aiofiles): no thread would start.
   */
  threadsStopped?: { functions: FunctionId[]; classes: ClassId[] };
  /** Attribute names assigned on objects (`runner.load_hooks = Mock()`): methods that may be replaced. */
  replacedAttributes?: string[];
  /**
   * In a test module, attribute names assigned on objects other than the test's own `self`
   * (`manager.server = MagicMock()`): an object the code reaches through that attribute may be a stand-in.
   */
  replacedByTests?: string[];
  /** `self.pool.perf = self.perf`: attributes set on another object than the method's own `self`. */
  attributeWrites?: AttributeWrite[];
  /**
   * `profile("go(options)", ...)`, `timeit.timeit("fetch()")`: a string argument that is a call of a
   * module-level name, code that exec, eval, a profiler or timeit may run, calling it synchronously.
   */
  codeStringCalls?: CodeStringCall[];
  /** `@Base.register` on a class: the `Base`s it becomes a virtual subclass of (the call form is in `calls`). */
  classRegistrations?: NameRef[];
  /**
   * Where new top-level imports go: `index` is past the docstring, `__future__` imports and the first
   * block of imports; `before` lists that block's imports (line start and end) for placing by section.
   */
  importInsertion: { index: number; before: { module: string; index: number; end: number }[] };
}

/**
 * A name a test replaces, and the code the replacement is in force for: the function the patch is
 * written in or decorates, or a class whose tests a class decorator patches. Neither when it is
 * written at module level (in force for whatever runs after it).
 */
export interface PatchedName {
  path: string;
  line: number;
  /** Where the patcher call starts in the module's text. */
  at: number;
  inFunction?: FunctionId;
  onClass?: ClassId;
  /** Where it is written with other patches that hold together: the start of its decorator list, `with` statement, or block (a patch that is a statement of its own). */
  statement?: number;
  /** Replaced by a MagicMock that knows nothing of the original (no value, `spec` or `autospec`): its methods return no awaitable. */
  auto?: true;
  /** Written as a decorator or a `with` item: in force only while the function it decorates, or the `with` block, runs. */
  scoped?: true;
  /**
   * Where its argument list closes, for an automatic mock given nothing but its target:
   * once the target turns async it becomes an AsyncMock, whose awaited result is an AsyncMock too.
   */
  argumentsClose?: number;
}

/**
 * Records keyed by Python names (bindings, methods, attribute types, keywords): `constructor`,
 * `toString` or `__proto__` are ordinary Python names, so these records have no prototype, and reads
 * go through `own` — a record copied between threads gets a prototype again.
 */
export function nameRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function own<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

export function ownMethod(cls: ClassInfo | undefined, name: string): FunctionId | undefined {
  return cls && own(cls.methods, name);
}

/** A decorator as written, without its `@`: `functools.lru_cache(maxsize=2)`. */
export function decoratorExpression(decorator: Decorator): string {
  return decorator.text.replace(/^@\s*/, '').trim();
}

/** An `@overload` signature: type checkers read it, nothing calls it; it follows its implementation. */
export function isOverloadStub(fn: FunctionInfo): boolean {
  return fn.decorators.some((decorator) => /^(typing\.|typing_extensions\.)?overload$/.test(decoratorExpression(decorator)));
}

/** A pytest fixture (`@pytest.fixture`, `@fixture(scope=...)`): pytest calls it by its name. */
export function isFixture(fn: FunctionInfo): boolean {
  return fn.decorators.some((decorator) => /fixture/.test(decorator.text));
}

/** The name a reference ends with: `each_event` in `feed.each_event`, a global or local name alone. */
export function lastNameOf(ref: NameRef): string | undefined {
  return ref.path.at(-1) ?? (ref.root.kind === 'global' || ref.root.kind === 'local-var' ? ref.root.name : undefined);
}

/**
 * The method a call names when nothing may resolve its receiver: `x.fetch()` and `items[0].fetch()`
 * name `fetch`; a bare `fetch()` names none.
 */
export function calledMethodName(site: CallSite): string | undefined {
  // `for x in obj.items:` or `"}" in el.tag` names an attribute it reads, not a method it calls.
  if (site.operand) return undefined;
  return site.computedMethod ?? (site.callee && site.callee.path.length > 0 ? site.callee.path.at(-1) : undefined);
}

/** Methods and module-level functions by name, apart (a nested function is reached by no name from outside). */
export function byCallableName(fns: Iterable<FunctionInfo>): { methods: Map<string, FunctionInfo[]>; functions: Map<string, FunctionInfo[]> } {
  const methods = new Map<string, FunctionInfo[]>();
  const functions = new Map<string, FunctionInfo[]>();
  for (const fn of fns) {
    const byName = fn.classId ? methods : fn.nestedIn ? undefined : functions;
    if (byName) (byName.get(fn.name) ?? byName.set(fn.name, []).get(fn.name)!).push(fn);
  }
  return { methods, functions };
}

/** A `@staticmethod` (however it is spelt): it takes no receiver. */
export function isStaticMethod(fn: FunctionInfo): boolean {
  return fn.decorators.some((decorator) => /staticmethod/.test(decoratorExpression(decorator)));
}

/** Declared `-> NoReturn` / `-> Never`: it exits, raises or replaces the process (`os.execvpe`). */
export function neverReturns(fn: FunctionInfo): boolean {
  return /^ -> ["']?(typing\.|typing_extensions\.|t\.)?(NoReturn|Never)["']?$/.test(fn.returnAnnotationText);
}

/** A reference as the code wrote it, near enough for a message: `server.expect().respond_with`. */
export function refText(ref: NameRef): string {
  const root = ref.root;
  // `operator.methodcaller("copy")`: a method of that name on objects nothing types (module-index.ts).
  if (root.kind === 'unknown' && root.byName) return `operator.methodcaller("${ref.path.join('.')}")`;
  const head = root.kind === 'global' || root.kind === 'local-var' ? root.name
    : root.kind === 'call-result' ? `${refText(root.callee)}()`
      : root.kind === 'super' ? 'super()'
        : root.kind === 'imported' ? root.dotted
          : root.kind;
  return [head, ...ref.path].join('.');
}
