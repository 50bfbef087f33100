import os
import sys

import pytest

from procman.oneshot import feed, first_line, healthy, stream_lines

PY = sys.executable


def test_stream_lines_sees_every_line_and_the_exit_code():
    seen = []
    code = stream_lines([PY, "-c", "import sys; print('one'); print('two'); sys.stdout.write('three\\r\\n'); sys.exit(4)"], seen.append)
    assert (code, seen) == (4, ["one", "two", "three"])


def test_feed_sends_input_and_collects_both_streams():
    assert feed(["sort"], b"pear\napple\n") == (0, b"apple\npear\n", b"")
    assert feed(["sh", "-c", "cat >&2; exit 3"], b"oops") == (3, b"", b"oops")


def test_feed_kills_a_job_that_times_out_and_keeps_its_output(tmp_path):
    pidfile = tmp_path / "job.pid"
    script = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); print('working', flush=True); time.sleep(30)"
    code, out, err = feed([PY, "-c", script, str(pidfile)], None, timeout=1)
    assert (code, out, err) == (None, b"working\n", b"")
    with pytest.raises(ProcessLookupError):
        os.kill(int(pidfile.read_text()), 0)  # killed and reaped


def test_first_line_stops_a_chatty_job():
    assert first_line(["yes", "hello"]) == ("hello", -13)


def test_healthy():
    assert healthy(["true"]) is True
    assert healthy(["false"]) is False
    assert healthy([PY, "-c", "import time; time.sleep(10)"], timeout=0.3) is False


def test_a_missing_program_raises():
    with pytest.raises(FileNotFoundError):
        healthy(["/nonexistent/check"])

