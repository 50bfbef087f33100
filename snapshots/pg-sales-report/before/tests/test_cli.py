import json
import os
import subprocess
import sys
from pathlib import Path

from salesreport import cli

ROOT = Path(__file__).resolve().parent.parent


def test_text_report(conn, capsys):
    assert cli.main(["--year", "2023", "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("orders: 6  revenue: 1590.99\n")
    assert "  1. dee        1 orders     999.99" in out
    assert "  2023-02      125.75" in out


def test_json_report(conn, capsys):
    assert cli.main(["--year", "2022", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["months"] == [{"month": "2022-12", "revenue": "999.99"}]
    assert report["top"][0] == {"name": "dee", "orders": 1, "total": "999.99"}


def test_customer_lookup(conn, capsys):
    assert cli.main(["--year", "2023", "--customer", "bob"]) == 0
    assert capsys.readouterr().out == "bob (Paris)\n"
    assert cli.main(["--year", "2023", "--customer", "zed"]) == 1


def test_module_entry_point(conn):
    result = subprocess.run(
        [sys.executable, "-m", "salesreport", "--year", "2023", "--format", "json"],
        cwd=ROOT, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, capture_output=True, text=True, check=True,
    )
    assert json.loads(result.stdout)["summary"] == {"orders": 6, "revenue": "1590.99"}
