"""weatherly: daily weather reports and threshold alerts from the station network."""

from .client import StationClient, StationNotFound
from .models import DailyReport, Observation

__all__ = ["DailyReport", "Observation", "StationClient", "StationNotFound"]
