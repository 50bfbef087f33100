from decimal import Decimal

import pytest

from ledger import accounts


def test_open_and_read_balance(conn):
    account = accounts.open_account(conn, "ada", Decimal("10.50"))
    assert accounts.balance(conn, account) == Decimal("10.50")


def test_duplicate_owner_is_reported_and_leaves_the_connection_usable(conn):
    accounts.open_account(conn, "ada")
    with pytest.raises(accounts.DuplicateOwner):
        accounts.open_account(conn, "ada")
    other = accounts.open_account(conn, "bob", Decimal("1"))
    assert accounts.balance(conn, other) == Decimal("1")


def test_transfer_moves_money_and_records_both_legs(conn):
    a = accounts.open_account(conn, "ada", Decimal("100"))
    b = accounts.open_account(conn, "bob")
    accounts.transfer(conn, a, b, Decimal("30"), memo="rent")
    assert accounts.balance(conn, a) == Decimal("70")
    assert accounts.balance(conn, b) == Decimal("30")
    assert accounts.history(conn, b) == [(Decimal("30"), "rent")]
    assert accounts.count_movements(conn) == 2


def test_failing_transfer_leaves_the_database_unchanged(conn):
    a = accounts.open_account(conn, "ada", Decimal("100"))
    with pytest.raises(accounts.UnknownAccount):
        accounts.transfer(conn, a, 999, Decimal("30"))
    assert accounts.balance(conn, a) == Decimal("100")
    assert accounts.count_movements(conn) == 0


def test_overdraft_is_refused_by_the_check_and_rolled_back(conn):
    a = accounts.open_account(conn, "ada", Decimal("5"))
    b = accounts.open_account(conn, "bob", Decimal("5"))
    with pytest.raises(Exception):
        accounts.transfer(conn, b, a, Decimal("1"))  # fine
        accounts.transfer(conn, a, b, Decimal("50"))
    assert accounts.balance(conn, a) == Decimal("6")
    assert accounts.balance(conn, b) == Decimal("4")
    assert accounts.count_movements(conn) == 2


def test_deposit_commits(conn):
    a = accounts.open_account(conn, "ada")
    accounts.deposit(conn, a, Decimal("12"))
    assert accounts.balance(conn, a) == Decimal("12")
    assert accounts.history(conn, a) == [(Decimal("12"), "deposit")]


def test_unknown_account_balance(conn):
    with pytest.raises(accounts.UnknownAccount):
        accounts.balance(conn, 42)
