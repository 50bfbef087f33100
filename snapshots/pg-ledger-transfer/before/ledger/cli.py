import os
import sys
from decimal import Decimal

import psycopg2

from . import accounts


def print_statement(conn, account_id):
    """Every movement of one account, oldest first, then the balance."""
    cur = conn.cursor()
    cur.execute("SELECT amount, memo FROM movements WHERE account_id = %s ORDER BY id", (account_id,))
    for amount, memo in cur:
        print(f"{amount:>10} {memo}")
    cur.close()
    print(f"{accounts.balance(conn, account_id):>10} balance")


def record_fee(conn, account_id, fee, memo):
    """Charges a fee: the balance and the movement change together (the caller commits)."""
    cur = conn.cursor()
    cur.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s", (fee, account_id))
    cur.execute("INSERT INTO movements (account_id, amount, memo) VALUES (%s, %s, %s)", (account_id, -fee, memo))


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        if args[0] == "balance":
            print(accounts.balance(conn, int(args[1])))
        elif args[0] == "statement":
            print_statement(conn, int(args[1]))
        elif args[0] == "fee":
            record_fee(conn, int(args[1]), Decimal(args[2]), args[3] if len(args) > 3 else "fee")
            conn.commit()
            print("ok")
        elif args[0] == "transfer":
            accounts.transfer(conn, int(args[1]), int(args[2]), Decimal(args[3]))
            print("ok")
        else:
            print(f"unknown command {args[0]}", file=sys.stderr)
            return 2
    except psycopg2.Error as error:
        print(f"database error: {error}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    return 0
