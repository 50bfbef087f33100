"""The supervisor: start workers, restart the ones that die, stop them all."""

import time

from .oneshot import healthy
from .worker import Worker


class Supervisor:
    def __init__(self, max_restarts=3, poll_interval=0.05):
        self.workers = {}
        self.max_restarts = max_restarts
        self.poll_interval = poll_interval
        self.log = []

    def add(self, name, argv, env=None) -> Worker:
        worker = Worker(name, argv, env)
        self.workers[name] = worker
        return worker

    def start_all(self):
        for worker in self.workers.values():
            worker.start()
            self.log.append(f"started {worker.name}")

    def check(self):
        """Restart the workers that exited, up to ``max_restarts`` times each; return the names restarted."""
        restarted = []
        for worker in self.workers.values():
            if worker.alive() or worker.restarts >= self.max_restarts:
                continue
            self.log.append(f"{worker.name} exited with {worker.exit_code()}")
            worker.restarts += 1
            worker.start()
            restarted.append(worker.name)
        return restarted

    def watch(self, rounds):
        """Check the workers ``rounds`` times, ``poll_interval`` apart."""
        for _ in range(rounds):
            self.check()
            time.sleep(self.poll_interval)

    def preflight(self, argv):
        ok = healthy(argv)
        self.log.append(f"preflight {'ok' if ok else 'failed'}")
        return ok

    def worker(self, name) -> Worker:
        return self.workers[name]

    def stop(self, name):
        """Stop one worker; return its exit code."""
        code = self.worker(name).stop()
        self.log.append(f"stopped {name}")
        return code

    def stop_all(self):
        return {name: self.stop(name) for name in list(self.workers)}
