"""A FIFO job queue with explicit acknowledgement.

``get()`` moves a job to the in-flight set; ``ack()`` confirms it with the broker, which costs a
round trip. A job that is never acknowledged can be put back with ``requeue()``.
"""

import logging
import time
from collections import deque
from collections.abc import Iterable

from jobq.models import Job

log = logging.getLogger(__name__)

ACK_LATENCY = 0.001


class Queue:
    """A named FIFO of :class:`~jobq.models.Job` objects."""

    def __init__(self, name: str = "default", jobs: Iterable[Job] = ()):
        self.name = name
        self._pending: deque[Job] = deque(jobs)
        self._in_flight: dict[str, Job] = {}
        self.acked: list[str] = []

    def __len__(self) -> int:
        return len(self._pending)

    def __repr__(self) -> str:
        return f"Queue({self.name!r}, pending={len(self._pending)}, in_flight={len(self._in_flight)})"

    def put(self, job: Job) -> None:
        self._pending.append(job)

    def get(self) -> Job:
        """Take the oldest pending job; raises ``IndexError`` when the queue is empty."""
        job = self._pending.popleft()
        self._in_flight[job.id] = job
        return job

    def ack(self, job_id: str) -> None:
        """Confirm that *job_id* was handled; the broker forgets it."""
        if job_id not in self._in_flight:
            raise KeyError(f"{job_id} is not in flight on {self.name}")
        time.sleep(ACK_LATENCY)
        del self._in_flight[job_id]
        self.acked.append(job_id)

    def requeue(self, job_id: str) -> None:
        """Put an in-flight job back at the front of the queue."""
        self._pending.appendleft(self._in_flight.pop(job_id))

    @property
    def in_flight(self) -> list[str]:
        return list(self._in_flight)


def drain(q: Queue) -> list[Job]:
    """Take every pending job off *q*, acknowledging each one, and return them in order.

    Used at shutdown so that a restarted process does not pick the same jobs up again.
    """
    drained = []
    while len(q):
        job = q.get()
        q.ack(job.id)
        drained.append(job)
    log.info("drained %d job(s) from %s", len(drained), q.name)
    return drained
