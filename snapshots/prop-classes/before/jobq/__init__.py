"""jobq: a small in-process job queue with pluggable workers and a result store."""

from jobq.models import Job, Result, TransientError
from jobq.queue import Queue, drain
from jobq.store import Store, make_store
from jobq.workers import AuditWorker, ResizeWorker, Worker

__all__ = [
    "AuditWorker",
    "Job",
    "Queue",
    "ResizeWorker",
    "Result",
    "Store",
    "TransientError",
    "Worker",
    "drain",
    "make_store",
]

__version__ = "0.4.2"
