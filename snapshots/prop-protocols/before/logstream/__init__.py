"""logstream: read, filter and export records from a paginated log archive."""

from .archive import LogArchive, Page
from .records import LogRecord, parse_line

__all__ = ["LogArchive", "LogRecord", "Page", "parse_line"]
