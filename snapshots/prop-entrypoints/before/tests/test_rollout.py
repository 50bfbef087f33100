import pytest

from shipit.inventory import Host, parse_hosts
from shipit.remote import probe
from shipit.rollout import deploy_host, fleet_status, rollout, wait_healthy


def test_parse_hosts_expands_ranges():
    assert [h.name for h in parse_hosts("web-[1-3], db-1,web-2")] == ["web-1", "web-2", "web-3", "db-1"]
    assert Host("web-1").role == "web"
    with pytest.raises(ValueError):
        parse_hosts(" , ")
    with pytest.raises(ValueError):
        parse_hosts("web-[3-1]")


def test_deploy_host_sets_version():
    assert deploy_host(Host("web-1"), "1.0")
    assert probe(Host("web-1")).version == "1.0"


def test_wait_healthy_polls_slow_hosts():
    assert wait_healthy(Host("slow-1"), attempts=3)
    assert not wait_healthy(Host("slow-2"), attempts=2)
    assert not wait_healthy(Host("bad-1"))


def test_rollout_all_good():
    result = rollout(parse_hosts("web-[1-5]"), "1.4.0", batch_size=2)
    assert result.ok
    assert result.succeeded == ["web-1", "web-2", "web-3", "web-4", "web-5"]
    assert [s.version for s in fleet_status(parse_hosts("web-[1-5]"))] == ["1.4.0"] * 5


def test_rollout_stops_after_failed_batch():
    hosts = parse_hosts("web-1,bad-2,web-3,web-4,web-5")
    result = rollout(hosts, "1.4.0", batch_size=2)
    assert not result.ok
    assert result.succeeded == ["web-1"]
    assert result.failed == ["bad-2"]
    assert result.not_attempted == ["web-3", "web-4", "web-5"]


def test_rollout_rejects_bad_batch_size():
    with pytest.raises(ValueError):
        rollout(parse_hosts("web-1"), "1.0", batch_size=0)
