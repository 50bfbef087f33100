import os

import psycopg2
import pytest

from loader import schema


@pytest.fixture
def conn():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    schema.reset(conn)
    yield conn
    conn.close()


@pytest.fixture
def stock_file(tmp_path):
    path = tmp_path / "stock.csv"
    path.write_text("sku,qty\nA-1,5\nB-2,7\nA-1,3\n")
    return path
