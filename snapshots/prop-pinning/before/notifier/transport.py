"""HTTP transport for webhook deliveries.

Connections are kept open per endpoint and closed when the process exits.
"""

import atexit
import itertools
import logging
import sys
import time

log = logging.getLogger(__name__)

SEND_LATENCY = 0.002
CLOSE_LATENCY = 0.001

WIRE: list[tuple[str, dict]] = []
_receipts = itertools.count(1)
_open: set[str] = set()


def connect(endpoint: str) -> None:
    """Open (or reuse) the pooled connection to *endpoint*."""
    if endpoint not in _open:
        log.debug("connecting to %s", endpoint)
        _open.add(endpoint)


def send(endpoint: str, payload: dict) -> str:
    """POST *payload* to *endpoint*; returns the receipt id the endpoint acknowledged."""
    connect(endpoint)
    time.sleep(SEND_LATENCY)
    WIRE.append((endpoint, payload))
    return f"wh-{next(_receipts)}"


def open_connections() -> list[str]:
    return sorted(_open)


def close_connections() -> int:
    """Close every pooled connection; returns how many were open."""
    closed = len(_open)
    for endpoint in sorted(_open):
        time.sleep(CLOSE_LATENCY)  # wait for the server's FIN
        log.debug("closed %s", endpoint)
    _open.clear()
    if closed:
        print(f"notifier: closed {closed} connection(s)", file=sys.stderr)
    return closed


atexit.register(close_connections)
