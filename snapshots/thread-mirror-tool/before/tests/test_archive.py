import zipfile

from mirror.archive import read_snapshot, snapshot


def test_snapshot_writes_every_item(feed_url, tmp_path):
    path = tmp_path / "snap.zip"
    assert snapshot(feed_url, str(path)) == 4
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["items.json", "items/1.txt", "items/2.txt", "items/3.txt"]
        assert archive.read("items/2.txt") == b"beta"
    assert [item["name"] for item in read_snapshot(str(path))] == ["alpha", "beta", "gamma"]
