import pytest


@pytest.fixture
def base(httpserver):
    return httpserver.url_for("/api")
