import pytest
from fastapi.testclient import TestClient

from notifier import app as app_module
from notifier.health import BACKENDS, mark_down


@pytest.fixture
def client():
    app_module.outbox.delivered.clear()
    with TestClient(app_module.app) as c:
        yield c


def test_health(client):
    assert client.get("/health").json() == {"backend": "smtp://mail-1.internal", "healthy": True}
    mark_down(BACKENDS[0])
    assert client.get("/health").json()["healthy"] is False


def test_notify_email_and_webhook(client):
    r = client.post("/notify", json={"recipient": "a@example.com", "body": "hi"})
    assert r.status_code == 202
    assert r.json()["via"] == "smtp://mail-1.internal"
    assert r.json()["receipt"].startswith("em-")
    r = client.post("/notify", json={"recipient": "https://h.example", "body": "x", "channel": "webhook"})
    assert r.json()["via"] == "webhook"
    assert len(app_module.outbox.delivered) == 2


def test_notify_rejects_unknown_channel(client):
    r = client.post("/notify", json={"recipient": "a", "body": "b", "channel": "pigeon"})
    assert r.status_code == 422
    assert "pigeon" in r.json()["detail"]


def test_batch(client):
    r = client.post(
        "/batch",
        json=[
            {"recipient": "a@example.com", "body": "1"},
            {"recipient": "+15550199", "body": "2", "channel": "fax", "priority": 3},
        ],
    )
    assert r.status_code == 202
    body = r.json()
    assert body["order"] == ["+15550199", "a@example.com"]
    assert body["receipts"][0].startswith("fax-")


def test_batch_backend_down(client):
    mark_down(BACKENDS[0])
    r = client.post("/batch", json=[{"recipient": "a@example.com", "body": "1"}])
    assert r.status_code == 503
    assert app_module.outbox.delivered == []


def test_hooks(client):
    client.post("/notify", json={"recipient": "a@example.com", "body": "hi"})
    assert client.post("/hooks/flush").json() == {"hook": "flush", "result": 1}
    assert client.post("/hooks/forget").json() == {"hook": "forget", "result": 1}
    assert client.post("/hooks/nope").status_code == 404
