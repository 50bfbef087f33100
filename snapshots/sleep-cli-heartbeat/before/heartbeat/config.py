"""Defaults, overridable through the environment."""

import os


def env_float(name, default):
    """Read a positive float from the environment variable ``name``.

    Unset, empty or invalid values fall back to ``default`` so that a typo in
    a deployment never stops the checker from starting.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        return default
    return value if value > 0 else default


DEFAULT_INTERVAL = env_float("HEARTBEAT_INTERVAL", 1.0)
DEFAULT_TIMEOUT = env_float("HEARTBEAT_TIMEOUT", 2.0)
DEFAULT_COUNT = 3
