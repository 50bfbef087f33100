"""Calls to the inventory service. Its failures become UpstreamError with the gateway's status."""
import requests
from requests.auth import HTTPBasicAuth

from .errors import UpstreamError

USER_AGENT = "catalog-gateway/0.3"


def _headers(request_id):
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if request_id:
        headers["X-Request-ID"] = request_id
    return headers


def _send(settings, method, path, request_id=None, **kwargs):
    try:
        r = requests.request(
            method,
            settings.inventory_url + path,
            headers=_headers(request_id),
            auth=HTTPBasicAuth(settings.user, settings.password),
            timeout=settings.timeout,
            **kwargs,
        )
    except requests.Timeout as exc:
        raise UpstreamError(504, "the inventory service timed out") from exc
    except requests.ConnectionError as exc:
        raise UpstreamError(503, "the inventory service is unreachable") from exc
    if r.status_code == 404:
        raise UpstreamError(404, f"not found: {path}")
    if r.status_code == 409:
        raise UpstreamError(409, r.json()["detail"])
    if not r.ok:
        raise UpstreamError(502, f"inventory answered {r.status_code} {r.reason}")
    return r


def get_product(settings, product_id, request_id=None):
    return _send(settings, "GET", f"/products/{product_id}", request_id).json()


def search(settings, text, limit, request_id=None):
    found = _send(settings, "GET", "/products", request_id, params={"q": text, "limit": limit}).json()
    return found["items"]


def stock_level(settings, product_id):
    """Units in stock, or None when the stock service does not know the product."""
    try:
        r = requests.get(f"{settings.inventory_url}/stock/{product_id}", timeout=1)
        r.raise_for_status()
    except requests.HTTPError as exc:
        if exc.response.status_code == 404:
            return None
        raise UpstreamError(502, "the stock service failed") from exc
    except requests.exceptions.RequestException as exc:
        raise UpstreamError(503, "the stock service is unreachable") from exc
    return r.json()["units"]


def reserve(settings, product_id, quantity, request_id=None):
    r = _send(settings, "POST", "/reservations", request_id, json={"product": product_id, "quantity": quantity})
    return r.status_code, r.headers.get("Location")


def inventory_alive(settings):
    try:
        return requests.head(settings.inventory_url + "/ping", timeout=0.5).status_code == 200
    except requests.RequestException:
        return False
