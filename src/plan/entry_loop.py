"""The runner asyncshift defines once in a module whose entry code runs more than one coroutine
(see module-edits.ts): `if __name__ == "__main__":` blocks, the top level of a `__main__.py`.

With `asyncio.run` at each call, every coroutine would get an event loop of its own, and a client
or pool made during one (an httpx.AsyncClient's connections, an asyncpg pool) is bound to that loop:
the next call would fail with "Event loop is closed". One loop serves them all instead.

Only the function is inserted, before the module's first top-level function; the module gains
`import asyncio` and `import atexit` through the import manager.
"""

import asyncio
import atexit


def _run_on_entry_loop(coroutine, _loops=[]):
    """Run a coroutine to completion on the event loop this module's entry code shares.

    The loop is made at the first call and stays open for the next ones, as the objects made
    on it may be used again; it closes when the interpreter exits.
    """
    if not _loops:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        _loops.append(loop)
        atexit.register(loop.close)
    return _loops[0].run_until_complete(coroutine)
