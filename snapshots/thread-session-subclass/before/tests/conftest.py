import pytest


@pytest.fixture
def base(httpserver):
    return httpserver.url_for("/api")


@pytest.fixture
def page_components(httpserver):
    components = [{"name": "api", "status": "operational"}, {"name": "web", "status": "degraded"}, {"name": "db", "status": "outage"}]
    httpserver.expect_request("/api/pages/p1/components", headers={"Authorization": "Bearer t0k"}).respond_with_json(components)
