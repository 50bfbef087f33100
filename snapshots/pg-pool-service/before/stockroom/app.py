import os

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from .store import DuplicateItem, InvalidReservation, NotEnoughStock, Store, UnknownItem


class NewItem(BaseModel):
    name: str
    qty: int


class Reservation(BaseModel):
    qty: int
    customer: str


def create_app(dsn=None):
    app = FastAPI(title="stockroom")
    store = Store(dsn or os.environ["DATABASE_URL"], minconn=1, maxconn=4)

    @app.on_event("startup")
    def open_pool():
        store.open()

    @app.on_event("shutdown")
    def close_pool():
        store.close()

    @app.post("/items", status_code=201)
    def add_item(item: NewItem):
        try:
            return {"id": store.add_item(item.name, item.qty)}
        except DuplicateItem:
            raise HTTPException(status_code=409, detail=f"{item.name} exists")

    @app.get("/items")
    def list_items():
        return store.list_items()

    @app.get("/items/{item_id}")
    def get_item(item_id: int):
        try:
            return store.get_item(item_id)
        except UnknownItem:
            raise HTTPException(status_code=404, detail="no such item")

    @app.post("/items/{item_id}/reservations", status_code=201)
    def reserve(item_id: int, reservation: Reservation):
        try:
            return {"id": store.reserve(item_id, reservation.qty, reservation.customer)}
        except UnknownItem:
            raise HTTPException(status_code=404, detail="no such item")
        except NotEnoughStock:
            raise HTTPException(status_code=409, detail="not enough stock")
        except InvalidReservation as error:
            raise HTTPException(status_code=422, detail=f"invalid reservation ({error})")

    @app.get("/items/{item_id}/reservations")
    def reservations(item_id: int):
        return store.reservations(item_id)

    return app
