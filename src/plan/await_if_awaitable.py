"""The helper asyncshift defines once in a module that calls a method on a receiver of unknown type
whose project definitions turned async, a callback parameter that receives a project function that
turned async (see dynamic-awaits.ts and callback-links.ts), or a method that turned async where a
test reaches the call with a MagicMock standing in for its receiver (verify/test-mocks.ts).

Only the function is inserted, before the module's first top-level function (or after its last
top-level import, in a module of classes only, or at its end, in a module of neither); the module
gains `import inspect` and `from typing import Any` through the import manager. The annotations are
strings, so the function can be defined before the import of `Any` runs.
"""

import inspect
from typing import Any


async def _await_if_awaitable(value: "Any") -> "Any":
    """Await what a call returned, when it can be awaited.

    The call is on a receiver of unknown type, or of a callback. A project function that turned
    async returns a coroutine; another object's method or another callable (a library's, or a
    project function that stayed sync) returns its result as before, which is handed back as is.
    """
    if inspect.isawaitable(value):
        return await value
    return value
