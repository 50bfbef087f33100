"""Plain data types shared by the queue, the workers and the store."""

from dataclasses import dataclass, field
from typing import Any


class TransientError(Exception):
    """A failure worth retrying (the downstream service was busy, a lock was held, ...)."""


@dataclass
class Job:
    """One unit of work.

    ``attempts`` is filled in by the worker that handles the job, so callers can see how many
    tries it took.
    """

    id: str
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0


@dataclass(frozen=True)
class Result:
    """The outcome of handling one job."""

    job_id: str
    ok: bool
    output: dict[str, Any] | None = None
    error: str | None = None
    attempts: int = 1
