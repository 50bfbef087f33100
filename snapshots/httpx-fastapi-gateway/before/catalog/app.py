"""HTTP API of the gateway (FastAPI). Handlers are plain functions that call the inventory service."""
from typing import Optional

from fastapi import FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from . import inventory, support
from .errors import UpstreamError
from .settings import Settings


class Reservation(BaseModel):
    quantity: int = Field(gt=0)


class Contact(BaseModel):
    email: str
    message: str
    note: str = ""


def create_app(settings: Optional[Settings] = None) -> FastAPI:
    app = FastAPI(title="catalog-gateway")
    app.state.settings = settings or Settings.from_env()

    @app.exception_handler(UpstreamError)
    def upstream_failed(request: Request, exc: UpstreamError):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)

    @app.get("/healthz")
    def healthz(request: Request):
        alive = inventory.inventory_alive(request.app.state.settings)
        return JSONResponse({"inventory": alive}, status_code=200 if alive else 503)

    @app.get("/products/{product_id}")
    def product(product_id: int, request: Request, x_request_id: Optional[str] = Header(None)):
        settings = request.app.state.settings
        item = inventory.get_product(settings, product_id, x_request_id)
        item["in_stock"] = inventory.stock_level(settings, product_id)
        return item

    @app.get("/search")
    def search(q: str, request: Request, limit: int = 10, x_request_id: Optional[str] = Header(None)):
        items = inventory.search(request.app.state.settings, q, limit, x_request_id)
        return {"count": len(items), "names": [item["name"] for item in items]}

    @app.post("/products/{product_id}/reservations", status_code=201)
    def reserve(product_id: int, body: Reservation, request: Request, x_request_id: Optional[str] = Header(None)):
        status, location = inventory.reserve(request.app.state.settings, product_id, body.quantity, x_request_id)
        return {"upstream_status": status, "reservation": location}

    @app.post("/contact", status_code=202)
    def contact(body: Contact, request: Request):
        settings = request.app.state.settings
        if not settings.support_url:
            raise HTTPException(status_code=501, detail="no support desk configured")
        ticket = support.open_ticket(settings, body.email, body.message)
        if body.note and not support.send_attachment(settings, ticket, body.note):
            raise HTTPException(status_code=502, detail="the note was not stored")
        return {"ticket": ticket}

    return app
