from weatherly.models import DailyReport, Observation
from weatherly.units import c_to_f, kph_to_mph


def test_c_to_f():
    assert c_to_f(0) == 32.0
    assert c_to_f(41.2) == 106.2


def test_kph_to_mph():
    assert kph_to_mph(100) == 62.1


def test_report_properties():
    report = DailyReport([Observation("A", 10.0, 50, 5.0, "x"), Observation("B", 20.0, 50, 5.0, "y")])
    assert report.hottest.station_id == "B"
    assert report.mean_temp_c == 15.0
    assert DailyReport().hottest is None
