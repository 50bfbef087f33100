import base64
import threading
import time

import pytest
from werkzeug.wrappers import Response

from grabfile import ChecksumMismatch, Downloader, DownloadError, NotFound

from .conftest import DIGEST, PAYLOAD


def test_downloads_in_chunks_with_progress(served, tmp_path):
    seen = []
    downloader = Downloader(chunk_size=1024)
    try:
        result = downloader.fetch(served, tmp_path / "data.bin", progress=lambda done, total: seen.append((done, total)))
    finally:
        downloader.close()
    assert (tmp_path / "data.bin").read_bytes() == PAYLOAD
    assert result.size == len(PAYLOAD)
    assert result.url == served
    assert len(seen) >= 2
    assert seen[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert not (tmp_path / "data.bin.part").exists()


def test_verifies_the_checksum(served, tmp_path):
    downloader = Downloader()
    try:
        downloader.fetch(served, tmp_path / "ok.bin", sha256=DIGEST.upper())
    finally:
        downloader.close()
    assert (tmp_path / "ok.bin").read_bytes() == PAYLOAD


def test_checksum_mismatch_removes_the_partial_file(served, tmp_path):
    downloader = Downloader()
    try:
        with pytest.raises(ChecksumMismatch) as info:
            downloader.fetch(served, tmp_path / "bad.bin", sha256="0" * 64)
    finally:
        downloader.close()
    assert info.value.actual == DIGEST
    assert not (tmp_path / "bad.bin").exists()
    assert not (tmp_path / "bad.bin.part").exists()


def test_resumes_with_a_range_request(served, httpserver, tmp_path):
    (tmp_path / "data.bin.part").write_bytes(PAYLOAD[:3000])
    downloader = Downloader(chunk_size=4096)
    try:
        result = downloader.fetch(served, tmp_path / "data.bin", sha256=DIGEST)
    finally:
        downloader.close()
    assert result.resumed_from == 3000
    assert (tmp_path / "data.bin").read_bytes() == PAYLOAD
    request, _ = httpserver.log[-1]
    assert request.headers["Range"] == "bytes=3000-"


def test_starts_over_when_the_server_ignores_the_range(httpserver, tmp_path):
    httpserver.expect_request("/plain.txt").respond_with_data(b"fresh content")
    (tmp_path / "plain.txt.part").write_bytes(b"stale")
    downloader = Downloader()
    try:
        result = downloader.fetch(httpserver.url_for("/plain.txt"), tmp_path / "plain.txt")
    finally:
        downloader.close()
    assert result.resumed_from == 0
    assert (tmp_path / "plain.txt").read_bytes() == b"fresh content"


def test_complete_part_file_is_kept(served, tmp_path):
    (tmp_path / "data.bin.part").write_bytes(PAYLOAD)
    downloader = Downloader()
    try:
        result = downloader.fetch(served, tmp_path / "data.bin", sha256=DIGEST)
    finally:
        downloader.close()
    assert result.size == len(PAYLOAD)
    assert (tmp_path / "data.bin").read_bytes() == PAYLOAD


def test_follows_redirects(served, httpserver, tmp_path):
    httpserver.expect_request("/latest").respond_with_data("", status=302, headers={"Location": "/files/data.bin"})
    downloader = Downloader()
    try:
        result = downloader.fetch(httpserver.url_for("/latest"), tmp_path / "latest.bin")
    finally:
        downloader.close()
    assert result.url == served
    assert (tmp_path / "latest.bin").read_bytes() == PAYLOAD


def test_missing_file(httpserver, tmp_path):
    httpserver.expect_request("/files/gone.bin").respond_with_data("no such file", status=404)
    downloader = Downloader()
    try:
        with pytest.raises(NotFound):
            downloader.fetch(httpserver.url_for("/files/gone.bin"), tmp_path / "gone.bin")
    finally:
        downloader.close()
    assert list(tmp_path.iterdir()) == []


def test_client_error_is_reported_with_its_reason(httpserver, tmp_path):
    httpserver.expect_request("/files/secret.bin").respond_with_data("", status=403)
    downloader = Downloader()
    try:
        with pytest.raises(DownloadError, match="403 FORBIDDEN") as info:
            downloader.fetch(httpserver.url_for("/files/secret.bin"), tmp_path / "secret.bin")
    finally:
        downloader.close()
    assert info.value.status == 403


def test_server_errors_are_retried_with_backoff(httpserver, tmp_path):
    calls = []

    def flaky(request):
        calls.append(time.monotonic())
        if len(calls) < 3:
            return Response("busy", status=503)
        return Response(b"finally")

    httpserver.expect_request("/flaky.bin").respond_with_handler(flaky)
    downloader = Downloader(retries=2, backoff=0.05)
    try:
        downloader.fetch(httpserver.url_for("/flaky.bin"), tmp_path / "flaky.bin")
    finally:
        downloader.close()
    assert (tmp_path / "flaky.bin").read_bytes() == b"finally"
    assert len(calls) == 3
    assert calls[2] - calls[1] >= 0.09


def test_server_errors_give_up(httpserver, tmp_path):
    httpserver.expect_request("/down.bin").respond_with_data("oops", status=500)
    downloader = Downloader(retries=1, backoff=0.01)
    try:
        with pytest.raises(DownloadError, match="server error 500 after 2 attempts"):
            downloader.fetch(httpserver.url_for("/down.bin"), tmp_path / "down.bin")
    finally:
        downloader.close()


def test_timeout(httpserver, tmp_path):
    answered = threading.Event()

    def slow(request):
        answered.wait(2)
        return Response(b"late")

    httpserver.expect_request("/slow.bin").respond_with_handler(slow)
    downloader = Downloader(timeout=(1, 0.2))
    try:
        with pytest.raises(DownloadError, match="timed out"):
            downloader.fetch(httpserver.url_for("/slow.bin"), tmp_path / "slow.bin")
    finally:
        downloader.close()
    answered.set()


def test_unreachable_server(tmp_path):
    downloader = Downloader()
    try:
        with pytest.raises(DownloadError, match="cannot reach"):
            downloader.fetch("http://127.0.0.1:1/x.bin", tmp_path / "x.bin")
    finally:
        downloader.close()


def test_sends_auth_and_user_agent(httpserver, tmp_path):
    token = base64.b64encode(b"ann:pw").decode()
    httpserver.expect_request("/private.bin", headers={"Authorization": f"Basic {token}", "User-Agent": "grabfile/1.2"}).respond_with_data(b"mine")
    downloader = Downloader(auth=("ann", "pw"))
    try:
        downloader.fetch(httpserver.url_for("/private.bin"), tmp_path / "private.bin")
    finally:
        downloader.close()
    assert (tmp_path / "private.bin").read_bytes() == b"mine"


def test_probe_uses_head(served, httpserver):
    httpserver.expect_request("/nothing", method="HEAD").respond_with_data("", status=404)
    httpserver.expect_request("/old/data.bin", method="HEAD").respond_with_data("", status=301, headers={"Location": "/files/data.bin"})
    downloader = Downloader()
    try:
        assert downloader.probe(httpserver.url_for("/old/data.bin")) == (len(PAYLOAD), True)
        with pytest.raises(NotFound):
            downloader.probe(httpserver.url_for("/nothing"))
    finally:
        downloader.close()


def test_published_checksum(httpserver):
    httpserver.expect_request("/files/a.iso.sha256").respond_with_data(f"{DIGEST}  a.iso\n", content_type="text/plain; charset=utf-8")
    httpserver.expect_request("/files/b.iso.sha256").respond_with_data("", status=404)
    downloader = Downloader()
    try:
        assert downloader.published_checksum(httpserver.url_for("/files/a.iso")) == DIGEST
        assert downloader.published_checksum(httpserver.url_for("/files/b.iso")) is None
    finally:
        downloader.close()
