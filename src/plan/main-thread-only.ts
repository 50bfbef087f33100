import type { FunctionId } from '../analyze/model.js';
import type { Target } from './resolve.js';

/** Calls Python allows in the main thread only (ValueError elsewhere). */
const MAIN_THREAD_ONLY = /^signal\.(signal|set_wakeup_fd|siginterrupt)$/;

/**
 * Functions that install signal handlers, themselves or through the sync project functions they
 * call (a constructor included: `Daemon(config)` runs `__init__`). Run in `asyncio.to_thread` they
 * would raise ValueError, so their async callers call them where they are, on the loop (patroni's
 * `patroni_main`, three calls above `signal.signal`).
 */
export function mainThreadOnlyFunctions(
  calls: Iterable<{ scope: FunctionId | null; target: Target }>,
  callersOf: (id: FunctionId) => Iterable<FunctionId>,
): Set<FunctionId> {
  const found = new Set<FunctionId>();
  for (const { scope, target } of calls) {
    if (scope && target.kind === 'external' && MAIN_THREAD_ONLY.test(target.name)) found.add(scope);
  }
  const queue = [...found];
  while (queue.length > 0) {
    for (const caller of callersOf(queue.pop()!)) {
      if (found.has(caller)) continue;
      found.add(caller);
      queue.push(caller);
    }
  }
  return found;
}
