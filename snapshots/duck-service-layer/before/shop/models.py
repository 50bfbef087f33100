from dataclasses import dataclass


@dataclass
class Order:
    id: str
    cents: int
    email: str
    status: str = "new"
