"""procman: keep worker processes running and collect what they print."""

from .worker import Worker
from .supervisor import Supervisor

__all__ = ["Supervisor", "Worker"]
