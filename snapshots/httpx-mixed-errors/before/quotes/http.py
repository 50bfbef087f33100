"""Pages fetched through one shared session (kept for the whole process)."""
import requests

SESSION = requests.Session()
SESSION.headers["User-Agent"] = "quotes/0.1"


def fetch_page(url):
    """The page's text, or None when the server answers with an error."""
    try:
        r = SESSION.get(url, timeout=5)
        r.raise_for_status()
    except requests.HTTPError:
        return None
    return r.text
