import os

from logarch.cli import main


def test_add_then_show(tmp_path, capsys):
    log = str(tmp_path / "cli.log")
    assert main(["add", log, "INFO", "hello"]) == 0
    assert main(["show", log]) == 0
    assert capsys.readouterr().out == "2024-01-01T00:00:00 INFO hello\n"


def test_show_tail(log_path, capsys):
    assert main(["show", log_path, "--tail", "1"]) == 0
    assert capsys.readouterr().out.strip().endswith("disk full")


def test_rotate(tmp_path, log_path, capsys):
    assert main(["rotate", log_path, str(tmp_path)]) == 0
    assert os.path.exists(capsys.readouterr().out.strip())
