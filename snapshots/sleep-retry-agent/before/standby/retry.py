import random
import time
from typing import Callable, Optional, Tuple, Type, Union


class RetryFailedError(Exception):
    """Every attempt failed."""


def _sleep(interval: Union[int, float]) -> None:
    """Wrap time.sleep so that callers can pass another sleeper."""
    time.sleep(interval)


class Retry:
    """Call a function until it stops raising one of `retry_exceptions`, backing off in between."""

    def __init__(self, max_tries: int = 3, delay: float = 0.1, backoff: int = 2, max_jitter: float = 0.0,
                 sleep_func: Callable[[Union[int, float]], None] = _sleep,
                 retry_exceptions: Union[Type[Exception], Tuple[Type[Exception], ...]] = ConnectionError) -> None:
        self.max_tries = max_tries
        self.delay = delay
        self.backoff = backoff
        self.max_jitter = max_jitter
        self.sleep_func = sleep_func
        self.retry_exceptions = retry_exceptions
        self.attempts = 0

    def __call__(self, func, *args, **kwargs):
        delay = self.delay
        self.attempts = 0
        while True:
            try:
                return func(*args, **kwargs)
            except self.retry_exceptions as error:
                self.attempts += 1
                if self.attempts >= self.max_tries:
                    raise RetryFailedError(f"{self.attempts} attempts failed") from error
                self.sleep_func(delay + random.uniform(0, self.max_jitter))
                delay *= self.backoff


def settle(seconds: Optional[float] = None) -> None:
    """Give the primary a moment after a configuration change."""
    _sleep(0.5 if seconds is None else seconds)
