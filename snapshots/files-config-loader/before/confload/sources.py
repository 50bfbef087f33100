"""One function per file format; each returns plain dicts."""
import configparser
import csv
import json
import pickle
from pathlib import Path

from . import envfile


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


def save_overrides(path, values):
    """The inverse of load_overrides: a `key,value` CSV, keys sorted."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["key", "value"])
        writer.writeheader()
        for key in sorted(values):
            writer.writerow({"key": key, "value": values[key]})


def load_ini(path):
    """`[section]` / `key = value` files; keys become `section.key`."""
    parser = configparser.ConfigParser(interpolation=None)
    with open(path, encoding="utf-8") as f:
        parser.read_file(f)
    return {f"{section}.{key}": value for section in parser.sections() for key, value in parser[section].items()}


def load_env(path):
    """A `.env` file; keys are lower-cased like the other sources."""
    with open(path, encoding="utf-8") as f:
        values = envfile.parse(f)
    return {key.lower(): value for key, value in values.items()}


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
