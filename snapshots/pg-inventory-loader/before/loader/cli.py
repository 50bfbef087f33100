import argparse
import csv
import os
import sys
from decimal import Decimal

import psycopg2

from .load import import_batch, stock_levels


def read_products(path):
    with open(path, newline="") as fh:
        return [(row["sku"], row["name"], Decimal(row["price"])) for row in csv.DictReader(fh)]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="load-inventory")
    parser.add_argument("label")
    parser.add_argument("products")
    parser.add_argument("stock")
    args = parser.parse_args(argv)
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        batch = import_batch(conn, args.label, read_products(args.products), args.stock)
        for sku, price, qty in stock_levels(conn):
            print(f"{sku}\t{price}\t{qty}")
        print(f"batch {batch} loaded")
    except psycopg2.IntegrityError as error:
        print(f"rejected: {error.pgcode}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    return 0
