import os

from mirror.cli import main
from mirror.store import Store
from mirror.sync import backup, sync


def test_sync_replaces_rows(feed_url, tmp_path):
    db = str(tmp_path / "m.db")
    Store(db).replace_all([{"id": 9, "name": "stale"}])
    assert sync(feed_url, db) == (3, ["alpha", "beta", "gamma"])


def test_sync_backs_up_first(feed_url, tmp_path):
    db = str(tmp_path / "m.db")
    folder = tmp_path / "bk"
    folder.mkdir()
    sync(feed_url, db)
    sync(feed_url, db, str(folder))
    assert os.path.exists(folder / "before-sync.db")


def test_backup_rotation(feed_url, tmp_path):
    db = str(tmp_path / "m.db")
    sync(feed_url, db)
    folder = str(tmp_path / "backups")
    names = [os.path.basename(backup(db, folder)) for _ in range(3)]
    assert names == ["mirror-0001.db", "mirror-0002.db", "mirror-0003.db"]
    assert sorted(os.listdir(folder)) == ["mirror-0002.db", "mirror-0003.db"]


def test_cli(feed_url, tmp_path, capsys):
    assert main([feed_url, str(tmp_path / "c.db"), str(tmp_path / "bk")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "3 items" and out[0].endswith("mirror-0001.db")
