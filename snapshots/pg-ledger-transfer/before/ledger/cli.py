import os
import sys
from decimal import Decimal

import psycopg2

from . import accounts


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        if args[0] == "balance":
            print(accounts.balance(conn, int(args[1])))
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
