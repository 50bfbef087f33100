import functools
import threading
import time

from heartbeat.probes import ProbeResult, check_file, check_tcp
from heartbeat.runner import run_checks, wait_until_healthy


def test_run_checks_spaces_the_checks(tcp_server):
    probe = functools.partial(check_tcp, "127.0.0.1", tcp_server, 2.0)
    start = time.monotonic()
    results = run_checks(probe, count=3, interval=0.05)
    elapsed = time.monotonic() - start
    assert [r.ok for r in results] == [True, True, True]
    # two pauses between three checks, none after the last one
    assert elapsed >= 0.095


def test_wait_until_healthy_returns_the_first_success(tmp_path):
    beacon = tmp_path / "beacon"
    timer = threading.Timer(0.15, beacon.touch)
    timer.start()
    try:
        result, attempts = wait_until_healthy(
            functools.partial(check_file, beacon, 60), timeout=5.0, interval=0.02
        )
    finally:
        timer.join()
    assert result.ok
    assert attempts >= 2


def test_wait_until_healthy_gives_up_after_the_timeout():
    calls = []

    def always_down():
        calls.append(time.monotonic())
        return ProbeResult(False, "down")

    start = time.monotonic()
    result, attempts = wait_until_healthy(always_down, timeout=0.5, interval=0.05)
    assert not result.ok
    assert attempts == len(calls) >= 3
    assert time.monotonic() - start >= 0.49
