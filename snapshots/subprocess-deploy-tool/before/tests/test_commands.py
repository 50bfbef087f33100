import os
import subprocess
import sys

import pytest

from shipit.commands import describe, exit_code, read_output, run_checked, run_quiet

PY = sys.executable


def test_run_checked_returns_text_output_without_trailing_newline(tmp_path):
    assert run_checked([PY, "-c", "print('built')"], cwd=tmp_path) == "built"


def test_run_checked_translates_newlines_like_text_mode():
    assert run_checked([PY, "-c", "import sys; sys.stdout.write('a\\r\\nb\\rc\\n')"]) == "a\nb\nc"


def test_run_checked_runs_in_cwd_with_extra_environment(tmp_path):
    out = run_checked([PY, "-c", "import os; print(os.getcwd(), os.environ['STAGE'])"], cwd=tmp_path, env={"STAGE": "prod"})
    assert out == f"{tmp_path} prod"


def test_a_failing_command_raises_called_process_error_with_every_field():
    cmd = [PY, "-c", "import sys; print('partial'); print('boom', file=sys.stderr); sys.exit(3)"]
    with pytest.raises(subprocess.CalledProcessError) as caught:
        run_checked(cmd)
    error = caught.value
    assert (error.returncode, error.cmd, error.output, error.stderr) == (3, cmd, "partial\n", "boom\n")
    assert error.stdout == error.output


def test_false_fails_with_exit_code_1():
    with pytest.raises(subprocess.CalledProcessError) as caught:
        run_checked(["false"])
    assert (caught.value.returncode, caught.value.cmd, caught.value.output, caught.value.stderr) == (1, ["false"], "", "")


def test_a_missing_program_raises_file_not_found():
    with pytest.raises(FileNotFoundError):
        run_checked(["/nonexistent/shipit-tool"])


def test_a_timeout_raises_timeout_expired_and_leaves_no_child_behind(tmp_path):
    pidfile = tmp_path / "child.pid"
    script = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(30)"
    cmd = [PY, "-c", script, str(pidfile)]
    with pytest.raises(subprocess.TimeoutExpired) as caught:
        run_checked(cmd, timeout=1)
    assert (caught.value.cmd, caught.value.timeout) == (cmd, 1)
    pid = int(pidfile.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped: not even a zombie is left


def test_run_quiet_and_exit_code():
    assert run_quiet(["sh", "-c", "echo noisy; echo noisier >&2"]) == 0
    with pytest.raises(subprocess.CalledProcessError) as caught:
        run_quiet(["sh", "-c", "exit 4"])
    assert (caught.value.returncode, caught.value.cmd, caught.value.output) == (4, ["sh", "-c", "exit 4"], None)
    assert exit_code(["sh", "-c", "exit 7"]) == 7
    assert exit_code(["true"]) == 0


def test_read_output_merges_stderr_as_bytes():
    assert read_output(["sh", "-c", "echo out; echo err >&2"]) == b"out\nerr\n"


def test_describe_quotes_like_a_shell():
    assert describe(["echo", "two words"]) == "echo 'two words'"
    assert describe("make all") == "make all"
