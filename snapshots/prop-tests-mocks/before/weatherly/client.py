"""Client for the station network's observation API.

The station feed is mirrored into :data:`LATEST` by the ingest job; reading from the API costs
one round trip per station, which the client simulates with its ``latency``.
"""

import logging
import time

from .models import Observation

log = logging.getLogger(__name__)

LATEST: dict[str, Observation] = {
    "KSEA": Observation("KSEA", 14.5, 81, 12.0, "rain"),
    "KPHX": Observation("KPHX", 41.2, 9, 18.5, "clear"),
    "KORD": Observation("KORD", 22.0, 55, 64.8, "wind"),
    "KBOS": Observation("KBOS", 18.3, 70, 22.1, "cloudy"),
}


class StationNotFound(LookupError):
    """The network has no station with that id."""


class StationClient:
    """Reads the latest observation of a station."""

    def __init__(self, latency: float = 0.002):
        self.latency = latency
        self.calls = 0

    def fetch(self, station_id: str) -> Observation:
        """The latest observation of *station_id*; raises :class:`StationNotFound`."""
        self.calls += 1
        time.sleep(self.latency)
        try:
            return LATEST[station_id.upper()]
        except KeyError:
            raise StationNotFound(station_id) from None
