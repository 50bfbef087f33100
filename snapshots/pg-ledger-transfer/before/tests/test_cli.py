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


def test_cli_statement_lists_movements_and_balance(conn, capsys):
    a = accounts.open_account(conn, "ada", Decimal("10"))
    b = accounts.open_account(conn, "bob")
    accounts.transfer(conn, a, b, Decimal("4"), memo="rent")
    assert cli.main(["statement", str(a)]) == 0
    assert capsys.readouterr().out.splitlines() == ["     -4.00 rent", "      6.00 balance"]


def test_cli_fee_changes_balance_and_history_together(conn, capsys):
    a = accounts.open_account(conn, "ada", Decimal("10"))
    assert cli.main(["fee", str(a), "2.50"]) == 0
    assert accounts.balance(conn, a) == Decimal("7.50")
    assert accounts.history(conn, a) == [(Decimal("-2.50"), "fee")]


def test_failing_fee_leaves_the_database_unchanged(conn, capsys):
    # The balance update succeeds, then the movement's check refuses an empty memo: nothing stays.
    a = accounts.open_account(conn, "ada", Decimal("10"))
    assert cli.main(["fee", str(a), "5", ""]) == 1
    assert "database error" in capsys.readouterr().err
    assert accounts.balance(conn, a) == Decimal("10")
    assert accounts.history(conn, a) == []
