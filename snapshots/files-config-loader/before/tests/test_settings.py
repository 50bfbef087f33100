import json

from confload.cli import main
from confload.settings import Settings
from confload.sources import load_overrides


def test_layers(config_dir):
    settings = Settings.load(str(config_dir))
    assert settings["port"] == "7070"
    assert settings["db.host"] == "db.local"
    assert settings["log_level"] == "debug"
    assert settings["name"] == "Café"
    assert settings["token"] == "s3cret"
    assert settings["motd"] == "line one\nline two"


def test_cache_is_used(config_dir):
    Settings.load(str(config_dir))
    (config_dir / "defaults.json").write_text("{}", encoding="utf-8")
    assert Settings.load(str(config_dir))["host"] == "localhost"


def test_export(config_dir, tmp_path):
    out = tmp_path / "export.json"
    Settings.load(str(config_dir)).export(str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["token"] == "s3cret"


def test_cli_prints_sorted(config_dir, capsys):
    assert main([str(config_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "db.host=db.local"
    assert "host=localhost" in lines
    assert "token=s3cret" in lines


def test_export_csv_round_trips(config_dir, tmp_path):
    out = tmp_path / "export.csv"
    Settings.load(str(config_dir)).export(out)
    assert out.read_bytes().startswith(b"key,value\r\n")
    exported = load_overrides(out)
    assert exported["motd"] == "line one\nline two"
    assert exported["db.pool"] == "5"
