import { TRANSFORMS } from '../../transforms/registry.js';

/**
 * The review-item codes of the engine (AS1xx), with what a reviewer should check. Each transform
 * declares its own codes in its definition (`reviewCodes`).
 */
export const ENGINE_REVIEW_CODES: Record<string, string> = {
  AS101: 'a function that would have become async stays sync (pinned); async callers run it in a thread',
  AS102: 'a dynamic call (getattr, a function looked up in a container) may reach code that became async',
  AS103: '`yield from` was unrolled into `async for`: send()/throw() are no longer delegated',
  AS104: 'a method called on a receiver of unknown type stays sync',
  AS105: 'entry code runs several coroutines, or one in a loop: they share one event loop (or, where the module cannot host the runner, each gets its own asyncio.run)',
  AS106: 'an entry point called synchronously from outside now runs its async body with asyncio.run',
  AS107: 'a protocol method became its async form: users must switch to async with / async for',
  AS108: 'a sync context manager or generator stays blocking inside async code',
  AS109: 'a pinned function is called through asyncio.to_thread',
  AS110: 'a test double of a function that became async must be awaitable',
  AS113: 'a block that would have moved into a thread stays on the event loop, because another conversion inside it belongs with the rest of its function',
  AS112: 'two conversions claimed the same code; the first was kept (a bug worth reporting)',
  AS111: 'a file the migrated code needs (a generated helper module) already exists with other content',
  AS120: 'the self-check found a problem in the migrated output and this conversion was not applied',
  AS121: 'the self-check found a problem in this module that no narrower undo removed: the module was left unchanged',
  AS123: 'a project decorator became colour-aware: coroutine functions get an async wrapper, sync ones keep the original',
  AS124: 'a receiver whose class the code does not say was taken to be one of the only project classes defining that method: check it',
  AS125: 'a function kept sync only by its callers turned async; its original code stays as a sync twin (name_sync) for them',
  AS126: 'a sync function that never returns (-> NoReturn: it exits or replaces the process) is called on the event loop, not through a thread',
  AS127: 'an argparse dispatch (`args.func(args)`) reaches every handler set with set_defaults(func=...): they take one colour, and the dispatch awaits them',
  AS128: 'a sync function that installs signal handlers (itself or through what it calls) is called on the event loop, not through a thread, where Python forbids it',
  AS129: 'a method called on a receiver of unknown type, where a project method of that name turned async, a method getattr() looks up by a pattern of names, or a callback parameter that receives a project function that turned async, is awaited only when it returns something awaitable (_await_if_awaitable)',
  AS130: 'a call that a test reaches with a MagicMock standing in for its receiver (a patched class or factory, an attribute set to a mock) is awaited only when it returns something awaitable (_await_if_awaitable): the real method\'s coroutine is awaited, the mock\'s value handed back',
};

/** Every code, engine first, then each transform's. */
export function allReviewCodes(): { code: string; origin: string; meaning: string }[] {
  return [
    ...Object.entries(ENGINE_REVIEW_CODES).map(([code, meaning]) => ({ code, origin: 'propagation', meaning })),
    ...TRANSFORMS.flatMap((transform) => Object.entries(transform.reviewCodes ?? {}).map(([code, meaning]) => ({ code, origin: transform.id, meaning }))),
  ];
}
