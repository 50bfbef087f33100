"""Settings = defaults.json, then overrides.csv, then secrets/*, with a pickle cache."""
from pathlib import Path

from .sources import load_cache, load_json, load_overrides, load_secret, save_cache, save_json


class Settings:
    def __init__(self, values):
        self.values = values

    def __getitem__(self, key):
        return self.values[key]

    @classmethod
    def load(cls, folder):
        root = Path(folder)
        cache = root.joinpath("settings.cache")
        cached = load_cache(cache)
        if cached is not None:
            return cls(cached)
        values = load_json(root.joinpath("defaults.json"))
        overrides = root.joinpath("overrides.csv")
        if overrides.exists():
            values.update(load_overrides(overrides))
        secrets = root.joinpath("secrets")
        if secrets.is_dir():
            for entry in sorted(secrets.iterdir()):
                values[entry.name] = load_secret(secrets, entry.name)
        save_cache(cache, values)
        return cls(values)

    def export(self, path):
        save_json(path, self.values)
