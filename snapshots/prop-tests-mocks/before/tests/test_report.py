from unittest.mock import Mock

import pytest

from weatherly.client import StationClient, StationNotFound
from weatherly.models import DailyReport, Observation
from weatherly.report import ReportService, build_and_alert, format_report

SUNNY = Observation("TEST", 25.0, 40, 10.0, "sunny")


class TestReportService:
    def test_daily_report_collects_and_lists_missing(self, service):
        report = service.daily_report(["KSEA", "NOPE", "KBOS"])
        assert [o.station_id for o in report.observations] == ["KSEA", "KBOS"]
        assert report.missing == ["NOPE"]
        assert report.mean_temp_c == 16.4

    def test_observe_uses_cache(self, service, client, cache):
        service.observe("KPHX")
        service.observe("KPHX")
        assert client.calls == 1
        assert cache.hits == 1

    def test_without_cache_every_call_fetches(self, client):
        service = ReportService(client)
        service.daily_report(["KORD", "KORD"])
        assert client.calls == 2

    def test_injected_mock_client(self):
        fetch = Mock(return_value=SUNNY)
        service = ReportService(client=Mock(fetch=fetch))
        report = service.daily_report(["A", "B"])
        assert report.observations == [SUNNY, SUNNY]
        assert [c.args for c in fetch.call_args_list] == [("A",), ("B",)]

    def test_spec_mock_client_raising(self):
        client = Mock(spec=StationClient)
        client.fetch.side_effect = StationNotFound("GONE")
        report = ReportService(client).daily_report(["GONE"])
        assert report.missing == ["GONE"]
        client.fetch.assert_called_once_with("GONE")


def test_format_report_metric_and_imperial():
    report = DailyReport([Observation("KPHX", 41.2, 9, 18.5, "clear")], missing=["NOPE"])
    assert format_report(report) == "KPHX: 41.2C, wind 18.5 km/h, clear\nno data: NOPE"
    assert format_report(report, imperial=True).splitlines()[0] == "KPHX: 106.2F, wind 11.5 mph, clear"


def test_build_and_alert_end_to_end(client):
    report, incidents = build_and_alert(["KPHX", "KORD", "KSEA"], client)
    assert len(report.observations) == 3
    assert len(incidents) == 2
    assert all(i.startswith("INC-") for i in incidents)


def test_build_and_alert_default_client():
    report, incidents = build_and_alert(["KSEA"])
    assert report.observations[0].conditions == "rain"
    assert incidents == []
