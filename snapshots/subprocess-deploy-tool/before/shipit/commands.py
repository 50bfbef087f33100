"""Running one command the way every step does: checked, captured, as text."""

import os
import shlex
import subprocess


def describe(cmd):
    """A command as a user would type it, for logs and error messages."""
    if isinstance(cmd, str):
        return cmd
    return " ".join(shlex.quote(str(part)) for part in cmd)


def run_checked(cmd, cwd=None, env=None, timeout=None):
    """Run ``cmd`` and return its standard output without the trailing newline.

    A non-zero exit raises ``subprocess.CalledProcessError`` carrying the captured output and
    error text, so callers can show what went wrong.
    """
    merged = dict(os.environ, **env) if env else None
    result = subprocess.run(
        cmd,
        cwd=cwd,
        env=merged,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return result.stdout.rstrip("\n")


def run_quiet(cmd, cwd=None):
    """Run ``cmd`` with its output discarded; raise ``CalledProcessError`` when it fails."""
    return subprocess.check_call(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def exit_code(cmd, cwd=None):
    """The exit code of ``cmd``; its output goes nowhere."""
    return subprocess.call(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def read_output(cmd, cwd=None):
    """Standard output of ``cmd`` as bytes, standard error merged in."""
    return subprocess.check_output(cmd, cwd=cwd, stderr=subprocess.STDOUT)
