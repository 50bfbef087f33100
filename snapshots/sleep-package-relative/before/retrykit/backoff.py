"""Exponential backoff: how long to wait before the next attempt, and waiting."""

from time import sleep

from . import clock

DEFAULT_FACTOR = 2.0
DEFAULT_CAP = 30.0


def compute_delay(attempt, base, factor=DEFAULT_FACTOR, cap=DEFAULT_CAP):
    """Delay in seconds before retry number ``attempt`` (1-based).

    >>> [compute_delay(n, 0.5) for n in (1, 2, 3, 4)]
    [0.5, 1.0, 2.0, 4.0]
    """
    if attempt < 1:
        raise ValueError(f"attempt is 1-based, got {attempt!r}")
    return min(cap, base * factor ** (attempt - 1))


def schedule(attempts, base, factor=DEFAULT_FACTOR, cap=DEFAULT_CAP):
    """The full list of delays for ``attempts`` retries, e.g. for logging."""
    return [compute_delay(n, base, factor, cap) for n in range(1, attempts + 1)]


def wait_for(attempt, base, factor=DEFAULT_FACTOR, cap=DEFAULT_CAP):
    """Sleep for the backoff delay of ``attempt`` and return the delay used."""
    delay = compute_delay(attempt, base, factor, cap)
    sleep(delay)
    return delay


def wait_until(when):
    """Block until the monotonic time ``when`` (see :func:`clock.deadline`)."""
    clock.pause(clock.remaining(when))
