import functools
import json

DEFAULT_UNITS = {"temperature": "C", "wind": "m/s"}


@functools.lru_cache(maxsize=None)
def load_units(path):
    """The display units, from a JSON file when one is given (read once per path)."""
    if path is None:
        return dict(DEFAULT_UNITS)
    with open(path, encoding="utf-8") as f:
        return {**DEFAULT_UNITS, **json.load(f)}
