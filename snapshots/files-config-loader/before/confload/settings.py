"""Settings = defaults.json, then site.ini, overrides.csv, .env and secrets/*, with a pickle cache."""
from pathlib import Path

from .sources import load_cache, load_env, load_ini, load_json, load_overrides, load_secret, save_cache, save_json, save_overrides


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
        site = root.joinpath("site.ini")
        if site.exists():
            values.update(load_ini(site))
        overrides = root.joinpath("overrides.csv")
        if overrides.exists():
            values.update(load_overrides(overrides))
        env = root.joinpath(".env")
        if env.exists():
            values.update(load_env(env))
        secrets = root.joinpath("secrets")
        if secrets.is_dir():
            for entry in sorted(secrets.iterdir()):
                values[entry.name] = load_secret(secrets, entry.name)
        save_cache(cache, values)
        return cls(values)

    def export(self, path):
        if str(path).endswith(".csv"):
            save_overrides(path, {key: str(value) for key, value in self.values.items()})
        else:
            save_json(path, self.values)
