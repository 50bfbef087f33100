"""Exclusive leases on archives, so that two exporters never process the same archive.

The coordinator is a consensus service; releasing a lease waits for a quorum acknowledgement,
which is why leaving a :class:`Lease` block takes a moment.
"""

import logging
import time

log = logging.getLogger(__name__)

RELEASE_LATENCY = 0.002


class LeaseError(RuntimeError):
    """The resource is already leased by someone else."""


class Coordinator:
    """Keeps track of which owner holds which resource."""

    def __init__(self) -> None:
        self.holders: dict[str, str] = {}
        self.history: list[tuple[str, str, str]] = []

    def acquire(self, resource: str, owner: str) -> None:
        if resource in self.holders:
            raise LeaseError(f"{resource} is held by {self.holders[resource]}")
        self.holders[resource] = owner
        self.history.append(("acquire", resource, owner))

    def release(self, resource: str, owner: str) -> None:
        if self.holders.get(resource) != owner:
            raise LeaseError(f"{owner} does not hold {resource}")
        del self.holders[resource]
        self.history.append(("release", resource, owner))


class Lease:
    """``with Lease(coordinator, "archive-1", "me"):`` holds the lease for the block."""

    def __init__(self, coordinator: Coordinator, resource: str, owner: str):
        self.coordinator = coordinator
        self.resource = resource
        self.owner = owner
        self.held = False

    def __repr__(self) -> str:
        state = "held" if self.held else "free"
        return f"<Lease {self.resource} by {self.owner} ({state})>"

    def __enter__(self) -> "Lease":
        self.coordinator.acquire(self.resource, self.owner)
        self.held = True
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        time.sleep(RELEASE_LATENCY)  # wait for the quorum to acknowledge
        self.coordinator.release(self.resource, self.owner)
        self.held = False
        if exc_type is not None:
            log.warning("lease on %s released after %s", self.resource, exc_type.__name__)
        return False
