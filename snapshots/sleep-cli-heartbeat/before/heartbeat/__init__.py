"""heartbeat: repeated liveness checks for a TCP port or a file's mtime."""

__version__ = "0.4.0"
