import type { CallableResult, CallSite, CallUsage, FunctionId, FunctionInfo, ModuleIndex, NameRef, Parameter, Span, TestDouble } from '../analyze/model.js';
import { calledMethodName, decoratorExpression, isOverloadStub, neverReturns, own, ownMethod, refText } from '../analyze/model.js';
import type { SourceText } from '../parse/source-text.js';
import { assertionAsWith, awaitCall, awaitIfAwaitable, bridgeAssertion, bridgeCall, bridgeCallInLambda, bridgeDrainingConsumer, consumeAsyncGenerator, drainableInThread, drainsWhatItTakes, generatorToList, runAtEntry } from './call-rewrites.js';
import { protocolOfResult, protocolUseRewritable } from './returned-objects.js';
import type { Edit, ImportRequest, NewFile, ReviewItem, Site } from './edits.js';
import { AWAITER, awaiterDefinition, canHostAwaiter } from './dynamic-awaits.js';
import { freeForImport } from '../edit/import-manager.js';
import { ENTRY_LOOP_RUNNER, entryBodyName, entryLoop, entryRunner, splitEntry } from './entry-split.js';
import { escapeRegExp } from '../analyze/syntax-facts.js';
import { asyncWithEdits } from './with-statements.js';
import { renameCallee, renameLastName, twinDefinition, twinImport, twinName } from './sync-twins.js';
import { wrapperEdits } from './wrapper-edits.js';
import { describe, syncOnlyReason, type Propagation, type ResolvedCall } from './propagate.js';
import { bridgeReason, type BridgeReason } from './reason-chains.js';
import type { ProjectSymbols, Target } from './resolve.js';

/** unittest's set-up and tear-down hooks and what IsolatedAsyncioTestCase awaits instead. */
const ASYNC_TEST_HOOKS: Record<string, string> = { setUp: 'asyncSetUp', tearDown: 'asyncTearDown' };

export interface ModulePlan {
  edits: Edit[];
  imports: ImportRequest[];
  releases: string[];
  /** Applied conversions per transform id; `propagation` counts engine edits (defs, awaits). */
  counts: Record<string, number>;
  bridges: number;
  /** Each call run in a worker thread, and why. */
  bridgeReasons: BridgeReason[];
  reviews: ReviewItem[];
  /** A pytest test or fixture became async: pytest-asyncio must run it. */
  asyncTests: boolean;
  /** Files the applied sites need (see Site.newFiles). */
  newFiles: NewFile[];
  /** The transform sites whose conversion made it into the edits. */
  appliedSites: Set<Site>;
}

const PROTOCOL_RENAMES: Record<string, string> = {
  __enter__: '__aenter__',
  __exit__: '__aexit__',
  __next__: '__anext__',
};

/** Turns the solver's decisions into range edits for one module. */
export function planModuleEdits(options: {
  module: ModuleIndex;
  source: SourceText;
  sites: readonly Site[];
  calls: readonly ResolvedCall[];
  propagation: Propagation;
  symbols: ProjectSymbols;
}): ModulePlan {
  return new ModulePlanner(options).plan();
}

class ModulePlanner {
  private readonly plan_: ModulePlan = { edits: [], imports: [], releases: [], counts: {}, bridges: 0, bridgeReasons: [], reviews: [], asyncTests: false, newFiles: [], appliedSites: new Set() };
  private readonly module: ModuleIndex;
  private readonly text: string;
  private readonly propagation: Propagation;
  private readonly symbols: ProjectSymbols;
  private runnerAdded = false;
  private awaiterAdded = false;
  /** Callback parameters whose `Callable[..., R]` annotation was widened already. */
  private readonly retypedCallbacks = new Set<Parameter>();
  private readonly siteEdits: Edit[] = [];
  private readonly regionsKeptOnLoop = new Set<Site>();
  private syncRegions: Span[] = [];
  /** Original definitions copied into the output unchanged (sync twins). */
  private readonly copiedTexts: string[] = [];

  constructor(private readonly options: Parameters<typeof planModuleEdits>[0]) {
    this.module = options.module;
    this.text = options.source.text;
    this.propagation = options.propagation;
    this.symbols = options.symbols;
  }

  plan(): ModulePlan {
    this.syncRegions = this.regionsToMove().map((site) => site.syncRegion!);
    // A call a transform converts is the transform's: the engine neither awaits nor bridges it too.
    const claimed = new Set(this.options.sites.filter((site) => site.call && site.edits.length > 0 && this.isApplied(site)).map((site) => spanKey(site.call!.span)));
    for (const fn of this.module.functions) this.planFunction(fn);
    this.planTestCaseClasses();
    const entryRuns: CallSite[] = [];
    for (const call of this.options.calls) {
      if (!this.inSyncRegion(call.site.span) && !claimed.has(spanKey(call.site.span)) && this.planCall(call)) entryRuns.push(call.site);
    }
    this.planEntryRuns(entryRuns);
    for (const site of this.options.sites) {
      const touchesRegion = (site.call && this.inSyncRegion(site.call.span)) || site.edits.some((edit) => this.inSyncRegion(edit));
      if (!site.syncRegion && touchesRegion) continue;
      this.planSite(site);
    }
    this.planTwinReferences();
    this.planTestDoubles();
    this.planAutoPatches();
    this.planWithStatements();
    this.planStopIterationGuards();
    this.listGeneratorsThatAwait();
    // Original code copied into the output (a sync twin) still uses the imports it used.
    this.plan_.releases = this.plan_.releases.filter((name) => !this.copiedTexts.some((text) => new RegExp(`(?<![\\w.])${escapeRegExp(name)}\\b`).test(text)));
    return this.plan_;
  }

  // ---- statements ------------------------------------------------------------------------------

  private readonly asyncWithItems = new Map<number, Span[]>();

  private asyncWithItem(usage: Extract<CallUsage, { kind: 'with-item' }>): void {
    const items = this.asyncWithItems.get(usage.withKeyword) ?? this.asyncWithItems.set(usage.withKeyword, []).get(usage.withKeyword)!;
    if (!items.some((item) => item.start === usage.item.start)) items.push(usage.item);
  }

  private planWithStatements(): void {
    this.add(asyncWithEdits(this.asyncWithItems, this.module.withStatements));
  }

  /** A double for a function that turned async must be awaitable: `AsyncMock` keeps its behaviour. */
  private planTestDoubles(): void {
    for (const double of this.module.testDoubles) {
      if (!this.doubledTargetTurnedAsync(double)) continue;
      if (double.replacementKind === 'mock' && double.mockCallee) {
        const written = this.text.slice(double.mockCallee.start, double.mockCallee.end);
        this.add([{ ...double.mockCallee, text: written.replace(/(Magic)?Mock$/, 'AsyncMock') }], written.includes('.') ? [] : [{ from: 'unittest.mock', name: 'AsyncMock' }]);
      } else if (double.replacementKind === 'lambda' || double.replacementKind === 'name') {
        this.add([
          { start: double.replacement.start, end: double.replacement.start, text: 'AsyncMock(side_effect=', order: 5 },
          { start: double.replacement.end, end: double.replacement.end, text: ')', order: 5 },
        ], [{ from: 'unittest.mock', name: 'AsyncMock' }]);
      } else {
        this.review('AS110', double.line, `the stand-in for ${double.name} must be awaitable now that ${double.name} is async (use AsyncMock)`);
        continue;
      }
      this.count('propagation');
    }
  }

  /**
   * `patch("pkg.Manager.backup")` of a method that turned async makes an AsyncMock, and awaiting it
   * gives another AsyncMock, whose methods return coroutines where the sync mock's returned values
   * (`backup_info.is_consistent()`, found on barman): the awaited result is made a MagicMock again.
   */
  private planAutoPatches(): void {
    const mockModules = ['unittest.mock', 'mock'];
    if (!this.module.isTestModule || !freeForImport(this.module, 'AsyncMock', mockModules) || !freeForImport(this.module, 'MagicMock', mockModules)) return;
    for (const patch of this.module.patchedNames ?? []) {
      if (patch.argumentsClose === undefined) continue;
      const target = this.symbols.resolveDotted(patch.path);
      if (target.kind !== 'function' || !this.isNewlyAsyncCallable(target.id)) continue;
      // A generator or context manager that turned async is no coroutine function: its automatic mock stays a MagicMock.
      if (this.symbols.functions.get(target.id)?.isGenerator || this.propagation.kinds.get(target.id) === 'context-manager') continue;
      const at = this.text.slice(0, patch.argumentsClose).trimEnd().length;
      const separator = this.text[at - 1] === '(' ? '' : this.text[at - 1] === ',' ? ' ' : ', ';
      this.add([{ start: at, end: at, text: `${separator}new_callable=lambda: AsyncMock(return_value=MagicMock())` }],
        [{ from: 'unittest.mock', name: 'AsyncMock' }, { from: 'unittest.mock', name: 'MagicMock' }]);
      this.count('propagation');
    }
  }

  private doubledTargetTurnedAsync(double: TestDouble): boolean {
    if (double.kind === 'mock-keyword') {
      return [...this.propagation.asyncCallables].some((id) => {
        const fn = this.symbols.functions.get(id)!;
        return !fn.isAsync && !!fn.classId && fn.name === double.name;
      });
    }
    let owner: Target | undefined;
    if (double.target) owner = this.symbols.resolve(double.target, this.module, double.scope);
    else if (double.targetPath !== undefined) owner = this.symbols.resolveDotted(double.targetPath);
    if (!owner) return false;
    const target = this.symbols.memberOf(owner, double.name);
    return target.kind === 'function' && this.isNewlyAsyncCallable(target.id);
  }

  /** `except StopIteration` around a `next()` that became `await anext()` must catch StopAsyncIteration. */
  private planStopIterationGuards(): void {
    const converted = this.plan_.edits.filter((edit) => edit.text === 'anext');
    for (const guard of this.module.stopIterationGuards) {
      if (converted.some((edit) => edit.start >= guard.guarded.start && edit.end <= guard.guarded.end)) {
        this.add([{ ...guard.name, text: 'StopAsyncIteration' }]);
      }
    }
  }

  // ---- definitions -----------------------------------------------------------------------------

  private planFunction(fn: FunctionInfo): void {
    if (!this.becomesAsync(fn.id)) return;
    this.count('propagation');
    const kind = this.propagation.kinds.get(fn.id);
    if (kind === 'test' || kind === 'fixture') this.plan_.asyncTests = true;
    if (this.propagation.splitEntries.has(fn.id)) {
      if (!this.runnerAdded) {
        this.runnerAdded = true;
        const firstTopLevel = this.module.functions.find((candidate) => !candidate.indent && candidate.span.start <= fn.span.start) ?? fn;
        this.add([entryRunner(firstTopLevel.span.start)], [{ module: 'concurrent.futures' }, { module: 'logging' }]);
      }
      this.add(splitEntry(fn), [{ module: 'asyncio' }]);
      this.review('AS106', fn.line, `${describe(fn)} is called synchronously from outside (console script or CLI framework): it now runs its async body with asyncio.run`);
      return;
    }
    if (fn.name === '__iter__') return;
    this.add([{ start: fn.defKeyword, end: fn.defKeyword, text: 'async ', order: 0 }]);
    if (fn.literalReturn && fn.classId && this.symbols.overriddenBelow(fn.classId, fn.name)) {
      // Type checkers read `return ''` in an async base as Coroutine[..., Literal['']], which no
      // override returning another string matches; the sync original had no such constraint.
      this.add([{ start: fn.parametersEnd, end: fn.parametersEnd, text: ` -> ${fn.literalReturn}` }]);
    }
    // Its `@overload` signatures turn async with it: type checkers read those, not the implementation.
    for (const stub of this.overloadsOf(fn)) this.add([{ start: stub.defKeyword, end: stub.defKeyword, text: 'async ', order: 0 }]);
    if (this.propagation.twins?.has(fn.id)) this.addTwin(fn);
    if (this.propagation.decorators?.isWrapper(fn.id)) {
      const wrapper = wrapperEdits({
        wrapper: fn, links: this.propagation.decorators, isAsyncCallable: (id) => this.propagation.asyncCallables.has(id),
        handedOnAt: this.propagation.decoratorsHandedOn?.get(fn.id), calls: this.options.calls, text: this.text, file: this.module.file,
      });
      this.add(wrapper.edits, wrapper.imports);
      this.plan_.reviews.push(...wrapper.reviews);
      this.loosenWrappedResult(fn);
      if (wrapper.copied) this.copiedTexts.push(wrapper.copied);
    }
    const renamed = PROTOCOL_RENAMES[fn.name];
    if (renamed) {
      this.add([{ start: fn.nameSpan.start, end: fn.nameSpan.end, text: renamed }]);
      if (fn.name === '__next__') {
        this.renameIterMethod(fn);
        for (const raise of fn.stopIterationRaises) this.add([{ ...raise, text: 'StopAsyncIteration' }]);
      }
      if (fn.name === '__exit__' || fn.name === '__enter__') this.makePartnerAsync(fn, fn.name === '__exit__' ? '__enter__' : '__exit__');
      this.review('AS107', fn.line, `${describe(fn)} became ${renamed}: users of this class must now use the async protocol (async with / async for)`);
    }
    if (kind === 'context-manager') this.convertContextManagerDecorator(fn);
    if (fn.isGenerator) this.unrollYieldFromsOf(fn);
    if (fn.isGenerator && fn.iteratorAnnotation) this.retypeIterator(fn.iteratorAnnotation);
    if (fn.nestedIn) this.retypeFactoryResult(fn);
  }

  /** `-> Callable[[A], R]` on the factory that hands out what is now a coroutine function: `Callable[[A], Awaitable[R]]`. */
  private retypeFactoryResult(fn: FunctionInfo): void {
    const factory = this.symbols.functions.get(fn.nestedIn!)?.returnsFunction;
    const annotation = factory?.id === fn.id ? factory.callableResult : undefined;
    if (!annotation) return;
    const awaitable = this.spelledLike(annotation, 'Awaitable');
    const edits: Edit[] = [
      { start: annotation.result.start, end: annotation.result.start, text: `${awaitable.name}[` },
      { start: annotation.result.end, end: annotation.result.end, text: ']' },
    ];
    this.add(edits, awaitable.imports);
  }

  /**
   * A name from `module` (the annotation's own by default) written the way the annotation writes
   * `Callable`: bare, with its import, or under the same prefix (`typing.Awaitable`).
   */
  private spelledLike(annotation: CallableResult, name: string, module = annotation.module): { name: string; imports: ImportRequest[] } {
    if (annotation.bare) return { name, imports: [{ from: module, name }] };
    // `collections.abc.Callable` has no `Union` beside it: a name from another module is written with that module's.
    if (module !== annotation.module) return { name: `${module}.${name}`, imports: [{ module }] };
    return { name: this.text.slice(annotation.head.start, annotation.head.end).replace(/Callable$/, name), imports: [] };
  }

  /** `__enter__`/`__exit__` change together: `async with` needs both async forms. */
  private makePartnerAsync(fn: FunctionInfo, partner: string): void {
    const partnerId = fn.classId ? ownMethod(this.symbols.classes.get(fn.classId), partner) : undefined;
    const partnerFn = partnerId ? this.symbols.functions.get(partnerId) : undefined;
    if (!partnerFn || partnerFn.isAsync || this.becomesAsync(partnerFn.id)) return;
    this.add([
      { start: partnerFn.defKeyword, end: partnerFn.defKeyword, text: 'async ', order: 0 },
      { start: partnerFn.nameSpan.start, end: partnerFn.nameSpan.end, text: PROTOCOL_RENAMES[partner] },
    ]);
  }

  /** `__iter__` returning self becomes a plain `def __aiter__` (an async iterator is returned directly). */
  private renameIterMethod(fn: FunctionInfo): void {
    const iterId = fn.classId ? this.symbols.classes.get(fn.classId)?.methods.__iter__ : undefined;
    const iter = iterId ? this.symbols.functions.get(iterId) : undefined;
    if (iter) this.add([{ start: iter.nameSpan.start, end: iter.nameSpan.end, text: '__aiter__' }]);
  }

  private convertContextManagerDecorator(fn: FunctionInfo): void {
    for (const decorator of fn.decorators) {
      const match = /contextmanager\b/.exec(decorator.text);
      if (!match) continue;
      const start = decorator.span.start + match.index;
      this.add([{ start, end: start + 'contextmanager'.length, text: 'asynccontextmanager' }]);
      const bare = decoratorExpression(decorator).startsWith('contextmanager');
      if (bare) {
        this.plan_.imports.push({ from: 'contextlib', name: 'asynccontextmanager' });
        this.plan_.releases.push('contextmanager');
      }
    }
  }

  /** `-> Iterator[X]` on what is now an async generator: `-> AsyncIterator[X]` (type checkers agree). */
  private retypeIterator(annotation: NonNullable<FunctionInfo['iteratorAnnotation']>): void {
    const renamed = `Async${annotation.kind}`;
    const edits: Edit[] = [{ ...annotation.name, text: renamed }];
    if (annotation.generatorReturn) edits.push({ ...annotation.generatorReturn, text: '' });
    if (annotation.bare) {
      this.add(edits, [{ from: annotation.module, name: renamed }]);
      this.plan_.releases.push(annotation.kind);
    } else {
      this.add(edits);
    }
  }

  /** `yield from xs` is a SyntaxError in an async generator: iterate and yield instead. */
  private unrollYieldFromsOf(fn: FunctionInfo): void {
    for (const call of this.options.calls) {
      const usage = call.site.usage;
      if (usage.kind !== 'yield-from' || call.site.scope !== fn.id) continue;
      const target = this.calleeOf(call);
      if (target && this.propagation.asyncCallables.has(target)) continue; // handled as an async generator call
      this.add([
        { start: usage.statement.start, end: call.site.span.start, text: 'for _item in ' },
        { start: call.site.span.end, end: call.site.span.end, text: `:\n${usage.indent}    yield _item`, order: 90 },
      ]);
    }
  }

  /** `unittest.TestCase` (or `ut.case.TestCase`): written on the unittest module itself, which has the async class too. */
  private writtenOnUnittest(base: NameRef): boolean {
    if (base.path.length === 0) return false;
    const owner = this.symbols.resolve({ root: base.root, path: base.path.slice(0, -1) }, this.module, null);
    return owner.kind === 'external' && /^unittest(\.case)?$/.test(owner.name);
  }

  /**
   * unittest runs async test methods only in IsolatedAsyncioTestCase: a class of this module that
   * derives from unittest.TestCase itself switches when it, or a project class below it, gets an
   * async method. Its sync tests run there unchanged.
   */
  private planTestCaseClasses(): void {
    for (const cls of this.module.classes) {
      const ownBases = cls.bases.map((base) => this.symbols.resolve(base, this.module, null));
      const unittestBases = cls.baseSpans.flatMap((span, i) => {
        const base = ownBases[i];
        return base?.kind === 'external' && /^unittest\.(case\.)?TestCase$/.test(base.name) ? [{ span, throughModule: this.writtenOnUnittest(cls.bases[i]) }] : [];
      });
      if (unittestBases.length === 0) continue;
      // Below it, or a mixin above it or above a class below it, whose tests or set-up turn async.
      const below = [...this.symbols.classes.keys()].filter((id) => this.symbols.mro(id).includes(cls.id));
      const related = new Set(below.flatMap((id) => this.symbols.mro(id)));
      const turning = [...related].filter((id) => Object.values(this.symbols.classes.get(id)!.methods).some((method) => this.becomesAsync(method)));
      if (turning.length === 0) continue;
      for (const { span, throughModule } of unittestBases) {
        const written = this.text.slice(span.start, span.end);
        if (throughModule) {
          this.add([{ ...span, text: written.replace(/TestCase$/, 'IsolatedAsyncioTestCase') }]);
        } else {
          // `TestCase`, or a name of the project's (`Base = unittest.TestCase`), which stays as it is for its other users.
          this.add([{ ...span, text: 'IsolatedAsyncioTestCase' }], [{ from: 'unittest', name: 'IsolatedAsyncioTestCase' }]);
          if (written === 'TestCase') this.plan_.releases.push('TestCase');
        }
      }
      this.plan_.asyncTests = true;
    }
    for (const cls of this.module.classes) {
      if (!this.symbols.servesTestCase(cls.id)) continue;
      for (const [name, renamed] of Object.entries(ASYNC_TEST_HOOKS)) {
        const id = own(cls.methods, name);
        const fn = id && this.becomesAsync(id) ? this.symbols.functions.get(id) : undefined;
        if (fn) this.add([{ ...fn.nameSpan, text: renamed }]);
      }
      if (Object.values(cls.methods).some((id) => this.becomesAsync(id))) this.plan_.asyncTests = true;
    }
    // `super().setUp()` reaches the renamed hook: it calls `asyncSetUp` now.
    for (const call of this.options.calls) {
      const target = this.calleeOf(call);
      const fn = target && this.becomesAsync(target) ? this.symbols.functions.get(target) : undefined;
      const renamed = fn && Object.hasOwn(ASYNC_TEST_HOOKS, fn.name) && fn.classId && this.symbols.servesTestCase(fn.classId) ? ASYNC_TEST_HOOKS[fn.name] : undefined;
      if (renamed) this.add(renameLastName(call.site.calleeSpan, this.text, renamed));
    }
  }

  // ---- calls -----------------------------------------------------------------------------------

  /**
   * Entry code's calls of functions that turned async: `asyncio.run(main())` for one that runs once;
   * for several, or one in a loop, one event loop they share (entry_loop.py), since what one makes on
   * its loop (a client's pooled connections) fails on the loop of the next.
   */
  private planEntryRuns(sites: readonly CallSite[]): void {
    if (sites.length === 1 && !insideLoop(this.options.source, sites[0].span.start)) {
      this.add(runAtEntry(sites[0]), [{ module: 'asyncio' }]);
      return;
    }
    if (sites.length === 0) return;
    // A module with no place for the runner before its entry code, or one that binds the names the
    // runner uses, runs each with asyncio.run.
    const runner = entryLoop(this.module, this.text, Math.min(...sites.map((site) => site.span.start)));
    if (!runner || !freeForImport(this.module, 'atexit', ['atexit']) || Object.hasOwn(this.module.bindings, ENTRY_LOOP_RUNNER)) {
      for (const site of sites) this.add(runAtEntry(site), [{ module: 'asyncio' }]);
      this.review('AS105', sites[0].line, `${sites.length === 1 ? 'an asyncio.run call in a loop' : `${sites.length} asyncio.run calls`} in entry code: each runs its own event loop, so clients or pools cannot be shared between them`);
      return;
    }
    this.add([runner], [{ module: 'asyncio' }, { module: 'atexit' }]);
    for (const site of sites) this.add(runAtEntry(site, ENTRY_LOOP_RUNNER));
    const runs = sites.length === 1 ? 'a coroutine run in a loop' : `${sites.length} coroutines run`;
    this.review('AS105', sites[0].line, `${runs} from entry code: they share one event loop (${ENTRY_LOOP_RUNNER}), as a client or pool made on one loop fails on another; it closes when the interpreter exits`);
  }

  /** Returns 1 when the call is one entry code runs (planEntryRuns). */
  private planCall(call: ResolvedCall): number {
    const site = call.site;
    if (site.operand) {
      this.planOperand(site, call);
      return 0;
    }
    if (call.target.kind === 'class') {
      this.planConstructorCall(site, call.target.id);
      return 0;
    }
    if (call.dynamic) {
      this.planDynamicCall(call);
      return 0;
    }
    const target = this.calleeOf(call);
    if (!target) return 0;
    const callee = this.symbols.functions.get(target)!;
    if (this.propagation.twins?.has(target) && !(site.entry && site.scope === null)
      && (!site.scope || !this.isAsyncScope(site.scope) || syncOnlyReason(site))) {
      this.callTwin(site.callee, site.calleeSpan, callee);
      return 0;
    }
    if (site.entry && site.scope === null) return this.isNewlyAsyncCallable(target) ? 1 : 0;
    if (!site.scope || !this.isAsyncScope(site.scope) || syncOnlyReason(site)) return 0;
    // `for page in client.pages():` where the page's `__next__` turned async: `async for`.
    if (protocolUseRewritable(site) && protocolOfResult(this.symbols, target, site).some((id) => this.isNewlyAsyncCallable(id))) {
      this.add(consumeAsyncGenerator(site, this.text).edits);
    }
    if (this.isNewlyAsyncCallable(target)) {
      if (call.loose && this.awaitsPlainly(site, callee)) this.awaitLoosely(site, callee, call.loose);
      else this.awaitResolvedCall(site, callee);
      return 0;
    }
    if (this.propagation.entryBodyCalls?.has(site) && this.propagation.splitEntries.has(target)) {
      // Its own loop runs the entry's body, where the sync face would run it in a worker thread.
      this.callInstead(site.callee, site.calleeSpan, callee, entryBodyName(callee));
      this.awaitResolvedCall(site, callee);
      return 0;
    }
    if (this.propagation.bridged.has(target) && !callee.isAsync) this.bridge(site, callee);
    return 0;
  }

  /**
   * `obj.m()` on a receiver of unknown type where a project `m` turned async: awaited through the
   * helper, defined once in the module (before its first top-level function), which awaits a
   * coroutine and hands any other result back.
   */
  private planDynamicCall(call: ResolvedCall): void {
    const site = call.site;
    if (!site.scope || !this.isAsyncScope(site.scope) || syncOnlyReason(site)) return;
    const turned = call.dynamic!.filter((id) => this.isNewlyAsyncCallable(id)).map((id) => describe(this.symbols.functions.get(id)!));
    if (turned.length === 0) return;
    this.addAwaiter();
    this.add(awaitIfAwaitable(site));
    this.count('propagation');
    const name = calledMethodName(site);
    if (name) {
      this.review('AS129', site.line, `cannot tell what \`${name}\` belongs to here, and ${turned.join(', ')} turned async: the call is awaited only when it returns something awaitable`);
      return;
    }
    if (site.dynamicTarget) {
      this.review('AS129', site.line, `the method getattr() looks up here may be ${turned.join(', ')}, which turned async: the call is awaited only when it returns something awaitable`);
      return;
    }
    const callback = refText(site.callee!);
    this.review('AS129', site.line, `the callback \`${callback}\` may be ${turned.join(', ')}, which turned async: the call is awaited only when it returns something awaitable`);
    const parameter = this.symbols.functions.get(site.scope)!.parameters.find((p) => p.name === callback);
    if (parameter?.callableResult && !this.retypedCallbacks.has(parameter)) {
      this.retypedCallbacks.add(parameter);
      this.widenCallbackResult(parameter.callableResult);
    }
  }

  /** The helper's definition, once per module. */
  private addAwaiter(): void {
    if (!this.awaiterAdded && !this.module.bindings[AWAITER]) {
      this.add([awaiterDefinition(this.module, this.text)], [{ module: 'inspect' }, { from: 'typing', name: 'Any' }]);
    }
    this.awaiterAdded = true;
  }

  /**
   * `def retry(func: Callable[[A], R])` whose wrapper now awaits `func(...)`: `Callable[[A], Any]`, so
   * that a type checker lets the async wrapper await it and the sync one return it (found on twisted:
   * `meth: Callable[[PluginTests], object]`, where `await meth(self)` is "object is not awaitable").
   */
  private loosenWrappedResult(wrapper: FunctionInfo): void {
    const wrapped = this.propagation.decorators?.links.get(wrapper.id)?.wrapped;
    const decorator = wrapper.nestedIn ? this.symbols.functions.get(wrapper.nestedIn) : undefined;
    const parameter = decorator?.parameters.find((candidate) => candidate.name === wrapped);
    if (!parameter?.callableResult || this.retypedCallbacks.has(parameter)) return;
    this.retypedCallbacks.add(parameter);
    const { result } = parameter.callableResult;
    const written = this.text.slice(result.start, result.end);
    // `Callable[P, T]` binds T for the decorator's own annotation: Any there would unbind it.
    if (/^((typing|typing_extensions|t)\.)?Any$/.test(written) || new RegExp(`^${escapeRegExp(written)}\\s*=\\s*(typing\\.)?TypeVar\\(`, 'm').test(this.text)) return;
    const any = this.spelledLike(parameter.callableResult, 'Any', 'typing');
    this.add([{ ...result, text: any.name }], any.imports);
  }

  /** `Callable[[A], R]` on a parameter that may now receive a coroutine function: `Callable[[A], Union[R, Awaitable[R]]]`. */
  private widenCallbackResult(annotation: CallableResult): void {
    const result = this.text.slice(annotation.result.start, annotation.result.end);
    if (/^((typing|typing_extensions|t)\.)?Any$/.test(result)) return;
    const union = this.spelledLike(annotation, 'Union', 'typing');
    const awaitable = this.spelledLike(annotation, 'Awaitable');
    this.add([{ start: annotation.result.start, end: annotation.result.end, text: `${union.name}[${result}, ${awaitable.name}[${result}]]` }],
      [...union.imports, ...awaitable.imports]);
  }

  /** `for r in records:` / `with lease:` / `next(it)` over something whose protocol turned async. */
  private planOperand(site: CallSite, call: ResolvedCall): void {
    if (!site.scope || !this.isAsyncScope(site.scope) || syncOnlyReason(site)) return;
    const target = call.target;
    if (target.kind === 'generator') {
      if (this.isNewlyAsyncCallable(target.id)) this.add(consumeAsyncGenerator(site, this.text).edits);
      return;
    }
    if (target.kind !== 'instance') return;
    const classId = target.classId.replace(/^super:/, '');
    if (site.usage.kind === 'with-item') {
      const turned = ['__enter__', '__exit__'].some((name) => {
        const id = this.symbols.lookupMethod(classId, name);
        return !!id && this.isNewlyAsyncCallable(id);
      });
      if (turned) this.asyncWithItem(site.usage);
      return;
    }
    const next = this.symbols.lookupMethod(classId, '__next__');
    if (next && this.isNewlyAsyncCallable(next)) this.add(consumeAsyncGenerator(site, this.text).edits);
  }

  /** `Lease()`: building is sync; `with Lease():` turns `async with` when its enter/exit turned async. */
  private planConstructorCall(site: CallSite, classId: string): void {
    if (!site.scope || !this.isAsyncScope(site.scope) || syncOnlyReason(site)) return;
    const methods = this.symbols.classes.get(classId)?.methods ?? {};
    const lookup = (name: string) => this.symbols.lookupMethod(classId, name) ?? own(methods, name);
    const protocolTurnedAsync = ['__enter__', '__exit__'].some((name) => {
      const id = lookup(name);
      return !!id && this.isNewlyAsyncCallable(id);
    });
    if (protocolTurnedAsync && site.usage.kind === 'with-item') {
      this.asyncWithItem(site.usage);
      return;
    }
    const next = lookup('__next__');
    if (next && this.isNewlyAsyncCallable(next)) {
      this.add(consumeAsyncGenerator(site, this.text).edits);
      return;
    }
    const init = lookup('__init__');
    const initFn = init ? this.symbols.functions.get(init) : undefined;
    if (initFn && this.propagation.bridged.has(initFn.id)) this.bridge(site, initFn);
  }

  /** Whether awaitResolvedCall writes a plain `await` before the call (not `async with`, `async for`, an assertion). */
  private awaitsPlainly(site: CallSite, callee: FunctionInfo): boolean {
    return canHostAwaiter(this.module) && site.usage.kind !== 'asserted-call' && this.propagation.kinds.get(callee.id) !== 'context-manager' && !callee.isGenerator && !site.inGenerator?.consumer;
  }

  /**
   * A call a test reaches with a MagicMock standing in for its receiver: awaited through the helper,
   * which awaits the coroutine of the method that turned async and hands back the mock's value.
   */
  private awaitLoosely(site: CallSite, callee: FunctionInfo, why: string): void {
    this.addAwaiter();
    this.add(awaitIfAwaitable(site));
    this.review('AS130', site.line, `${why}: ${describe(callee)} turned async, and the call is awaited only when it returns something awaitable`);
  }

  private awaitResolvedCall(site: CallSite, callee: FunctionInfo): void {
    if (site.usage.kind === 'asserted-call') {
      this.add(assertionAsWith(site.usage, this.text));
      return;
    }
    const kind = this.propagation.kinds.get(callee.id);
    if (kind === 'context-manager') {
      if (site.usage.kind === 'with-item') this.asyncWithItem(site.usage);
      return;
    }
    if (callee.isGenerator) {
      const { edits, unrolledYieldFrom } = consumeAsyncGenerator(site, this.text);
      this.add(edits);
      if (unrolledYieldFrom) this.review('AS103', site.line, `\`yield from ${describe(callee)}()\` was unrolled into \`async for\`: send()/throw() are no longer delegated`);
      return;
    }
    this.add(awaitCall(site));
  }

  private bridge(site: CallSite, callee: FunctionInfo): void {
    const kind = this.propagation.kinds.get(callee.id);
    const through = this.propagation.blocksThrough?.get(callee.id);
    const reason = this.propagation.pinned.get(callee.id)
      ?? (through ? `it calls ${describe(this.symbols.functions.get(through)!)}, which stays sync` : 'it is an entry point called synchronously');
    if (kind === 'context-manager' || site.usage.kind === 'with-item') {
      this.review('AS108', site.line, `${describe(callee)} stays a sync context manager (${reason}); its blocking enter/exit now run on the event loop`);
      return;
    }
    if (site.usage.kind === 'awaited') {
      // `await amp.callRemote(...)` in code that was async already: it hands back an awaitable made
      // on the loop, and stays as it was (in a thread it would be made away from the loop).
      return;
    }
    if (this.propagation.mainThreadOnly?.has(callee.id)) {
      // In a worker thread, installing a signal handler raises ValueError: it runs where it was called.
      this.review('AS128', site.line, `${describe(callee)} stays sync (${reason}) and installs signal handlers, which only the main thread may: called on the event loop`);
      return;
    }
    if (neverReturns(callee)) {
      // A thread would change nothing (the process exits or is replaced) but hide that it never returns.
      this.review('AS126', site.line, `${describe(callee)} stays sync (${reason}) and never returns: called on the event loop`);
      return;
    }
    if (site.usage.kind === 'asserted-call') {
      this.add(bridgeAssertion(site, site.usage, this.text), [{ module: 'asyncio' }]);
    } else if (callee.isGenerator && site.usage.kind === 'consumer-arg' && drainsWhatItTakes(site.usage, this.text)) {
      this.add(bridgeDrainingConsumer(site, site.usage, this.text), [{ module: 'asyncio' }]);
    } else if (callee.isGenerator) {
      if (!drainableInThread(site.usage)) {
        this.review('AS108', site.line, `generator ${describe(callee)} stays sync (${reason}); it blocks the event loop here`);
        return;
      }
      this.add(bridgeCall(site, this.text, 'list'), [{ module: 'asyncio' }]);
    } else if ((this.redefinedWithOverloads(callee) || this.returnsFreeTypeVariable(callee)) && plainArguments(site, this.text)) {
      this.add(bridgeCallInLambda(site), [{ module: 'asyncio' }]);
    } else {
      this.add(bridgeCall(site, this.text), [{ module: 'asyncio' }]);
    }
    this.plan_.bridges++;
    this.plan_.bridgeReasons.push(bridgeReason(this.module.file, site.line, this.writtenCallee(site), `${describe(callee)} stays sync (${reason})`));
    this.count('to-thread');
    this.review('AS109', site.line, `${describe(callee)} stays sync (${reason}); called through asyncio.to_thread here`);
  }

  // ---- sync twins (sync-twins.ts) ---------------------------------------------------------------

  /** The original definition, renamed `name_sync`, after the function that turns async. */
  private addTwin(fn: FunctionInfo): void {
    const twins = this.propagation.twins!;
    const inside = (span: Span) => fn.span.start <= span.start && span.end <= fn.span.end;
    const renames: Edit[] = [];
    const imports: ImportRequest[] = [];
    // A name imported from another module (`from .find import find_template`) needs its twin imported too.
    const importFor = (ref: CallSite['callee'], callee: FunctionInfo) => {
      const request = ref && ref.path.length === 0 && callee.module !== this.module.module ? twinImport(this.module, callee.name, twinName(callee)) : undefined;
      if (request) imports.push(request);
    };
    for (const call of this.options.calls) {
      const target = this.calleeOf(call);
      if (!target || !twins.has(target) || !inside(call.site.calleeSpan)) continue;
      const callee = this.symbols.functions.get(target)!;
      renames.push(...renameCallee(call.site, this.text, twinName(callee)));
      importFor(call.site.callee, callee);
    }
    for (const reference of this.module.references) {
      const target = this.symbols.resolve(reference.ref, this.module, reference.scope);
      if (target.kind !== 'function' || !twins.has(target.id) || !inside(reference.span)) continue;
      const callee = this.symbols.functions.get(target.id)!;
      renames.push(...renameLastName(reference.span, this.text, twinName(callee)));
      importFor(reference.ref, callee);
    }
    const twin = twinDefinition(fn, this.text, renames, this.overloadsOf(fn));
    this.copiedTexts.push(twin.text);
    this.add([twin], imports);
  }

  /**
   * Overloaded, and defined more than once (`if json is not None: def f ... else: def f`): a type
   * checker does not resolve it through `to_thread`'s ParamSpec (pg_activity). Overloads of one
   * definition it does (GitPython's `Git.polish_url`, nox's `command.run`).
   */
  private redefinedWithOverloads(fn: FunctionInfo): boolean {
    if (this.overloadsOf(fn).length === 0) return false;
    const module = this.symbols.moduleOf(fn.id) ?? this.module;
    return module.functions.some((other) => other !== fn && other.qualname === fn.qualname && !isOverloadStub(other));
  }

  /**
   * `def list_items(cls, repo) -> IterableList[T_Obj]`, with `T_Obj` in no parameter: called
   * directly, a type checker leaves `T_Obj` unknown; handed to `asyncio.to_thread` as a callable, it
   * solves it to its bound, and every attribute the bound lacks becomes an error. Called in a lambda,
   * the type is what it was.
   */
  private returnsFreeTypeVariable(fn: FunctionInfo): boolean {
    const module = this.symbols.moduleOf(fn.id);
    if (!module) return false;
    for (const [name] of fn.returnAnnotationText.matchAll(/\b[A-Za-z_]\w*\b/g)) {
      if (new RegExp(`\\b${name}\\b`).test(fn.parametersText)) continue;
      const target = this.symbols.global(module, name, 0);
      if (target.kind === 'external-instance' && /^typing(_extensions)?\.TypeVar$/.test(target.name)) return true;
    }
    return false;
  }

  private overloadsOf(fn: FunctionInfo): FunctionInfo[] {
    const module = this.symbols.moduleOf(fn.id) ?? this.module;
    return module.functions.filter((stub) => stub !== fn && stub.qualname === fn.qualname && !stub.isAsync && isOverloadStub(stub));
  }

  /** A caller that stays sync calls the twin. */
  private callTwin(ref: CallSite['callee'], span: Span, callee: FunctionInfo): void {
    this.callInstead(ref, span, callee, twinName(callee));
  }

  /** The call names `name`, defined beside its callee, instead (imported where the callee's import is). */
  private callInstead(ref: CallSite['callee'], span: Span, callee: FunctionInfo, name: string): void {
    const bare = ref && ref.path.length === 0 && callee.module !== this.module.module;
    const request = bare ? twinImport(this.module, callee.name, name) : undefined;
    this.add(renameLastName(span, this.text, name), request ? [request] : []);
    // The original name's import goes once no use of it is left.
    if (request) this.plan_.releases.push(callee.name);
  }

  /** Functions used as values where a sync callable is expected get the twin too. */
  private planTwinReferences(): void {
    const twins = this.propagation.twins;
    if (!twins?.size) return;
    for (const reference of this.module.references) {
      const target = this.symbols.resolve(reference.ref, this.module, reference.scope);
      if (target.kind !== 'function' || !twins.has(target.id) || !this.becomesAsync(target.id)) continue;
      const passedTo = reference.passedTo ? this.symbols.resolve(reference.passedTo, this.module, reference.scope) : undefined;
      if (passedTo?.kind === 'external' && /^asyncio\./.test(passedTo.name)) continue;
      this.callTwin(reference.ref, reference.span, this.symbols.functions.get(target.id)!);
    }
  }

  // ---- transform sites -------------------------------------------------------------------------

  /**
   * Blocks a site moves into a thread. A block holding a conversion tied to the rest of its function
   * (a connection whose every use changes type together) stays where it is: half of it in a thread
   * would not run.
   */
  private regionsToMove(): Site[] {
    const applicable = this.options.sites.filter((site) => this.isApplied(site));
    const moving: Site[] = [];
    for (const site of applicable) {
      if (!site.syncRegion) continue;
      const region = site.syncRegion;
      const held = applicable.find((other) => other.tiedToFunction && other.transform !== site.transform
        && other.edits.some((edit) => region.start <= edit.start && edit.end <= region.end));
      if (held) {
        this.regionsKeptOnLoop.add(site);
        this.review('AS113', site.line, `this block stays on the event loop: it holds a ${held.transform} conversion (line ${held.line}) that must stay with the rest of its function`);
      } else {
        moving.push(site);
      }
    }
    return moving;
  }

  /** A site applies when every function it changes with is async and it is not in a sync-only spot. */
  private isApplied(site: Site): boolean {
    if (this.propagation.withdrawn?.has(site)) return false;
    if (site.follows) return !!this.propagation.seededTransforms?.has(site.follows);
    const owners = site.together ?? (site.scope ? [site.scope] : []);
    if (owners.length === 0 || !owners.every((id) => this.isAsyncScope(id))) return false;
    if (site.unlessTogether && site.unlessTogether.every((id) => this.isAsyncScope(id))) return false;
    return !(site.call && syncOnlyReason(site.call));
  }

  private inSyncRegion(span: Span): boolean {
    return this.syncRegions.some((region) => region.start <= span.start && span.end <= region.end);
  }

  private planSite(site: Site): void {
    if (!this.isApplied(site) || this.regionsKeptOnLoop.has(site)) return;
    const edits = [...site.edits];
    if (site.awaitCall && site.call) edits.push(...awaitCall(site.call));
    const clash = this.siteEdits.find((taken) => edits.some((edit) => clashes(edit, taken)));
    if (clash) {
      // Two conversions for one piece of code: keep the first, never merge them into broken code.
      this.review('AS112', site.line, `${site.transform} and another conversion both rewrite this code; kept the first one (please report this)`);
      return;
    }
    this.siteEdits.push(...edits);
    this.plan_.appliedSites.add(site);
    this.add(edits, site.imports);
    this.plan_.releases.push(...(site.releases ?? []));
    this.plan_.newFiles.push(...(site.newFiles ?? []));
    if (edits.length > 0) this.count(site.transform);
    if (site.bridge) {
      this.plan_.bridges++;
      const why = site.review?.message ?? (site.transform === 'to-thread' ? 'a blocking call with no async equivalent' : `a call ${site.transform} does not convert`);
      this.plan_.bridgeReasons.push(bridgeReason(this.module.file, site.line, site.call ? this.writtenCallee(site.call) : site.transform, why));
    }
    if (site.review) this.review(site.review.code, site.line, site.review.message);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private writtenCallee(site: CallSite): string {
    return this.text.slice(site.calleeSpan.start, site.calleeSpan.end);
  }

  private calleeOf(call: ResolvedCall): FunctionId | undefined {
    return call.target.kind === 'function' ? call.target.id : undefined;
  }

  private becomesAsync(id: FunctionId): boolean {
    const fn = this.symbols.functions.get(id);
    return !!fn && !fn.isAsync && this.propagation.asyncBodies.has(id);
  }

  private isNewlyAsyncCallable(id: FunctionId): boolean {
    const fn = this.symbols.functions.get(id);
    return !!fn && !fn.isAsync && this.propagation.asyncCallables.has(id);
  }

  private isAsyncScope(id: FunctionId): boolean {
    return this.propagation.asyncBodies.has(id);
  }

  /**
   * An await inside a generator expression makes it an async generator, which `any()` and the other
   * sync consumers cannot iterate: the expression becomes a list they can, whatever wrote the await.
   */
  private listGeneratorsThatAwait(): void {
    const awaits = this.plan_.edits.filter((edit) => /\bawait\b/.test(edit.text));
    const listed = new Set<string>();
    for (const call of this.module.calls) {
      const generator = call.inGenerator;
      // The calls of its first iterable, run where the expression is written, have no `inGenerator`.
      if (!generator?.consumer || listed.has(spanKey(generator.span))) continue;
      if (!awaits.some((edit) => call.span.start <= edit.start && edit.end <= call.span.end)) continue;
      listed.add(spanKey(generator.span));
      this.add(generatorToList(generator.span, this.text));
    }
  }

  private add(edits: Edit[], imports: ImportRequest[] = []): void {
    this.plan_.edits.push(...edits);
    this.plan_.imports.push(...imports);
  }

  private count(transform: string): void {
    this.plan_.counts[transform] = (this.plan_.counts[transform] ?? 0) + 1;
  }

  private review(code: string, line: number, message: string): void {
    this.plan_.reviews.push({ code, file: this.module.file, line, message });
  }
}

function spanKey(span: Span): string {
  return `${span.start}:${span.end}`;
}

/** Overlapping replacements, or the same insertion twice, mean two conversions of one spot. */
function clashes(a: Edit, b: Edit): boolean {
  const aReplaces = a.end > a.start;
  const bReplaces = b.end > b.start;
  if (aReplaces && bReplaces) return a.start < b.end && b.start < a.end && !(a.start === b.start && a.end === b.end && a.text === b.text);
  if (!aReplaces && !bReplaces) return a.start === b.start && a.text === b.text && !a.key;
  const [insert, replace] = aReplaces ? [b, a] : [a, b];
  return insert.start > replace.start && insert.start < replace.end;
}

/**
 * Arguments that can move into a lambda unchanged: no call that may be rewritten (an `await` inside
 * a lambda does not compile), no walrus (it would bind in the lambda), no `yield`.
 */
function plainArguments(site: CallSite, text: string): boolean {
  const inner = text.slice(site.argsSpan.start + 1, site.argsSpan.end - 1);
  return !/[()]|:=|\b(yield|await)\b/.test(inner);
}

/**
 * Whether the statement at `offset` sits in a `for` or `while` of entry code, read from the
 * indentation of the lines above it (the choice it serves is between two runners that both work).
 */
function insideLoop(source: SourceText, offset: number): boolean {
  let indent = source.indentationAt(offset).length;
  for (let start = source.lineStartOf(offset); indent > 0 && start > 0;) {
    start = source.lineStartOf(start - 1);
    const line = source.text.slice(start, source.lineEndAfter(start)).trimEnd();
    const own = line.length - line.trimStart().length;
    if (!line.trim() || line.trimStart().startsWith('#') || own >= indent) continue;
    indent = own;
    if (/^\s*(async\s+)?(for|while)\b/.test(line)) return true;
  }
  return false;
}
