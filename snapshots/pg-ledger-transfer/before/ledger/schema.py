from psycopg2.extensions import connection

DDL = """
DROP TABLE IF EXISTS movements;
DROP TABLE IF EXISTS accounts;
CREATE TABLE accounts (
    id serial PRIMARY KEY,
    owner text NOT NULL UNIQUE,
    balance numeric(12, 2) NOT NULL DEFAULT 0 CHECK (balance >= 0)
);
CREATE TABLE movements (
    id serial PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id),
    amount numeric(12, 2) NOT NULL,
    memo text NOT NULL CHECK (memo <> '')
);
"""


def reset(conn: connection):
    with conn.cursor() as cur:
        cur.execute(DDL)
    conn.commit()
