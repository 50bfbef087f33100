/**
 * Callables that take a coroutine object and run or schedule it: a call whose coroutine is handed to
 * one of them is not left un-awaited. Written as the code calls them (`asyncio.gather`, `gather`,
 * `loop.create_task`).
 */
const RUNNERS = new Set(['run', 'create_task', 'ensure_future', 'gather', 'wait_for', 'shield', 'wait', 'as_completed', 'run_coroutine_threadsafe', 'run_until_complete', 'start_soon', '_run_entry_point', '_run_on_entry_loop', '_await_if_awaitable', 'timeout']);

export function runsCoroutine(calleeText: string): boolean {
  const last = calleeText.split('.').at(-1) ?? calleeText;
  return RUNNERS.has(last) && (calleeText === last || /^(asyncio|loop|self\.loop|self\._loop|[a-z_]*loop|tg|task_group|nursery)\./.test(calleeText) || /^_(run_entry_point|run_on_entry_loop|await_if_awaitable)$/.test(last));
}

/** Calls that run a coroutine on a new event loop, which they make and close, and hand back its result. */
export const OWN_LOOP_RUN = String.raw`asyncio\.(?:run|Runner\(\)\.run|new_event_loop\(\)\.run_until_complete)`;
/** Calls that run a coroutine on a loop made before (the thread's own, or one given) and hand back its result. */
export const GIVEN_LOOP_RUN = String.raw`asyncio\.(?:(?:Base|AbstractEvent)?EventLoop|get_event_loop|get_running_loop)\(\)\.run_until_complete`;
