import pytest

from procman import Supervisor


@pytest.fixture
def supervisor():
    sup = Supervisor(max_restarts=2, poll_interval=0.05)
    yield sup
    for worker in sup.workers.values():
        if worker.alive():
            worker.proc.kill()
            worker.proc.wait()
