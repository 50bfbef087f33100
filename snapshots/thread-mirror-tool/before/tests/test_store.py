import sqlite3

import pytest

from mirror.store import Store


def test_replace_all_counts_changes(tmp_path):
    store = Store(str(tmp_path / "s.db"))
    assert store.replace_all([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]) == 2
    assert store.replace_all([{"id": 3, "name": "c"}]) == 3
    assert store.names() == ["c"]


def test_replace_all_gives_up_while_locked(tmp_path):
    path = str(tmp_path / "locked.db")
    store = Store(path, attempts=2, backoff=0, timeout=0.01)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(sqlite3.OperationalError):
            store.replace_all([{"id": 1, "name": "x"}])
    finally:
        holder.rollback()
        holder.close()
    assert store.replace_all([{"id": 1, "name": "x"}]) == 1
