"""Operations on one remote host.

In production these go through the fleet agent's RPC endpoint. The agent is simulated here with
the same latencies and the same failure modes the rollout logic has to cope with:

* hosts whose name starts with ``bad`` never become healthy;
* hosts whose name starts with ``slow`` report healthy only from their third probe on.
"""

import logging
import time
from collections import defaultdict
from dataclasses import dataclass

from .inventory import Host

log = logging.getLogger(__name__)

RPC_LATENCY = 0.001

# What the (simulated) agents report; keyed by host name.
_deployed: dict[str, str] = {}
_probes: defaultdict[str, int] = defaultdict(int)


@dataclass(frozen=True)
class HostStatus:
    host: str
    version: str | None
    healthy: bool


def _rpc(host: Host, action: str) -> None:
    log.debug("rpc %s -> %s", action, host.name)
    time.sleep(RPC_LATENCY)


def push_release(host: Host, version: str) -> None:
    """Upload and unpack *version* on *host*, then switch the ``current`` symlink."""
    _rpc(host, "push")
    _deployed[host.name] = version
    _probes[host.name] = 0


def probe(host: Host) -> HostStatus:
    """Ask the agent on *host* for its current version and health."""
    _rpc(host, "probe")
    _probes[host.name] += 1
    if host.name.startswith("bad"):
        healthy = False
    elif host.name.startswith("slow"):
        healthy = _probes[host.name] >= 3
    else:
        healthy = True
    return HostStatus(host.name, _deployed.get(host.name), healthy)


def reset() -> None:
    """Forget every simulated deployment (tests and dry runs)."""
    _deployed.clear()
    _probes.clear()
