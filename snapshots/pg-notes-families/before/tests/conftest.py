import pytest

from notes import db
from notes.schema import init_schema


@pytest.fixture
def conn():
    c = db.connect()
    init_schema(c)
    yield c
    c.close()
