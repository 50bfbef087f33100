"""One long-running child process: started, watched and stopped by the supervisor."""

import subprocess


class Worker:
    def __init__(self, name, argv, env=None):
        self.name = name
        self.argv = list(argv)
        self.env = env
        self.proc = None
        self.restarts = 0

    def start(self):
        self.proc = subprocess.Popen(self.argv, env=self.env, stdout=subprocess.DEVNULL)
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def exit_code(self):
        return None if self.proc is None else self.proc.returncode

    def stop(self, grace=2.0):
        """Ask the worker to stop, kill it after ``grace`` seconds; return its exit code."""
        if self.proc is None:
            return None
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()
