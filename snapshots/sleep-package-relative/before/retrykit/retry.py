"""Retrying flaky calls and polling for a condition."""

import time as t

from . import clock
from .backoff import wait_for, wait_until


class RetryError(Exception):
    """All attempts failed; ``__cause__`` holds the last error."""

    def __init__(self, message, attempts):
        super().__init__(message)
        self.attempts = attempts


class RetryTimeout(TimeoutError):
    """The deadline passed before the call succeeded or the condition held."""


def retry_call(
    func,
    *args,
    attempts=3,
    base_delay=0.1,
    factor=2.0,
    max_delay=5.0,
    retry_on=(Exception,),
    **kwargs,
):
    """Call ``func(*args, **kwargs)``, retrying with exponential backoff.

    Only exceptions matching ``retry_on`` are retried; anything else
    propagates at once. After ``attempts`` failures a :class:`RetryError`
    is raised from the last exception.
    """
    if attempts < 1:
        raise ValueError("attempts must be >= 1")
    for attempt in range(1, attempts + 1):
        try:
            return func(*args, **kwargs)
        except retry_on as exc:
            if attempt == attempts:
                raise RetryError(
                    f"{getattr(func, '__name__', func)!s} failed after {attempts} attempts",
                    attempts,
                ) from exc
            wait_for(attempt, base_delay, factor, max_delay)
    raise AssertionError("unreachable")


def retry_for(func, *args, timeout=5.0, interval=0.1, retry_on=(Exception,), **kwargs):
    """Keep calling ``func`` every ``interval`` seconds until it succeeds.

    Raises :class:`RetryTimeout` (chained to the last error) once ``timeout``
    seconds have passed without a success.
    """
    limit = clock.deadline(timeout)
    tries = 0
    while True:
        tries += 1
        try:
            return func(*args, **kwargs)
        except retry_on as exc:
            if clock.expired(limit):
                raise RetryTimeout(
                    f"gave up after {tries} tries in {timeout}s"
                ) from exc
            wait_until(min(clock.deadline(interval), limit))


def poll_until(predicate, timeout=5.0, interval=0.1):
    """Call ``predicate()`` until it returns a truthy value, and return that value.

    Raises :class:`RetryTimeout` if it is still falsy after ``timeout`` seconds.
    """
    limit = clock.deadline(timeout)
    checks = 0
    while True:
        checks += 1
        result = predicate()
        if result:
            return result
        if clock.expired(limit):
            raise RetryTimeout(f"condition not met after {checks} checks in {timeout}s")
        t.sleep(min(interval, clock.remaining(limit)))
