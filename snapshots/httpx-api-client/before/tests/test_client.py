import base64
import time

import pytest
from werkzeug.wrappers import Response

from ticketing import NotFound, TicketClient, TicketError
from ticketing.errors import Unavailable
from ticketing.report import open_titles

AUTH = "Basic " + base64.b64encode(b"ann:secret").decode()


def test_get_ticket_sends_auth_and_headers(httpserver, base):
    httpserver.expect_request("/api/tickets/7", headers={"Authorization": AUTH, "User-Agent": "ticketing/0.1"}).respond_with_json({"id": 7, "title": "Printer", "state": "open"})
    client = TicketClient(base, "ann", "secret")
    try:
        ticket = client.get_ticket(7)
    finally:
        client.close()
    assert ticket.title == "Printer"


def test_missing_ticket(httpserver, base):
    httpserver.expect_request("/api/tickets/8").respond_with_data("nope", status=404)
    client = TicketClient(base, "ann", "secret")
    with pytest.raises(NotFound):
        client.get_ticket(8)
    client.close()


def test_server_error_becomes_ticket_error(httpserver, base):
    httpserver.expect_request("/api/tickets/9").respond_with_data("boom", status=503)
    client = TicketClient(base, "ann", "secret")
    with pytest.raises(TicketError) as info:
        client.get_ticket(9)
    client.close()
    assert info.value.status == 503


def test_timeout(httpserver, base):
    def slow(request):
        time.sleep(0.6)
        return Response('{"id": 1, "title": "late"}', content_type="application/json")

    httpserver.expect_request("/api/tickets/1").respond_with_handler(slow)
    client = TicketClient(base, "ann", "secret", timeout=0.2, retries=0)
    with pytest.raises(Unavailable):
        client.get_ticket(1)
    client.close()


def test_search_sends_query(httpserver, base):
    httpserver.expect_request("/api/tickets", query_string={"q": "disk", "state": "open"}).respond_with_json(
        {"items": [{"id": 2, "title": "Disk full"}, {"id": 1, "title": "Disk slow"}]}
    )
    client = TicketClient(base, "ann", "secret")
    assert open_titles(client, "disk") == ["Disk full", "Disk slow"]
    client.close()


def test_create_posts_json(httpserver, base):
    httpserver.expect_request("/api/tickets", method="POST", json={"title": "New", "body": "text"}).respond_with_json({"id": 3, "title": "New"}, status=201)
    client = TicketClient(base, "ann", "secret")
    assert client.create("New", "text").id == 3
    client.close()


def test_create_failure_reports_reason(httpserver, base):
    httpserver.expect_request("/api/tickets", method="POST").respond_with_data("bad", status=422)
    client = TicketClient(base, "ann", "secret")
    with pytest.raises(TicketError, match="422 UNPROCESSABLE ENTITY"):
        client.create("x", "y")
    client.close()


def test_comment_posts_a_form(httpserver, base):
    httpserver.expect_request("/api/tickets/3/comments", method="POST", data="text=hello+world").respond_with_data(
        "", status=201, headers={"Location": "/api/tickets/3/comments/1"}
    )
    client = TicketClient(base, "ann", "secret")
    assert client.comment(3, "hello world") == "/api/tickets/3/comments/1"
    client.close()


def test_delete(httpserver, base):
    httpserver.expect_request("/api/tickets/3", method="DELETE").respond_with_data("", status=204)
    client = TicketClient(base, "ann", "secret")
    assert client.delete(3) is True
    client.close()


def test_redirects_are_followed(httpserver, base):
    httpserver.expect_request("/api/t/5").respond_with_data("", status=302, headers={"Location": "/api/tickets/5"})
    httpserver.expect_request("/api/tickets/5").respond_with_json({"id": 5, "title": "moved"})
    client = TicketClient(base, "ann", "secret")
    assert client.where_is(5) == httpserver.url_for("/api/tickets/5")
    client.close()
