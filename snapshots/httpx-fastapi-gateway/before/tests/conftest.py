import base64

import pytest
from fastapi.testclient import TestClient

from catalog import create_app
from catalog.settings import Settings

AUTH = "Basic " + base64.b64encode(b"gw:s3cret").decode()


@pytest.fixture
def settings(httpserver):
    base = httpserver.url_for("/inv").rstrip("/")
    return Settings(inventory_url=base, user="gw", password="s3cret", timeout=1.0, support_url=httpserver.url_for("/desk").rstrip("/"))


@pytest.fixture
def api(settings):
    with TestClient(create_app(settings)) as client:
        yield client
