from psycopg2.extensions import connection
from psycopg2.extras import execute_values


def load_products(conn: connection, rows):
    """rows: (sku, name, price) tuples."""
    with conn.cursor() as cur:
        execute_values(cur, "INSERT INTO products (sku, name, price) VALUES %s", rows, page_size=500)
    conn.commit()


def update_prices(conn: connection, changes):
    """changes: dicts with sku and price."""
    cur = conn.cursor()
    cur.executemany("UPDATE products SET price = %(price)s WHERE sku = %(sku)s", changes)
    conn.commit()
    cur.close()


def load_stock_csv(conn: connection, path):
    with conn.cursor() as cur:
        with open(path, "rb") as fh:
            cur.copy_expert("COPY stock (sku, qty) FROM STDIN WITH CSV HEADER", fh)
    conn.commit()


def load_suppliers(conn: connection, path):
    """A tab-separated file of code and name, no header."""
    with conn.cursor() as cur:
        with open(path) as fh:
            cur.copy_from(fh, "suppliers", columns=("code", "name"))
    conn.commit()


def import_batch(conn: connection, label, products, stock_path):
    """Records the batch, its products and their stock: all of it or nothing."""
    try:
        with conn.cursor() as cur:
            cur.execute("INSERT INTO batches (label) VALUES (%s) RETURNING id", (label,))
            batch_id = cur.fetchone()[0]
            execute_values(
                cur,
                "INSERT INTO products (sku, name, price, batch_id) VALUES %s",
                [(sku, name, price, batch_id) for sku, name, price in products],
            )
            with open(stock_path, "rb") as fh:
                cur.copy_expert("COPY stock (sku, qty) FROM STDIN WITH (FORMAT csv, HEADER true)", fh)
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    return batch_id


def export_stock_csv(conn: connection, path):
    """Stock per product as CSV with a header, for the warehouse."""
    with conn.cursor() as cur:
        with open(path, "w", newline="") as fh:
            cur.copy_expert(
                "COPY (SELECT sku, sum(qty) AS qty FROM stock GROUP BY sku ORDER BY sku) TO STDOUT WITH CSV HEADER",
                fh,
            )


def export_products(conn: connection, path):
    """The product table as CSV bytes, exactly as the server writes them."""
    cur = conn.cursor()
    with open(path, "wb") as fh:
        cur.copy_expert("COPY products (sku, name, price) TO STDOUT WITH (FORMAT csv)", fh)
    cur.close()


def dump_suppliers(conn: connection, out):
    """Suppliers as `code|name` lines into any writable file, text or binary."""
    with conn.cursor() as cur:
        cur.copy_to(out, "suppliers", sep="|", columns=("code", "name"))


def stock_levels(conn: connection):
    with conn.cursor() as cur:
        cur.execute(
            "SELECT p.sku, p.price, coalesce(sum(s.qty), 0) FROM products p"
            " LEFT JOIN stock s ON s.sku = p.sku GROUP BY p.sku, p.price ORDER BY p.sku"
        )
        return [(sku, price, int(qty)) for sku, price, qty in cur.fetchall()]


def suppliers(conn: connection):
    cur = conn.cursor()
    cur.execute("SELECT code, name FROM suppliers ORDER BY code")
    rows = cur.fetchall()
    return [tuple(row) for row in rows]
