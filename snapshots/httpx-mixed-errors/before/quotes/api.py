"""The quote service."""
import requests
from requests.exceptions import ConnectionError as RequestsConnectionError
from requests.exceptions import SSLError

from . import http


class QuoteError(Exception):
    pass


def quote_of_the_day(base, lang="en"):
    try:
        # requests leaves out a None value and writes False as "False".
        r = requests.get(base + "/qotd", params={"lang": lang, "tag": None, "long": False}, timeout=5)
        r.raise_for_status()
    except requests.HTTPError as exc:
        raise QuoteError(f"server said {exc.response.status_code}") from exc
    return r.json()["quote"]


def daily(base):
    """The quote of the day with the message of the day, or a line saying why there is none."""
    try:
        motd = http.fetch_page(base + "/motd")
        quote = quote_of_the_day(base)
    except (RequestsConnectionError, SSLError):
        return "offline"
    except QuoteError as exc:
        return str(exc)
    return f"{quote} ({motd.strip() if motd else 'no message'})"
