"""The runner asyncshift defines once in a module whose entry code runs more than one coroutine
(see module-edits.ts): `if __name__ == "__main__":` blocks, the top level of a `__main__.py`.

With `asyncio.run` at each call, every coroutine would get an event loop of its own, and a client
or pool made during one (an httpx.AsyncClient's connections, an asyncpg pool) is bound to that loop:
the next call would fail with "Event loop is closed". One loop serves them all instead.

Only the function is inserted, before the entry code (see helper-place.ts); the module gains
`import asyncio` and `import atexit` through the import manager. Being one function, it keeps its
loop in a default argument (`_loops`) rather than in a module global of its own.
"""

import asyncio
import atexit


def _run_on_entry_loop(coroutine, _loops=[]):
    """Run a coroutine to completion on the event loop this module's entry code shares.

    The loop is made at the first call and stays open for the next ones, as the objects made
    on it may be used again; when the interpreter exits, it is closed the way asyncio.run
    closes its own: tasks still pending are cancelled, async generators finalised.
    """
    if not _loops:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        _loops.append(loop)

        def close():
            try:
                pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
                for task in pending:
                    task.cancel()
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                asyncio.set_event_loop(None)
                loop.close()

        atexit.register(close)
    return _loops[0].run_until_complete(coroutine)
