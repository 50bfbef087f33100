"""Daily reports built from the latest station observations."""

import logging

from .alerts import check_thresholds
from .cache import ReadingCache
from .client import StationClient, StationNotFound
from .models import DailyReport, Observation
from .units import c_to_f, kph_to_mph

log = logging.getLogger(__name__)


class ReportService:
    """Builds reports; observations go through *cache* when one is given."""

    def __init__(self, client: StationClient, cache: ReadingCache | None = None):
        self.client = client
        self.cache = cache

    def observe(self, station_id: str) -> Observation:
        if self.cache is not None:
            cached = self.cache.get(station_id)
            if cached is not None:
                return cached
        obs = self.client.fetch(station_id)
        if self.cache is not None:
            self.cache.put(obs)
        return obs

    def daily_report(self, station_ids: list[str]) -> DailyReport:
        """One observation per station; unknown stations are listed as missing."""
        report = DailyReport()
        for station_id in station_ids:
            try:
                report.observations.append(self.observe(station_id))
            except StationNotFound:
                log.info("no station %s", station_id)
                report.missing.append(station_id)
        return report


def format_report(report: DailyReport, *, imperial: bool = False) -> str:
    """The plain-text report mailed to subscribers."""
    lines = []
    for obs in report.observations:
        if imperial:
            lines.append(f"{obs.station_id}: {c_to_f(obs.temp_c)}F, wind {kph_to_mph(obs.wind_kph)} mph, {obs.conditions}")
        else:
            lines.append(f"{obs.station_id}: {obs.temp_c}C, wind {obs.wind_kph} km/h, {obs.conditions}")
    if report.missing:
        lines.append(f"no data: {', '.join(report.missing)}")
    return "\n".join(lines)


def build_and_alert(station_ids: list[str], client: StationClient | None = None) -> tuple[DailyReport, list[str]]:
    """Build today's report and page for every threshold it breaches."""
    service = ReportService(client or StationClient())
    report = service.daily_report(station_ids)
    return report, check_thresholds(report)
