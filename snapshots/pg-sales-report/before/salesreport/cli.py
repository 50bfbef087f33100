import argparse
import os
import sys

import psycopg2

from . import export, queries, render


def build_report(conn, year, top, fmt):
    summary = queries.summary(conn)
    best = queries.top_customers(conn, top)
    months = queries.monthly_revenue(conn, year)
    if fmt == "json":
        return render.as_json(summary, best, months)
    return render.as_text(summary, best, months)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="salesreport")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--customer")
    parser.add_argument("--export", metavar="CSV")
    args = parser.parse_args(argv)
    if args.export:
        count = export.export_year(os.environ["DATABASE_URL"], args.year, args.export)
        print(f"{count} orders written to {args.export}")
        return 0
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        if args.customer:
            found = queries.customer(conn, args.customer)
            if found is None:
                print(f"no customer named {args.customer}", file=sys.stderr)
                return 1
            print(f"{found['name']} ({found['city']})")
            return 0
        print(build_report(conn, args.year, args.top, args.format))
    finally:
        conn.close()
    return 0
