import json

import pytest

from shop.services import make_services

ORDERS = [
    {"id": "A1", "cents": 1250, "email": "ann@example.org"},
    {"id": "B2", "cents": 990, "email": "bob@example.org", "status": "paid"},
    {"id": "C3", "cents": 400, "email": "cy@example.org"},
]


@pytest.fixture
def orders_file(tmp_path):
    path = tmp_path / "orders.json"
    path.write_text(json.dumps(ORDERS))
    return path


@pytest.fixture
def base(httpserver):
    return httpserver.url_for("/api")


@pytest.fixture
def services(base, orders_file, tmp_path):
    return make_services(base, str(orders_file), str(tmp_path / "audit.log"))
