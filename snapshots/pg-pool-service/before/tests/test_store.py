import os

import pytest

from stockroom.store import NotEnoughStock, Store


@pytest.fixture
def store():
    store = Store(os.environ["DATABASE_URL"], minconn=1, maxconn=2)
    store.open()
    yield store
    store.close()


def test_store_round_trip(store: Store):
    item_id = store.add_item("washer", 100)
    store.reserve(item_id, 40, "bob")
    store.reserve(item_id, 60, "cy")
    assert store.get_item(item_id) == {"id": item_id, "name": "washer", "qty": 0, "reserved": 100}
    assert [r["customer"] for r in store.reservations(item_id)] == ["bob", "cy"]


def test_store_refuses_overdraw_and_keeps_every_row(store: Store):
    item_id = store.add_item("washer", 1)
    with pytest.raises(NotEnoughStock):
        store.reserve(item_id, 2, "bob")
    assert store.get_item(item_id)["qty"] == 1
    assert store.reservations(item_id) == []


def test_connections_go_back_to_the_pool(store: Store):
    item_id = store.add_item("washer", 10)
    for _ in range(5):
        store.get_item(item_id)
    assert store.list_items() == [{"id": item_id, "name": "washer", "qty": 10}]
