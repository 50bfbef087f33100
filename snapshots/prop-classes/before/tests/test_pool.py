from jobq.models import Job
from jobq.pool import audit, run_resize_batch, spawn_worker
from jobq.queue import Queue
from jobq.workers import AuditWorker, ResizeWorker, Worker


def test_run_resize_batch_with_limit_drains_the_rest(resize_jobs):
    report = run_resize_batch(resize_jobs, limit=2)
    assert [r.job_id for r in report.results] == ["img-1", "img-2"]
    assert report.ok == 2 and report.failed == 0
    assert report.skipped == ["img-3"]


def test_run_resize_batch_counts_failures():
    jobs = [
        Job("good", "resize", {"width": 2, "height": 2}),
        Job("bad", "resize", {"width": 2, "height": 2, "busy_for": 99}),
    ]
    report = run_resize_batch(jobs)
    assert (report.ok, report.failed, report.skipped) == (1, 1, [])


def test_spawn_worker_picks_the_class():
    q = Queue()
    assert type(spawn_worker("resize", q)) is ResizeWorker
    assert type(spawn_worker("audit", q)) is AuditWorker
    assert type(spawn_worker("anything-else", q)) is Worker


def test_audit_returns_fingerprints():
    jobs = [Job("a", "audit", {"n": 1}), Job("b", "audit", {"n": 1}), Job("c", "audit", {"n": 2})]
    prints = audit(jobs)
    assert set(prints) == {"a", "b", "c"}
    assert prints["a"] == prints["b"] != prints["c"]
