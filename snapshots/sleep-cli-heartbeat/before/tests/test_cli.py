import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from heartbeat import config
from heartbeat.cli import main

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def test_main_reports_a_healthy_port(tcp_server, capsys):
    code = main(["--count", "3", "--interval", "0.01", "tcp", f"127.0.0.1:{tcp_server}"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith(f"heartbeat tcp 127.0.0.1:{tcp_server}\n")
    assert out.count(" ok ") == 3
    assert out.endswith("3/3 checks ok\n")


def test_main_fails_for_a_closed_port(closed_port, capsys):
    code = main(["-n", "2", "-i", "0.01", "tcp", f"127.0.0.1:{closed_port}"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.count("FAIL") == 2
    assert "0/2 checks ok" in out
    assert main(["-n", "2", "-i", "0.01", "--min-ok", "0", "tcp", f"127.0.0.1:{closed_port}"]) == 0


def test_main_waits_for_a_file_to_appear(tmp_path, capsys):
    beacon = tmp_path / "beacon"
    timer = threading.Timer(0.15, beacon.touch)
    timer.start()
    try:
        code = main(["--wait", "5", "-n", "2", "-i", "0.02", "file", str(beacon)])
    finally:
        timer.join()
    out = capsys.readouterr().out
    assert code == 0
    assert "2/2 checks ok" in out


def test_main_wait_times_out(tmp_path, capsys):
    code = main(["--wait", "0.1", "-i", "0.02", "file", str(tmp_path / "never")])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert "not healthy" in captured.err
    assert "(missing)" in captured.err


def test_defaults_come_from_the_environment(monkeypatch):
    assert config.DEFAULT_COUNT == 3
    assert config.DEFAULT_INTERVAL > 0
    monkeypatch.setenv("HEARTBEAT_INTERVAL", "0.5")
    assert config.env_float("HEARTBEAT_INTERVAL", 1.0) == 0.5
    monkeypatch.setenv("HEARTBEAT_INTERVAL", "soon")
    assert config.env_float("HEARTBEAT_INTERVAL", 1.0) == 1.0
    with pytest.raises(SystemExit) as info:
        main(["tcp", "no-port-here"])
    assert info.value.code == 2


def test_python_dash_m_runs_the_cli(tcp_server):
    proc = subprocess.run(
        [sys.executable, "-m", "heartbeat", "-n", "2", "-i", "0.01",
         "tcp", f"127.0.0.1:{tcp_server}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "2/2 checks ok" in proc.stdout
