class TicketError(Exception):
    """Any failure talking to the ticket service."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class NotFound(TicketError):
    pass


class Unavailable(TicketError):
    pass
