"""Puts the Python that asyncshift writes into users' code on sys.path, as it sits in their projects."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for folder in ("transforms/subprocess-asyncio", "src/plan"):
    sys.path.insert(0, str(ROOT / folder))
