import os

import psycopg2
import pytest
from fastapi.testclient import TestClient

from stockroom import schema
from stockroom.app import create_app


@pytest.fixture(autouse=True)
def database():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    with conn.cursor() as cur:
        cur.execute(schema.DDL)
    conn.commit()
    conn.close()


@pytest.fixture
def client():
    with TestClient(create_app()) as client:
        yield client
