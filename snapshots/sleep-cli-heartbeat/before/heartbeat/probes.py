"""Single liveness checks. Each probe returns a :class:`ProbeResult` and never raises."""

import os
import socket
import time
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    detail: str
    latency_ms: Optional[float] = None


def parse_target(text):
    """Split ``"host:port"`` into ``(host, port)``; raise ValueError when malformed."""
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f"expected HOST:PORT, got {text!r}")
    port_number = int(port)
    if not 0 < port_number < 65536:
        raise ValueError(f"port out of range: {port_number}")
    return host.strip("[]"), port_number


def check_tcp(host, port, timeout):
    """Try to open a TCP connection to ``host:port``."""
    started = time.perf_counter()
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except socket.timeout:
        return ProbeResult(False, f"timed out after {timeout:g}s")
    except OSError as exc:
        return ProbeResult(False, exc.strerror or str(exc))
    return ProbeResult(True, "connected", (time.perf_counter() - started) * 1000)


def check_file(path, max_age):
    """Check that ``path`` exists and was modified within the last ``max_age`` seconds."""
    try:
        mtime = os.stat(path).st_mtime
    except FileNotFoundError:
        return ProbeResult(False, "missing")
    age = time.time() - mtime
    if age > max_age:
        return ProbeResult(False, f"stale: modified {age:.0f}s ago")
    return ProbeResult(True, f"fresh: modified {age:.1f}s ago")
