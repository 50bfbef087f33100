"""Monotonic clock helpers shared by the rest of the package.

Everything here works on ``time.monotonic()`` values so that wall-clock
adjustments (NTP, daylight saving) never shorten or stretch a wait.
"""

import time


def now():
    """Return the current monotonic time in seconds."""
    return time.monotonic()


def deadline(timeout):
    """Return the monotonic time at which ``timeout`` seconds will have passed."""
    if timeout < 0:
        raise ValueError(f"timeout must be >= 0, got {timeout!r}")
    return now() + timeout


def remaining(when):
    """Seconds left until the monotonic time ``when``; never negative."""
    return max(0.0, when - now())


def expired(when):
    """True once the monotonic time ``when`` has been reached."""
    return remaining(when) == 0.0


def pause(seconds):
    """Block the current thread for ``seconds``.

    Negative values are treated as zero instead of raising, because callers
    usually compute the delay from a deadline that may already have passed.
    """
    time.sleep(max(0.0, seconds))
