import os
import time

import pytest

from heartbeat.probes import check_file, check_tcp, parse_target


def test_check_tcp_connects_to_an_open_port(tcp_server):
    result = check_tcp("127.0.0.1", tcp_server, timeout=2.0)
    assert result.ok
    assert result.detail == "connected"
    assert result.latency_ms >= 0


def test_check_tcp_reports_a_closed_port(closed_port):
    result = check_tcp("127.0.0.1", closed_port, timeout=2.0)
    assert not result.ok
    assert result.latency_ms is None
    assert "refused" in result.detail.lower()


def test_check_file_fresh_stale_and_missing(tmp_path):
    beacon = tmp_path / "beacon"
    assert check_file(beacon, max_age=60).detail == "missing"
    beacon.touch()
    assert check_file(beacon, max_age=60).ok
    an_hour_ago = time.time() - 3600
    os.utime(beacon, (an_hour_ago, an_hour_ago))
    stale = check_file(beacon, max_age=60)
    assert not stale.ok
    assert stale.detail.startswith("stale")
    with pytest.raises(ValueError):
        parse_target("localhost")
    assert parse_target("[::1]:8080") == ("::1", 8080)
