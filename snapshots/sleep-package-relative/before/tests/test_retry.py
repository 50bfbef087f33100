import time

import pytest

import retrykit
from retrykit import RetryError, RetryTimeout, poll_until, retry_call, retry_for


def make_flaky(failures, exc_type=ConnectionError, result="ok"):
    """A function that raises ``exc_type`` ``failures`` times, then returns ``result``."""
    calls = []

    def flaky(*args, **kwargs):
        calls.append((args, kwargs))
        if len(calls) <= failures:
            raise exc_type(f"failure {len(calls)}")
        return result

    return flaky, calls


def test_retry_call_recovers_from_transient_failures():
    flaky, calls = make_flaky(2)
    start = time.monotonic()
    assert retry_call(flaky, "job-1", attempts=5, base_delay=0.01, priority=3) == "ok"
    elapsed = time.monotonic() - start
    assert len(calls) == 3
    assert calls[0] == (("job-1",), {"priority": 3})
    # backoff 0.01 + 0.02 between the three calls
    assert elapsed >= 0.025


def test_retry_call_gives_up_and_chains_the_last_error():
    flaky, calls = make_flaky(10)
    with pytest.raises(RetryError) as info:
        retry_call(flaky, attempts=3, base_delay=0.01)
    assert len(calls) == 3
    assert info.value.attempts == 3
    assert isinstance(info.value.__cause__, ConnectionError)
    assert str(info.value.__cause__) == "failure 3"


def test_retry_call_does_not_retry_other_errors():
    flaky, calls = make_flaky(1, exc_type=KeyError)
    with pytest.raises(KeyError):
        retry_call(flaky, attempts=4, base_delay=0.01, retry_on=(ConnectionError,))
    assert len(calls) == 1


def test_retry_for_keeps_trying_until_success():
    flaky, calls = make_flaky(3, result=42)
    start = time.monotonic()
    assert retry_for(flaky, timeout=2.0, interval=0.02) == 42
    assert len(calls) == 4
    assert time.monotonic() - start >= 0.055


def test_retry_for_times_out():
    flaky, calls = make_flaky(1000)
    start = time.monotonic()
    with pytest.raises(RetryTimeout) as info:
        retry_for(flaky, timeout=0.3, interval=0.02)
    assert time.monotonic() - start >= 0.295
    assert isinstance(info.value, TimeoutError)
    # Generous bounds: a loaded machine may stretch every sleep.
    assert 2 <= len(calls) <= 20


def test_poll_until_returns_the_first_truthy_value():
    seen = []

    def ready():
        seen.append(1)
        return "ready" if len(seen) >= 3 else None

    start = time.monotonic()
    assert poll_until(ready, timeout=2.0, interval=0.02) == "ready"
    assert len(seen) == 3
    assert time.monotonic() - start >= 0.035


def test_poll_until_raises_on_timeout():
    with pytest.raises(RetryTimeout, match="condition not met"):
        retrykit.poll_until(lambda: False, timeout=0.05, interval=0.01)
