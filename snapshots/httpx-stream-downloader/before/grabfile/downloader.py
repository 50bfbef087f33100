"""Downloads one file at a time into a `.part` file, resuming it with a Range request when it exists."""
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from .checksum import sha256_of
from .errors import ChecksumMismatch, DownloadError, NotFound

RETRY_STATUSES = (500, 502, 503, 504)


@dataclass
class Result:
    path: Path
    size: int
    url: str
    resumed_from: int = 0


class _ServerBusy(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


class Downloader:
    def __init__(self, user_agent="grabfile/1.2", auth=None, timeout=(3, 30), chunk_size=64 * 1024, retries=2, backoff=0.5):
        self.timeout = timeout
        self.chunk_size = chunk_size
        self.retries = retries
        self.backoff = backoff
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.session.auth = auth

    def close(self):
        self.session.close()

    def probe(self, url):
        """(size, resumable) as the server announces them, following redirects."""
        r = self.session.head(url, allow_redirects=True, timeout=self.timeout)
        if r.status_code == 404:
            raise NotFound(f"not found: {url}", status=404)
        r.raise_for_status()
        return int(r.headers.get("Content-Length", 0)), r.headers.get("Accept-Ranges") == "bytes"

    def published_checksum(self, url):
        """The hex digest published next to a file (`<url>.sha256`), or None."""
        r = self.session.get(url + ".sha256", timeout=self.timeout)
        if r.status_code == 404:
            return None
        r.raise_for_status()
        return r.text.split()[0]

    def fetch(self, url, dest, sha256=None, progress=None):
        dest = Path(dest)
        part = dest.with_name(dest.name + ".part")
        for attempt in range(self.retries + 1):
            try:
                result = self._transfer(url, part, progress)
                break
            except _ServerBusy as busy:
                if attempt == self.retries:
                    raise DownloadError(f"server error {busy.status} after {attempt + 1} attempts", status=busy.status)
                time.sleep(self.backoff * 2**attempt)
            except requests.Timeout as exc:
                raise DownloadError(f"timed out: {url}") from exc
            except requests.ConnectionError as exc:
                raise DownloadError(f"cannot reach {url}") from exc
        if sha256:
            actual = sha256_of(part)
            if actual != sha256.lower():
                part.unlink()
                raise ChecksumMismatch(sha256, actual)
        part.replace(dest)
        result.path = dest
        return result

    def _transfer(self, url, part, progress):
        offset = part.stat().st_size if part.exists() else 0
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        with self.session.get(url, headers=headers, stream=True, timeout=self.timeout) as r:
            if r.status_code in RETRY_STATUSES:
                raise _ServerBusy(r.status_code)
            if r.status_code == 404:
                raise NotFound(f"not found: {url}", status=404)
            if r.status_code == 416:
                # The part file already holds the whole file.
                return Result(part, offset, r.url, resumed_from=offset)
            try:
                r.raise_for_status()
            except requests.HTTPError as exc:
                raise DownloadError(f"{r.status_code} {r.reason}", status=r.status_code) from exc
            if r.status_code != 206:
                offset = 0  # the server ignored the range: start over
            total = offset + int(r.headers.get("Content-Length", 0))
            done = offset
            with open(part, "ab" if offset else "wb") as out:
                for chunk in r.iter_content(chunk_size=self.chunk_size):
                    out.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
            return Result(part, done, r.url, resumed_from=offset)
