from jobq.models import Job, TransientError
from jobq.queue import Queue
from jobq.workers import AuditWorker, ResizeWorker, Worker


def test_base_worker_echoes_and_persists():
    q = Queue("echo", [Job("j1", "echo", {"a": 1})])
    w = Worker(q)
    results = w.run()
    assert [r.job_id for r in results] == ["j1"]
    assert results[0].output == {"kind": "echo", "echo": {"a": 1}}
    assert w.store.load("j1") == results[0]
    assert w.store.namespace == "results:echo"
    assert q.acked == ["j1"]


def test_resize_worker_scales_and_uses_super(resize_jobs):
    q = Queue("resize", resize_jobs)
    w = ResizeWorker(q)
    results = {r.job_id: r for r in w.run()}
    assert results["img-1"].output == {
        "kind": "resize",
        "echo": {"width": 800, "height": 600},
        "width": 400,
        "height": 300,
    }
    assert results["img-2"].output["width"] == 256
    # img-3 reports "busy" on its first attempt and succeeds on the retry
    assert results["img-3"].ok and results["img-3"].attempts == 2
    assert w.completed == ["img-1", "img-2", "img-3"]
    assert w.store.writes == 3


def test_resize_worker_gives_up_after_max_attempts():
    q = Queue("resize", [Job("stuck", "resize", {"width": 1, "height": 1, "busy_for": 10})])
    w = ResizeWorker(q)
    [result] = w.run()
    assert not result.ok
    assert result.error == "renderer busy"
    assert result.attempts == ResizeWorker.max_attempts
    assert w.failed == ["stuck"]
    assert w.stats == {"completed": 0, "failed": 1, "pending": 0}


def test_audit_worker_calls_base_process_explicitly():
    q = Queue("audit", [Job("a1", "audit", {"b": 2, "a": 1})])
    w = AuditWorker(q)
    [result] = w.run()
    assert result.output["echo"] == {"b": 2, "a": 1}
    assert len(result.output["fingerprint"]) == 12


def test_run_respects_limit_and_stats_property():
    q = Queue("echo", [Job(str(i), "echo") for i in range(5)])
    w = Worker(q)
    assert len(w.run(limit=2)) == 2
    assert w.stats == {"completed": 2, "failed": 0, "pending": 3}
    assert repr(w) == "Worker(queue='echo', completed=2, failed=0)"


def test_spawn_goes_through_healthcheck():
    q = Queue("resize")
    w = ResizeWorker.spawn(q)
    assert isinstance(w, ResizeWorker)
    assert w.queue is q
    assert Worker.healthcheck() is True


def test_backoff_is_capped():
    assert Worker.backoff(1) == 0.001
    assert Worker.backoff(3) == 0.004
    assert Worker.backoff(10) == 0.008


def test_process_can_be_called_unbound():
    job = Job("x", "resize", {"width": 10, "height": 20, "scale": 1})
    w = ResizeWorker(Queue())
    assert ResizeWorker.process(w, job)["width"] == 10
    assert Worker.process(w, job)["echo"]["height"] == 20


def test_transient_error_is_an_exception():
    assert issubclass(TransientError, Exception)
