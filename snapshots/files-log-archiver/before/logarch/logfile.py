"""Reading and appending to a text log, one entry per line."""
from .entries import parse_line


def read_entries(path, level=None):
    entries = []
    with open(path, encoding="utf-8") as log:
        for line in log:
            entry = parse_line(line)
            if entry and (level is None or entry.level == level):
                entries.append(entry)
    return entries


def append(path, *entries):
    with open(path, "a", encoding="utf-8", newline="\n") as log:
        for entry in entries:
            log.write(entry.format() + "\n")


def tail(path, count):
    with open(path, "rb") as log:
        log.seek(0, 2)
        size = log.tell()
        log.seek(max(0, size - 4096))
        lines = log.readlines()
    return [line.decode("utf-8").rstrip("\n") for line in lines[-count:]]
