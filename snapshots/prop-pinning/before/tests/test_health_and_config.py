import os
import subprocess
import sys
from pathlib import Path

from notifier import config
from notifier.health import BACKENDS, FALLBACK, check_health, mark_down, probe_backend

ROOT = Path(__file__).resolve().parents[1]


def test_default_backend_probed_at_import():
    assert config.DEFAULT_BACKEND == "smtp://mail-1.internal"


def test_probe_backend_fails_over():
    mark_down(BACKENDS[0])
    assert probe_backend() == BACKENDS[1]
    mark_down(BACKENDS[1])
    assert probe_backend() == FALLBACK


def test_check_health():
    assert check_health(BACKENDS[0])
    mark_down(BACKENDS[0])
    assert not check_health(BACKENDS[0])
    assert check_health(FALLBACK)


def _python(code: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )


def test_import_time_probe_in_fresh_process():
    proc = _python("import notifier.config as c; print(c.DEFAULT_BACKEND)")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "smtp://mail-1.internal\n"


def test_connections_closed_at_exit():
    proc = _python(
        "from notifier.transport import connect\n"
        "connect('https://hooks.example/a')\n"
        "connect('https://hooks.example/b')\n"
        "connect('https://hooks.example/a')\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "notifier: closed 2 connection(s)\n"
