from click.testing import CliRunner

from shipit.commands import admin
from shipit.inventory import Host
from shipit.remote import probe


def test_canary_ok():
    result = CliRunner().invoke(admin, ["canary", "1.4.0", "--host", "web-7"])
    assert result.exit_code == 0, result.output
    assert result.output == "canary web-7 healthy on 1.4.0\n"
    assert probe(Host("web-7")).version == "1.4.0"


def test_canary_quiet_and_unhealthy():
    runner = CliRunner(mix_stderr=False)
    result = runner.invoke(admin, ["-q", "canary", "1.4.0", "--host", "bad-1"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "canary bad-1 is unhealthy on 1.4.0\n"


def test_audit_flags_outdated_hosts():
    runner = CliRunner()
    assert runner.invoke(admin, ["canary", "1.4.0", "--host", "web-1"]).exit_code == 0
    result = runner.invoke(admin, ["-q", "audit", "web-[1-2]", "--expect", "1.4.0"])
    assert result.exit_code == 1
    assert result.output.split() == ["web-2", "-", "healthy"]


def test_audit_all_good():
    runner = CliRunner()
    for name in ("web-1", "web-2"):
        runner.invoke(admin, ["canary", "2.0", "--host", name])
    result = runner.invoke(admin, ["audit", "web-[1-2]", "--expect", "2.0"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 2


def test_audit_bad_spec():
    result = CliRunner().invoke(admin, ["audit", ","])
    assert result.exit_code == 2
    assert "no hosts given" in result.output
