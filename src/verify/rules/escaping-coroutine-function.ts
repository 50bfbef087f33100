import type { FunctionId } from '../../analyze/model.js';
import type { Target } from '../../plan/resolve.js';
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
    for (const module of output.modules) {
      for (const reference of module.index.references) {
        const target = output.symbols.resolve(reference.ref, module.index, reference.scope);
        if (target.kind !== 'function' || !output.turnedAsync(target.id)) continue;
        // `return wrapper` in its decorator: the decorated function's callers get it, and await it.
        if (output.propagation.decorators?.handsOnWrapper(target.id, reference.scope)) continue;
        // A mock standing in for the function that calls it: the function's callers await the mock.
        if (reference.standsInFor && standsInForItself(output.symbols.resolveDotted(reference.standsInFor), target.id)) continue;
        const passedTo = reference.passedTo ? output.symbols.resolve(reference.passedTo, module.index, reference.scope) : undefined;
        if (passedTo?.kind === 'external' && TAKES_COROUTINE_FUNCTIONS.test(passedTo.name)) continue;
        // `set_defaults(func=cmd_copy)` with every `args.func(...)` a dispatch (unawaited-coroutine checks those).
        if (output.dispatch.handsOverHandler(target.id, passedTo)) continue;
        if (output.dispatch.returnsHandler(target.id, reference.scope)) continue;
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

function standsInForItself(patched: Target, id: FunctionId): boolean {
  return patched.kind === 'function' && patched.id === id;
}
