import pytest

from logarch import Entry


@pytest.fixture
def log_path(tmp_path):
    path = tmp_path / "app.log"
    path.write_text(
        "2024-01-01T10:00:00 INFO started\n"
        "2024-01-01T10:00:01 DEBUG tick\n"
        "not a log line\n"
        "2024-01-01T10:00:02 ERROR disk full\n",
        encoding="utf-8",
    )
    return str(path)


@pytest.fixture
def entry():
    return Entry("2024-01-02T08:00:00", "WARNING", "low memory – 5 % left")
