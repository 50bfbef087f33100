"""Messages and delivery records."""

import threading
from dataclasses import dataclass, field

CHANNELS = ("email", "sms", "webhook", "fax")


@dataclass(frozen=True)
class Message:
    recipient: str
    body: str
    channel: str = "email"
    priority: int = 0

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")


@dataclass
class Delivery:
    message: Message
    via: str
    receipt: str


@dataclass
class BatchResult:
    deliveries: list[Delivery] = field(default_factory=list)
    flusher: threading.Thread | None = None

    @property
    def order(self) -> list[str]:
        return [d.message.recipient for d in self.deliveries]
