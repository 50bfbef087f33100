"""Page-at-a-time iteration, for consumers that work in batches (exporters, bulk indexers)."""

import time

from .records import LogRecord
from .session import Session


class Paginator:
    """Iterate over the archive of *session* one page (a list of records) at a time.

    The first page is requested at once; later pages wait for the archive's rate-limit pause.
    """

    def __init__(self, session: Session, page_size: int | None = None):
        self.session = session
        self.page_size = page_size
        self.pages_read = 0
        self._cursor: int | None = 0

    def __iter__(self) -> "Paginator":
        return self

    def __next__(self) -> list[LogRecord]:
        if self._cursor is None:
            raise StopIteration
        if self.session.closed:
            raise RuntimeError(f"session {self.session.token} is closed")
        if self.pages_read:
            time.sleep(self.session.archive.pause)
        page = self.session.archive.fetch(self._cursor, self.page_size)
        self._cursor = page.next_cursor
        if not page.records:
            raise StopIteration
        self.pages_read += 1
        return page.records
