from decimal import Decimal

import psycopg2
from psycopg2.extensions import connection


class DuplicateOwner(Exception):
    pass


class UnknownAccount(LookupError):
    pass


def open_account(conn: connection, owner, opening=Decimal("0")):
    try:
        with conn.cursor() as cur:
            cur.execute(
                "INSERT INTO accounts (owner, balance) VALUES (%s, %s) RETURNING id",
                (owner, opening),
            )
            account_id = cur.fetchone()[0]
        conn.commit()
    except psycopg2.errors.UniqueViolation:
        conn.rollback()
        raise DuplicateOwner(owner)
    return account_id


def balance(conn: connection, account_id):
    with conn.cursor() as cur:
        cur.execute("SELECT balance FROM accounts WHERE id = %(id)s", {"id": account_id})
        row = cur.fetchone()
    if row is None:
        raise UnknownAccount(account_id)
    return row[0]


def _move(cur, account_id, amount, memo):
    cur.execute(
        "UPDATE accounts SET balance = balance + %(amount)s WHERE id = %(id)s",
        {"amount": amount, "id": account_id},
    )
    if cur.rowcount != 1:
        raise UnknownAccount(account_id)
    cur.execute(
        "INSERT INTO movements (account_id, amount, memo) VALUES (%s, %s, %s)",
        (account_id, amount, memo),
    )


def transfer(conn: connection, source, target, amount, memo="transfer"):
    """Moves money between two accounts: both legs or neither."""
    try:
        with conn.cursor() as cur:
            _move(cur, source, -amount, memo)
            _move(cur, target, amount, memo)
        conn.commit()
    except Exception:
        conn.rollback()
        raise


def deposit(conn: connection, account_id, amount):
    with conn:
        with conn.cursor() as cur:
            _move(cur, account_id, amount, "deposit")


def history(conn: connection, account_id):
    with conn.cursor() as cur:
        cur.execute(
            "SELECT amount, memo FROM movements WHERE account_id = %s ORDER BY id",
            (account_id,),
        )
        return [(amount, memo) for amount, memo in cur.fetchall()]


def count_movements(conn: connection):
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM movements")
    total = cur.fetchone()[0]
    cur.close()
    return total
