"""The log record type and its wire format.

A line on the wire looks like ``2024-03-01T12:00:00Z ERROR billing payment declined``:
timestamp, level, service, then the free-text message.
"""

from dataclasses import dataclass

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class LogRecord:
    ts: str
    level: str
    service: str
    message: str

    @property
    def is_error(self) -> bool:
        return LEVELS.index(self.level) >= LEVELS.index("ERROR")


def parse_line(line: str) -> LogRecord:
    """Parse one wire line; raises ``ValueError`` on malformed input."""
    parts = line.split(" ", 3)
    if len(parts) != 4 or parts[1] not in LEVELS:
        raise ValueError(f"malformed log line: {line!r}")
    ts, level, service, message = parts
    return LogRecord(ts, level, service, message)


def format_record(record: LogRecord) -> str:
    """The short form used by the exporter and the CLI: ``[LEVEL] service: message``."""
    return f"[{record.level}] {record.service}: {record.message}"
