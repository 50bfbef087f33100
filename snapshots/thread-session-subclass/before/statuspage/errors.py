class StatusError(Exception):
    """The status API answered with an error."""

    def __init__(self, status_code, message):
        super().__init__(f"{status_code}: {message}")
        self.status_code = status_code
