import os

import pytest

from notes import audit, db, report, schema, store


def test_add_and_list(conn):
    first = store.add(conn, "groceries", "eggs")
    second = store.add(conn, "todo")
    assert second == first + 1
    assert store.titles(conn) == ["groceries", "todo"]


def test_rename_all_is_atomic(conn):
    store.add(conn, "a")
    store.add(conn, "b")
    with pytest.raises(KeyError):
        store.rename_all(conn, [("a", "A"), ("missing", "M")])
    assert store.titles(conn) == ["a", "b"]
    store.rename_all(conn, [("a", "A"), ("b", "B")])
    assert store.titles(conn) == ["A", "B"]


def test_archive_copies_the_notes(conn):
    store.add(conn, "kept")
    table = schema.archive_table(conn, 2024)
    assert report.archive_counts(conn, [table, "notes"]) == {"notes_2024": 1, "notes": 1}


def test_audited_connection_sees_committed_notes(conn):
    store.add(conn, "x")
    assert audit.audited_count() == 1


def test_server_time():
    assert db.server_time(os.environ["DATABASE_URL"]) is True
