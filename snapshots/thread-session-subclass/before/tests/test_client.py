import json

import pytest

from statuspage import StatusClient, StatusError
from statuspage.cli import main
from statuspage.report import save_summary

OPEN = [
    {"id": "i2", "title": "Slow web", "impact": "minor", "started": "2026-01-02T10:00:00"},
    {"id": "i1", "title": "DB down", "impact": "major", "started": "2026-01-01T09:00:00"},
]


def test_components_are_read_with_the_token(base, page_components):
    client = StatusClient(base, "t0k", "p1")
    assert client.degraded() == ["db", "web"]
    assert client.requests_sent() == 1


def test_open_incidents_come_oldest_first(httpserver, base):
    httpserver.expect_request("/api/pages/p1/incidents", query_string={"state": "open"}).respond_with_json(OPEN)
    incidents = StatusClient(base, "t0k", "p1").incidents().open()
    assert [incident["id"] for incident in incidents] == ["i1", "i2"]


def test_an_incident_is_created_and_resolved(httpserver, base):
    httpserver.expect_request("/api/pages/p1/incidents", method="POST", json={"title": "Queue stuck", "impact": "minor"}).respond_with_json({"id": "i9"})
    httpserver.expect_request("/api/pages/p1/incidents/i9", method="PATCH", json={"state": "resolved", "note": "fixed"}).respond_with_data("")
    client = StatusClient(base, "t0k", "p1")
    service = client.incidents()
    incident = service.create("Queue stuck")
    service.resolve(incident, note="fixed")
    assert incident == "i9"
    assert client.requests_sent() == 2


def test_errors_carry_the_status_code(httpserver, base):
    httpserver.expect_request("/api/pages/p1/components").respond_with_data("no such page", status=404)
    with pytest.raises(StatusError) as raised:
        StatusClient(base, "t0k", "p1").components()
    assert raised.value.status_code == 404


def test_the_summary_is_saved_with_the_request_count(httpserver, base, page_components, tmp_path):
    httpserver.expect_request("/api/pages/p1/incidents").respond_with_json(OPEN[:1])
    out = tmp_path / "summary.json"
    text = save_summary(StatusClient(base, "t0k", "p1"), out)
    assert text == "2 degraded: db, web\n- Slow web (minor)"
    assert json.loads(out.read_text()) == {"summary": text, "requests": 2}


def test_the_command_line_resolves_then_reports(httpserver, base, page_components, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STATUSPAGE_TOKEN", "t0k")
    httpserver.expect_request("/api/pages/p1/incidents/i1", method="PATCH").respond_with_data("")
    httpserver.expect_request("/api/pages/p1/incidents", method="GET").respond_with_json([])
    assert main(["p1", "--url", base, "--out", str(tmp_path / "s.json"), "--resolve", "i1"]) == 0
    assert capsys.readouterr().out == "2 degraded: db, web\n"


def test_the_command_line_reports_an_error(httpserver, base, tmp_path, monkeypatch, capsys):
    httpserver.expect_request("/api/pages/p1/components").respond_with_data("down", status=503)
    assert main(["p1", "--url", base, "--out", str(tmp_path / "s.json")]) == 1
    assert capsys.readouterr().err == "statuspage: 503: down\n"
