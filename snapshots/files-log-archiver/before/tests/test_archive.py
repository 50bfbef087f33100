import gzip

from logarch.archive import Archiver
from logarch.logfile import read_entries


def test_rotate_compresses_and_truncates(tmp_path, log_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    archiver = Archiver(str(folder))
    first = archiver.rotate(log_path)
    second = archiver.rotate(log_path)
    assert first.endswith("app.log.1.gz") and second.endswith("app.log.2.gz")
    assert "disk full" in gzip.decompress(open(first, "rb").read()).decode()
    assert read_entries(log_path) == []
    assert archiver.archives("app.log") == ["app.log.1.gz", "app.log.2.gz"]


def test_restore_round_trip(tmp_path, log_path):
    original = open(log_path, encoding="utf-8").read()
    archiver = Archiver(str(tmp_path))
    assert archiver.restore(archiver.rotate(log_path)) == original


def test_write_report(tmp_path, log_path):
    report = tmp_path / "report.txt"
    counts = Archiver(str(tmp_path)).write_report(log_path, str(report))
    assert counts == {"INFO": 1, "DEBUG": 1, "ERROR": 1}
    assert report.read_text() == "log report for app.log\nDEBUG: 1\nERROR: 1\nINFO: 1\ntotal: 3\n\n"
