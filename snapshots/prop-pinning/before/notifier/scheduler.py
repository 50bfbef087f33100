"""Ordering and pacing of outgoing messages."""

import logging
import time

from .models import Message

log = logging.getLogger(__name__)

# Recipient tiers as kept in the CRM; unknown recipients are tier 0.
CRM_TIERS = {"ceo@example.com": 2, "ops@example.com": 1}
CRM_LATENCY = 0.001


def calibrate_clock(samples: int = 3) -> float:
    """How much a 1 ms sleep overshoots on this host (the worst of *samples* tries)."""
    worst = 0.0
    for _ in range(samples):
        start = time.perf_counter()
        time.sleep(0.001)
        worst = max(worst, time.perf_counter() - start - 0.001)
    return worst


def priority_score(msg: Message) -> tuple[int, int]:
    """Sort key: urgent messages first, then higher CRM tiers. Costs one CRM lookup."""
    time.sleep(CRM_LATENCY)
    return (-msg.priority, -CRM_TIERS.get(msg.recipient, 0))


class RateLimiter:
    """Spaces calls to :meth:`wait` at least ``1 / per_second`` apart."""

    def __init__(self, per_second: float):
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.interval = 1.0 / per_second
        self.overshoot = calibrate_clock()
        self.waits = 0
        self._next_at = 0.0

    def __repr__(self) -> str:
        return f"RateLimiter(interval={self.interval:.4f}, waits={self.waits})"

    def wait(self) -> float:
        """Sleep until the next call is allowed; returns the time slept."""
        now = time.monotonic()
        delay = max(0.0, self._next_at - now - self.overshoot)
        if delay:
            time.sleep(delay)
        self._next_at = max(now, self._next_at) + self.interval
        self.waits += 1
        return delay
