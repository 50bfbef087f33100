"""A small HTTP gateway in front of the inventory service."""
from .app import create_app

__all__ = ["create_app"]
