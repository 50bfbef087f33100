"""The support desk integration: a form post answered with a redirect, then a raw text body."""
from catalog import support
from catalog.errors import UpstreamError


def test_contact_opens_a_ticket_with_a_form(httpserver, api):
    httpserver.expect_request(
        "/desk/tickets/new", method="POST", data="email=ann%40example.org&message=broken+lamp&source=catalog"
    ).respond_with_data("", status=303, headers={"Location": "/desk/tickets/T-17"})
    r = api.post("/contact", json={"email": "ann@example.org", "message": "broken lamp"})
    assert r.status_code == 202
    assert r.json() == {"ticket": "T-17"}


def test_contact_sends_the_note_as_utf8_text(httpserver, api):
    httpserver.expect_request("/desk/tickets/new", method="POST").respond_with_data("", status=303, headers={"Location": "/desk/tickets/T-18"})
    httpserver.expect_request(
        "/desk/tickets/T-18/note", method="PUT", data="déjà vu".encode(), headers={"Content-Type": "text/plain; charset=utf-8"}
    ).respond_with_data("", status=204)
    assert api.post("/contact", json={"email": "b@example.org", "message": "m", "note": "déjà vu"}).json() == {"ticket": "T-18"}


def test_open_ticket_rejects_a_followed_redirect(httpserver, settings):
    httpserver.expect_request("/desk/tickets/new", method="POST").respond_with_data("form error", status=200)
    try:
        support.open_ticket(settings, "a@b.c", "x")
    except UpstreamError as exc:
        assert exc.status == 502
        assert exc.detail == "support desk answered 200"
    else:
        raise AssertionError("expected UpstreamError")
