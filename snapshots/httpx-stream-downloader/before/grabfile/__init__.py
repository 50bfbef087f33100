"""Resumable, checksum-verified file downloads."""
from .downloader import Downloader, Result
from .errors import ChecksumMismatch, DownloadError, NotFound

__all__ = ["ChecksumMismatch", "DownloadError", "Downloader", "NotFound", "Result"]
