class DownloadError(Exception):
    """The file could not be downloaded."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class NotFound(DownloadError):
    pass


class ChecksumMismatch(DownloadError):
    def __init__(self, expected, actual):
        super().__init__(f"checksum mismatch: expected {expected}, got {actual}")
        self.expected = expected
        self.actual = actual
