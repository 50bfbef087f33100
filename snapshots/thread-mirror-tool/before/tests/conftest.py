import pytest

ITEMS = [{"id": 1, "name": "alpha"}, {"id": 2, "name": "beta"}, {"id": 3, "name": "gamma"}]


@pytest.fixture
def feed_url(httpserver):
    httpserver.expect_request("/items").respond_with_json(ITEMS)
    return httpserver.url_for("/items")
