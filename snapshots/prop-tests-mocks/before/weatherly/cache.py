"""A short-lived observation cache, shared by the report workers.

Opening the cache connects to the cache server and closing it flushes pending writes; both take a
round trip.
"""

import logging
import time

from .models import Observation

log = logging.getLogger(__name__)

CONNECT_LATENCY = 0.002
FLUSH_LATENCY = 0.001


class ReadingCache:
    def __init__(self, name: str):
        self.name = name
        self.closed = False
        self.hits = 0
        self._entries: dict[str, Observation] = {}

    def get(self, station_id: str) -> Observation | None:
        if self.closed:
            raise RuntimeError(f"cache {self.name} is closed")
        found = self._entries.get(station_id)
        if found is not None:
            self.hits += 1
        return found

    def put(self, obs: Observation) -> None:
        if self.closed:
            raise RuntimeError(f"cache {self.name} is closed")
        self._entries[obs.station_id] = obs

    def __len__(self) -> int:
        return len(self._entries)


def open_cache(name: str) -> ReadingCache:
    time.sleep(CONNECT_LATENCY)
    log.debug("cache %s connected", name)
    return ReadingCache(name)


def close_cache(cache: ReadingCache) -> int:
    """Flush and close; returns the number of entries flushed."""
    time.sleep(FLUSH_LATENCY)
    cache.closed = True
    return len(cache)
