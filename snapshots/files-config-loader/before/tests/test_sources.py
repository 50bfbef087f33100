import io

import pytest

from confload import envfile
from confload.sources import (
    load_cache,
    load_env,
    load_ini,
    load_json,
    load_overrides,
    load_secret,
    save_cache,
    save_json,
    save_overrides,
    write_secret,
)


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


def test_overrides_round_trip_with_quoted_newlines(tmp_path):
    path = tmp_path / "o.csv"
    save_overrides(path, {"b": "2", "a": 'say "hi"\nbye'})
    assert path.read_bytes() == b'key,value\r\na,"say ""hi""\nbye"\r\nb,2\r\n'
    assert load_overrides(path) == {"a": 'say "hi"\nbye', "b": "2"}


def test_ini_sections_become_prefixes(config_dir):
    assert load_ini(config_dir / "site.ini") == {"db.host": "db.local", "db.pool": "5"}


def test_ini_errors_name_the_file(tmp_path):
    path = tmp_path / "bad.ini"
    path.write_text("no section\n", encoding="utf-8")
    with pytest.raises(Exception, match="bad.ini"):
        load_ini(path)


def test_env_file(config_dir):
    assert load_env(config_dir / ".env") == {"log_level": "debug", "port": "7070"}


def test_env_errors_name_the_file_and_line(tmp_path):
    path = tmp_path / "broken.env"
    path.write_text("A=1\nnot a pair\n", encoding="utf-8")
    with pytest.raises(envfile.EnvFileError, match=r"broken\.env:2: expected KEY=VALUE"):
        load_env(path)


def test_env_parser_reads_any_stream():
    assert envfile.parse(io.StringIO("X = 'y'\n")) == {"X": "y"}
