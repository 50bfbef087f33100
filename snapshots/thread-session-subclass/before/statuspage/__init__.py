from .client import StatusClient
from .errors import StatusError

__all__ = ["StatusClient", "StatusError"]
