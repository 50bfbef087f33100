from decimal import Decimal

from ledger import accounts, cli


def test_cli_transfer_and_balance(conn, capsys):
    a = accounts.open_account(conn, "ada", Decimal("10"))
    b = accounts.open_account(conn, "bob")
    assert cli.main(["transfer", str(a), str(b), "4"]) == 0
    assert cli.main(["balance", str(b)]) == 0
    assert capsys.readouterr().out.split() == ["ok", "4.00"]


def test_cli_reports_database_errors(conn, capsys):
    a = accounts.open_account(conn, "ada", Decimal("1"))
    b = accounts.open_account(conn, "bob")
    assert cli.main(["transfer", str(a), str(b), "5"]) == 1
    assert "database error" in capsys.readouterr().err
