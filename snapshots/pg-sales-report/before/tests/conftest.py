import os

import psycopg2
import pytest

SCHEMA = """
DROP TABLE IF EXISTS orders;
DROP TABLE IF EXISTS customers;
CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL UNIQUE, city text NOT NULL);
CREATE TABLE orders (
    id serial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers (id),
    placed_on date NOT NULL,
    amount numeric(10, 2) NOT NULL
);
INSERT INTO customers (name, city) VALUES ('ada', 'London'), ('bob', 'Paris'), ('cy', 'London'), ('dee', 'Rome');
INSERT INTO orders (customer_id, placed_on, amount) VALUES
    (1, '2023-01-05', 120.00), (1, '2023-02-11', 80.50), (2, '2023-01-20', 300.00),
    (3, '2023-02-02', 45.25), (3, '2023-03-15', 45.25), (4, '2022-12-30', 999.99);
"""


@pytest.fixture
def conn():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    with conn.cursor() as cur:
        cur.execute(SCHEMA)
    conn.commit()
    yield conn
    conn.close()
