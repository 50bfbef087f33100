"""retrykit: retry, backoff and polling helpers for flaky jobs."""

from .backoff import compute_delay, wait_for, wait_until
from .clock import deadline, pause, remaining
from .retry import RetryError, RetryTimeout, poll_until, retry_call, retry_for

__version__ = "0.3.1"

__all__ = [
    "RetryError",
    "RetryTimeout",
    "compute_delay",
    "deadline",
    "pause",
    "poll_until",
    "remaining",
    "retry_call",
    "retry_for",
    "wait_for",
    "wait_until",
]
