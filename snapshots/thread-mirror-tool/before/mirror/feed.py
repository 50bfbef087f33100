import json
import time
from urllib.error import URLError
from urllib.request import Request, urlopen


def fetch_items(url, attempts=3, backoff=0.01):
    """GET a JSON list, retrying on connection errors."""
    for attempt in range(attempts):
        try:
            body = urlopen(Request(url, headers={"Accept": "application/json"}), timeout=5).read()
            return json.loads(body.decode("utf-8"))
        except URLError:
            if attempt == attempts - 1:
                raise
            time.sleep(backoff * (attempt + 1))
    return []
