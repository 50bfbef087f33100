import pytest

from logstream.archive import LogArchive
from logstream.export import export_archive, preview
from logstream.lease import Coordinator, Lease, LeaseError
from logstream.paginator import Paginator
from logstream.session import open_session


def test_paginator_yields_pages(archive):
    with open_session(archive) as session:
        pages = [len(page) for page in Paginator(session)]
    assert pages == [3, 3, 1]


def test_paginator_custom_page_size_and_stop(archive):
    with open_session(archive) as session:
        it = iter(Paginator(session, page_size=4))
        assert len(next(it)) == 4
        assert len(next(it)) == 3
        with pytest.raises(StopIteration):
            next(it)


def test_paginator_refuses_closed_session(archive):
    with open_session(archive) as session:
        pager = Paginator(session)
    with pytest.raises(RuntimeError, match="is closed"):
        next(pager)


def test_export_archive(archive):
    coord = Coordinator()
    summary = export_archive(archive, coord, owner="nightly")
    assert summary.pages == 3
    assert summary.lines[2] == "[ERROR] billing: payment declined"
    assert len(summary.lines) == 7
    assert summary.durations["total"] > 0
    assert coord.holders == {}
    assert ("release", "2024-03-01", "nightly") in coord.history


def test_export_only_errors(archive):
    summary = export_archive(archive, Coordinator(), only_errors=True, page_size=5)
    assert summary.pages == 2
    assert summary.lines == ["[ERROR] billing: payment declined", "[CRITICAL] db: replica lost"]


def test_export_refuses_leased_archive(archive):
    coord = Coordinator()
    with Lease(coord, archive.name, "someone-else"):
        with pytest.raises(LeaseError):
            export_archive(archive, coord)
    assert archive.requests == 0


def test_preview(archive):
    assert [r.ts[-3:-1] for r in preview(archive)] == ["01", "02"]
    assert preview(LogArchive("empty", [])) == []
