import pytest

from weatherly.cache import close_cache, open_cache
from weatherly.client import StationClient, StationNotFound


def test_fetch_known_station(client):
    obs = client.fetch("ksea")
    assert (obs.station_id, obs.temp_c, obs.conditions) == ("KSEA", 14.5, "rain")
    assert client.calls == 1


def test_fetch_unknown_station():
    client = StationClient(latency=0)
    with pytest.raises(StationNotFound):
        client.fetch("XXXX")
    assert client.calls == 1


def test_cache_round_trip(client):
    cache = open_cache("round-trip")
    cache.put(client.fetch("KBOS"))
    assert cache.get("KBOS").temp_c == 18.3
    assert cache.hits == 1
    assert close_cache(cache) == 1
    with pytest.raises(RuntimeError):
        cache.get("KBOS")


def test_cache_fixture_is_open(cache):
    assert not cache.closed
    assert len(cache) == 0
