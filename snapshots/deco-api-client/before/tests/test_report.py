from forecast import ForecastClient
from forecast.report import format_report, report


def test_report_lists_each_day(httpserver, base):
    httpserver.expect_request("/api/forecast").respond_with_json({"days": [{"date": "d1", "temperature": 4}]})
    assert report(ForecastClient(base, api_key="k"), "Oslo") == "Forecast for Oslo\n  d1: 4 C"


def test_format_report_is_a_plain_function():
    assert format_report("Bergen", ["x", "y"]) == "Forecast for Bergen\n  x\n  y"
