"""HTTP API of the notifier (FastAPI)."""

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from . import __version__
from .models import Message
from .service import BackendDown, Outbox, run_batch

app = FastAPI(title="notifier", version=__version__)
outbox = Outbox()


class NotifyRequest(BaseModel):
    recipient: str
    body: str
    channel: str = "email"
    priority: int = 0

    def to_message(self) -> Message:
        return Message(self.recipient, self.body, self.channel, self.priority)


@app.get("/health")
def health() -> dict:
    return {"backend": outbox.backend, "healthy": outbox.healthy}


@app.post("/notify", status_code=202)
def notify(req: NotifyRequest) -> dict:
    try:
        msg = req.to_message()
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    delivery = outbox.deliver(msg)
    return {"receipt": delivery.receipt, "via": delivery.via}


@app.post("/batch", status_code=202)
def batch(reqs: list[NotifyRequest]) -> dict:
    try:
        result = run_batch([r.to_message() for r in reqs], outbox)
    except BackendDown as exc:
        raise HTTPException(status_code=503, detail=f"backend down: {exc}") from exc
    result.flusher.join(timeout=5)
    return {"order": result.order, "receipts": [d.receipt for d in result.deliveries]}


@app.post("/hooks/{name}")
def run_hook(name: str) -> dict:
    if name not in ("flush", "forget"):
        raise HTTPException(status_code=404, detail=f"no hook {name!r}")
    return {"hook": name, "result": outbox.run_hook(name)}
