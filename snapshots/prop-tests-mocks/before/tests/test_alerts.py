from unittest.mock import call, patch

from weatherly import alerts
from weatherly.alerts import check_thresholds
from weatherly.models import DailyReport, Observation
from weatherly.report import build_and_alert

HOT = Observation("KPHX", 41.2, 9, 18.5, "clear")
WINDY = Observation("KORD", 22.0, 55, 64.8, "wind")
MILD = Observation("KSEA", 14.5, 81, 12.0, "rain")


@patch("weatherly.alerts.send_alert", return_value="INC-TEST")
def test_thresholds_page_once_per_breach(mock_send):
    incidents = check_thresholds(DailyReport([HOT, MILD, WINDY]))
    assert incidents == ["INC-TEST", "INC-TEST"]
    assert mock_send.call_args_list == [call("KPHX", "heat 41.2C"), call("KORD", "wind 65 km/h")]


def test_custom_thresholds_with_patch_context():
    with patch("weatherly.alerts.send_alert") as send:
        send.side_effect = lambda station_id, text: f"{station_id}:{text}"
        incidents = check_thresholds(DailyReport([MILD]), heat_c=10, wind_kph=10)
    assert incidents == ["KSEA:heat 14.5C", "KSEA:wind 12 km/h"]
    assert send.call_count == 2


def test_no_breach_no_page():
    with patch("weatherly.alerts.send_alert") as send:
        assert check_thresholds(DailyReport([MILD])) == []
    send.assert_not_called()


def test_monkeypatched_pager(monkeypatch, client):
    pages = []
    monkeypatch.setattr(alerts, "send_alert", lambda station_id, text: pages.append((station_id, text)) or "INC-FAKE")
    report, incidents = build_and_alert(["KORD"], client)
    assert incidents == ["INC-FAKE"]
    assert pages == [("KORD", "wind 65 km/h")]


@patch("weatherly.report.check_thresholds", return_value=["INC-9999"])
def test_build_and_alert_with_patched_checker(mock_check, client):
    report, incidents = build_and_alert(["KSEA"], client)
    assert incidents == ["INC-9999"]
    mock_check.assert_called_once_with(report)


def test_real_pager_incident_ids_increase():
    first = alerts.send_alert("KSEA", "test page")
    second = alerts.send_alert("KSEA", "test page")
    assert int(second[4:]) == int(first[4:]) + 1
