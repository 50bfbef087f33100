"""Batch helpers used by the nightly jobs and the admin shell."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from jobq.models import Job, Result
from jobq.queue import Queue, drain
from jobq.store import make_store
from jobq.workers import AuditWorker, ResizeWorker, Worker

log = logging.getLogger(__name__)


@dataclass
class BatchReport:
    """What one batch run did."""

    name: str
    results: list[Result] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> int:
        return sum(1 for r in self.results if r.ok)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.results if not r.ok)


def spawn_worker(kind: str, queue: Queue) -> Worker:
    """Return a healthy worker of *kind* (``resize``, ``audit`` or ``echo``) for *queue*."""
    if kind == "resize":
        return ResizeWorker.spawn(queue)
    if kind == "audit":
        return AuditWorker.spawn(queue)
    return Worker.spawn(queue)


def run_resize_batch(jobs: Iterable[Job], *, limit: int | None = None) -> BatchReport:
    """Resize up to *limit* jobs, record a summary in the ledger and drop what is left.

    Jobs beyond *limit* are drained (acknowledged without processing) and listed as skipped.
    """
    queue = Queue("resize-batch", jobs)
    w = ResizeWorker(queue)
    report = BatchReport("resize", results=w.run(limit=limit))
    report.skipped = [job.id for job in drain(queue)]
    ledger = make_store("ledger")
    ledger.save("resize", {"ok": report.ok, "failed": report.failed, "skipped": len(report.skipped)})
    log.info("resize batch: %s", ledger.load("resize"))
    return report


def audit(jobs: Iterable[Job]) -> dict[str, str]:
    """Fingerprint every job; returns ``{job_id: fingerprint}``."""
    worker = spawn_worker("audit", Queue("audit", jobs))
    return {r.job_id: r.output["fingerprint"] for r in worker.run() if r.ok}
