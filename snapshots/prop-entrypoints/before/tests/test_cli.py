import pytest

from shipit import __version__
from shipit.cli import main


def test_main_deploy_ok(capsys):
    assert main(["deploy", "1.4.0", "--hosts", "web-[1-3]", "--verify"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "rollout 1.4.0: ok"
    assert out[1] == "  deployed: web-1, web-2, web-3"
    assert out[2].split() == ["web-1", "1.4.0", "healthy"]


def test_main_deploy_failure_exit_code(capsys):
    assert main(["deploy", "2.0", "--hosts", "bad-1,web-2,web-3", "--batch-size", "1"]) == 1
    out = capsys.readouterr().out
    assert "rollout 2.0: FAILED" in out
    assert "  failed: bad-1" in out
    assert "  skipped: web-2, web-3" in out


def test_main_status(capsys):
    assert main(["status", "--hosts", "web-1,bad-9"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["web-1", "-", "healthy"]
    assert lines[1].split() == ["bad-9", "-", "UNHEALTHY"]


def test_main_reports_bad_spec(capsys):
    assert main(["status", "--hosts", ","]) == 2
    assert "no hosts given" in capsys.readouterr().err


def test_main_usage_error():
    with pytest.raises(SystemExit) as exc:
        main(["deploy"])
    assert exc.value.code == 2


def test_python_dash_m(run_python):
    proc = run_python("-m", "shipit", "deploy", "3.1", "--hosts", "slow-1,web-1", "--verify")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[:2] == ["rollout 3.1: ok", "  deployed: slow-1, web-1"]
    assert "3.1" in proc.stdout.splitlines()[2]
    assert proc.stderr == ""


def test_python_dash_m_failure_and_version(run_python):
    proc = run_python("-m", "shipit", "status", "--hosts", "bad-1")
    assert proc.returncode == 1
    assert "UNHEALTHY" in proc.stdout
    proc = run_python("-m", "shipit", "--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"shipit {__version__}"
