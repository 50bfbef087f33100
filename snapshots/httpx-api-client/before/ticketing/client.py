"""A small client for the ticket service's REST API."""
import requests
from requests.adapters import HTTPAdapter
from requests.auth import HTTPBasicAuth

from .errors import NotFound, TicketError, Unavailable
from .models import Ticket


class TicketClient:
    def __init__(self, base_url, user, password, timeout=5, retries=2):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.max_redirects = 5
        self.session.mount("http://", HTTPAdapter(max_retries=retries))
        self.session.auth = HTTPBasicAuth(user, password)
        self.session.headers.update({"User-Agent": "ticketing/0.1", "Accept": "application/json"})

    def _url(self, path):
        return f"{self.base_url}/{path.lstrip('/')}"

    def _check(self, response):
        if response.status_code == 404:
            raise NotFound(f"not found: {response.url}", status=404)
        return response

    def get_ticket(self, ticket_id):
        try:
            r = self.session.get(self._url(f"/tickets/{ticket_id}"), timeout=self.timeout)
            if r.status_code == 404:
                raise NotFound(f"ticket {ticket_id} not found", status=404)
            r.raise_for_status()
        except requests.exceptions.Timeout as exc:
            raise Unavailable("the ticket service timed out") from exc
        except requests.HTTPError as exc:
            raise TicketError(f"server said {exc.response.status_code}", status=exc.response.status_code) from exc
        return Ticket.from_json(r.json())

    def search(self, text, state="open"):
        r = self.session.get(self._url("/tickets"), params={"q": text, "state": state}, timeout=self.timeout)
        r.raise_for_status()
        return [Ticket.from_json(item) for item in r.json()["items"]]

    def create(self, title, body):
        r = self.session.post(self._url("/tickets"), json={"title": title, "body": body}, timeout=self.timeout)
        if not r.ok:
            raise TicketError(f"create failed: {r.status_code} {r.reason}", status=r.status_code)
        return Ticket.from_json(r.json())

    def comment(self, ticket_id, text):
        r = self.session.post(self._url(f"/tickets/{ticket_id}/comments"), data={"text": text}, timeout=self.timeout)
        r.raise_for_status()
        return r.headers["Location"]

    def delete(self, ticket_id):
        r = self.session.delete(self._url(f"/tickets/{ticket_id}"), timeout=self.timeout)
        return r.status_code == 204

    def where_is(self, ticket_id):
        """The final URL of a ticket after the service's redirects."""
        r = self.session.get(self._url(f"/t/{ticket_id}"), timeout=self.timeout)
        r.raise_for_status()
        return r.url

    def close(self):
        self.session.close()
