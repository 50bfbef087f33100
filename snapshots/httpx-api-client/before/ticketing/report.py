from .client import TicketClient


def open_titles(client: TicketClient, text):
    return sorted(ticket.title for ticket in client.search(text))
