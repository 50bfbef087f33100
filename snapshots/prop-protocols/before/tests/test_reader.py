from logstream.archive import LogArchive
from logstream.reader import (
    count_records,
    first_error,
    first_record,
    follow,
    iter_errors,
    iter_records,
    load_all,
    messages,
    tally_by_level,
)

import pytest


def test_iter_records_fetches_page_by_page(archive):
    seen = []
    for record in iter_records(archive):
        seen.append(record.ts[-3:-1])
    assert seen == ["01", "02", "03", "04", "05", "06", "07"]
    assert archive.requests == 3


def test_load_all_and_count(archive):
    records = load_all(archive)
    assert len(records) == 7
    assert records[2].service == "billing"
    assert count_records(archive) == 7


def test_messages_are_formatted(archive):
    assert messages(archive)[:2] == ["[INFO] api: request served", "[DEBUG] api: cache hit"]


def test_tally_by_level(archive):
    assert tally_by_level(archive) == {"INFO": 3, "DEBUG": 1, "ERROR": 1, "WARNING": 1, "CRITICAL": 1}


def test_iter_errors_filters(archive):
    assert [r.level for r in iter_errors(archive)] == ["ERROR", "CRITICAL"]


def test_first_record_reads_one_page_only(archive):
    assert first_record(archive).message == "request served"
    assert archive.requests == 1
    assert first_record(LogArchive("empty", [])) is None


def test_first_error(archive, quiet_archive):
    assert first_error(archive).message == "payment declined"
    with pytest.raises(LookupError, match="no errors in 2024-03-02"):
        first_error(quiet_archive)


def test_follow_chains_archives(archive, quiet_archive):
    chained = list(follow([archive, quiet_archive]))
    assert len(chained) == 7 + 5
    assert chained[7].ts == "2024-03-01T00:00:01Z"
    assert quiet_archive.requests == 2


def test_generator_is_lazy(archive):
    stream = iter_records(archive)
    assert archive.requests == 0
    next(stream)
    assert archive.requests == 1
