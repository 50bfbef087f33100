import type { CallSite, CallUsage, ClassId, FunctionId, FunctionInfo, FunctionReference, ModuleIndex, NameRef, Span } from '../analyze/model.js';
import { byCallableName, calledMethodName, COMPUTED_RECEIVER, isOverloadStub, lastNameOf, own, ownMethod, refText } from '../analyze/model.js';
import { SYNC_CONSUMERS } from '../analyze/call-usage.js';
import type { ReviewItem, Site } from './edits.js';
import type { ProjectSymbols, Target } from './resolve.js';
import type { UserDecorators } from './decorator-catalogue.js';
import { ArgparseDispatch } from './argparse-dispatch.js';
import { fittingLookup, lookupMayReachModule, mayHoldModule } from './module-values.js';
import { DecoratorLinks } from './decorator-links.js';
import { classifyDecorators, type FunctionKind } from './function-kinds.js';
import { ENTRY_RUNNER, entryBodyName } from './entry-split.js';
import { mainThreadOnlyFunctions } from './main-thread-only.js';
import type { AsyncCause } from './reason-chains.js';
import type { Revisions } from './revisions.js';
import { calledByNameSynchronously } from './sync-hooks.js';
import { libraryOverride } from '../analyze/library-classes.js';
import { ReceiverInference, mayReach, type InferredReceiver } from './receiver-inference.js';
import { existingTwins, renamable, replacedByTests, throughStandIn, twinCandidates, twinName } from './sync-twins.js';
import { OWN_LOOP_RUN, runsCoroutine } from '../analyze/coroutine-runners.js';
import { canHostAwaiter } from './dynamic-awaits.js';
import { callbackSlot, callsOfParameter, type CallbackSlot } from './callback-links.js';
import { protocolsHandedOn } from './protocols-handed-on.js';
import { handedToNonCaller, mayBeCalledLater } from './handed-methods.js';
import { iteratesValue, protocolMethods, protocolOfResult, protocolUseRewritable } from './returned-objects.js';
import { isTestCode } from './test-code.js';

/**
 * The propagation solver (DESIGN.md, "The migration model"). It works on index summaries only.
 *
 *   W  = functions that would become async if nothing were pinned: seeds, then their callers, to a
 *        fixpoint (a method family changes colour together).
 *   P  = pinned: functions that must stay sync (sync-only callers, dunders, callbacks, keep-sync, ...)
 *        and, transitively, whatever they call that would otherwise become async.
 *   A  = async bodies: W minus P, recomputed as a fixpoint so that a caller of only-pinned code stays
 *        sync. Async callers of P ∩ W bridge with `asyncio.to_thread`.
 */
export interface PropagationInput {
  symbols: ProjectSymbols;
  modules: ModuleIndex[];
  sitesByModule: Map<string, Site[]>;
  /** Functions whose file is outside the paths being edited: they never change. */
  frozen: (fn: FunctionInfo) => boolean;
  /** Qualified names (`pkg.mod.func`, `pkg.mod.Class.method`) pinned by configuration. */
  keepSync: ReadonlySet<string>;
  /** Console-script targets as function ids. */
  consoleScripts: ReadonlySet<FunctionId>;
  /** Functions a plugin host calls (entry points of other groups), with why they stay sync. */
  hostCalled?: ReadonlyMap<FunctionId, string>;
  /** Decisions an earlier attempt had to undo (src/plan/revisions.ts). */
  revisions?: Revisions;
  /**
   * Modules asyncshift could not analyse: what they call is unknown, so every project function whose
   * name appears in them stays sync.
   */
  opaqueModules?: readonly { file: string; names: ReadonlySet<string> }[];
  /** Decorators the configuration declares transparent or sync-only. */
  decorators?: UserDecorators;
  /** Modules that may be edited (all when absent): sync twins need their callers renamed. */
  editableModules?: ReadonlySet<string>;
  /** Whether the project may get hold of a module without naming it (module-values.ts; assumed when absent). */
  loadsModules?: boolean;
}

export interface ResolvedCall {
  site: CallSite;
  module: ModuleIndex;
  target: Target;
  /** The receiver's class (or sibling classes) inferred from the method name and arguments (receiver-inference.ts). */
  inferred?: ClassId[];
  /** With `inferred`: names the code also uses on the receiver, which only those classes have. */
  alongside?: string[];
  /** With `inferred`: the receiver's declared class, which leaves the method to those subclasses. */
  declared?: ClassId;
  /** `args.func(args)`: the argparse key whose handlers the call reaches (argparse-dispatch.ts). */
  dispatches?: string;
  /**
   * `obj.m()` on an object of unknown type, in a function that may turn async: the project functions
   * named `m` it may reach. Awaited through `_await_if_awaitable` where one of them turned async.
   */
  dynamic?: FunctionId[];
  /**
   * A call a test reaches with a MagicMock standing in for its receiver (the self-check's mock rules):
   * awaited through `_await_if_awaitable` where its target turned async, with why.
   */
  loose?: string;
}

export interface Propagation {
  /** Functions whose body becomes (or already is) async. */
  asyncBodies: Set<FunctionId>;
  /** Functions that callers must await (async bodies minus split entries). */
  asyncCallables: Set<FunctionId>;
  /** Entries that keep a sync wrapper calling `asyncio.run` on an async twin. */
  splitEntries: Set<FunctionId>;
  /** Calls of a split entry that name its async body instead, where their function turns async (callsEntryBody). */
  entryBodyCalls?: ReadonlySet<CallSite>;
  /** Pinned functions that would have become async: async callers bridge to them. */
  bridged: Set<FunctionId>;
  /** A function that stays sync unpinned, blocking only through a callee that stays sync: that callee (also bridged). */
  blocksThrough?: ReadonlyMap<FunctionId, FunctionId>;
  pinned: Map<FunctionId, string>;
  kinds: Map<FunctionId, FunctionKind>;
  calls: ResolvedCall[];
  reviews: ReviewItem[];
  /** Sites with `givesWayToAwaits` whose region calls code that would become async: not applied. */
  withdrawn?: ReadonlySet<Site>;
  /** Why each function of `asyncBodies` turned async: one link each (reason-chains.ts follows them). */
  asyncCauses: ReadonlyMap<FunctionId, AsyncCause>;
  /** A function pinned because a pinned function calls it: that caller. */
  pinnedByCaller: ReadonlyMap<FunctionId, FunctionId>;
  /** A function pinned because another member of its family (same method, other definition) was: that member. */
  pinnedWith: ReadonlyMap<FunctionId, FunctionId>;
  /** Functions that would become async if nothing were pinned (every decision is about them). */
  wouldBeAsync: ReadonlySet<FunctionId>;
  /** Project decorators' wrappers and the functions they wrap. */
  decorators?: DecoratorLinks;
  /** Functions that turn async and keep their original code as a sync twin for sync callers. */
  twins?: ReadonlySet<FunctionId>;
  /** Functions that install signal handlers (main-thread-only.ts): never bridged to a thread. */
  mainThreadOnly?: ReadonlySet<FunctionId>;
  /** Colour-aware wrappers whose decorator is handed on as a value, and where: they test each function's colour. */
  decoratorsHandedOn?: ReadonlyMap<FunctionId, string>;
  /** Transforms with a conversion somewhere in the project whose function turns async (see Site.follows). */
  seededTransforms?: ReadonlySet<string>;
}

/** Where a call of an entry can become `await _main_async(...)`: as a value, not a callable handed on. */
const ENTRY_BODY_USAGES = new Set<CallUsage['kind']>(['plain', 'argument', 'expression-statement', 'assigned', 'returned']);

/** Why a function handed to `asyncio.to_thread` stays sync: it runs in a worker thread. */
const RUN_IN_THREAD = 'run in a worker thread by asyncio.to_thread';
/** The sync half of a colour-aware decorator: it serves the functions that stay sync. */
const SYNC_TWIN = 'the sync half of a colour-aware decorator';
const OWN_LOOP = new RegExp(`^${OWN_LOOP_RUN}$`);
/** Calls that give the calling thread's own event loop (made for the main thread on first use). */
const THREAD_LOOP = /^asyncio\.(get_event_loop|get_event_loop_policy\(\)\.get_event_loop)$/;

export const ASYNC_PROTOCOL_DUNDERS = new Set(['__enter__', '__exit__', '__next__', '__aenter__', '__aexit__', '__anext__']);

/**
 * What each call resolves to (receiver inference included), by project: the self-check's rounds
 * plan the same project again with other revisions, and resolving every call is most of a plan.
 */
const resolutionsBySymbols = new WeakMap<ProjectSymbols, Map<CallSite, { target: Target; inferred?: InferredReceiver }>>();

export function propagate(input: PropagationInput): Propagation {
  return new Solver(input).solve();
}

class Solver {
  private readonly symbols: ProjectSymbols;
  private readonly calls: ResolvedCall[] = [];
  private readonly callersOf = new Map<FunctionId, ResolvedCall[]>();
  private readonly calleesOf = new Map<FunctionId, FunctionId[]>();
  private readonly family = new Map<FunctionId, FunctionId[]>();
  private readonly kinds = new Map<FunctionId, FunctionKind>();
  private readonly pinned = new Map<FunctionId, string>();
  /** For each pinned function: whether some pin came from something other than its callers. */
  private readonly pinnedForItself = new Set<FunctionId>();
  private readonly reviews: ReviewItem[] = [];
  private readonly withdrawn = new Set<Site>();
  private readonly seedCauses = new Map<FunctionId, AsyncCause>();
  private readonly pinnedByCaller = new Map<FunctionId, FunctionId>();
  private readonly pinnedWith = new Map<FunctionId, FunctionId>();
  private readonly links: DecoratorLinks;
  /** Sibling methods one inferred call may reach: they take one colour, as overrides do. */
  private readonly sharedColours: FunctionId[][] = [];
  /** References handed to a project function that awaits them once they turn async (linkCallbacks). */
  private readonly acceptedCallbacks = new Set<FunctionReference>();
  /** For a function that hands a callback over: each callback, and the function it is handed to. */
  private readonly handsOver = new Map<FunctionId, Map<FunctionId, FunctionId>>();
  /** Calls of a local name (`callback(event)`), by site: where a callback parameter may be called. */
  private readonly callsOfLocals = new Map<CallSite, ResolvedCall>();

  private readonly dispatch: ArgparseDispatch;
  /** `initialize = self._initdb` ... `initialize(config)`: the functions a called local holds, by `scope|name` (FunctionReference.aliasedAs). */
  private readonly localAliases = new Map<string, FunctionId[]>();

  constructor(private readonly input: PropagationInput) {
    this.symbols = input.symbols;
    this.links = new DecoratorLinks(input.symbols, input.decorators);
    this.dispatch = new ArgparseDispatch(input.symbols, input.modules);
  }

  solve(): Propagation {
    this.resolveCalls();
    this.buildFamilies();
    for (const fn of this.symbols.functions.values()) this.kinds.set(fn.id, classifyDecorators(fn, this.symbols, this.input.decorators, this.dispatch));
    this.linkCallbacks();

    const seeds = this.seeds();
    // A function that still blocks where a conversion was dropped makes its callers block too.
    const wouldBeAsync = this.fixpoint(new Set([...seeds, ...this.blocksAsWritten.keys()]), new Set());
    this.linkDynamicCalls(wouldBeAsync);
    this.pinIntrinsics(wouldBeAsync);
    this.pinLibraryOverrides(wouldBeAsync);
    this.pinSyncOnlyCallers(wouldBeAsync);
    this.pinThreadLoopUsers(wouldBeAsync);
    this.pinLoopRunners(wouldBeAsync);
    this.pinUnsupportedUsage(wouldBeAsync);
    this.pinAmbiguousReceivers(wouldBeAsync);
    this.pinDynamicTargets(wouldBeAsync);
    this.pinCodeStringCalls(wouldBeAsync);
    this.pinCallersOfSignalEntries(wouldBeAsync);
    this.closePins(wouldBeAsync);
    this.pinOneColourWrappers(wouldBeAsync);

    const twins = this.liftPinsWithTwins(wouldBeAsync);
    let asyncCauses = new Map(this.seedCauses);
    let asyncBodies = this.asyncBodies(seeds, asyncCauses);
    // A twin is worth its copy only where the function really turns async and an async caller awaits it
    // (a twin's async callers may themselves go back to sync: to a fixpoint).
    for (;;) {
      const idle = this.idleTwins(twins, asyncBodies);
      if (idle.length === 0) break;
      for (const id of idle) for (const member of this.familyOf(id)) twins.delete(member);
      for (const [id, reason] of this.twinPins) if (!twins.has(id)) this.pinned.set(id, reason);
      asyncCauses = new Map(this.seedCauses);
      asyncBodies = this.asyncBodies(seeds, asyncCauses);
    }

    this.pinThroughTwins(twins);

    for (const id of this.input.revisions?.bridges.keys() ?? []) asyncBodies.delete(id);
    // Nothing else turned it async: it stays sync, and its async callers run it in a thread.
    for (const [id, reason] of this.blocksAsWritten) if (!asyncBodies.has(id) && !this.input.revisions?.bridges.has(id)) this.pin(id, reason);

    const splitEntries = new Set<FunctionId>();
    for (const id of asyncBodies) {
      const fn = this.symbols.functions.get(id)!;
      if (!fn.isAsync && this.isSplitEntry(fn)) splitEntries.add(id);
    }
    const asyncCallables = new Set([...asyncBodies].filter((id) => !splitEntries.has(id)));
    // A function that would turn async only through callees that stay sync stays sync too, and blocks
    // where they block (`get_pull()` building an object whose `__init__` fetches): its async callers
    // bridge it as they bridge those callees.
    const blocksThrough = new Map<FunctionId, FunctionId>();
    for (const id of wouldBeAsync) {
      if (this.pinned.has(id) || asyncBodies.has(id)) continue;
      const through = (this.calleesOf.get(id) ?? []).find((callee) => wouldBeAsync.has(callee) && !asyncBodies.has(callee));
      if (through) blocksThrough.set(id, through);
    }
    // A call resolved to one member runs whichever override the receiver has (`self.strategy.stop_backup()`
    // reaching an abstract method): where one member blocks, the family is bridged.
    for (const [id, through] of [...blocksThrough]) {
      for (const member of this.familyOf(id)) {
        if (wouldBeAsync.has(member) && !this.pinned.has(member) && !asyncBodies.has(member) && !blocksThrough.has(member)) blocksThrough.set(member, through);
      }
    }
    const bridged = new Set([...wouldBeAsync].filter((id) => this.pinned.has(id) || splitEntries.has(id) || blocksThrough.has(id)));
    for (const [id, reason] of this.input.revisions?.bridges ?? []) {
      bridged.add(id);
      if (!this.pinned.has(id)) this.pinned.set(id, reason);
    }
    this.reportPins(wouldBeAsync);
    for (const site of this.input.revisions?.dropped.keys() ?? []) this.withdrawn.add(site);
    for (const site of this.madeByDroppedCalls()) this.withdrawn.add(site);
    this.reportTwins(twins, asyncBodies);
    const seededTransforms = new Set<string>();
    for (const sites of this.input.sitesByModule.values()) {
      for (const site of sites) if (site.seed && site.scope && asyncBodies.has(site.scope) && !this.withdrawn.has(site)) seededTransforms.add(site.transform);
    }
    return {
      seededTransforms,
      asyncBodies, asyncCallables, splitEntries, entryBodyCalls: this.entryBodyCalls(), bridged, pinned: this.pinned, kinds: this.kinds, calls: this.calls, reviews: this.reviews,
      withdrawn: this.withdrawn, asyncCauses, pinnedByCaller: this.pinnedByCaller, pinnedWith: this.pinnedWith, wouldBeAsync, decorators: this.links, twins, blocksThrough,
      mainThreadOnly: this.mainThreadOnly(),
      decoratorsHandedOn: this.decoratorsHandedOn,
    };
  }

  private asyncBodies(seeds: Set<FunctionId>, causes: Map<FunctionId, AsyncCause>): Set<FunctionId> {
    const pinnedIds = new Set(this.pinned.keys());
    const asyncBodies = this.fixpoint(new Set([...seeds].filter((id) => !pinnedIds.has(id))), pinnedIds, causes);
    for (const fn of this.symbols.functions.values()) if (fn.isAsync) asyncBodies.add(fn.id);
    return asyncBodies;
  }

  // ---- sync twins (plan/sync-twins.ts) ---------------------------------------------------------

  /** Pins lifted by sync twins, with their reasons, to restore where a twin turns out idle. */
  private readonly twinPins = new Map<FunctionId, string>();

  private liftPinsWithTwins(wouldBeAsync: Set<FunctionId>): Set<FunctionId> {
    const twins = twinCandidates({
      symbols: this.symbols, calls: this.calls, sitesByModule: this.input.sitesByModule, kinds: this.kinds, links: this.links,
      familyOf: (id) => this.familyOf(id),
      pinnedByCallersOnly: (id) => this.pinned.has(id) && !this.pinnedForItself.has(id),
      wouldBeAsync,
      isEditable: (module) => this.input.editableModules?.has(module) ?? true,
      isSplitEntry: (fn) => this.isSplitEntry(fn),
    });
    for (const id of twins) {
      this.twinPins.set(id, this.pinned.get(id)!);
      this.pinned.delete(id);
    }
    return twins;
  }

  /**
   * Twinned functions no async code needs: awaited by no async caller, or only by twinned functions
   * that nothing else needs either (overrides that call `super().execute()`, every one with a twin,
   * would otherwise justify each other's async version while every real caller uses the twins).
   */
  private idleTwins(twins: ReadonlySet<FunctionId>, asyncBodies: ReadonlySet<FunctionId>): FunctionId[] {
    const asyncCallers = new Map([...twins].filter((id) => asyncBodies.has(id)).map((id) => [id, this.familyOf(id).flatMap((member) => (this.callersOf.get(member) ?? [])
      .flatMap((caller) => (caller.site.scope && asyncBodies.has(caller.site.scope) && !syncOnlyReason(caller.site) ? [caller.site.scope] : [])))]));
    const needed = new Set([...asyncCallers].filter(([, callers]) => callers.some((caller) => !twins.has(caller))).map(([id]) => id));
    for (let grew = true; grew;) {
      grew = false;
      for (const [id, callers] of asyncCallers) {
        if (needed.has(id) || !callers.some((caller) => needed.has(caller))) continue;
        needed.add(id);
        grew = true;
      }
    }
    return [...twins].filter((id) => !needed.has(id));
  }

  private reportTwins(twins: ReadonlySet<FunctionId>, asyncBodies: ReadonlySet<FunctionId>): void {
    for (const id of twins) {
      const fn = this.symbols.functions.get(id)!;
      const syncCaller = (this.callersOf.get(id) ?? []).find((caller) => !caller.site.scope || !asyncBodies.has(caller.site.scope) || syncOnlyReason(caller.site));
      const where = syncCaller ? ` (${syncCaller.module.file}:${syncCaller.site.line}, ...)` : '';
      this.review('AS125', this.symbols.moduleOf(id)?.file ?? fn.module, fn.line,
        `${describe(fn)} turned async; its original code stays as ${fn.name}_sync for the callers that stay sync${where}: a change to one belongs in both (${this.twinPins.get(id)})`);
    }
  }

  // ---- graph -----------------------------------------------------------------------------------

  private resolveCalls(): void {
    let inference: ReceiverInference | undefined;
    const resolutions = resolutionsBySymbols.get(this.symbols) ?? resolutionsBySymbols.set(this.symbols, new Map()).get(this.symbols)!;
    for (const [, handlers] of this.dispatch.keys()) this.sharedColours.push(handlers);
    this.readLocalAliases();
    // Looked up for each of a large project's calls: skipped while there is nothing to find.
    const looseAwaits = this.input.revisions?.looseAwaits.size ? this.input.revisions.looseAwaits : undefined;
    for (const module of this.input.modules) {
      const resolve = (site: CallSite): Target => site.callee ? this.symbols.resolve(site.callee, module, site.scope) : { kind: 'unknown' };
      for (const site of module.calls) {
        // `func=lambda args: main(args, parser)`: the lambda returns main's coroutine to the dispatch, which awaits it.
        if (this.dispatch.forwards(module, site)) continue;
        let resolution = resolutions.get(site);
        if (!resolution) {
          const target = resolve(site);
          const inferred = target.kind === 'unknown' && calledMethodName(site) ? (inference ??= new ReceiverInference(this.symbols)).infer(site, module) : undefined;
          resolutions.set(site, resolution = { target, inferred });
        }
        const resolved: ResolvedCall = { site, module, target: resolution.target };
        const key = this.dispatch.keyOf(resolved.target);
        if (key) Object.assign(resolved, { target: { kind: 'function', id: this.dispatch.handlers(key)[0] }, dispatches: key });
        const held = this.localAliases.size > 0 && site.callee?.root.kind === 'local-var' && site.callee.path.length === 0 ? this.localAliases.get(aliasKey(site.scope, site.callee.root.name)) : undefined;
        if (held) resolved.target = { kind: 'function', id: held[0] };
        if (resolved.target.kind === 'unknown') {
          const inferred = resolution.inferred;
          if (inferred) {
            Object.assign(resolved, { target: inferred.target, inferred: inferred.classes, declared: inferred.declared, alongside: inferred.alongside });
            if (inferred.shareColour.length > 0) this.sharedColours.push([this.calleeFunction(inferred.target)!, ...inferred.shareColour]);
          }
        }
        const loose = looseAwaits?.get(`${module.module}:${site.calleeSpan.start}`);
        if (loose) resolved.loose = loose;
        const target = resolved.target;
        this.calls.push(resolved);
        if (site.callee?.root.kind === 'local-var' && site.callee.path.length === 0) this.callsOfLocals.set(site, resolved);
        for (const calleeId of this.functionsRunBy(target, site)) {
          (this.callersOf.get(calleeId) ?? this.callersOf.set(calleeId, []).get(calleeId)!).push(resolved);
          if (site.scope) (this.calleesOf.get(site.scope) ?? this.calleesOf.set(site.scope, []).get(site.scope)!).push(calleeId);
        }
      }
    }
    // A wrapper calls what it wraps: a wrapper that stays sync keeps them sync.
    for (const [wrapper, wrapped] of this.links.wrappedBy) {
      (this.calleesOf.get(wrapper) ?? this.calleesOf.set(wrapper, []).get(wrapper)!).push(...wrapped);
    }
  }

  /**
   * Locals that hold nothing but project functions and are only called (module-index.ts): a call of
   * one reaches each of them, so they take one colour, and assigning them is no escape.
   */
  private readLocalAliases(): void {
    const held = new Map<string, (FunctionId | undefined)[]>();
    for (const module of this.input.modules) {
      for (const reference of module.references) {
        if (!reference.aliasedAs) continue;
        const target = this.symbols.resolve(reference.ref, module, reference.scope);
        const key = aliasKey(reference.scope, reference.aliasedAs);
        (held.get(key) ?? held.set(key, []).get(key)!).push(target.kind === 'function' ? target.id : undefined);
      }
    }
    for (const [key, ids] of held) {
      if (ids.some((id) => !id)) continue;
      const functions = [...new Set(ids as FunctionId[])];
      this.localAliases.set(key, functions);
      if (functions.length > 1) this.sharedColours.push(functions);
    }
  }

  /** Whether a reference assigns a function to a called local that holds only project functions. */
  private heldByCalledLocal(reference: FunctionReference): boolean {
    return !!reference.aliasedAs && this.localAliases.has(aliasKey(reference.scope, reference.aliasedAs));
  }

  /**
   * Every project function a call runs: the function itself; for a class, `__init__`, plus the
   * protocol methods the surrounding statement calls (`with C():` runs `__enter__`/`__exit__`,
   * `for x in C():` runs `__next__`).
   */
  functionsRunBy(target: Target, site: CallSite): FunctionId[] {
    const iterates = iteratesValue(site);
    if (site.operand) {
      if (target.kind === 'generator') return iterates ? [target.id] : [];
      if (target.kind !== 'instance') return [];
      return protocolMethods(this.symbols, target.classId.replace(/^super:/, ''), site);
    }
    if (target.kind !== 'class') {
      const id = this.calleeFunction(target);
      return id ? [id, ...protocolOfResult(this.symbols, id, site)] : [];
    }
    const init = this.symbols.lookupMethod(target.id, '__init__');
    return [...(init ? [init] : []), ...protocolMethods(this.symbols, target.id, site)];
  }

  /** The function a call runs: the function itself, or `__init__` for a class. */
  calleeFunction(target: Target): FunctionId | undefined {
    if (target.kind === 'function') return target.id;
    if (target.kind === 'class') return this.symbols.lookupMethod(target.id, '__init__');
    return undefined;
  }

  /** Methods of one name along an inheritance chain form a family that changes colour together. */
  private buildFamilies(): void {
    const parent = new Map<FunctionId, FunctionId>();
    const find = (id: FunctionId): FunctionId => {
      let root = id;
      while (parent.get(root) && parent.get(root) !== root) root = parent.get(root)!;
      return root;
    };
    const join = (id: FunctionId, other: FunctionId): void => {
      for (const member of [id, other]) parent.set(member, parent.get(member) ?? member);
      parent.set(find(id), find(other));
    };
    for (const cls of this.symbols.classes.values()) {
      for (const [name, method] of Object.entries(cls.methods)) {
        parent.set(method, parent.get(method) ?? method);
        for (const ancestor of this.symbols.mro(cls.id).slice(1)) {
          const inherited = ownMethod(this.symbols.classes.get(ancestor), name);
          if (inherited) join(method, inherited);
        }
      }
    }
    // A name defined more than once (`if HAVE_X: def f() ... else: def f()`): callers reach whichever
    // definition ran, so every definition takes one colour. `@overload` stubs follow their function.
    const definitions = new Map<string, FunctionId>();
    for (const fn of this.symbols.functions.values()) {
      if (isOverloadStub(fn)) continue;
      const first = definitions.get(`${fn.module}:${fn.qualname}`);
      if (!first) definitions.set(`${fn.module}:${fn.qualname}`, fn.id);
      else join(fn.id, first);
    }
    for (const [first, ...others] of this.sharedColours) for (const id of others) join(id, first);
    const groups = new Map<FunctionId, FunctionId[]>();
    for (const id of parent.keys()) (groups.get(find(id)) ?? groups.set(find(id), []).get(find(id))!).push(id);
    for (const members of groups.values()) if (members.length > 1) for (const id of members) this.family.set(id, members);
  }

  private familyOf(id: FunctionId): FunctionId[] {
    return this.family.get(id) ?? [id];
  }

  // ---- seeds and fixpoints ---------------------------------------------------------------------

  private seeds(): Set<FunctionId> {
    const seeds = new Set<FunctionId>();
    const dropped = new Map<FunctionId, Site>();
    for (const sites of this.input.sitesByModule.values()) {
      for (const site of sites) {
        if (!site.seed || !site.scope) continue;
        if (site.call && syncOnlyReason(site.call)) continue;
        // A wrapper takes the colour of what it wraps: its own blocking calls convert only then.
        if (this.links.isWrapper(site.scope)) continue;
        if (this.onlyTestsNeed(site)) continue;
        if (this.madeByDroppedCalls().has(site)) continue;
        if (this.input.revisions?.dropped.has(site)) {
          if (!dropped.has(site.scope)) dropped.set(site.scope, site);
          continue;
        }
        seeds.add(site.scope);
        if (!this.seedCauses.has(site.scope)) this.seedCauses.set(site.scope, { kind: 'seed', site });
      }
    }
    // A dropped conversion leaves its call as written, and it still blocks: a function with nothing
    // else to convert (itself, a callee or a method of its family) stays sync, and its async callers
    // run it in a thread. (A second run, which reads the `asyncio.to_thread(f)` this one writes, pins
    // it as well.)
    for (const [scope, site] of dropped) {
      if (seeds.has(scope)) continue;
      const file = this.symbols.moduleOf(scope)?.file;
      this.blocksAsWritten.set(scope, `it still blocks at ${file}:${site.line}, where the ${site.transform} conversion was not applied: ${this.input.revisions!.dropped.get(site)}`);
    }
    return seeds;
  }

  private madeByDropped?: Set<Site>;

  /** Sites that rewrite what a withdrawn conversion would have made: the call as written still makes the original. */
  private madeByDroppedCalls(): Set<Site> {
    if (this.madeByDropped) return this.madeByDropped;
    this.madeByDropped = new Set();
    const dropped = this.input.revisions?.dropped;
    if (!dropped?.size) return this.madeByDropped;
    for (const sites of this.input.sitesByModule.values()) {
      const withdrawnCalls = new Set(sites.filter((site) => site.call && dropped.has(site)).map((site) => `${site.transform} ${site.call!.span.start}`));
      if (withdrawnCalls.size === 0) continue;
      for (const site of sites) if (site.madeByCall !== undefined && withdrawnCalls.has(`${site.transform} ${site.madeByCall}`)) this.madeByDropped.add(site);
    }
    return this.madeByDropped;
  }

  /**
   * A test's loop is its own: a test (fixture, helper) turns async for the migrated code it calls,
   * not for its own blocking calls, which would only move into threads (where signal handlers
   * cannot be installed and thread-locals are empty). A conversion that goes together with code
   * outside the tests (a fixture's connection handed to the queries under test) is not its own.
   */
  private onlyTestsNeed(site: Site): boolean {
    const inTests = (id: FunctionId) => isTestCode(id, this.symbols);
    return inTests(site.scope!) && (site.together ?? []).every(inTests);
  }

  /** Functions whose only conversions were dropped, with why they stay sync where nothing else turns them async. */
  private readonly blocksAsWritten = new Map<FunctionId, string>();

  /**
   * Callers of async functions become async, to a fixpoint, skipping `blocked` functions. `causes`
   * gets, for each function reached, the first call edge (or family member) that reached it. A wrapper
   * turns async with a function it wraps; a wrapper that must keep one colour (no colour test
   * possible, or it awaits other code) takes every function it wraps with it.
   */
  private fixpoint(start: Set<FunctionId>, blocked: Set<FunctionId>, causes?: Map<FunctionId, AsyncCause>): Set<FunctionId> {
    const result = new Set<FunctionId>();
    let queue = [...start];
    for (;;) {
      this.spread(queue, result, blocked, causes);
      queue = [];
      for (const wrapper of this.links.wrappedBy.keys()) {
        if (!result.has(wrapper) || !this.wrapperNeedsOneColour(wrapper, result)) continue;
        for (const id of this.links.wrappedBy.get(wrapper)!) if (!result.has(id) && !blocked.has(id)) queue.push(id);
      }
      if (queue.length === 0) return result;
    }
  }

  private wrapperNeedsOneColour(wrapper: FunctionId, asyncIds: ReadonlySet<FunctionId>): boolean {
    if (this.links.needsOneColour(wrapper)) return true;
    const wrapped = this.links.wrappedBy.get(wrapper) ?? [];
    return (this.calleesOf.get(wrapper) ?? []).some((callee) => asyncIds.has(callee) && !wrapped.includes(callee) && !this.pinned.has(callee));
  }

  private spread(queue: FunctionId[], result: Set<FunctionId>, blocked: Set<FunctionId>, causes?: Map<FunctionId, AsyncCause>): void {
    while (queue.length > 0) {
      const id = queue.pop()!;
      for (const member of this.familyOf(id)) {
        if (result.has(member) || blocked.has(member)) continue;
        const fn = this.symbols.functions.get(member);
        if (!fn || fn.isAsync) continue;
        result.add(member);
        if (member !== id && !causes?.has(member)) causes?.set(member, { kind: 'family', member: id });
        // An entry keeps a sync wrapper around its async body: its callers stay as they are.
        if (this.isSplitEntry(fn)) continue;
        for (const caller of this.callersOf.get(member) ?? []) {
          const scope = caller.site.scope;
          if (!scope || syncOnlyReason(caller.site) || blocked.has(scope)) continue;
          if (!causes?.has(scope)) causes?.set(scope, { kind: 'calls', callee: member, file: caller.module.file, line: caller.site.line });
          queue.push(scope);
        }
        for (const link of this.links.wrappersOf.get(member) ?? []) {
          if (blocked.has(link.wrapper)) continue;
          const wrapper = this.symbols.functions.get(link.wrapper)!;
          if (!causes?.has(link.wrapper)) causes?.set(link.wrapper, { kind: 'calls', callee: member, file: this.symbols.moduleOf(wrapper.id)?.file ?? wrapper.module, line: wrapper.line });
          queue.push(link.wrapper);
        }
      }
    }
  }

  /** `def _unlink` under one branch of an `if` and `_unlink = os.unlink` under the other (module-index.ts bindModuleFunction). */
  private boundAgainAtModuleLevel(fn: FunctionInfo): boolean {
    if (fn.classId || fn.nestedIn || isOverloadStub(fn)) return false;
    return own(this.symbols.moduleOf(fn.id)?.bindings ?? {}, fn.name)?.kind === 'ambiguous';
  }

  /** Console-script targets and click/typer commands: called synchronously from outside. */
  private isSplitEntry(fn: FunctionInfo): boolean {
    return this.kinds.get(fn.id) === 'cli-command' || this.input.consoleScripts.has(fn.id);
  }

  // ---- pinning ---------------------------------------------------------------------------------

  /** `byCallers`: the pin comes only from where the function is called (a sync twin can lift it). */
  private pin(id: FunctionId, reason: string, byCallers = false): void {
    for (const member of this.familyOf(id)) {
      const fn = this.symbols.functions.get(member);
      if (!byCallers) this.pinnedForItself.add(member);
      if (!fn || fn.isAsync || this.pinned.has(member)) continue;
      this.pinned.set(member, member === id ? reason : `${reason} (same method in ${describe(this.symbols.functions.get(id)!)})`);
      if (member !== id) this.pinnedWith.set(member, id);
    }
  }

  private pinIntrinsics(wouldBeAsync: Set<FunctionId>): void {
    const revisions = this.input.revisions;
    for (const id of this.links.syncTwins) this.pin(id, SYNC_TWIN);
    for (const id of existingTwins(this.symbols)) this.pin(id, SYNC_TWIN);
    const dunderCalls = this.explicitProtocolCalls();
    for (const fn of this.symbols.functions.values()) {
      const kind = this.kinds.get(fn.id)!;
      const calledAt = fn.classId ? dunderCalls.reaching.get(fn.id) ?? dunderCalls.anyNamed.get(fn.name) : undefined;
      if (calledAt) this.pin(fn.id, `${fn.name} is called by its name at ${calledAt}, synchronously`);
      // A function async callers run in a thread stays sync, and so does what it calls (closePins):
      // the same pins a second run sees when it reads the `asyncio.to_thread(f)` this run writes.
      const undone = revisions?.pins.get(fn.id) ?? revisions?.bridges.get(fn.id) ?? revisions?.frozen.get(fn.module);
      const syncHook = calledByNameSynchronously(fn, this.symbols.moduleOf(fn.id));
      if (this.input.frozen(fn)) this.pin(fn.id, 'outside the paths being migrated');
      else if (undone) this.pin(fn.id, undone);
      else if (this.input.hostCalled?.has(fn.id)) this.pin(fn.id, this.input.hostCalled.get(fn.id)!);
      else if (syncHook) this.pin(fn.id, syncHook);
      else if (this.input.opaqueModules?.some((module) => module.names.has(fn.name))) {
        const file = this.input.opaqueModules.find((module) => module.names.has(fn.name))!.file;
        this.pin(fn.id, `named in ${file}, which asyncshift could not analyse`);
      }
      else if (this.boundAgainAtModuleLevel(fn)) {
        this.pin(fn.id, 'its name is bound again at module level (another definition, or an assignment under a condition): a call through the name may reach something that is not awaitable');
      }
      else if (fn.keepSync || this.input.keepSync.has(`${fn.module}.${fn.qualname}`)) this.pin(fn.id, 'marked keep-sync');
      else if (/^__\w+__$/.test(fn.name) && !ASYNC_PROTOCOL_DUNDERS.has(fn.name) && !this.links.isWrapper(fn.id)) this.pin(fn.id, `${fn.name} has no async form`);
      else if (kind === 'property') this.pin(fn.id, 'a @property cannot be awaited by its readers');
      else if (kind.startsWith('pinned:')) this.pin(fn.id, kind.slice('pinned:'.length));
      else if (kind === 'fixture' && wouldBeAsync.has(fn.id) && /scope\s*=/.test(fn.decorators.map((d) => d.text).join(' '))) {
        this.pin(fn.id, 'a fixture with a wider scope than function needs an event loop of that scope');
      }
    }
    this.pinTestsWithoutThreads();
    // Looked up by name per reference: a scan of every candidate per reference grows with the square of the project.
    let moduleLevelByName: Map<string, FunctionId[]> | undefined;
    let moduleLevelByModule: Map<string, FunctionId[]> | undefined;
    for (const module of this.input.modules) {
      for (const reference of module.references) {
        const target = this.symbols.resolve(reference.ref, module, reference.scope);
        if (target.kind === 'module') {
          moduleLevelByModule ??= moduleLevelFunctionsByModule(wouldBeAsync, this.symbols);
          if (!this.onlyInspects(reference, module)) this.pinModuleHandedOn(moduleLevelByModule.get(target.module) ?? [], target.module, `${module.file}:${reference.line}`);
          continue;
        }
        const id = this.calleeFunction(target);
        if (id) this.noteDecoratorHandedOn(id, reference, module, wouldBeAsync);
        if (!id && (target.kind === 'unknown' || target.kind === 'external') && this.mayBeModule(reference.ref, module, reference.scope)) {
          // `rule_module.match` on a module loaded by name: any module-level `match` that would turn async.
          const name = reference.ref.path.at(-1)!;
          moduleLevelByName ??= moduleLevelFunctionsByName(wouldBeAsync, this.symbols);
          for (const candidate of moduleLevelByName.get(name) ?? []) this.pin(candidate, `used as a value through ${refText(reference.ref)} at ${module.file}:${reference.line}, where a sync callable may be expected`);
        }
        if (!id && target.kind === 'unknown' && mayBeCalledLater(reference, module, this.symbols, this.dispatch)) {
          // `asyncio.to_thread(server.receive_wal)`, `Thread(target=worker.run)` on an object of unknown
          // type: any project method of that name may be the one handed on.
          const { methods } = this.byName(wouldBeAsync);
          for (const method of methods.get(reference.ref.path.at(-1)!) ?? []) {
            this.pin(method.id, `handed on as a value through ${refText(reference.ref)} at ${module.file}:${reference.line}, on a receiver of unknown type, where a sync callable may be expected`);
          }
        }
        if (!id && (target.kind === 'unknown' || target.kind === 'external')) continue;
        if (!id || !wouldBeAsync.has(id) || this.acceptedCallbacks.has(reference) || this.heldByCalledLocal(reference)) continue;
        // An entry point keeps a sync face under its name: handing it on (`CliRunner().invoke(main)`) is fine.
        if (this.isSplitEntry(this.symbols.functions.get(id)!)) continue;
        if (this.links.handsOnWrapper(id, reference.scope)) continue;
        // A mock standing in for the function that calls it (`patch("pkg.cli.run", side_effect=run)`):
        // the callers await the mock, which returns the function's coroutine.
        if (reference.standsInFor && this.calleeFunction(this.symbols.resolveDotted(reference.standsInFor)) === id) continue;
        const passedTo = reference.passedTo ? this.symbols.resolve(reference.passedTo, module, reference.scope) : undefined;
        if (passedTo?.kind === 'external' && passedTo.name === 'asyncio.to_thread') {
          // Sync by design (a bridged block, or a user's own to_thread): not worth a review item.
          this.pin(id, RUN_IN_THREAD);
          continue;
        }
        if (passedTo?.kind === 'external' && /^asyncio\./.test(passedTo.name)) continue;
        if (handedToNonCaller(reference, module, this.symbols)) continue;
        // `set_defaults(func=cmd_copy)`: the dispatch that calls it awaits it.
        if (this.dispatch.handsOverHandler(id, passedTo)) continue;
        if (this.dispatch.returnsHandler(id, reference.scope)) continue;
        const where = `${module.file}:${reference.line}`;
        const how = passedTo?.kind === 'external' ? `passed to ${passedTo.name}`
          : reference.passedTo ? `passed to ${refText(reference.passedTo)}` : 'used as a value';
        this.pin(id, `${how} at ${where}, where a sync callable is expected`, true);
      }
    }
  }

  private readonly decoratorsHandedOn = new Map<FunctionId, string>();
  private wrappersByEnclosing?: Map<FunctionId, FunctionId[]>;

  /**
   * A decorator handed on as a value (`record = recorder.record`, then `@rec.record(...)`) decorates
   * functions out of sight, which stay sync and whose callers do not await: its wrapper must keep
   * serving them. A colour-aware one tests each function's colour (wrapper-edits.ts); another, or one
   * whose own calls may turn async (its sync half could not make them), stays sync. A reference
   * inside the decorator itself (`return wrapper`, `return deco`) hands nothing on. (Found on responses.)
   */
  private noteDecoratorHandedOn(id: FunctionId, reference: FunctionReference, module: ModuleIndex, wouldBeAsync: ReadonlySet<FunctionId>): void {
    if (!this.wrappersByEnclosing) {
      this.wrappersByEnclosing = new Map();
      for (const wrapper of this.links.wrappedBy.keys()) {
        for (let outer = this.symbols.functions.get(wrapper)?.nestedIn; outer; outer = this.symbols.functions.get(outer)?.nestedIn) {
          (this.wrappersByEnclosing.get(outer) ?? this.wrappersByEnclosing.set(outer, []).get(outer)!).push(wrapper);
        }
      }
    }
    for (const wrapper of this.wrappersByEnclosing.get(id) ?? []) {
      if (!wouldBeAsync.has(wrapper) || this.decoratorsHandedOn.has(wrapper)) continue;
      if (reference.scope && (reference.scope === wrapper || this.wrappersByEnclosing.get(reference.scope)?.includes(wrapper))) continue;
      const where = `${module.file}:${reference.line}`;
      // A sync half that calls the wrapper's own callees cannot serve once they turn async.
      const wrapped = this.links.wrappedBy.get(wrapper)!;
      const ownCalleesMayTurn = (this.calleesOf.get(wrapper) ?? []).some((callee) => wouldBeAsync.has(callee) && !wrapped.includes(callee));
      if (this.links.needsOneColour(wrapper) || ownCalleesMayTurn) this.pin(wrapper, `its decorator ${describe(this.symbols.functions.get(id)!)} is handed on as a value at ${where}, where the functions it decorates cannot be seen`);
      else this.decoratorsHandedOn.set(wrapper, where);
    }
  }

  /**
   * A test that patches `threading.Thread.start` out stays sync, and so does what it calls (closePins):
   * `asyncio.to_thread` and aiofiles would wait for a thread that never starts.
   */
  private pinTestsWithoutThreads(): void {
    for (const module of this.input.modules) {
      const stopped = module.threadsStopped;
      if (!stopped) continue;
      const reason = `it runs with threading.Thread.start patched out (${module.file}), so asyncio.to_thread would wait for a thread that never starts`;
      for (const id of stopped.functions) this.pin(id, reason);
      // A patch decorating a class wraps its test methods only (`patch.TEST_PREFIX`), not set-up.
      for (const classId of stopped.classes) {
        for (const [name, id] of Object.entries(this.symbols.classes.get(classId)?.methods ?? {})) if (name.startsWith('test')) this.pin(id, reason);
      }
    }
  }

  /**
   * A method of a class derived from a library class keeps the base's colour when it overrides one
   * of the base's methods (the library calls it, synchronously), and when the base is unknown (it
   * may). unittest's test methods and set-up are the exception: the class becomes an
   * IsolatedAsyncioTestCase, which awaits them.
   */
  private pinLibraryOverrides(wouldBeAsync: Set<FunctionId>): void {
    for (const id of wouldBeAsync) {
      const fn = this.symbols.functions.get(id)!;
      if (!fn.classId || this.pinned.has(id)) continue;
      const bases = this.symbols.libraryBases(fn.classId);
      if (bases.some((base) => base && /^unittest\.(case\.)?TestCase$/.test(base)) && /^(test|setUp$|tearDown$)/.test(fn.name)) continue;
      for (const base of bases) {
        const verdict = base ? libraryOverride(base, fn.name) : 'unknown-base';
        if (verdict === 'own') continue;
        const cls = this.symbols.classes.get(fn.classId)!;
        this.pin(id, verdict === 'overrides' ? `it overrides ${base}.${fn.name}, which the library calls synchronously`
          : verdict === 'dispatched' ? `${base} calls ${fn.name} by its name, synchronously`
          : `${cls.name} derives from ${base ?? 'a class asyncshift cannot resolve'}, which may call ${fn.name} synchronously`);
        break;
      }
    }
  }

  private pinSyncOnlyCallers(wouldBeAsync: Set<FunctionId>): void {
    const regions = this.syncRegions(wouldBeAsync);
    for (const call of this.calls) {
      const inRegion = regions.get(call.module.module)?.some((region) => region.start <= call.site.span.start && call.site.span.end <= region.end);
      const reason = inRegion ? 'code run in a thread' : syncOnlyReason(call.site);
      if (!reason || call.site.entry) continue;
      for (const id of this.functionsRunBy(call.target, call.site)) {
        if (wouldBeAsync.has(id)) this.pin(id, `called from ${reason} at ${call.module.file}:${call.site.line}`, !inRegion);
      }
    }
  }

  /**
   * An entry point that installs signal handlers keeps a sync face whose runner, inside a running
   * loop, runs the entry in a worker thread, where Python forbids them (supervisor's tests call
   * `main()`): code that calls it stays sync, and so calls it on the main thread as before.
   */
  private pinCallersOfSignalEntries(wouldBeAsync: Set<FunctionId>): void {
    let mainThreadOnly: Set<FunctionId> | undefined;
    let runnerCallers: Set<FunctionId | null> | undefined;
    for (const call of this.calls) {
      const entry = this.calleeFunction(call.target);
      const fn = entry ? this.symbols.functions.get(entry) : undefined;
      const scope = call.site.scope;
      if (!fn || !scope || !wouldBeAsync.has(scope) || fn.isAsync || !this.isSplitEntry(fn) || this.entryBodyCalls().has(call.site)) continue;
      // A second run finds the entry split already: its sync face calls the runner.
      runnerCallers ??= new Set(this.calls.filter((each) => each.site.callee?.root.kind === 'global' && each.site.callee.root.name === ENTRY_RUNNER).map((each) => each.site.scope));
      if (!wouldBeAsync.has(fn.id) && !runnerCallers.has(fn.id)) continue;
      mainThreadOnly ??= this.mainThreadOnly();
      if (!mainThreadOnly.has(fn.id)) continue;
      this.pin(scope, `it calls ${describe(fn)} at ${call.module.file}:${call.site.line}, an entry point that installs signal handlers: from a coroutine its sync face would run it in a worker thread, where Python forbids them`);
    }
  }

  private entryBodyCallSites?: Set<CallSite>;

  /**
   * Calls of a console-script entry that can name its async body (`await _main_async(args)`), the
   * way sync callers name a sync twin: an async caller runs the body on its own loop, where the sync
   * face would run it on a private loop in a worker thread (no signal handlers, other thread-locals).
   * A decorated entry (a click command) is called through what its decorator made, and a call the
   * tests replace is reached through the stand-in: both keep calling the face.
   */
  private entryBodyCalls(): Set<CallSite> {
    if (this.entryBodyCallSites) return this.entryBodyCallSites;
    this.entryBodyCallSites = new Set();
    if (this.input.consoleScripts.size === 0) return this.entryBodyCallSites;
    const { doubled, standIns } = replacedByTests(this.symbols);
    const editable = { symbols: this.symbols, isEditable: (module: string) => this.input.editableModules?.has(module) ?? true };
    for (const call of this.calls) {
      if (call.target.kind !== 'function' || !ENTRY_BODY_USAGES.has(call.site.usage.kind)) continue;
      const fn = this.symbols.functions.get(call.target.id);
      if (!fn || !this.input.consoleScripts.has(fn.id) || fn.isAsync || fn.isGenerator || fn.decorators.length > 0 || doubled.has(fn.name)) continue;
      if (throughStandIn(call.site.callee, standIns) || !renamable(call.site.callee, call.module, fn, entryBodyName(fn), editable)) continue;
      this.entryBodyCallSites.add(call.site);
    }
    return this.entryBodyCallSites;
  }

  /** Functions that install signal handlers, themselves or through what they call (main-thread-only.ts). */
  private mainThreadOnly(): Set<FunctionId> {
    return mainThreadOnlyFunctions(
      this.calls.map((call) => ({ scope: call.site.scope, target: call.target })),
      (id) => (this.callersOf.get(id) ?? []).flatMap((caller) => (caller.site.scope ? [caller.site.scope] : [])),
    );
  }

  /** Regions that sites of functions which may turn async move into a thread, by module. */
  private syncRegions(wouldBeAsync: Set<FunctionId>): Map<string, Span[]> {
    const regions = new Map<string, Span[]>();
    for (const [module, sites] of this.input.sitesByModule) {
      for (const site of sites) {
        if (site.syncRegion && site.scope && wouldBeAsync.has(site.scope)) {
          if (site.givesWayToAwaits && this.callsAsyncCode(module, site.syncRegion, wouldBeAsync)) {
            this.withdrawn.add(site);
            continue;
          }
          (regions.get(module) ?? regions.set(module, []).get(module)!).push(site.syncRegion);
        }
      }
    }
    return regions;
  }

  private callsAsyncCode(module: string, region: Span, wouldBeAsync: Set<FunctionId>): boolean {
    return this.calls.some((call) => call.module.module === module
      && region.start <= call.site.span.start && call.site.span.end <= region.end
      && this.functionsRunBy(call.target, call.site).some((id) => wouldBeAsync.has(id)));
  }

  /**
   * Sync code that runs coroutines on its thread's own event loop (`asyncio.get_event_loop()
   * .run_until_complete(...)`), itself or through what it calls, stays sync with its callers: on the
   * event loop it would find a loop already running, and in a thread it would make a new loop on every
   * call and never close it (python-slack-sdk's legacy client).
   */
  private pinThreadLoopUsers(wouldBeAsync: Set<FunctionId>): void {
    const where = new Map<FunctionId, string>();
    for (const call of this.calls) {
      const scope = call.site.scope;
      if (!scope || where.has(scope) || call.target.kind !== 'external' || !THREAD_LOOP.test(call.target.name)) continue;
      if (!this.symbols.functions.get(scope)?.isAsync) where.set(scope, `${call.target.name} at ${call.module.file}:${call.site.line}`);
    }
    const queue = [...where.keys()];
    while (queue.length > 0) {
      const id = queue.pop()!;
      for (const caller of this.callersOf.get(id) ?? []) {
        const scope = caller.site.scope;
        if (!scope || where.has(scope) || this.symbols.functions.get(scope)?.isAsync) continue;
        where.set(scope, where.get(id)!);
        queue.push(scope);
      }
    }
    for (const [id, use] of where) {
      if (wouldBeAsync.has(id)) this.pin(id, `it runs coroutines on its thread's own event loop (${use}), which a running loop or a worker thread would not give it`);
    }
  }

  /**
   * Sync code that runs a coroutine on a loop of its own (`results = asyncio.run(run())`) stays sync:
   * inside a running loop `asyncio.run` raises. Its async callers run it in a thread, where it makes
   * its loop as before (found on gunicorn's benchmarks).
   */
  private pinLoopRunners(wouldBeAsync: Set<FunctionId>): void {
    for (const call of this.calls) {
      const scope = call.site.scope;
      if (!scope || !wouldBeAsync.has(scope) || this.pinned.has(scope) || call.target.kind !== 'external' || !OWN_LOOP.test(call.target.name)) continue;
      this.pin(scope, `it runs a coroutine on an event loop of its own (${call.target.name} at ${call.module.file}:${call.site.line}), which raises inside a running loop`);
    }
  }

  /**
   * An object iterated where no async form exists keeps its `__next__` sync: a name holding it
   * (`next((b for b in page if ...), None)` over a response whose `__next__` fetches: python-slack-sdk)
   * or the object made where it stands (`a, b = Pair(...)`).
   */
  private pinUnsupportedIteration(call: ResolvedCall, wouldBeAsync: Set<FunctionId>): void {
    const { site, target } = call;
    const classId = site.operand ? (target.kind === 'instance' ? target.classId.replace(/^super:/, '') : undefined) : target.kind === 'class' ? target.id : undefined;
    if (!classId || !iteratesValue(site) || generatorUsageSupported(site)) return;
    for (const next of protocolMethods(this.symbols, classId, site)) {
      if (wouldBeAsync.has(next)) this.pin(next, `its object is iterated in a form with no async equivalent at ${call.module.file}:${site.line}`);
    }
  }

  /** A generator or context manager that turns async needs every use to have an async form. */
  private pinUnsupportedUsage(wouldBeAsync: Set<FunctionId>): void {
    for (const { method, call, to } of protocolsHandedOn(this.symbols, this.calls, wouldBeAsync)) {
      this.pin(method, `its object is handed to ${to} at ${call.module.file}:${call.site.line}, which may iterate or enter it synchronously`);
    }
    // So does an object a function returns whose protocol turns async: `async for x in f()` is written
    // only for a `for` or a comprehension.
    for (const call of this.calls) {
      this.pinUnsupportedIteration(call, wouldBeAsync);
      if (call.site.operand) continue;
      const id = this.calleeFunction(call.target);
      if (!id || call.target.kind === 'class' || protocolUseRewritable(call.site)) continue;
      for (const method of protocolOfResult(this.symbols, id, call.site)) {
        if (wouldBeAsync.has(method)) {
          this.pin(method, `its object, which ${describe(this.symbols.functions.get(id)!)} returns, is used in a form with no async equivalent at ${call.module.file}:${call.site.line}`);
        }
      }
    }
    for (const id of wouldBeAsync) {
      const fn = this.symbols.functions.get(id)!;
      const kind = this.kinds.get(id);
      if (kind === 'context-manager') {
        for (const caller of this.callersOf.get(id) ?? []) {
          const usage = caller.site.usage;
          if (usage.kind !== 'with-item' || usage.parenthesized) {
            this.pin(id, `context manager used in a form with no async equivalent at ${caller.module.file}:${caller.site.line}`);
          }
        }
      } else if (fn.isGenerator) {
        if (fn.returnsValueFromGenerator) this.pin(id, 'a generator that returns a value cannot become an async generator');
        for (const caller of this.callersOf.get(id) ?? []) {
          if (!generatorUsageSupported(caller.site)) {
            this.pin(id, `generator used in a form with no async equivalent at ${caller.module.file}:${caller.site.line}`);
          }
        }
      } else {
        // `yield from client.upgrade_plugin(...)`, a function returning a generator (docker-py): awaited,
        // it would leave `yield from` in what becomes an async generator, where Python forbids it.
        const yieldedFrom = (this.callersOf.get(id) ?? []).find((caller) => caller.site.usage.kind === 'yield-from');
        if (yieldedFrom) this.pin(id, `what it returns is delegated to with \`yield from\` at ${yieldedFrom.module.file}:${yieldedFrom.site.line}, which an async generator cannot do`);
      }
    }
  }

  /** The would-be-async functions by name, built once per plan for calls and values on receivers of unknown type. */
  private wouldBeAsyncByName?: ReturnType<typeof byCallableName>;

  private byName(wouldBeAsync: ReadonlySet<FunctionId>): ReturnType<typeof byCallableName> {
    return this.wouldBeAsyncByName ??= byCallableName([...wouldBeAsync].map((id) => this.symbols.functions.get(id)!));
  }

  /**
   * The would-be-async functions a call on a receiver of unknown type may reach: the methods of
   * its name, and the module-level functions of that name when the receiver may be a module
   * (`languages[name].run_hook()`, a module loaded by name), that its arguments can bind to
   * (`git_dir.replace("\\", "/")` reaches no `replace(self, **kwargs)`).
   */
  private reachableByName(call: ResolvedCall, name: string, wouldBeAsync: ReadonlySet<FunctionId>): FunctionInfo[] {
    const { methods, functions } = this.byName(wouldBeAsync);
    const throughModule = !call.site.callee || this.mayBeModule(call.site.callee, call.module, call.site.scope);
    return [...(methods.get(name) ?? []), ...(throughModule ? functions.get(name) ?? [] : [])].filter((fn) => mayReach(fn, call.site, this.symbols));
  }

  /**
   * `obj.m()` on an object of unknown type: if a project method `m` could turn async, keep it sync.
   * The same for `mod.f()` where `mod` is an imported name asyncshift cannot resolve (a package it
   * does not see, a module loaded by name): a module-level function `f` stays sync.
   */
  private pinAmbiguousReceivers(wouldBeAsync: Set<FunctionId>): void {
    for (const call of this.calls) {
      const name = calledMethodName(call.site);
      if (call.target.kind !== 'unknown' || !name || call.dynamic) continue;
      if (/^__\w+__$/.test(name)) continue; // dunders never turn async through a call by name
      if (alreadyAsyncUse(call.site)) continue;
      const named = this.reachableByName(call, name, wouldBeAsync).map((fn) => fn.id);
      const candidates = named.filter((id) => !this.pinned.has(id));
      // Pinned already or not, a call nobody can name keeps them sync (no sync twin can serve it).
      for (const id of named) this.pin(id, `called on a receiver of unknown type at ${call.module.file}:${call.site.line}`);
      if (candidates.length === 0) continue;
      const kept = candidates.map((id) => describe(this.symbols.functions.get(id)!)).join(', ');
      this.review('AS104', call.module.file, call.site.line,
        `cannot tell what \`${name}\` belongs to here; kept ${kept} sync (annotate the receiver to let it migrate)`);
    }
  }

  /**
   * Whether `_await_if_awaitable` can take a call of this function once it turns async: not a
   * generator (an async generator is no awaitable); a kept-sync one (`pinned:`) is no obstacle, the
   * helper hands its result back.
   */
  private awaitableThroughHelper(fn: FunctionInfo): boolean {
    return !fn.isGenerator && /^(plain|pinned:)/.test(this.kinds.get(fn.id)!);
  }

  /**
   * A project function handed to a parameter that its receiver only calls (callback-links.ts): the
   * receiver's calls of the parameter are edges to the callback, awaited through `_await_if_awaitable`
   * where it turned async, and the function that hands it over keeps it sync when it stays sync
   * itself (its call of the receiver then stays sync too). A parameter that also receives a
   * function that is async already is left alone: awaiting it would change what the receiver does.
   */
  private linkCallbacks(): void {
    // Resolving every reference handed to a call is costly on a large project: only those handed to
    // a call of a name some function with callback parameters has can be callbacks.
    const receiverNames = new Set([...this.symbols.functions.values()].filter((fn) => fn.callbackParameters).map((fn) => fn.name));
    if (receiverNames.size === 0) return;
    const slots: { reference: FunctionReference; callback: FunctionId; slot: CallbackSlot }[] = [];
    const receivesCoroutines = new Set<string>();
    for (const module of this.input.modules) {
      for (const reference of module.references) {
        if (!reference.passedTo || !reference.scope || !receiverNames.has(handedToName(reference.passedTo) ?? '')) continue;
        const target = this.symbols.resolve(reference.ref, module, reference.scope);
        if (target.kind !== 'function') continue;
        const slot = callbackSlot(reference, target.id, module, this.symbols);
        if (!slot) continue;
        const callback = this.symbols.functions.get(target.id)!;
        if (callback.isAsync) receivesCoroutines.add(`${slot.receiver.id}|${slot.parameter}`);
        else if (this.awaitableThroughHelper(callback)) slots.push({ reference, callback: target.id, slot });
      }
    }
    for (const { reference, callback, slot: { receiver, parameter } } of slots) {
      if (receivesCoroutines.has(`${receiver.id}|${parameter}`)) continue;
      if (receiver.isAsync || receiver.isGenerator || receiver.asDecorator || this.kinds.get(receiver.id) !== 'plain') continue;
      if (this.familyOf(receiver.id).length > 1 || this.links.isWrapper(receiver.id)) continue;
      const home = this.symbols.moduleOf(receiver.id);
      if (!home || !canHostAwaiter(home)) continue;
      const calls = callsOfParameter(receiver, parameter, home).map((site) => this.callsOfLocals.get(site));
      if (calls.some((call) => !call || !OPAQUE_TARGETS.has(call.target.kind) || !awaitableWhereItStands(call.site))) continue;
      this.acceptedCallbacks.add(reference);
      for (const call of calls as ResolvedCall[]) {
        if (call.dynamic?.includes(callback)) continue;
        call.dynamic = [...(call.dynamic ?? []), callback];
        (this.callersOf.get(callback) ?? this.callersOf.set(callback, []).get(callback)!).push(call);
        (this.calleesOf.get(receiver.id) ?? this.calleesOf.set(receiver.id, []).get(receiver.id)!).push(callback);
      }
      (this.calleesOf.get(reference.scope!) ?? this.calleesOf.set(reference.scope!, []).get(reference.scope!)!).push(callback);
      (this.handsOver.get(reference.scope!) ?? this.handsOver.set(reference.scope!, new Map()).get(reference.scope!)!).set(callback, receiver.id);
    }
  }

  /**
   * `obj.m()` on an object of unknown type, in a function that turns async for its own reasons (so
   * the call never makes a function async by itself): instead of keeping every project `m` sync, the
   * call is awaited through `_await_if_awaitable`, which awaits a coroutine (a project method that
   * turned async) and hands back any other result (a library object's method) as before. The call
   * is an edge to each of them: if its function ends up sync after all, they stay sync with it
   * (closePins). Calls whose result is iterated, entered or handed to something that runs it, and
   * names that a generator or context manager defines, keep the old rule (pinAmbiguousReceivers).
   */
  private linkDynamicCalls(wouldBeAsync: Set<FunctionId>): void {
    const hostsHelper = new Map<ModuleIndex, boolean>();
    for (const call of this.calls) {
      const { site, module } = call;
      const name = calledMethodName(site);
      // `getattr(self, f"_execute_{kind}")(op)`: the methods whose names fit, on the receiver's class.
      const lookedUp = site.dynamicTarget && this.lookedUpMethods(call);
      if (!lookedUp && (call.target.kind !== 'unknown' || !name || /^__\w+__$/.test(name) || site.operand)) continue;
      // `super().setUp()` reaches the one class above, which the code names.
      if (site.callee?.root.kind === 'super') continue;
      if (!site.scope || !wouldBeAsync.has(site.scope) || !awaitableWhereItStands(site)) continue;
      const named = lookedUp ? lookedUp.filter((id) => wouldBeAsync.has(id)).map((id) => this.symbols.functions.get(id)!) : this.reachableByName(call, name!, wouldBeAsync);
      if (named.length === 0 || !named.every((fn) => this.awaitableThroughHelper(fn))) continue;
      const hosts = hostsHelper.get(module) ?? hostsHelper.set(module, canHostAwaiter(module)).get(module)!;
      if (!hosts) continue;
      call.dynamic = named.map((fn) => fn.id);
      for (const id of call.dynamic) {
        (this.callersOf.get(id) ?? this.callersOf.set(id, []).get(id)!).push(call);
        (this.calleesOf.get(site.scope) ?? this.calleesOf.set(site.scope, []).get(site.scope)!).push(id);
      }
    }
  }

  /**
   * `self.adapter.__enter__()`: a protocol method called by its name. Turned into `__aenter__` it
   * would no longer exist under that name, and the caller cannot tell which class it reaches.
   */
  private explicitProtocolCalls(): { reaching: Map<FunctionId, string>; anyNamed: Map<string, string> } {
    const reaching = new Map<FunctionId, string>();
    const anyNamed = new Map<string, string>();
    for (const module of this.input.modules) {
      for (const call of module.calls) {
        const name = call.callee?.path.at(-1);
        if (!name || !ASYNC_PROTOCOL_DUNDERS.has(name) || call.callee!.path.length === 0) continue;
        const where = `${module.file}:${call.line}`;
        const target = this.symbols.resolve(call.callee!, module, call.scope);
        const id = this.calleeFunction(target);
        if (id) reaching.set(id, reaching.get(id) ?? where);
        // A receiver of unknown class may be any class with the method.
        else if (target.kind === 'unknown' && !anyNamed.has(name)) anyNamed.set(name, where);
      }
    }
    return { reaching, anyNamed };
  }

  /**
   * A project module handed on as a value (`languages = {"docker": docker}`, `run_language(path,
   * docker_image)`): code that gets it calls its functions through an unknown object, synchronously.
   * Its module-level functions keep their colour.
   */
  private pinModuleHandedOn(functions: readonly FunctionId[], moduleName: string, where: string): void {
    for (const id of functions) this.pin(id, `its module ${moduleName} is handed on as a value at ${where}, and its functions may be called through it synchronously`);
  }

  /** Handed to something that only looks at the module or patches one name of it (`patch.object(mod, "f")`). */
  private onlyInspects(reference: FunctionReference, module: ModuleIndex): boolean {
    if (!reference.passedTo) return false;
    const passedTo = this.symbols.resolve(reference.passedTo, module, reference.scope);
    const name = passedTo.kind === 'external' ? passedTo.name : refText(reference.passedTo);
    return MODULE_INSPECTORS.test(name);
  }

  private mayBeModule(ref: NameRef, module: ModuleIndex, scope: FunctionId | null): boolean {
    return mayHoldModule(ref, module, scope, this.symbols, this.input.loadsModules ?? true);
  }

  /**
   * `getattr(self, f"on_{name}")()` may reach any method whose name fits: those stay sync, unless the
   * call is awaited through `_await_if_awaitable` (linkDynamicCalls), which takes either colour.
   * `getattr(importlib.import_module(path), name)()` (found on borgmatic's hook dispatch) may reach
   * any module-level function whose name fits: those stay sync.
   */
  private pinDynamicTargets(wouldBeAsync: Set<FunctionId>): void {
    let moduleLevelByName: Map<string, FunctionId[]> | undefined;
    for (const call of this.calls) {
      const lookup = call.site.dynamicTarget;
      if (!lookup) continue;
      const where = `${call.module.file}:${call.site.line}`;
      if (!call.dynamic) {
        for (const method of this.lookedUpMethods(call) ?? []) {
          if (wouldBeAsync.has(method)) this.pin(method, `reachable through getattr() at ${where}`);
        }
      }
      if (!lookupMayReachModule(lookup, call.module, call.site.scope, this.symbols)) continue;
      moduleLevelByName ??= moduleLevelFunctionsByName(wouldBeAsync, this.symbols);
      for (const id of fittingLookup(lookup, moduleLevelByName)) this.pin(id, `reachable through getattr() at ${where}, on a value that may be a module`);
    }
  }

  /** `profile("go(options)", ...)`: code in a string, which exec, eval or a profiler runs, calls `go` without awaiting it. */
  private pinCodeStringCalls(wouldBeAsync: Set<FunctionId>): void {
    for (const module of this.input.modules) {
      for (const { name, code, line } of module.codeStringCalls ?? []) {
        const id = this.calleeFunction(this.symbols.global(module, name, 0));
        if (id && wouldBeAsync.has(id)) this.pin(id, `named in the code string ${code} at ${module.file}:${line}, which exec, eval, a profiler or timeit may run: a dynamic call that awaits nothing`);
      }
    }
  }

  /**
   * The methods a `getattr(receiver, pattern)` call may reach: those whose name fits, on the
   * receiver's class, its bases and its subclasses (`getattr(self, action)` in a base runs a
   * subclass's method; found on gunicorn), or on every class when the receiver's is unknown;
   * undefined when any name may be looked up on an unknown receiver (nothing to tell).
   */
  private lookedUpMethods(call: ResolvedCall): FunctionId[] | undefined {
    const dynamic = call.site.dynamicTarget!;
    const receiver = dynamic.receiver ? this.symbols.resolve(dynamic.receiver, call.module, call.site.scope) : { kind: 'unknown' as const };
    const classId = receiver.kind === 'instance' ? receiver.classId.replace(/^super:/, '') : receiver.kind === 'class' ? receiver.id : undefined;
    if (!classId && dynamic.pattern === '.*') return undefined;
    const classes = classId ? [...this.symbols.mro(classId), ...this.symbols.subclassesOf(classId)] : [...this.symbols.classes.keys()];
    const matches = new RegExp(`^${dynamic.pattern}$`);
    return classes.flatMap((id) => Object.entries(this.symbols.classes.get(id)?.methods ?? {}).filter(([name]) => matches.test(name)).map(([, method]) => method));
  }

  /** What a pinned function calls stays sync too (it cannot await). */
  private closePins(wouldBeAsync: Set<FunctionId>): void {
    const queue = [...this.pinned.keys()];
    while (queue.length > 0) {
      const id = queue.pop()!;
      for (const callee of this.calleesOf.get(id) ?? []) {
        if (!wouldBeAsync.has(callee) || this.pinned.has(callee)) continue;
        const link = this.links.links.get(id);
        const handedTo = this.handsOver.get(id)?.get(callee);
        if (link && this.links.wrappedBy.get(id)!.includes(callee)) {
          this.pin(callee, `decorated with @${link.decorator}, whose wrapper ${describe(this.symbols.functions.get(id)!)} stays sync`);
        } else if (handedTo) {
          this.pin(callee, `handed to ${describe(this.symbols.functions.get(handedTo)!)} by ${describe(this.symbols.functions.get(id)!)}, which stays sync`, true);
        } else if (this.isSplitEntry(this.symbols.functions.get(callee)!)) {
          continue; // its sync face serves sync callers
        } else {
          this.pin(callee, `called by ${describe(this.symbols.functions.get(id)!)}, which stays sync`, true);
        }
        this.pinnedByCaller.set(callee, id);
        for (const member of this.familyOf(callee)) queue.push(member);
      }
    }
  }

  /**
   * A callee pinned by a caller that then turned async with a sync twin stays sync for the twin's
   * sake (the async caller runs it in a thread): its reason names the twin, not a caller that stays sync.
   */
  private pinThroughTwins(twins: ReadonlySet<FunctionId>): void {
    const renamed = new Map<FunctionId, string>();
    for (const [id, caller] of this.pinnedByCaller) {
      if (!twins.has(caller) || !this.pinned.has(id)) continue;
      const fn = this.symbols.functions.get(caller)!;
      const reason = `called by the sync twin of ${describe(fn)} (${twinName(fn)}), which serves the callers that stay sync`;
      this.pinned.set(id, reason);
      renamed.set(id, reason);
    }
    for (const [member, id] of this.pinnedWith) {
      const reason = renamed.get(id);
      if (reason && this.pinned.has(member)) this.pinned.set(member, `${reason} (same method in ${describe(this.symbols.functions.get(id)!)})`);
    }
  }

  /**
   * A wrapper that must keep one colour cannot serve a function that stays sync and one that turns
   * async: it stays sync, and so does everything it wraps.
   */
  private pinOneColourWrappers(wouldBeAsync: Set<FunctionId>): void {
    this.pinGeneratorsUnderAsyncWrappers(wouldBeAsync);
    for (let changed = true; changed;) {
      changed = false;
      for (const [wrapper, wrapped] of this.links.wrappedBy) {
        if (!wouldBeAsync.has(wrapper) || this.pinned.has(wrapper) || !this.wrapperNeedsOneColour(wrapper, wouldBeAsync)) continue;
        const staying = wrapped.find((id) => this.pinned.has(id) || !wouldBeAsync.has(id));
        if (!staying) continue;
        this.pin(wrapper, `its decorator @${this.links.links.get(wrapper)!.decorator} also wraps ${describe(this.symbols.functions.get(staying)!)}, which stays sync`);
        this.closePins(wouldBeAsync);
        changed = true;
      }
    }
  }

  /**
   * A generator a wrapper hands back untouched needs that wrapper sync: as it is, or as the sync half
   * of a colour-aware decorator. Where the wrapper turns async with no sync half (it awaits code of
   * its own, or wraps nothing else that could take the async one), the generator stays sync.
   */
  private pinGeneratorsUnderAsyncWrappers(wouldBeAsync: Set<FunctionId>): void {
    for (const [wrapper, generators] of this.links.generatorsUnder) {
      if (!wouldBeAsync.has(wrapper) || this.pinned.has(wrapper)) continue;
      if (this.links.isWrapper(wrapper) && !this.wrapperNeedsOneColour(wrapper, wouldBeAsync)) continue;
      const why = `its wrapper ${describe(this.symbols.functions.get(wrapper)!)} turns async, and cannot hand back an async generator`;
      for (const id of generators) if (!this.pinned.has(id)) this.pin(id, why);
      this.closePins(wouldBeAsync);
    }
  }

  private reportPins(wouldBeAsync: Set<FunctionId>): void {
    for (const [id, reason] of this.pinned) {
      if (!wouldBeAsync.has(id)) continue;
      const fn = this.symbols.functions.get(id)!;
      const file = this.symbols.moduleOf(id)?.file ?? fn.module;
      if (reason === 'outside the paths being migrated' || reason === RUN_IN_THREAD || reason === SYNC_TWIN) continue;
      this.review('AS101', file, fn.line, `${describe(fn)} stays sync (${reason}); its blocking calls stay as they are and async callers run it in a thread`);
    }
    for (const call of this.calls) {
      const id = call.inferred ? this.calleeFunction(call.target) : undefined;
      if (id && wouldBeAsync.has(id)) {
        const name = calledMethodName(call.site)!;
        const computed = !call.site.callee || call.site.callee.root.kind === 'local-var' && call.site.callee.root.name === COMPUTED_RECEIVER;
        const written = computed ? `\`.${name}()\` on a computed object` : `\`${refText(call.site.callee!)}()\``;
        const classes = call.inferred!.map((id) => describeClass(this.symbols, id)).join(' or ');
        this.review('AS124', call.module.file, call.site.line, call.declared
          ? `${written}: the receiver is declared a ${describeClass(this.symbols, call.declared)}, which leaves \`${name}\` to its subclasses, so it is taken to be a ${classes}; check that it is one`
          : `${written}: the receiver is taken to be a ${classes} (the only project classes defining a \`${name}\` these arguments fit${alongsideText(call.alongside)}); check that it is one, or annotate it`);
      }
      const handler = call.dispatches ? this.calleeFunction(call.target) : undefined;
      if (handler && wouldBeAsync.has(handler)) {
        const handlers = this.dispatch.handlers(call.dispatches!).map((id) => describe(this.symbols.functions.get(id)!));
        this.review('AS127', call.module.file, call.site.line,
          `\`${refText(call.site.callee!)}()\` reaches the argparse handlers set with set_defaults(${call.dispatches}=...): ${handlers.join(', ')}; they take one colour`);
      }
      // A lookup awaited through `_await_if_awaitable` has its own review item (AS129).
      if (call.site.dynamic && !call.dynamic && call.site.scope && wouldBeAsync.has(call.site.scope)) {
        this.review('AS102', call.module.file, call.site.line, `dynamic call through ${call.site.dynamic}: if it reaches code that became async, await it`);
      }
    }
  }

  private readonly reviewed = new Set<string>();

  private review(code: string, file: string, line: number, message: string): void {
    const key = `${code}\0${file}\0${line}\0${message}`;
    if (this.reviewed.has(key)) return;
    this.reviewed.add(key);
    this.reviews.push({ code, file, line, message });
  }
}

/** Uses of a call's result that stay the same when the call is awaited first. */
const DYNAMIC_AWAIT_USAGES = new Set<CallUsage['kind']>(['plain', 'expression-statement', 'assigned', 'returned', 'argument']);

/** What a call of a parameter resolves to when no project function is known to be behind it. */
const OPAQUE_TARGETS = new Set<Target['kind']>(['unknown', 'external', 'external-instance']);

/** A call that `await _await_if_awaitable(...)` can wrap where it stands. */
function awaitableWhereItStands(site: CallSite): boolean {
  return !syncOnlyReason(site) && !site.inGenerator && DYNAMIC_AWAIT_USAGES.has(site.usage.kind)
    && !(site.usage.kind === 'argument' && runsCoroutine(site.usage.callee));
}

/** Why a call cannot be awaited where it stands, if it cannot. */
export function syncOnlyReason(site: CallSite): string | undefined {
  if (site.entry && site.scope === null) return undefined;
  if (site.syncOnly) return site.syncOnly;
  if (site.inGenerator && !(site.inGenerator.consumer && SYNC_CONSUMERS.has(site.inGenerator.consumer))) return 'generator expression';
  return undefined;
}

function generatorUsageSupported(site: CallSite): boolean {
  switch (site.usage.kind) {
    case 'assigned':
      return site.usage.otherUses === 0;
    case 'for-iter':
    case 'next':
      return true;
    // `for v in (g() if c else items):` drains it first: `[_item async for _item in g()]`.
    case 'iterated-branch':
      return site.usage.drainable;
    case 'consumer-arg':
      return site.usage.consumer !== 'len';
    case 'comprehension-iter':
      return site.usage.comprehensionKind !== 'generator' || !!site.usage.consumer;
    case 'yield-from':
      return !site.usage.valueUsed;
    default:
      return false;
  }
}

/** The name of the function a reference is handed to, a nested `def` included. */
function handedToName(ref: NameRef): string | undefined {
  return lastNameOf(ref) ?? (ref.root.kind === 'local-def' ? ref.root.id.split(/[:.]/).at(-1) : undefined);
}

function describeClass(symbols: ProjectSymbols, id: ClassId): string {
  const cls = symbols.classes.get(id);
  return cls ? `${cls.module}.${cls.qualname}` : id;
}

export function describe(fn: FunctionInfo): string {
  return `${fn.module}.${fn.qualname}`;
}

/**
 * Calls that take a module to look at it or to patch a name on it, never to call its functions;
 * pytest-mock's `mocker.spy(mod, "f")` wraps `f` in a spy of its own colour (async for a coroutine function).
 */
const MODULE_INSPECTORS = /(^|\.)(patch\.object|setattr|delattr|hasattr|isinstance|reload|getmodule|getsource|getsourcefile|getfile|ismodule|vars|dir|id|repr|str|print|getmembers)$|^(session_|package_|module_|class_)?mocker\.spy$/;

/** The module-level functions among `ids` (not methods, not nested), by name, in the order of `ids`. */
function moduleLevelFunctionsByName(ids: Iterable<FunctionId>, symbols: ProjectSymbols): Map<string, FunctionId[]> {
  return moduleLevelFunctionsBy(ids, symbols, (fn) => fn.name);
}

/** The module-level functions among `ids`, by the module that defines them. */
function moduleLevelFunctionsByModule(ids: Iterable<FunctionId>, symbols: ProjectSymbols): Map<string, FunctionId[]> {
  return moduleLevelFunctionsBy(ids, symbols, (fn) => fn.module);
}

function moduleLevelFunctionsBy(ids: Iterable<FunctionId>, symbols: ProjectSymbols, key: (fn: FunctionInfo) => string): Map<string, FunctionId[]> {
  const grouped = new Map<string, FunctionId[]>();
  for (const id of ids) {
    const fn = symbols.functions.get(id)!;
    if (fn.classId || fn.nestedIn) continue;
    const group = grouped.get(key(fn));
    if (group) group.push(id);
    else grouped.set(key(fn), [id]);
  }
  return grouped;
}

/**
 * `await session.get(...)`, `async with session.request(...)` in the code as it was: what answers
 * the call is async already (an aiohttp session), no sync method of the project, whatever its name.
 */
function alreadyAsyncUse(site: CallSite): boolean {
  return site.usage.kind === 'awaited' || site.usage.kind === 'with-item' && site.usage.alreadyAsync;
}

/** A called local (FunctionReference.aliasedAs) by the function that binds it and its name. */
function aliasKey(scope: FunctionId | null, name: string): string {
  return `${scope}|${name}`;
}

/** " and having `destroy_list`, `list_timeline`, used on the same receiver elsewhere": what narrowed an inferred receiver. */
function alongsideText(names: readonly string[] | undefined): string {
  if (!names?.length) return '';
  const shown = names.slice(0, 3).map((name) => `\`${name}\``).join(', ');
  return ` and having ${shown}${names.length > 3 ? ', ...' : ''}, used on the same receiver elsewhere`;
}
