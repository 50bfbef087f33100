from dataclasses import dataclass

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True)
class Entry:
    timestamp: str
    level: str
    message: str

    def format(self):
        return f"{self.timestamp} {self.level} {self.message}"


def parse_line(line):
    parts = line.rstrip("\n").split(" ", 2)
    if len(parts) != 3 or parts[1] not in LEVELS:
        return None
    return Entry(*parts)
