"""One function per file format; each returns plain dicts."""
import csv
import json
import pickle
from pathlib import Path


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save_json(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, sort_keys=True)
        f.write("\n")


def load_overrides(path):
    """CSV with a header `key,value`; quoted values may span lines."""
    with open(path, newline="", encoding="utf-8") as f:
        return {row["key"]: row["value"] for row in csv.DictReader(f)}


def load_secret(folder: Path, name):
    return folder.joinpath(name).read_text(encoding="utf-8").strip()


def write_secret(folder: Path, name, value):
    target = folder.joinpath(name)
    target.write_text(value + "\n", encoding="utf-8")
    return target


def load_cache(path: Path):
    if not path.exists():
        return None
    with path.open("rb") as f:
        return pickle.load(f)


def save_cache(path: Path, data):
    with path.open("wb") as f:
        pickle.dump(data, f, pickle.HIGHEST_PROTOCOL)
