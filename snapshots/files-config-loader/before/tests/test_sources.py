from confload.sources import load_json, load_overrides, load_secret, save_cache, load_cache, save_json, write_secret


def test_json_round_trip(tmp_path):
    path = tmp_path / "out.json"
    save_json(str(path), {"b": 1, "a": [1, 2]})
    assert path.read_text(encoding="utf-8") == '{\n  "a": [\n    1,\n    2\n  ],\n  "b": 1\n}\n'
    assert load_json(str(path)) == {"a": [1, 2], "b": 1}


def test_overrides_keep_quoted_newlines(config_dir):
    assert load_overrides(config_dir / "overrides.csv") == {"port": "9090", "motd": "line one\nline two"}


def test_secrets(tmp_path):
    target = write_secret(tmp_path, "api", "k3y")
    assert target.read_text(encoding="utf-8") == "k3y\n"
    assert load_secret(tmp_path, "api") == "k3y"


def test_cache_round_trip(tmp_path):
    path = tmp_path / "c.pickle"
    assert load_cache(path) is None
    save_cache(path, {"x": (1, 2)})
    assert load_cache(path) == {"x": (1, 2)}
