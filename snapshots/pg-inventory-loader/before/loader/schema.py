from psycopg2.extensions import connection

DDL = """
DROP TABLE IF EXISTS stock;
DROP TABLE IF EXISTS products;
DROP TABLE IF EXISTS batches;
DROP TABLE IF EXISTS suppliers;
CREATE TABLE batches (id serial PRIMARY KEY, label text NOT NULL UNIQUE);
CREATE TABLE products (
    sku text PRIMARY KEY,
    name text NOT NULL,
    price numeric(8, 2) NOT NULL CHECK (price >= 0),
    batch_id integer REFERENCES batches (id)
);
CREATE TABLE stock (sku text NOT NULL REFERENCES products (sku), qty integer NOT NULL);
CREATE TABLE suppliers (code text PRIMARY KEY, name text NOT NULL);
"""


def reset(conn: connection):
    with conn.cursor() as cur:
        cur.execute(DDL)
    conn.commit()


def counts(conn: connection):
    with conn.cursor() as cur:
        cur.execute(
            "SELECT (SELECT count(*) FROM batches), (SELECT count(*) FROM products), (SELECT count(*) FROM stock)"
        )
        return tuple(cur.fetchone())
