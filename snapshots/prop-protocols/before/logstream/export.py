"""Export archives to the short text form, under a lease so exporters never overlap."""

import logging
from dataclasses import dataclass, field

from .archive import LogArchive
from .lease import Coordinator, Lease
from .paginator import Paginator
from .records import LogRecord, format_record
from .session import open_session, timed

log = logging.getLogger(__name__)


@dataclass
class ExportSummary:
    archive: str
    pages: int
    lines: list[str] = field(default_factory=list)
    durations: dict[str, float] = field(default_factory=dict)


def export_archive(
    archive: LogArchive,
    coordinator: Coordinator,
    *,
    owner: str = "exporter",
    only_errors: bool = False,
    page_size: int | None = None,
) -> ExportSummary:
    """Export *archive* while holding its lease; returns the exported lines and timings."""
    durations: dict[str, float] = {}
    lines: list[str] = []
    with timed(durations, "total"), Lease(coordinator, archive.name, owner):
        with open_session(archive, client=owner) as session:
            pages = Paginator(session, page_size)
            for page in pages:
                lines.extend(format_record(r) for r in page if r.is_error or not only_errors)
    log.info("exported %d line(s) from %s in %d page(s)", len(lines), archive.name, pages.pages_read)
    return ExportSummary(archive.name, pages.pages_read, lines, durations)


def preview(archive: LogArchive, page_size: int = 2) -> list[LogRecord]:
    """The first page only, for the UI's preview pane."""
    with open_session(archive, client="preview") as session:
        return next(Paginator(session, page_size), [])
