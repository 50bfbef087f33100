from unittest.mock import Mock, patch

import pytest

from standby.cli import main


class Stop(Exception):
    pass


def test_main_prints_the_lag(tmp_path, capsys):
    lag_file = tmp_path / "lag"
    lag_file.write_text("42\n")
    assert main([str(lag_file)]) == 0
    assert capsys.readouterr().out == "lag 42\n"


@patch('time.sleep', Mock(side_effect=Stop))
def test_main_sleeps_before_it_asks_again(tmp_path):
    with pytest.raises(Stop):
        main([str(tmp_path / "missing")])


@patch('time.sleep', Mock())
def test_main_gives_up(tmp_path, capsys):
    assert main([str(tmp_path / "missing"), "--attempts", "2"]) == 1
    assert "no answer after 2 attempts" in capsys.readouterr().err
