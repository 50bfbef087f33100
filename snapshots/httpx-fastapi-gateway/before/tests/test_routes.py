"""The gateway's routes against a real local inventory server."""
import threading
import time

from werkzeug.wrappers import Response

from .conftest import AUTH


def test_product_forwards_auth_and_request_id(httpserver, api):
    httpserver.expect_request(
        "/inv/products/7", headers={"Authorization": AUTH, "X-Request-ID": "req-1", "User-Agent": "catalog-gateway/0.3"}
    ).respond_with_json({"id": 7, "name": "Lamp"})
    httpserver.expect_request("/inv/stock/7").respond_with_json({"units": 3})
    r = api.get("/products/7", headers={"X-Request-ID": "req-1"})
    assert r.status_code == 200
    assert r.json() == {"id": 7, "name": "Lamp", "in_stock": 3}


def test_product_follows_upstream_redirect(httpserver, api):
    httpserver.expect_request("/inv/products/8").respond_with_data("", status=301, headers={"Location": "/inv/products/80"})
    httpserver.expect_request("/inv/products/80").respond_with_json({"id": 80, "name": "Desk"})
    httpserver.expect_request("/inv/stock/8").respond_with_data("unknown", status=404)
    r = api.get("/products/8")
    assert r.json() == {"id": 80, "name": "Desk", "in_stock": None}


def test_missing_product_is_404(httpserver, api):
    httpserver.expect_request("/inv/products/9").respond_with_data("nope", status=404)
    r = api.get("/products/9")
    assert r.status_code == 404
    assert r.json() == {"detail": "not found: /products/9"}


def test_upstream_error_is_502_with_reason(httpserver, api):
    httpserver.expect_request("/inv/products/10").respond_with_data("boom", status=503)
    r = api.get("/products/10")
    assert r.status_code == 502
    assert r.json() == {"detail": "inventory answered 503 SERVICE UNAVAILABLE"}


def test_stock_failure_is_502(httpserver, api):
    httpserver.expect_request("/inv/products/11").respond_with_json({"id": 11, "name": "Chair"})
    httpserver.expect_request("/inv/stock/11").respond_with_data("", status=500)
    assert api.get("/products/11").json() == {"detail": "the stock service failed"}


def test_slow_upstream_is_504(httpserver, api):
    answered = threading.Event()

    def slow(request):
        answered.wait(2)
        return Response('{"id": 12}', content_type="application/json")

    httpserver.expect_request("/inv/products/12").respond_with_handler(slow)
    started = time.monotonic()
    r = api.get("/products/12")
    answered.set()
    assert time.monotonic() - started < 1.5
    assert r.status_code == 504
    assert r.json() == {"detail": "the inventory service timed out"}


def test_unreachable_upstream_is_503(settings):
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from catalog import create_app

    with TestClient(create_app(replace(settings, inventory_url="http://127.0.0.1:1"))) as api:
        r = api.get("/products/1")
    assert r.status_code == 503
    assert r.json() == {"detail": "the inventory service is unreachable"}


def test_search_passes_query_parameters(httpserver, api):
    httpserver.expect_request("/inv/products", query_string={"q": "oak", "limit": "2"}).respond_with_json(
        {"items": [{"name": "Oak table"}, {"name": "Oak shelf"}]}
    )
    assert api.get("/search", params={"q": "oak", "limit": 2}).json() == {"count": 2, "names": ["Oak table", "Oak shelf"]}


def test_reserve_posts_json(httpserver, api):
    httpserver.expect_request(
        "/inv/reservations", method="POST", json={"product": 5, "quantity": 2}, headers={"X-Request-ID": "r-9"}
    ).respond_with_data("", status=201, headers={"Location": "/inv/reservations/44"})
    r = api.post("/products/5/reservations", json={"quantity": 2}, headers={"X-Request-ID": "r-9"})
    assert r.status_code == 201
    assert r.json() == {"upstream_status": 201, "reservation": "/inv/reservations/44"}


def test_reserve_conflict_keeps_upstream_detail(httpserver, api):
    httpserver.expect_request("/inv/reservations", method="POST").respond_with_json({"detail": "only 1 left"}, status=409)
    r = api.post("/products/5/reservations", json={"quantity": 2})
    assert r.status_code == 409
    assert r.json() == {"detail": "only 1 left"}


def test_reserve_validates_before_calling_upstream(httpserver, api):
    assert api.post("/products/5/reservations", json={"quantity": 0}).status_code == 422
    assert httpserver.log == []


def test_healthz(httpserver, api):
    httpserver.expect_request("/inv/ping", method="HEAD").respond_with_data("", status=200)
    assert api.get("/healthz").json() == {"inventory": True}


def test_healthz_does_not_follow_redirects(httpserver, api):
    httpserver.expect_request("/inv/ping", method="HEAD").respond_with_data("", status=302, headers={"Location": "/inv/login"})
    r = api.get("/healthz")
    assert r.status_code == 503
    assert r.json() == {"inventory": False}
