"""Running a probe repeatedly."""

import time


def run_checks(probe, count, interval):
    """Call ``probe()`` ``count`` times, ``interval`` seconds apart; return the results."""
    if count < 1:
        raise ValueError("count must be >= 1")
    results = []
    for n in range(count):
        if n:
            time.sleep(interval)
        results.append(probe())
    return results


def wait_until_healthy(probe, timeout, interval):
    """Call ``probe()`` until it succeeds or ``timeout`` seconds pass.

    Returns ``(result, attempts)``: the first successful result, or the last
    failed one when the time ran out.
    """
    deadline = time.monotonic() + timeout
    attempts = 0
    while True:
        attempts += 1
        result = probe()
        left = deadline - time.monotonic()
        if result.ok or left <= 0:
            return result, attempts
        time.sleep(min(interval, left))
