"""Where the version being shipped comes from."""

import subprocess
import sys

from .commands import run_checked


def read_version_file(root):
    """The version written in ``VERSION`` at the project root, read by a child process like a hook would."""
    return run_checked([sys.executable, "-c", "print(open('VERSION').read().strip())"], cwd=root)


def tag_for(root, prefix="v"):
    """The release tag for the version in ``root``."""
    return f"{prefix}{read_version_file(root)}"


def interpreter_version():
    """The version of the Python that runs the hooks, as ``major.minor``."""
    completed = subprocess.run(
        [sys.executable, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        stdout=subprocess.PIPE,
        universal_newlines=True,
        check=True,
    )
    return completed.stdout.strip()
