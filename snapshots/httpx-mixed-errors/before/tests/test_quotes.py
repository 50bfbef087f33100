import requests

from quotes import api, http


class FakeResponse:
    text = "never read"

    def raise_for_status(self):
        raise requests.exceptions.HTTPError()


def test_quote_of_the_day_sends_the_query_requests_sends(httpserver):
    httpserver.expect_request("/qotd", query_string="lang=fr&long=False").respond_with_json({"quote": "Carpe diem"})
    assert api.quote_of_the_day(httpserver.url_for("/").rstrip("/"), lang="fr") == "Carpe diem"


def test_a_server_error_becomes_a_quote_error(httpserver):
    httpserver.expect_request("/motd").respond_with_data("hello")
    httpserver.expect_request("/qotd").respond_with_data("busy", status=503)
    assert api.daily(httpserver.url_for("/").rstrip("/")) == "server said 503"


def test_daily_joins_the_quote_and_the_message(httpserver):
    httpserver.expect_request("/motd").respond_with_data("hello\n")
    httpserver.expect_request("/qotd").respond_with_json({"quote": "Carpe diem"})
    assert api.daily(httpserver.url_for("/").rstrip("/")) == "Carpe diem (hello)"


def test_daily_without_a_message(httpserver):
    httpserver.expect_request("/motd").respond_with_data("gone", status=404)
    httpserver.expect_request("/qotd").respond_with_json({"quote": "Carpe diem"})
    assert api.daily(httpserver.url_for("/").rstrip("/")) == "Carpe diem (no message)"


def test_daily_offline():
    # Nothing listens on port 1: the shared session's request fails to connect.
    assert api.daily("http://127.0.0.1:1") == "offline"


def test_fetch_page_reports_none_for_an_error_raised_by_the_response(monkeypatch):
    monkeypatch.setattr(http.SESSION, "get", lambda url, timeout: FakeResponse())
    assert http.fetch_page("http://127.0.0.1:1/motd") is None
