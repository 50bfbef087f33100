class UpstreamError(Exception):
    """A failure of the inventory service, with the status the gateway answers with."""

    def __init__(self, status, detail):
        super().__init__(detail)
        self.status = status
        self.detail = detail
