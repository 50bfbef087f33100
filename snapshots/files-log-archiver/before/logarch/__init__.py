"""Append, summarise and archive application logs."""
from .entries import Entry, parse_line

__all__ = ["Entry", "parse_line"]
