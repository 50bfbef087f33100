"""Client-side view of the log archive service.

The archive serves log lines in pages addressed by a cursor. The service enforces a rate limit,
so readers pause between page requests; ``LogArchive.pause`` is that interval. The archive
content here is held in memory (the real client fills it from the API), which keeps the pagination
and the rate-limit behaviour identical.
"""

import logging
from dataclasses import dataclass, field

from .records import LogRecord, parse_line

log = logging.getLogger(__name__)


@dataclass
class Page:
    records: list[LogRecord]
    next_cursor: int | None


@dataclass
class LogArchive:
    name: str
    lines: list[str]
    page_size: int = 3
    pause: float = 0.002
    requests: int = field(default=0, compare=False)

    def fetch(self, cursor: int = 0, limit: int | None = None) -> Page:
        """Return the page starting at *cursor*; ``next_cursor`` is None on the last page."""
        limit = limit or self.page_size
        self.requests += 1
        chunk = self.lines[cursor : cursor + limit]
        end = cursor + len(chunk)
        log.debug("%s: fetched %d line(s) at %d", self.name, len(chunk), cursor)
        return Page([parse_line(line) for line in chunk], end if end < len(self.lines) else None)
