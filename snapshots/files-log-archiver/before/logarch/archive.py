"""Compressed archives of a log: `<name>.<n>.gz`, numbered from 1."""
import gzip
import os

from .logfile import read_entries


class Archiver:
    def __init__(self, folder):
        self.folder = folder

    def archives(self, name):
        prefix = name + "."
        return sorted(f for f in os.listdir(self.folder) if f.startswith(prefix) and f.endswith(".gz"))

    def rotate(self, log_path):
        name = os.path.basename(log_path)
        target = os.path.join(self.folder, f"{name}.{len(self.archives(name)) + 1}.gz")
        with open(log_path, "rb") as source:
            raw = source.read()
        with open(target, "wb") as out:
            out.write(gzip.compress(raw))
        with open(log_path, "w"):
            pass
        return target

    def restore(self, archive_path):
        with open(archive_path, "rb") as packed:
            return gzip.decompress(packed.read()).decode("utf-8")

    def write_report(self, log_path, report_path):
        entries = read_entries(log_path)
        counts = {}
        for entry in entries:
            counts[entry.level] = counts.get(entry.level, 0) + 1
        with open(report_path, "w", encoding="utf-8") as report:
            print("log report for", os.path.basename(log_path), file=report)
            for level in sorted(counts):
                print(level, counts[level], sep=": ", file=report)
            print("total", len(entries), sep=": ", end="\n\n", file=report)
        return counts
