import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import logwait
from logwait import MarkerTimeout, read_from, tail, wait_for_marker

SCRIPT = Path(__file__).resolve().parent.parent / "logwait.py"


def _append(path, lines):
    with open(path, "a", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line + "\n")


def append_later(path, delay, *lines):
    """Append ``lines`` to ``path`` from another thread after ``delay`` seconds."""
    timer = threading.Timer(delay, _append, args=(path, lines))
    timer.start()
    return timer


def test_read_from_returns_only_complete_lines(tmp_path):
    log = tmp_path / "app.log"
    assert read_from(log, 0) == ([], 0)
    log.write_bytes(b"one\ntwo\nthr")
    lines, offset = read_from(log, 0)
    assert lines == ["one", "two"]
    assert offset == 8
    with open(log, "ab") as fh:
        fh.write(b"ee\n")
    assert read_from(log, offset) == (["three"], 14)


def test_wait_for_marker_sees_a_line_written_later(tmp_path):
    log = tmp_path / "server.log"
    log.write_text("starting\n")
    timer = append_later(log, 0.2, "loading config", "Listening on 127.0.0.1:8080")
    try:
        start = time.monotonic()
        line = wait_for_marker(log, "Listening on", timeout=5.0, interval=0.02)
        elapsed = time.monotonic() - start
    finally:
        timer.join()
    assert line == "Listening on 127.0.0.1:8080"
    assert elapsed >= 0.15


def test_wait_for_marker_waits_for_the_file_to_appear(tmp_path):
    log = tmp_path / "late.log"
    timer = append_later(log, 0.1, "READY")
    try:
        assert wait_for_marker(str(log), "READY", timeout=5.0, interval=0.02) == "READY"
    finally:
        timer.join()


def test_wait_for_marker_times_out(tmp_path):
    log = tmp_path / "quiet.log"
    log.write_text("nothing to see\n")
    start = time.monotonic()
    with pytest.raises(MarkerTimeout) as info:
        wait_for_marker(log, "READY", timeout=0.2, interval=0.05)
    assert time.monotonic() - start >= 0.19
    assert isinstance(info.value, TimeoutError)
    assert info.value.marker == "READY"


def test_wait_for_marker_from_end_ignores_existing_lines(tmp_path):
    log = tmp_path / "restart.log"
    log.write_text("READY (previous run)\n")
    timer = append_later(log, 0.2, "booting", "READY (this run)")
    try:
        line = wait_for_marker(log, "READY", timeout=5.0, interval=0.02, from_end=True)
    finally:
        timer.join()
    assert line == "READY (this run)"


def test_tail_returns_the_last_lines(tmp_path):
    log = tmp_path / "app.log"
    log.write_text("".join(f"line {n}\n" for n in range(1, 21)))
    assert tail(log, lines=3) == ["line 18", "line 19", "line 20"]


def test_tail_follow_collects_lines_appended_meanwhile(tmp_path):
    log = tmp_path / "app.log"
    log.write_text("a\nb\n")
    timer = append_later(log, 0.1, "c", "d")
    try:
        start = time.monotonic()
        lines = logwait.tail(log, lines=1, follow=0.4, interval=0.02)
        elapsed = time.monotonic() - start
    finally:
        timer.join()
    assert lines == ["b", "c", "d"]
    assert elapsed >= 0.39


def test_main_wait_prints_the_matching_line(tmp_path, capsys):
    log = tmp_path / "server.log"
    timer = append_later(log, 0.1, "worker 1 up", "all workers up")
    try:
        code = logwait.main(
            ["wait", str(log), "--marker", "all workers", "--timeout", "5", "--interval", "0.02"]
        )
    finally:
        timer.join()
    assert code == 0
    assert capsys.readouterr().out == "all workers up\n"


def test_script_waits_for_the_marker(tmp_path):
    log = tmp_path / "server.log"
    timer = append_later(log, 0.3, "Listening on :9000")
    try:
        proc = subprocess.run(
            [sys.executable, str(SCRIPT), "wait", str(log), "--marker", "Listening",
             "--timeout", "10", "--interval", "0.05"],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    finally:
        timer.join()
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Listening on :9000\n"


def test_script_exits_1_on_timeout(tmp_path):
    log = tmp_path / "server.log"
    log.write_text("still starting\n")
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "wait", str(log), "--marker", "Listening",
         "--timeout", "0.3", "--interval", "0.05"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "'Listening' not found" in proc.stderr
