import os
import subprocess
import sys

import pytest

import logsift

LOG = "GET /\nGET /about\nPOST /login\nGET /\nGET /\nPOST /login\n"


def test_run_filter_pipes_text_through_a_shell_pipeline():
    assert logsift.run_filter("tr a-z A-Z | rev", "abc\n") == "CBA\n"


def test_run_filter_translates_newlines_in_text_mode():
    assert logsift.run_filter("printf 'a\\r\\nb\\r'", "") == "a\nb\n"


def test_top_values_counts_with_sort_and_uniq():
    assert logsift.top_values(LOG, 2) == [(3, "GET /"), (2, "POST /login")]


def test_count_matching_handles_grep_exit_codes():
    assert logsift.count_matching(LOG, "POST") == 2
    assert logsift.count_matching(LOG, "DELETE") == 0


def test_count_matching_reports_grep_errors():
    with pytest.raises(logsift.FilterError, match="grep"):
        logsift.count_matching(LOG, "[unclosed")


def test_byte_count_sends_bytes():
    assert logsift.byte_count("héllo\n".encode("utf-8")) == 7


def test_a_failing_pipeline_raises_called_process_error_with_every_field():
    pipeline = "cat; echo 'no such column' >&2; exit 3"
    with pytest.raises(subprocess.CalledProcessError) as caught:
        logsift.run_filter(pipeline, "x\n")
    error = caught.value
    assert (error.returncode, error.cmd, error.output, error.stderr) == (3, pipeline, "x\n", "no such column\n")


def test_false_in_a_pipeline_is_its_exit_status():
    with pytest.raises(subprocess.CalledProcessError) as caught:
        logsift.run_filter("cat | false", "data\n")
    assert (caught.value.returncode, caught.value.output, caught.value.stderr) == (1, "", "")


def test_a_slow_pipeline_times_out_and_leaves_no_child_behind(tmp_path):
    pidfile = tmp_path / "filter.pid"
    slow = f"{sys.executable} -c \"import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(30)\" {pidfile}"
    with pytest.raises(subprocess.TimeoutExpired) as caught:
        logsift.run_filter(f"exec {slow}", "", timeout=1)
    assert (caught.value.cmd, caught.value.timeout) == (f"exec {slow}", 1)
    pid = int(pidfile.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped


def test_within_returns_none_after_the_deadline():
    assert logsift.within("sleep 5", "", 0.3) is None
    assert logsift.within("sort", "b\na\n", 5) == "a\nb\n"


def test_getstatusoutput_and_getoutput():
    assert logsift.filter_available("sort") is True
    assert logsift.filter_available("no-such-filter-xyz") is False
    banner = logsift.shell_banner()
    assert banner.startswith("shell=/bin/sh\ncwd=")
    assert not banner.endswith("\n")


def test_os_popen_and_os_system():
    assert logsift.system_name() == os.uname().sysname
    assert logsift.run_hook("exit 5") == 5
    assert logsift.run_hook("true") == 0


def test_summarise_and_main(tmp_path, capsys):
    log = tmp_path / "access.log"
    log.write_text(LOG)
    assert logsift.main([str(log), "--top", "1", "--grep", "about", "--hook", "exit 2"]) == 0
    assert capsys.readouterr().out == "    3 GET /\nmatching 'about': 1\nbytes: 53\nhook exit code: 2\n"
    assert logsift.main([]) == 2
