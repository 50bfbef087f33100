"""Streaming readers over a :class:`~logstream.archive.LogArchive`.

Everything here is lazy: records are fetched page by page as the caller iterates, pausing between
pages to respect the archive's rate limit.
"""

import time
from collections import Counter
from collections.abc import Iterable, Iterator

from .archive import LogArchive
from .records import LogRecord, format_record


def iter_records(archive: LogArchive) -> Iterator[LogRecord]:
    """Yield every record of *archive* in order, one page request at a time."""
    cursor: int | None = 0
    while cursor is not None:
        page = archive.fetch(cursor)
        for record in page.records:
            yield record
        cursor = page.next_cursor
        if cursor is not None:
            time.sleep(archive.pause)


def iter_errors(archive: LogArchive) -> Iterator[LogRecord]:
    """Only the ERROR and CRITICAL records."""
    for record in iter_records(archive):
        if record.is_error:
            yield record


def follow(archives: Iterable[LogArchive]) -> Iterator[LogRecord]:
    """Chain several archives (e.g. one per day) into a single stream."""
    for archive in archives:
        yield from iter_records(archive)


def load_all(archive: LogArchive) -> list[LogRecord]:
    return list(iter_records(archive))


def count_records(archive: LogArchive) -> int:
    return sum(1 for _ in iter_records(archive))


def messages(archive: LogArchive) -> list[str]:
    """Every record in its short printable form."""
    return [format_record(r) for r in iter_records(archive)]


def tally_by_level(archive: LogArchive) -> Counter:
    counts: Counter = Counter()
    for record in iter_records(archive):
        counts[record.level] += 1
    return counts


def first_record(archive: LogArchive) -> LogRecord | None:
    """The oldest record, or None for an empty archive. Fetches a single page."""
    return next(iter_records(archive), None)


def first_error(archive: LogArchive) -> LogRecord:
    """The oldest error; raises ``LookupError`` when the archive has none."""
    try:
        return next(iter_errors(archive))
    except StopIteration:
        raise LookupError(f"no errors in {archive.name}") from None
