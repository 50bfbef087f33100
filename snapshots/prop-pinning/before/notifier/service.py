"""The outbox: routes each message to its channel and keeps a record of deliveries."""

import logging
import time
from collections.abc import Iterable

from . import metrics
from .channels import dispatch, legacy_send
from .config import DEFAULT_BACKEND, RATE_PER_SECOND, SMS_GATEWAY
from .health import check_health
from .models import BatchResult, Delivery, Message
from .scheduler import RateLimiter, priority_score
from .transport import send

log = logging.getLogger(__name__)


class BackendDown(RuntimeError):
    """The mail backend does not answer; nothing was sent."""


class Outbox:
    """Delivers messages and remembers what it delivered."""

    def __init__(self, backend: str = DEFAULT_BACKEND):
        self.backend = backend
        self.delivered: list[Delivery] = []
        self.flushes = 0

    def __repr__(self) -> str:
        return f"Outbox({self.backend!r}, delivered={len(self.delivered)})"

    @property
    def healthy(self) -> bool:
        """Whether the backend answers right now (one ping)."""
        return check_health(self.backend)

    def deliver(self, msg: Message) -> Delivery:
        if msg.channel == "webhook":
            delivery = Delivery(msg, "webhook", send(msg.recipient, {"body": msg.body}))
        elif msg.channel == "fax":
            delivery = Delivery(msg, "fax-gw", legacy_send(msg))
        else:
            via = self.backend if msg.channel == "email" else SMS_GATEWAY
            delivery = Delivery(msg, via, dispatch(msg))
        self.delivered.append(delivery)
        metrics.incr(f"sent.{msg.channel}")
        log.info("delivered %s to %s via %s", msg.channel, msg.recipient, delivery.via)
        return delivery

    def run_hook(self, name: str):
        """Run the maintenance hook ``on_<name>``; the ops console sends the name."""
        return getattr(self, f"on_{name}")()

    def on_flush(self) -> int:
        """Ask the backend to flush its send buffer; returns deliveries so far."""
        time.sleep(0.001)
        self.flushes += 1
        return len(self.delivered)

    def on_forget(self) -> int:
        """Drop the delivery record; returns how many entries were dropped."""
        dropped = len(self.delivered)
        self.delivered.clear()
        return dropped


def run_batch(messages: Iterable[Message], outbox: Outbox | None = None) -> BatchResult:
    """Deliver *messages* most urgent first, paced by the configured rate.

    Raises :class:`BackendDown` before sending anything when the backend is unreachable.
    """
    outbox = outbox or Outbox()
    if not check_health(outbox.backend):
        raise BackendDown(outbox.backend)
    limiter = RateLimiter(RATE_PER_SECOND)
    result = BatchResult()
    for msg in sorted(messages, key=priority_score):
        limiter.wait()
        result.deliveries.append(outbox.deliver(msg))
    metrics.incr("batches")
    result.flusher = metrics.flush_in_background()
    return result
