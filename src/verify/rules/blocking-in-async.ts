import { neverReturns, ownMethod, type FunctionId, type FunctionInfo } from '../../analyze/model.js';
import type { Site } from '../../plan/edits.js';
import { mainThreadOnlyFunctions } from '../../plan/main-thread-only.js';
import { syncOnlyReason } from '../../plan/propagate.js';
import type { Target } from '../../plan/resolve.js';
import { isTestCode } from '../../plan/test-code.js';
import type { OutputProject } from '../output-project.js';
import { blockingCall } from '../blocking-calls.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * A function the migration made async that calls a project function which stays sync and blocks
 * (itself or further down), not through `asyncio.to_thread`. Before, a sync caller (a thread,
 * FastAPI's thread pool) absorbed the wait; now every wait stalls the whole event loop. Undo: async
 * callers run the blocking function in a thread; where the call cannot be bridged, the caller stays
 * sync. (A blocking call a transform leaves in place on purpose is reported by that transform.)
 */
export const blockingInAsync: SelfCheckRule = {
  id: 'blocking-in-async',
  doc: {
    what: 'a function that became async and calls a project function that stays sync and blocks',
    why: 'a blocking call on the event loop stalls every other task while it waits',
  },
  check(output) {
    const findings: Finding[] = [];
    const { blocking: blockers, mainThreadOnly } = blockingCallsBySyncFunction(output);
    for (const module of output.modules) {
      for (const call of module.index.calls) {
        if (call.operand || !call.callee || !call.scope || syncOnlyReason(call) || !output.turnedAsync(call.scope)) continue;
        const target = output.targetOf(module, call);
        const calleeId = target.kind === 'function' ? target.id : undefined;
        const blocker = calleeId ? blockers.get(calleeId) : undefined;
        // It installs signal handlers, which only the main thread may do: it keeps running where it was
        // called (blocking the loop for that long) rather than fail in a worker thread.
        if (!calleeId || !blocker || mainThreadOnly.has(calleeId)) continue;
        // A test's loop is its own (see propagate's onlyTestsNeed): a test helper that blocks on its
        // own calls (a fixture file read) keeps blocking it, where a thread would lose its signal
        // handlers and thread-locals.
        if ([call.scope, calleeId, blocker.holder].every((id) => isTestCode(id, output.symbols))) continue;
        // It never returns (it exits or replaces the process): how long it blocks the loop does not matter.
        if (neverReturns(output.after(calleeId)!)) continue;
        // Calling a generator function only builds the generator; handed on (to a thread), nothing blocks here.
        if (output.after(calleeId)?.isGenerator && ['argument', 'assigned', 'returned'].includes(call.usage.kind)) continue;
        const caller = output.after(call.scope)!;
        const callee = output.after(calleeId)!;
        // Why it stays sync, which the next attempt replaces with this message (the undo's reason).
        // A reason that is already this rule's message of an earlier attempt holds its own why.
        const why = output.propagation.pinned.get(calleeId);
        const pinned = why && !why.includes(' became async and calls ') ? why : undefined;
        findings.push({
          rule: this.id, module: module.index.module, file: module.input.relativePath, line: call.line,
          message: `${caller.module}.${caller.qualname} became async and calls ${callee.module}.${callee.qualname} at ${module.input.relativePath}:${call.line}, which stays sync${pinned ? ` (${pinned})` : ''} and blocks (${blocker.call})`,
          // Bridged already (a call shape the bridge cannot take): then the caller stays sync.
          undo: [{ kind: 'bridge', fn: calleeId }, { kind: 'pin', fn: caller.id }],
          blockedIn: blocker.holder,
        });
      }
    }
    return findings;
  },
};

function isBlocking(site: Site): boolean {
  return site.seed || !!site.bridge;
}

/** The first blocking call found for a sync function, its own or further down, and the function holding it. */
interface Blocker {
  call: string;
  holder: FunctionId;
}

/**
 * Sync project functions that block, each with the first blocking call found: their own, or that
 * of a sync project function they call.
 */
function blockingCallsBySyncFunction(output: OutputProject): { blocking: Map<FunctionId, Blocker>; mainThreadOnly: Set<FunctionId> } {
  const blocking = new Map<FunctionId, Blocker>();
  const resolvedCalls: { scope: FunctionId; target: Target }[] = [];
  const callers = new Map<FunctionId, FunctionId[]>();
  const constructedBy = new Map<FunctionId, FunctionId[]>();
  for (const module of output.modules) {
    for (const site of module.sites) {
      if (!isBlocking(site) || !site.scope || blocking.has(site.scope) || output.after(site.scope)?.isAsync) continue;
      if (site.call && syncOnlyReason(site.call)) continue;
      blocking.set(site.scope, { call: `${site.transform} call at ${module.input.relativePath}:${site.line}`, holder: site.scope });
    }
    for (const call of module.index.calls) {
      if (call.operand || !call.callee || !call.scope || output.after(call.scope)?.isAsync || syncOnlyReason(call)) continue;
      const target = output.targetOf(module, call);
      if (!blocking.has(call.scope)) {
        const blocker = blockingCall(call, module.index, target, output.symbols);
        if (blocker) blocking.set(call.scope, { call: `${blocker} at ${module.input.relativePath}:${call.line}`, holder: call.scope });
      }
      resolvedCalls.push({ scope: call.scope, target });
      // `Daemon(config)` runs `__init__`: it may install signal handlers (its blocking is not followed here).
      const init = target.kind === 'class' ? output.symbols.lookupMethod(target.id, '__init__') : undefined;
      if (init) (constructedBy.get(init) ?? constructedBy.set(init, []).get(init)!).push(call.scope);
      if (target.kind !== 'function' || output.after(target.id)?.isAsync) continue;
      (callers.get(target.id) ?? callers.set(target.id, []).get(target.id)!).push(call.scope);
    }
  }
  const queue = [...blocking.keys()];
  while (queue.length > 0) {
    const id = queue.pop()!;
    const fn = output.after(id)!;
    const below = blocking.get(id)!;
    for (const caller of callers.get(id) ?? []) {
      if (blocking.has(caller)) continue;
      blocking.set(caller, { call: `through ${fn.module}.${fn.qualname}: ${below.call}`, holder: below.holder });
      queue.push(caller);
    }
    // A call resolved to a base class's method runs this override on an instance of this class
    // (`self.strategy.stop_backup()` reaching an abstract method): the base's method blocks too.
    for (const overridden of overriddenMethods(output, fn)) {
      if (blocking.has(overridden) || output.after(overridden)?.isAsync) continue;
      blocking.set(overridden, { call: `through its override ${fn.module}.${fn.qualname}: ${below.call}`, holder: below.holder });
      queue.push(overridden);
    }
  }
  const mainThreadOnly = mainThreadOnlyFunctions(resolvedCalls, (id) => [...callers.get(id) ?? [], ...constructedBy.get(id) ?? []]);
  return { blocking, mainThreadOnly };
}

/** The methods of the same name on the classes a method's class derives from. */
function overriddenMethods(output: OutputProject, fn: FunctionInfo): FunctionId[] {
  if (!fn.classId) return [];
  return output.symbols.mro(fn.classId).slice(1).map((ancestor) => ownMethod(output.symbols.classes.get(ancestor), fn.name)).filter((id): id is FunctionId => !!id);
}
