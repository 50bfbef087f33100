import time

import pytest
import vcr
from werkzeug.wrappers import Response

from forecast import ForecastClient, MissingKey, ServerError
from forecast.decorators import timed

FORECAST = {"days": [{"date": "2026-01-01", "temperature": -3}, {"date": "2026-01-02", "temperature": 1}]}


def test_forecast_sends_the_key(httpserver, base):
    httpserver.expect_request("/api/forecast", query_string={"city": "Oslo", "days": "2"}, headers={"X-Api-Key": "k"}).respond_with_json(FORECAST)
    client = ForecastClient(base, api_key="k")
    assert client.forecast("Oslo", days=2) == ["2026-01-01: -3 C", "2026-01-02: 1 C"]


def test_forecast_retries_server_errors(httpserver, base):
    for _ in range(2):
        httpserver.expect_oneshot_request("/api/forecast").respond_with_data("busy", status=503)
    httpserver.expect_request("/api/forecast").respond_with_json(FORECAST)
    assert len(ForecastClient(base, api_key="k").forecast("Oslo")) == 2
    assert len(httpserver.log) == 3


def test_forecast_gives_up_after_three_attempts(httpserver, base):
    httpserver.expect_request("/api/forecast").respond_with_data("busy", status=503)
    with pytest.raises(ServerError):
        ForecastClient(base, api_key="k").forecast("Oslo")
    assert len(httpserver.log) == 3


def test_forecast_needs_a_key(httpserver, base):
    with pytest.raises(MissingKey):
        ForecastClient(base).forecast("Oslo")
    assert httpserver.log == []


def test_units_come_from_the_units_file(httpserver, base, tmp_path):
    units = tmp_path / "units.json"
    units.write_text('{"temperature": "F"}')
    httpserver.expect_request("/api/forecast").respond_with_json({"days": [{"date": "d", "temperature": 30}]})
    assert ForecastClient(base, api_key="k", units_file=str(units)).forecast("Oslo") == ["d: 30 F"]


def test_station_retries_with_tenacity(httpserver, base):
    httpserver.expect_oneshot_request("/api/stations/7").respond_with_data("busy", status=502)
    httpserver.expect_request("/api/stations/7").respond_with_json({"id": 7, "name": "Blindern"})
    assert ForecastClient(base).station(7)["name"] == "Blindern"
    assert len(httpserver.log) == 2


def test_alerts_back_off_and_retry(httpserver, base):
    for _ in range(2):
        httpserver.expect_oneshot_request("/api/alerts").respond_with_data("busy", status=500)
    httpserver.expect_request("/api/alerts", query_string={"region": "north"}).respond_with_json({"alerts": ["wind"]})
    assert ForecastClient(base).alerts("north") == ["wind"]
    assert len(httpserver.log) == 3


def test_station_directory_is_cached(httpserver, base):
    httpserver.expect_oneshot_request("/api/stations").respond_with_json({"stations": [{"id": 1, "name": "Vigra"}]})
    client = ForecastClient(base)
    assert client.station_name(1) == "Vigra"
    assert client.station_name(1) == "Vigra"
    assert len(httpserver.log) == 1


def test_cities_follow_pages_and_time_the_whole_walk(httpserver, base):
    def slow_last_page(request):
        time.sleep(0.2)
        return Response('{"cities": ["Bergen"], "more": false}', content_type="application/json")

    httpserver.expect_request("/api/cities", query_string={"page": "1"}).respond_with_json({"cities": ["Oslo"], "more": True})
    httpserver.expect_request("/api/cities", query_string={"page": "2"}).respond_with_handler(slow_last_page)
    timed.durations.clear()
    assert ForecastClient(base).cities() == ["Oslo", "Bergen"]
    assert timed.durations["cities"][0] >= 0.2


def test_alerts_are_recorded_in_a_cassette(httpserver, base, tmp_path):
    httpserver.expect_request("/api/alerts").respond_with_json({"alerts": []})
    cassette = tmp_path / "alerts.yaml"

    @vcr.use_cassette(str(cassette), record_mode="all")
    def fetch_alerts():
        return ForecastClient(base).alerts("south")

    assert fetch_alerts() == []
    assert "/api/alerts?region=south" in cassette.read_text()
