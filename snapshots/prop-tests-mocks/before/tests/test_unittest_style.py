import unittest

from weatherly.cache import close_cache, open_cache
from weatherly.client import StationClient
from weatherly.report import ReportService, format_report


class ReportServiceTest(unittest.TestCase):
    def setUp(self):
        self.client = StationClient(latency=0.001)
        self.cache = open_cache("unittest")
        self.service = ReportService(self.client, self.cache)

    def tearDown(self):
        close_cache(self.cache)

    def test_report_for_known_stations(self):
        report = self.service.daily_report(["KSEA", "KPHX"])
        self.assertEqual(report.hottest.station_id, "KPHX")
        self.assertEqual(report.missing, [])
        self.assertEqual(len(self.cache), 2)

    def test_cached_second_report(self):
        self.service.daily_report(["KBOS"])
        self.service.daily_report(["KBOS"])
        self.assertEqual(self.client.calls, 1)
        self.assertEqual(self.cache.hits, 1)

    def test_formatted(self):
        text = format_report(self.service.daily_report(["KORD", "ZZZZ"]))
        self.assertIn("KORD: 22.0C, wind 64.8 km/h, wind", text)
        self.assertTrue(text.endswith("no data: ZZZZ"))


if __name__ == "__main__":
    unittest.main()
