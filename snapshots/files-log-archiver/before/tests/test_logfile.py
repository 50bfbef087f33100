from logarch.logfile import append, read_entries, tail


def test_read_entries_skips_noise(log_path):
    entries = read_entries(log_path)
    assert [e.level for e in entries] == ["INFO", "DEBUG", "ERROR"]


def test_read_entries_by_level(log_path):
    assert [e.message for e in read_entries(log_path, level="ERROR")] == ["disk full"]


def test_append_keeps_existing_lines_and_unicode(log_path, entry):
    append(log_path, entry, entry)
    entries = read_entries(log_path)
    assert len(entries) == 5
    assert entries[-1] == entry


def test_tail_reads_bytes_from_the_end(log_path):
    assert tail(log_path, 2) == ["not a log line", "2024-01-01T10:00:02 ERROR disk full"]
