import time

import pytest

from retrykit import backoff
from retrykit.backoff import compute_delay, wait_for


def test_compute_delay_grows_and_is_capped():
    assert backoff.schedule(5, 0.5, cap=3.0) == [0.5, 1.0, 2.0, 3.0, 3.0]
    with pytest.raises(ValueError):
        compute_delay(0, 0.5)


def test_wait_for_sleeps_the_backoff_delay():
    start = time.monotonic()
    used = wait_for(3, 0.01)
    elapsed = time.monotonic() - start
    assert used == pytest.approx(0.04)
    assert elapsed >= 0.035

