"""Where connections come from."""
import os

import psycopg2
import psycopg2.extras


def connect():
    conn = psycopg2.connect(os.environ["DATABASE_URL"], application_name="notes")
    return conn


def connect_for_audit():
    # Every statement is logged: a psycopg2 connection class asyncpg has no counterpart for.
    conn = psycopg2.connect(os.environ["DATABASE_URL"], connection_factory=psycopg2.extras.LoggingConnection)
    conn.initialize(open(os.devnull, "w"))
    return conn


def server_time(dsn):
    with psycopg2.connect(dsn) as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT now() > '2000-01-01'")
            return cur.fetchone()[0]
