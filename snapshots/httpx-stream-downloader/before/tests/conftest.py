import hashlib

import pytest

PAYLOAD = bytes(range(256)) * 40  # 10240 bytes
DIGEST = hashlib.sha256(PAYLOAD).hexdigest()


@pytest.fixture
def served(httpserver):
    """A file at /files/data.bin that honours Range requests, like a static file server."""
    from werkzeug.wrappers import Response

    def handler(request):
        header = request.headers.get("Range")
        if not header:
            return Response(PAYLOAD, content_type="application/octet-stream", headers={"Accept-Ranges": "bytes"})
        start = int(header.removeprefix("bytes=").rstrip("-"))
        if start >= len(PAYLOAD):
            return Response(b"", status=416)
        return Response(
            PAYLOAD[start:], status=206, content_type="application/octet-stream",
            headers={"Content-Range": f"bytes {start}-{len(PAYLOAD) - 1}/{len(PAYLOAD)}"},
        )

    httpserver.expect_request("/files/data.bin").respond_with_handler(handler)
    return httpserver.url_for("/files/data.bin")
