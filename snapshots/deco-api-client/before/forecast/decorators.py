"""Decorators the client's methods share."""
import functools
import logging
import time

from .errors import MissingKey, ServerError

log = logging.getLogger("forecast")


def retry(times=3, delay=0.01):
    """Call again after a server error, waiting a little longer each time."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(1, times):
                try:
                    return func(*args, **kwargs)
                except ServerError:
                    log.info("attempt %d of %s failed", attempt, func.__name__)
                    time.sleep(delay * attempt)
            return func(*args, **kwargs)

        return wrapper

    return decorate


def requires_key(method):
    """Refuse to call the service without an API key, before any request is made."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        if not self.api_key:
            raise MissingKey(f"{method.__name__} needs an API key")
        return method(self, *args, **kwargs)

    return guarded


def logged(func):
    """Log each call and its result."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        log.debug("calling %s", func.__qualname__)
        result = func(*args, **kwargs)
        log.debug("%s returned %r", func.__qualname__, result)
        return result

    return wrapper


class timed:
    """Record how long each call takes, by function name, in `timed.durations`."""

    durations = {}

    def __init__(self, func):
        self.func = func
        functools.update_wrapper(self, func)

    def __get__(self, instance, owner):
        return self if instance is None else functools.partial(self.__call__, instance)

    def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.func(*args, **kwargs)
        finally:
            timed.durations.setdefault(self.func.__name__, []).append(time.perf_counter() - started)
