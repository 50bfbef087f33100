import { byCallableName, type FunctionId, type FunctionInfo, type FunctionReference, type ModuleIndex } from '../../analyze/model.js';
import { callbackSlot, callsOfParameter } from '../../plan/callback-links.js';
import { AWAITER } from '../../plan/dynamic-awaits.js';
import { handedToNonCaller, mayBeCalledLater } from '../../plan/handed-methods.js';
import type { ProjectSymbols, Target } from '../../plan/resolve.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * A function the migration made async, named as a value (a callback, a handler stored in a dict, a
 * target handed to a thread or to `asyncio.to_thread`) rather than called: whoever calls it later
 * calls it synchronously and gets a coroutine that never runs — and a coroutine is always truthy.
 * Only asyncio's own coroutine APIs take it as it is. Undo: the function stays sync.
 */
/** Library callables that accept a coroutine function and await what it returns. */
const TAKES_COROUTINE_FUNCTIONS = /^(asyncio\.(?!to_thread$)\w+|unittest\.mock\.AsyncMock|fastapi\.(Depends|Security)|fastapi\.(FastAPI|APIRouter)\(\)\.\w+|starlette\..*)$/;

export const escapingCoroutineFunction: SelfCheckRule = {
  id: 'escaping-coroutine-function',
  doc: {
    what: 'a function that became async, passed on or stored as a value where a sync callable is expected',
    why: 'its later caller gets a coroutine instead of a result: the body never runs, and the coroutine is truthy',
  },
  check(output) {
    const findings: Finding[] = [];
    let methodsByName: Map<string, FunctionInfo[]> | undefined;
    for (const module of output.modules) {
      for (const reference of module.index.references) {
        const target = output.symbols.resolve(reference.ref, module.index, reference.scope);
        if (target.kind === 'unknown' && reference.ref.path.length > 0) {
          // `Thread(target=worker.run)` on an object of unknown type: any method of that name may be it.
          if (!mayBeCalledLater(reference, module.index, output.symbols, output.dispatch)) continue;
          const passedTo = reference.passedTo ? output.symbols.resolve(reference.passedTo, module.index, reference.scope) : undefined;
          if (passedTo?.kind === 'external' && TAKES_COROUTINE_FUNCTIONS.test(passedTo.name)) continue;
          methodsByName ??= byCallableName(output.modules.filter((m) => m.changed).flatMap((m) => m.index.functions).filter((fn) => output.turnedAsync(fn.id))).methods;
          const named = methodsByName.get(reference.ref.path.at(-1)!) ?? [];
          if (named.length === 0) continue;
          findings.push({
            rule: this.id, module: module.index.module, file: module.input.relativePath, line: reference.line,
            message: `${named.map((fn) => `${fn.module}.${fn.qualname}`).join(', ')} became async, but ${module.input.relativePath}:${reference.line} hands on a method of that name, on an object of unknown type, as a value that may be called synchronously`,
            undo: named.map((fn) => ({ kind: 'pin' as const, fn: fn.id })),
          });
          continue;
        }
        if (target.kind !== 'function' || !output.turnedAsync(target.id)) continue;
        // `return wrapper` in its decorator: the decorated function's callers get it, and await it.
        if (output.propagation.decorators?.handsOnWrapper(target.id, reference.scope)) continue;
        // A mock standing in for the function that calls it: the function's callers await the mock.
        if (reference.standsInFor && standsInForItself(output.symbols.resolveDotted(reference.standsInFor), target.id)) continue;
        const passedTo = reference.passedTo ? output.symbols.resolve(reference.passedTo, module.index, reference.scope) : undefined;
        if (passedTo?.kind === 'external' && TAKES_COROUTINE_FUNCTIONS.test(passedTo.name)) continue;
        if (handedToNonCaller(reference, module.index, output.symbols)) continue;
        // `set_defaults(func=cmd_copy)` with every `args.func(...)` a dispatch (unawaited-coroutine checks those).
        if (output.dispatch.handsOverHandler(target.id, passedTo)) continue;
        if (output.dispatch.returnsHandler(target.id, reference.scope)) continue;
        if (awaitedByReceiver(reference, target.id, module.index, output.symbols)) continue;
        const turnedAsync = (held: FunctionReference) => {
          const heldFunction = output.symbols.resolve(held.ref, module.index, held.scope);
          return heldFunction.kind === 'function' && output.turnedAsync(heldFunction.id);
        };
        if (awaitedWhereHeld(reference, module.index, turnedAsync)) continue;
        const fn = output.after(target.id)!;
        findings.push({
          rule: this.id, module: module.index.module, file: module.input.relativePath, line: reference.line,
          message: `${fn.module}.${fn.qualname} became async, but ${module.input.relativePath}:${reference.line} hands it on as a value that may be called synchronously`,
          undo: [{ kind: 'pin', fn: fn.id }],
        });
      }
    }
    return findings;
  },
};

/**
 * Handed to a parameter that an async project function only calls, each call awaited
 * (`await _await_if_awaitable(callback(event))`, or `await callback(event)`).
 */
function awaitedByReceiver(reference: FunctionReference, callback: FunctionId, module: ModuleIndex, symbols: ProjectSymbols): boolean {
  const slot = callbackSlot(reference, callback, module, symbols);
  const home = slot && symbols.moduleOf(slot.receiver.id);
  if (!slot || !home || !slot.receiver.isAsync) return false;
  return callsOfParameter(slot.receiver, slot.parameter, home).every((call) => call.usage.kind === 'awaited'
    || (call.usage.kind === 'argument' && call.usage.callee === AWAITER && awaitedAt(call.span.start, home)));
}

/** The `_await_if_awaitable(...)` call around the argument starting at `start` is awaited. */
function awaitedAt(start: number, module: ModuleIndex): boolean {
  return module.calls.some((call) => call.usage.kind === 'awaited' && call.argsSpan.start < start && call.argsSpan.end > start
    && call.callee?.path.length === 0 && call.callee.root.kind === 'global' && call.callee.root.name === AWAITER);
}

function standsInForItself(patched: Target, id: FunctionId): boolean {
  return patched.kind === 'function' && patched.id === id;
}

/**
 * Assigned to a local that is only called, every function it holds turned async, and every call of
 * it awaited (`initialize = self._initdb` ... `await initialize(config)`).
 */
function awaitedWhereHeld(reference: FunctionReference, module: ModuleIndex, turnedAsync: (held: FunctionReference) => boolean): boolean {
  if (!reference.aliasedAs) return false;
  const { aliasedAs: name, scope } = reference;
  const held = module.references.filter((other) => other.scope === scope && other.aliasedAs === name);
  if (!held.every(turnedAsync)) return false;
  const calls = module.calls.filter((call) => call.scope === scope && call.callee?.root.kind === 'local-var' && call.callee.root.name === name && call.callee.path.length === 0);
  return calls.every((call) => call.usage.kind === 'awaited');
}
