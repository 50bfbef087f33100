"""Batch rollouts: deploy a batch, wait until it is healthy, then move on to the next one."""

import logging
import time
from dataclasses import dataclass, field

from .inventory import Host
from .remote import HostStatus, probe, push_release

log = logging.getLogger(__name__)

HEALTH_INTERVAL = 0.002
BATCH_PAUSE = 0.001


@dataclass
class RolloutResult:
    version: str
    succeeded: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    not_attempted: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.not_attempted


def wait_healthy(host: Host, attempts: int = 4) -> bool:
    """Probe *host* until it reports healthy, at most *attempts* times."""
    for attempt in range(1, attempts + 1):
        if probe(host).healthy:
            return True
        log.info("%s not healthy yet (probe %d/%d)", host.name, attempt, attempts)
        time.sleep(HEALTH_INTERVAL)
    return False


def deploy_host(host: Host, version: str) -> bool:
    """Push *version* to one host and wait for it to come back healthy."""
    push_release(host, version)
    return wait_healthy(host)


def rollout(hosts: list[Host], version: str, batch_size: int = 2) -> RolloutResult:
    """Deploy *version* batch by batch; stop before the next batch when a host fails."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    result = RolloutResult(version)
    for start in range(0, len(hosts), batch_size):
        batch = hosts[start : start + batch_size]
        if result.failed:
            result.not_attempted.extend(h.name for h in batch)
            continue
        if start:
            time.sleep(BATCH_PAUSE)
        for host in batch:
            (result.succeeded if deploy_host(host, version) else result.failed).append(host.name)
    return result


def fleet_status(hosts: list[Host]) -> list[HostStatus]:
    """One probe per host, in order."""
    return [probe(host) for host in hosts]
