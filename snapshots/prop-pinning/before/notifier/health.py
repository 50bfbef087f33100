"""Backend reachability.

Each mail relay answers a cheap ping; the first one that answers becomes the default backend.
Outages are simulated with :func:`mark_down` so that failover can be exercised without a network.
"""

import logging
import time

log = logging.getLogger(__name__)

BACKENDS = ("smtp://mail-1.internal", "smtp://mail-2.internal")
FALLBACK = "log://stderr"
PING_LATENCY = 0.001

_down: set[str] = set()


def mark_down(endpoint: str) -> None:
    _down.add(endpoint)


def mark_up(endpoint: str | None = None) -> None:
    """Bring *endpoint* (or every endpoint) back."""
    if endpoint is None:
        _down.clear()
    else:
        _down.discard(endpoint)


def ping(endpoint: str) -> bool:
    time.sleep(PING_LATENCY)
    return endpoint not in _down


def probe_backend() -> str:
    """The first relay that answers a ping, else the log fallback."""
    for backend in BACKENDS:
        if ping(backend):
            return backend
    log.warning("no mail relay reachable, falling back to %s", FALLBACK)
    return FALLBACK


def check_health(backend: str) -> bool:
    return backend == FALLBACK or ping(backend)
