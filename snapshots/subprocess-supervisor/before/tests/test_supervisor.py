import os
import sys
import time

from procman import Supervisor, Worker

PY = sys.executable
SLEEPER = [PY, "-c", "import time; time.sleep(30)"]


def test_a_worker_starts_and_stops_with_sigterm():
    worker = Worker("sleeper", SLEEPER)
    pid = worker.start()
    assert worker.alive()
    assert worker.stop() == -15
    assert not worker.alive()
    assert worker.exit_code() == -15
    assert pid > 0


def test_stop_kills_a_worker_that_ignores_sigterm():
    worker = Worker("stubborn", [PY, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(30)"])
    worker.start()
    time.sleep(0.5)  # let it install the handler
    assert worker.stop(grace=0.3) == -9


def test_stop_before_start_is_none():
    assert Worker("idle", SLEEPER).stop() is None


def test_the_supervisor_restarts_dead_workers_up_to_the_limit(supervisor: Supervisor):
    supervisor.add("flaky", [PY, "-c", "import sys; sys.exit(2)"])
    supervisor.add("steady", SLEEPER)
    supervisor.start_all()
    # Each run of `flaky` is a Python starting up; on a busy machine that may take a while.
    deadline = time.monotonic() + 20
    while supervisor.workers["flaky"].restarts < 2 and time.monotonic() < deadline:
        supervisor.watch(rounds=1)
    supervisor.watch(rounds=12)  # past the limit: no third restart
    assert supervisor.workers["flaky"].restarts == 2
    assert supervisor.workers["steady"].restarts == 0
    assert supervisor.log.count("flaky exited with 2") == 2
    # Its last run exits on its own; on a busy machine that may take a while.
    deadline = time.monotonic() + 10
    while supervisor.workers["flaky"].alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    codes = supervisor.stop_all()
    assert codes == {"flaky": 2, "steady": -15}


def test_workers_get_their_environment(supervisor: Supervisor, tmp_path):
    out = tmp_path / "env.txt"
    env = dict(os.environ, ROLE="indexer")
    script = f"import os, time; open({str(out)!r}, 'w').write(os.environ['ROLE']); time.sleep(30)"
    supervisor.add("env", [PY, "-c", script], env=env)
    supervisor.start_all()
    while not out.exists() or not out.read_text():
        time.sleep(0.05)
    assert out.read_text() == "indexer"
    assert supervisor.stop_all() == {"env": -15}


def test_preflight_runs_a_health_check(supervisor: Supervisor):
    assert supervisor.preflight(["true"]) is True
    assert supervisor.preflight(["sh", "-c", "exit 1"]) is False
    assert supervisor.log == ["preflight ok", "preflight failed"]
