import pytest

from jobq.models import Job
from jobq.queue import Queue, drain
from jobq.store import Store, make_store


def test_store_save_and_load():
    store = Store("t")
    store.save("a", 1)
    store.save("a", 2)
    store.save("b", {"x": 1})
    assert store.load("a") == 2
    assert store.load("missing", "dflt") == "dflt"
    assert store.keys() == ["a", "b"]
    assert store.writes == 3
    assert repr(store) == "Store('t', keys=2)"


def test_make_store_namespaces_and_saves():
    store = make_store("scratch", fast=True)
    assert store.namespace == "jobq:scratch"
    assert store.write_latency < 0.001
    store.save("k", "v")
    assert store.load("k") == "v"


def test_queue_ack_moves_job_out_of_flight():
    q = Queue("q", [Job("1", "echo"), Job("2", "echo")])
    job = q.get()
    assert q.in_flight == ["1"]
    q.ack(job.id)
    assert q.in_flight == []
    assert q.acked == ["1"]
    assert len(q) == 1
    with pytest.raises(KeyError):
        q.ack("1")


def test_requeue_puts_job_back_first():
    q = Queue("q", [Job("1", "echo"), Job("2", "echo")])
    q.get()
    q.requeue("1")
    assert q.get().id == "1"


def test_drain_acks_everything_in_order():
    q = Queue("q", [Job(str(i), "echo") for i in range(4)])
    first = q.get()
    drained = drain(q)
    assert [j.id for j in drained] == ["1", "2", "3"]
    assert q.acked == ["1", "2", "3"]
    assert len(q) == 0
    assert q.in_flight == [first.id]
