"""Forwards customer messages to the legacy support desk, which takes HTML forms."""
import requests

from .errors import UpstreamError


def open_ticket(settings, email, message):
    r = requests.post(
        settings.support_url + "/tickets/new",
        data={"email": email, "message": message, "source": "catalog"},
        allow_redirects=False,
    )
    if r.status_code != 303:
        raise UpstreamError(502, f"support desk answered {r.status_code}")
    return r.headers["Location"].rsplit("/", 1)[-1]


def send_attachment(settings, ticket, text):
    r = requests.put(
        f"{settings.support_url}/tickets/{ticket}/note",
        data=text.encode("utf-8"),
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    return r.status_code == 204
