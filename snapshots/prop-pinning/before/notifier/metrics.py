"""Counters pushed to the metrics gateway.

Pushing takes a round trip, so it happens on a background thread and never delays deliveries.
"""

import threading
import time
from collections import Counter

PUSH_LATENCY = 0.002

FLUSHED: list[dict[str, int]] = []
_counters: Counter = Counter()
_lock = threading.Lock()


def incr(name: str, n: int = 1) -> None:
    with _lock:
        _counters[name] += n


def flush_metrics() -> None:
    """Push the current counters to the gateway and reset them."""
    with _lock:
        snapshot = dict(_counters)
        _counters.clear()
    time.sleep(PUSH_LATENCY)
    FLUSHED.append(snapshot)


def flush_in_background() -> threading.Thread:
    thread = threading.Thread(target=flush_metrics, name="metrics-flush", daemon=True)
    thread.start()
    return thread


def reset() -> None:
    with _lock:
        _counters.clear()
    FLUSHED.clear()
