"""The runner asyncshift defines once in a module whose entry points it splits (see entry-split.ts).

Only the function is inserted, before the module's first top-level function; the module gains
`import asyncio` and `import concurrent.futures` through the import manager.
"""

import asyncio
import concurrent.futures


def _run_entry_point(coroutine):
    """Run an async entry point to completion from sync code, even inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
