"""Puts the Python that asyncshift writes into users' code on sys.path, as it sits in their projects."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for folder in ("transforms/subprocess-asyncio", "src/plan"):
    sys.path.insert(0, str(ROOT / folder))

# Development mode (PYTHONDEVMODE) checks this process; the children the tests start run as
# users' children do, without its slower start-up.
os.environ.pop("PYTHONDEVMODE", None)
