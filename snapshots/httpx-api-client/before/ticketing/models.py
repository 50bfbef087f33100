from dataclasses import dataclass


@dataclass
class Ticket:
    id: int
    title: str
    state: str

    @classmethod
    def from_json(cls, data):
        return cls(id=data["id"], title=data["title"], state=data.get("state", "open"))
