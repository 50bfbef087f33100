"""A client for the forecast service, with retries, guards and caches as decorators."""
from .client import ForecastClient
from .errors import ForecastError, MissingKey, ServerError

__all__ = ["ForecastClient", "ForecastError", "MissingKey", "ServerError"]
