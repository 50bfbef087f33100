"""A requests session that knows the API's base URL, its token and how to count what it sent."""
from urllib.parse import urljoin

import requests

from .errors import StatusError


class StatusSession(requests.Session):
    def __init__(self, base_url, token, user_agent="statuspage/0.3"):
        super().__init__()
        self.base_url = base_url.rstrip("/") + "/"
        self.headers["Authorization"] = f"Bearer {token}"
        self.headers["User-Agent"] = user_agent
        self.sent = 0

    def request(self, method, url, *args, **kwargs):
        # Every call of the client names a path; requests calls this for get(), post(), patch() ...
        self.sent += 1
        response = super().request(method, urljoin(self.base_url, url.lstrip("/")), *args, **kwargs)
        if response.status_code >= 400:
            raise StatusError(response.status_code, response.text)
        return response
