"""Workers take jobs off a :class:`~jobq.queue.Queue`, process them and store the results.

:class:`Worker` owns the loop, the retries and the persistence; subclasses only override
:meth:`Worker.process`, which turns one job into an output dictionary.
"""

import hashlib
import json
import logging
import time

from jobq.models import Job, Result, TransientError
from jobq.queue import Queue
from jobq.store import Store

log = logging.getLogger(__name__)


class Worker:
    """The base worker: echoes each job's payload back as its output."""

    name = "echo"
    max_attempts = 3

    def __init__(self, queue: Queue):
        self.queue = queue
        self.store = Store(f"results:{self.name}")
        self.completed: list[str] = []
        self.failed: list[str] = []

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(queue={self.queue.name!r}, "
            f"completed={len(self.completed)}, failed={len(self.failed)})"
        )

    @property
    def stats(self) -> dict[str, int]:
        """Counters for dashboards; cheap enough to read on every scrape."""
        return self._tally()

    def _tally(self) -> dict[str, int]:
        return {
            "completed": len(self.completed),
            "failed": len(self.failed),
            "pending": len(self.queue),
        }

    @classmethod
    def healthcheck(cls) -> bool:
        """Ask the worker pool whether it accepts another worker of this kind."""
        time.sleep(0.001)
        return cls.max_attempts > 0

    @classmethod
    def spawn(cls, queue: Queue) -> "Worker":
        """Create a worker bound to *queue* once the pool says it is healthy."""
        if not cls.healthcheck():
            raise RuntimeError(f"{cls.__name__} pool refused a new worker")
        log.info("spawned %s on %s", cls.__name__, queue.name)
        return cls(queue)

    @staticmethod
    def backoff(attempt: int) -> float:
        """Wait before retry number *attempt*: 1 ms, 2 ms, 4 ms, ... capped at 8 ms."""
        delay = min(0.001 * 2 ** (attempt - 1), 0.008)
        time.sleep(delay)
        return delay

    def process(self, job: Job) -> dict:
        """Turn *job* into its output. Subclasses override this."""
        return {"kind": job.kind, "echo": dict(job.payload)}

    def handle(self, job: Job) -> Result:
        """Process *job*, retrying transient failures up to ``max_attempts`` times."""
        for attempt in range(1, self.max_attempts + 1):
            job.attempts = attempt
            try:
                output = self.process(job)
            except TransientError as exc:
                log.warning("%s attempt %d failed: %s", job.id, attempt, exc)
                if attempt == self.max_attempts:
                    return Result(job.id, ok=False, error=str(exc), attempts=attempt)
                self.backoff(attempt)
            else:
                return Result(job.id, ok=True, output=output, attempts=attempt)
        raise AssertionError("unreachable")

    def run(self, limit: int | None = None) -> list[Result]:
        """Handle pending jobs (at most *limit*), saving and acknowledging each one."""
        results: list[Result] = []
        while len(self.queue) and (limit is None or len(results) < limit):
            job = self.queue.get()
            result = self.handle(job)
            self.store.save(job.id, result)
            self.queue.ack(job.id)
            (self.completed if result.ok else self.failed).append(job.id)
            results.append(result)
        return results


class ResizeWorker(Worker):
    """Scales images; the renderer is remote and occasionally busy."""

    name = "resize"

    def process(self, job: Job) -> dict:
        busy_for = job.payload.get("busy_for", 0)
        if busy_for and job.attempts <= busy_for:
            raise TransientError("renderer busy")
        scale = job.payload.get("scale", 0.5)
        width = round(job.payload["width"] * scale)
        height = round(job.payload["height"] * scale)
        time.sleep(0.002)  # the renderer call
        output = super().process(job)
        output.update(width=width, height=height)
        return output


class AuditWorker(Worker):
    """Records a fingerprint of each payload for the audit trail."""

    name = "audit"
    max_attempts = 1

    def process(self, job: Job) -> dict:
        output = Worker.process(self, job)
        canonical = json.dumps(job.payload, sort_keys=True).encode()
        output["fingerprint"] = hashlib.sha256(canonical).hexdigest()[:12]
        return output
