import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from werkzeug.wrappers import Response

from mirror.fetch import download, is_up, list_files, manifest, publish, upload_raw

ROOT = Path(__file__).resolve().parents[1]


def test_list_files_follows_redirects(httpserver):
    httpserver.expect_request("/old.json").respond_with_data("", status=301, headers={"Location": "/index.json"})
    httpserver.expect_request("/index.json").respond_with_json({"files": ["a.bin", "b.bin"]})
    assert list_files(httpserver.url_for("/old.json")) == ["a.bin", "b.bin"]


def test_list_files_error_status(httpserver):
    httpserver.expect_request("/index.json").respond_with_data("gone", status=410)
    with pytest.raises(requests.HTTPError):
        list_files(httpserver.url_for("/index.json"))


def test_manifest_lines(httpserver):
    httpserver.expect_request("/manifest").respond_with_data("one\ntwo\r\n\nthree\n")
    assert manifest(httpserver.url_for("/manifest")) == [b"one", b"two", b"three"]


def test_download_streams_in_chunks(httpserver, tmp_path):
    httpserver.expect_request("/files/a.bin").respond_with_data(b"0123456789" * 5)
    dest = tmp_path / "a.bin"
    assert download(httpserver.url_for("/files/a.bin"), dest) == 50
    assert dest.read_bytes() == b"0123456789" * 5


def test_download_missing(httpserver, tmp_path):
    httpserver.expect_request("/files/x").respond_with_data("no", status=404)
    with pytest.raises(requests.HTTPError):
        download(httpserver.url_for("/files/x"), tmp_path / "x")


def test_publish_form(httpserver):
    httpserver.expect_request("/notes", method="POST", data="name=n1&text=hi+there").respond_with_json({"stored": True})
    assert publish(httpserver.url_for("/notes"), "n1", "hi there") == (200, True)


def test_publish_rejected(httpserver):
    httpserver.expect_request("/notes", method="POST").respond_with_data("full", status=507)
    assert publish(httpserver.url_for("/notes"), "n", "t") == (507, "INSUFFICIENT STORAGE")


def test_upload_raw_body_and_header(httpserver):
    httpserver.expect_request("/raw", method="PUT", data="héllo".encode(), headers={"Content-Type": "text/plain"}).respond_with_data("", status=204)
    assert upload_raw(httpserver.url_for("/raw"), "héllo") == 204


def test_is_up_and_timeouts(httpserver):
    def slow(request):
        time.sleep(0.6)
        return Response("")

    httpserver.expect_request("/slow", method="HEAD").respond_with_handler(slow)
    assert is_up(httpserver.url_for("/slow")) == -1
    assert is_up("http://127.0.0.1:1/") is None


def test_main_entry_point(httpserver, tmp_path):
    httpserver.expect_request("/index.json").respond_with_json({"files": ["a.bin"]})
    httpserver.expect_request("/files/a.bin").respond_with_data(b"payload")
    done = subprocess.run([sys.executable, "-m", "mirror.fetch", httpserver.url_for("").rstrip("/"), str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "a.bin").read_bytes() == b"payload"
