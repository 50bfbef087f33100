from .client import TicketClient
from .errors import TicketError, NotFound

__all__ = ["TicketClient", "TicketError", "NotFound"]
