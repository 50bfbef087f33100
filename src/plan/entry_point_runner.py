"""The runner asyncshift defines once in a module whose entry points it splits (see entry-split.ts).

Only the function is inserted, before the module's first top-level function; the module gains
`import asyncio`, `import concurrent.futures` and `import logging` through the import manager.
"""

import asyncio
import concurrent.futures
import logging


def _run_entry_point(coroutine):
    """Run an async entry point to completion from sync code, even inside a running event loop."""

    def no_loop_notices(record):
        # A new loop logs its selector (and, in debug mode, its closing) at DEBUG: the sync entry
        # point logged neither, and a caller capturing every record would see them.
        return record.msg not in ("Using selector: %s", "Close %r")

    asyncio_logger = logging.getLogger("asyncio")
    asyncio_logger.addFilter(no_loop_notices)
    try:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(coroutine)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, coroutine).result()
    finally:
        asyncio_logger.removeFilter(no_loop_notices)
