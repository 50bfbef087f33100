import subprocess
import sys
from pathlib import Path

from grabfile.cli import main

from .conftest import DIGEST, PAYLOAD

ROOT = Path(__file__).resolve().parents[1]


def test_main_downloads_and_verifies(served, httpserver, tmp_path, capsys):
    httpserver.expect_request("/files/data.bin.sha256").respond_with_data(f"{DIGEST}  data.bin\n")
    dest = tmp_path / "out.bin"
    assert main([served, str(dest), "--verify", "--chunk-size", "500"]) == 0
    assert dest.read_bytes() == PAYLOAD
    assert capsys.readouterr().out == f"{dest}: {len(PAYLOAD)} bytes from {served}\n"


def test_main_reports_a_bad_checksum(served, tmp_path, capsys):
    assert main([served, str(tmp_path / "out.bin"), "--sha256", "f" * 64]) == 1
    assert "checksum mismatch" in capsys.readouterr().err


def test_main_reports_a_server_error(httpserver, tmp_path, capsys):
    httpserver.expect_request("/broken").respond_with_data("", status=502)
    assert main([httpserver.url_for("/broken"), str(tmp_path / "b"), "--retries", "0"]) == 2
    assert capsys.readouterr().err == "grabfile: server error 502 after 1 attempts\n"


def test_module_entry_point_resumes(served, tmp_path):
    (tmp_path / "data.bin.part").write_bytes(PAYLOAD[:100])
    done = subprocess.run(
        [sys.executable, "-m", "grabfile", served, str(tmp_path / "data.bin"), "--sha256", DIGEST],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("(resumed at 100)\n")
    assert (tmp_path / "data.bin").read_bytes() == PAYLOAD
