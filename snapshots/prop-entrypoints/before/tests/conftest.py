import os
import subprocess
import sys
from pathlib import Path

import pytest

from shipit import remote

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def clean_fleet():
    """Every test starts with a fleet on which nothing is deployed."""
    remote.reset()
    yield
    remote.reset()


@pytest.fixture
def run_python():
    """Run ``python ARGS...`` from the project root, the way an operator would."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
        )

    return run
