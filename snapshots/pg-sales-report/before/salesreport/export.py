"""One year's orders as a CSV file, written a page of rows at a time."""
import csv
import datetime

import psycopg2

PAGE_SIZE = 2


def write_orders_csv(conn, out, year):
    """Writes a header and the year's orders to `out`; returns how many orders were written."""
    cur = conn.cursor()
    cur.execute(
        "SELECT o.id, c.name AS customer, o.placed_on, o.amount FROM orders o"
        " JOIN customers c ON c.id = o.customer_id"
        " WHERE o.placed_on >= %(start)s AND o.placed_on < %(end)s ORDER BY o.id",
        {"start": datetime.date(year, 1, 1), "end": datetime.date(year + 1, 1, 1)},
    )
    writer = csv.writer(out)
    writer.writerow([column.name for column in cur.description])
    written = 0
    while rows := cur.fetchmany(PAGE_SIZE):
        writer.writerows(rows)
        written += len(rows)
    cur.close()
    return written


def export_year(dsn, year, path):
    conn = psycopg2.connect(dsn)
    try:
        with open(path, "w", newline="") as out:
            return write_orders_csv(conn, out, year)
    finally:
        conn.close()
