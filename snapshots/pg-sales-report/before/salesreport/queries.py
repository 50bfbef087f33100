import datetime

from psycopg2.extensions import connection
from psycopg2.extras import RealDictCursor


def top_customers(conn: connection, limit=3):
    with conn.cursor(cursor_factory=RealDictCursor) as cur:
        cur.execute(
            """
            SELECT c.name, count(o.id) AS orders, sum(o.amount) AS total
            FROM customers c JOIN orders o ON o.customer_id = c.id
            GROUP BY c.name
            ORDER BY total DESC, c.name
            LIMIT %(limit)s
            """,
            {"limit": limit},
        )
        return cur.fetchall()


def monthly_revenue(conn: connection, year):
    start = datetime.date(year, 1, 1)
    end = datetime.date(year + 1, 1, 1)
    with conn.cursor(cursor_factory=RealDictCursor) as cur:
        cur.execute(
            """
            SELECT to_char(placed_on, 'YYYY-MM') AS month, sum(amount) AS revenue
            FROM orders
            WHERE placed_on >= %s AND placed_on < %s
            GROUP BY month
            ORDER BY month
            """,
            (start, end),
        )
        return cur.fetchall()


def summary(conn: connection):
    with conn.cursor(cursor_factory=RealDictCursor) as cur:
        cur.execute("SELECT count(*) AS orders, coalesce(sum(amount), 0) AS revenue FROM orders")
        return cur.fetchone()


def customer(conn: connection, name):
    cur = conn.cursor(cursor_factory=RealDictCursor)
    cur.execute("SELECT id, name, city FROM customers WHERE name = %s", (name,))
    row = cur.fetchone()
    cur.close()
    return row


def cities(conn: connection):
    with conn.cursor(cursor_factory=RealDictCursor) as cur:
        cur.execute("SELECT city, count(*) AS customers FROM customers GROUP BY city ORDER BY city")
        return {row["city"]: row["customers"] for row in cur}


def largest_orders(conn: connection):
    """The three largest orders, largest first."""
    with conn.cursor(cursor_factory=RealDictCursor) as cur:
        cur.execute(
            "SELECT o.id, c.name, o.amount FROM orders o JOIN customers c ON c.id = o.customer_id"
            " ORDER BY o.amount DESC, o.id"
        )
        return cur.fetchmany(3)


def orders_table(conn: connection, year):
    """Column names and rows of one year's orders: the names come even when there are no orders."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT o.id, c.name AS customer, o.placed_on, o.amount FROM orders o"
            " JOIN customers c ON c.id = o.customer_id"
            " WHERE o.placed_on >= %s AND o.placed_on < %s ORDER BY o.id",
            (datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)),
        )
        columns = [column[0] for column in cur.description]
        rows = cur.fetchall()
    return columns, rows
