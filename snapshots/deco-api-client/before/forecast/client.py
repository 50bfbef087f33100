import backoff
import requests
import tenacity

from .decorators import logged, requires_key, retry, timed
from .errors import ServerError
from .stations import station_directory
from .units import load_units


class ForecastClient:
    def __init__(self, base_url, api_key=None, timeout=5, units_file=None):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.units_file = units_file

    def _get(self, path, **params):
        headers = {"X-Api-Key": self.api_key} if self.api_key else {}
        r = requests.get(f"{self.base_url}{path}", params=params, headers=headers, timeout=self.timeout)
        if r.status_code >= 500:
            raise ServerError(r.status_code)
        r.raise_for_status()
        return r.json()

    @logged
    @retry(times=3)
    @requires_key
    def forecast(self, city, days=3):
        units = load_units(self.units_file)
        data = self._get("/forecast", city=city, days=days)
        return [f"{day['date']}: {day['temperature']} {units['temperature']}" for day in data["days"]]

    @tenacity.retry(
        stop=tenacity.stop_after_attempt(3),
        wait=tenacity.wait_fixed(0.01),
        retry=tenacity.retry_if_exception_type(ServerError),
        reraise=True,
    )
    def station(self, station_id):
        return self._get(f"/stations/{station_id}")

    def station_name(self, station_id):
        return station_directory(self.base_url)[station_id]

    @backoff.on_exception(backoff.constant, ServerError, max_tries=3, interval=0.01)
    def alerts(self, region):
        return self._get("/alerts", region=region)["alerts"]

    @timed
    def cities(self):
        names, page = [], 1
        while True:
            data = self._get("/cities", page=page)
            names.extend(data["cities"])
            if not data["more"]:
                return names
            page += 1
