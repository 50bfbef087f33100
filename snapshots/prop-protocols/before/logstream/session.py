"""Authenticated sessions against the archive service."""

import contextlib
import itertools
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

from .archive import LogArchive

log = logging.getLogger(__name__)

HANDSHAKE_LATENCY = 0.003

_session_ids = itertools.count(1)
_open_tokens: set[str] = set()


@dataclass
class Session:
    archive: LogArchive
    token: str
    closed: bool = False


def open_sessions() -> set[str]:
    """Tokens of the sessions that have not been closed yet (for leak checks)."""
    return set(_open_tokens)


@contextlib.contextmanager
def open_session(archive: LogArchive, *, client: str = "logstream") -> Iterator[Session]:
    """Authenticate against *archive* for the duration of the ``with`` block.

    The handshake costs one round trip; the session is closed on exit, also on error.
    """
    time.sleep(HANDSHAKE_LATENCY)
    session = Session(archive, token=f"{client}-{next(_session_ids)}")
    _open_tokens.add(session.token)
    log.debug("session %s opened on %s", session.token, archive.name)
    try:
        yield session
    finally:
        session.closed = True
        _open_tokens.discard(session.token)


@contextlib.contextmanager
def timed(into: dict[str, float], label: str) -> Iterator[None]:
    """Record how long the block took, in seconds, as ``into[label]``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        into[label] = time.perf_counter() - start
