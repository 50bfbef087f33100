import cachetools
import requests


@cachetools.cached(cachetools.TTLCache(maxsize=16, ttl=300))
def station_directory(base_url):
    """Every station's name by id; the directory changes rarely, so it is cached for five minutes."""
    r = requests.get(f"{base_url}/stations", timeout=5)
    r.raise_for_status()
    return {item["id"]: item["name"] for item in r.json()["stations"]}
