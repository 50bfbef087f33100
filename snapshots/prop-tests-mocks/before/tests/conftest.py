import pytest

from weatherly.cache import close_cache, open_cache
from weatherly.client import StationClient
from weatherly.report import ReportService


@pytest.fixture
def client():
    return StationClient(latency=0.001)


@pytest.fixture
def cache():
    cache = open_cache("test")
    yield cache
    flushed = close_cache(cache)
    assert flushed == len(cache)
    assert cache.closed


@pytest.fixture
def service(client, cache):
    return ReportService(client, cache)
