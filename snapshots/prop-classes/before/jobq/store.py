"""Result storage.

The production deployment writes to a document store over the network; this in-memory
implementation keeps the same interface and simulates the write round trip so that timing-related
behaviour (retries, batching) is exercised in tests too.
"""

import logging
import time
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_WRITE_LATENCY = 0.001


class Store:
    """A namespaced key/value store whose writes cost one round trip."""

    def __init__(self, namespace: str, write_latency: float = DEFAULT_WRITE_LATENCY):
        self.namespace = namespace
        self.write_latency = write_latency
        self.writes = 0
        self._data: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"Store({self.namespace!r}, keys={len(self._data)})"

    def save(self, key: str, value: Any) -> None:
        """Persist *value* under *key*, overwriting any previous value."""
        time.sleep(self.write_latency)
        self._data[key] = value
        self.writes += 1
        log.debug("saved %s/%s", self.namespace, key)

    def load(self, key: str, default: Any = None) -> Any:
        """Read a value back; reads are served from the local replica, so they are free."""
        return self._data.get(key, default)

    def keys(self) -> list[str]:
        return sorted(self._data)


def make_store(namespace: str, *, fast: bool = False) -> Store:
    """Build the store for *namespace*; ``fast=True`` is for throwaway namespaces in tests."""
    return Store(f"jobq:{namespace}", write_latency=0.0005 if fast else DEFAULT_WRITE_LATENCY)
