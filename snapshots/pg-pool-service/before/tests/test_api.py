def test_add_and_list_items(client):
    assert client.post("/items", json={"name": "bolt", "qty": 10}).status_code == 201
    assert client.post("/items", json={"name": "anchor", "qty": 2}).status_code == 201
    assert [item["name"] for item in client.get("/items").json()] == ["anchor", "bolt"]


def test_duplicate_item_is_a_conflict(client):
    client.post("/items", json={"name": "bolt", "qty": 10})
    response = client.post("/items", json={"name": "bolt", "qty": 1})
    assert response.status_code == 409
    assert len(client.get("/items").json()) == 1


def test_get_item_and_unknown_item(client):
    item_id = client.post("/items", json={"name": "nut", "qty": 7}).json()["id"]
    assert client.get(f"/items/{item_id}").json() == {"id": item_id, "name": "nut", "qty": 7, "reserved": 0}
    assert client.get("/items/9999").status_code == 404


def test_reservation_takes_stock(client):
    item_id = client.post("/items", json={"name": "nut", "qty": 7}).json()["id"]
    response = client.post(f"/items/{item_id}/reservations", json={"qty": 3, "customer": "ada"})
    assert response.status_code == 201
    assert client.get(f"/items/{item_id}").json() == {"id": item_id, "name": "nut", "qty": 4, "reserved": 3}
    assert client.get(f"/items/{item_id}/reservations").json() == [{"customer": "ada", "qty": 3}]


def test_reservation_beyond_stock_is_refused(client):
    item_id = client.post("/items", json={"name": "nut", "qty": 2}).json()["id"]
    response = client.post(f"/items/{item_id}/reservations", json={"qty": 3, "customer": "ada"})
    assert response.status_code == 409
    assert client.get(f"/items/{item_id}").json()["qty"] == 2


def test_failed_reservation_leaves_the_database_unchanged(client):
    # The stock update succeeds, then the reservation row violates a check: both must be undone.
    item_id = client.post("/items", json={"name": "nut", "qty": 5}).json()["id"]
    response = client.post(f"/items/{item_id}/reservations", json={"qty": 2, "customer": ""})
    assert response.status_code == 422
    assert "customer_named" in response.json()["detail"]
    assert client.get(f"/items/{item_id}").json()["qty"] == 5
    assert client.get(f"/items/{item_id}/reservations").json() == []


def test_reservation_for_unknown_item(client):
    response = client.post("/items/4242/reservations", json={"qty": 1, "customer": "ada"})
    assert response.status_code == 404
