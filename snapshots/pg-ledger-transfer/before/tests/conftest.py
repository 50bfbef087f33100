import os

import psycopg2
import pytest

from ledger import schema


@pytest.fixture
def conn():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    schema.reset(conn)
    yield conn
    conn.close()
