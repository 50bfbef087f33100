"""Short jobs the supervisor runs to completion: health checks and batch commands."""

import subprocess


def stream_lines(argv, on_line):
    """Run ``argv`` and hand each line it prints (without the newline) to ``on_line``; return the exit code."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        on_line(line.rstrip("\n"))
    return proc.wait()


def feed(argv, data, timeout=None):
    """Send ``data`` to ``argv`` and return (exit code, output, errors), as bytes.

    When the job does not finish within ``timeout`` it is killed and what it printed so far is
    returned with exit code None, like the subprocess documentation recommends.
    """
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return None, out, err
    return proc.returncode, out, err


def first_line(argv):
    """The first line a job prints; the job is then stopped (a closed pipe ends it)."""
    with subprocess.Popen(argv, stdout=subprocess.PIPE) as proc:
        line = proc.stdout.readline()
    return line.decode().rstrip("\n"), proc.returncode


def healthy(argv, timeout=5):
    """Whether a health-check command exits 0 in time."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return proc.wait(timeout=timeout) == 0
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return False
