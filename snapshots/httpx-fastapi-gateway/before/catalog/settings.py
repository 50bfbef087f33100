"""Gateway settings, read from the environment when the app is built."""
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    inventory_url: str
    user: str
    password: str
    timeout: float = 2.0
    support_url: str = ""

    @classmethod
    def from_env(cls):
        return cls(
            inventory_url=os.environ.get("INVENTORY_URL", "http://127.0.0.1:8081").rstrip("/"),
            user=os.environ.get("INVENTORY_USER", "gateway"),
            password=os.environ.get("INVENTORY_PASSWORD", ""),
            timeout=float(os.environ.get("INVENTORY_TIMEOUT", "2")),
            support_url=os.environ.get("SUPPORT_URL", ""),
        )
