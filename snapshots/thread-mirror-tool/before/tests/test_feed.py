from urllib.error import URLError

import pytest

from mirror.feed import fetch_items


def test_fetch_items(feed_url):
    assert [item["name"] for item in fetch_items(feed_url)] == ["alpha", "beta", "gamma"]


def test_fetch_retries_then_raises():
    with pytest.raises(URLError):
        fetch_items("http://127.0.0.1:9/items", attempts=2, backoff=0)
