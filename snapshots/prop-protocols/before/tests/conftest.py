import pytest

from logstream.archive import LogArchive

LINES = [
    "2024-03-01T00:00:01Z INFO api request served",
    "2024-03-01T00:00:02Z DEBUG api cache hit",
    "2024-03-01T00:00:03Z ERROR billing payment declined",
    "2024-03-01T00:00:04Z INFO billing invoice sent",
    "2024-03-01T00:00:05Z WARNING api slow response",
    "2024-03-01T00:00:06Z CRITICAL db replica lost",
    "2024-03-01T00:00:07Z INFO api request served",
]


@pytest.fixture
def archive():
    return LogArchive("2024-03-01", list(LINES), page_size=3)


@pytest.fixture
def quiet_archive():
    return LogArchive("2024-03-02", [line for line in LINES if "ERROR" not in line and "CRITICAL" not in line])
