import time

from retrykit import clock


def test_pause_blocks_for_the_delay_and_ignores_negative_values():
    start = time.monotonic()
    clock.pause(0.05)
    assert time.monotonic() - start >= 0.045

    start = time.monotonic()
    clock.pause(clock.remaining(clock.now() - 10))
    clock.pause(-1)
    assert time.monotonic() - start < 0.5
