import requests


class Notifier:
    """Tells a customer what happened to an order; subclasses pick the channel."""

    def notify_customer(self, order, text):
        raise NotImplementedError


class EmailNotifier(Notifier):
    def __init__(self, base_url):
        self.base_url = base_url

    def notify_customer(self, order, text):
        r = requests.post(f"{self.base_url}/mail", json={"to": order.email, "text": text}, timeout=5)
        r.raise_for_status()


class LogNotifier(Notifier):
    def __init__(self):
        self.sent = []

    def notify_customer(self, order, text):
        self.sent.append((order.id, text))


class WebhookHook:
    """Posts the receipts of a settlement to a webhook (a Checkout hook)."""

    def __init__(self, url):
        self.url = url

    def run(self, receipts):
        r = requests.post(self.url, json={"receipts": receipts}, timeout=5)
        r.raise_for_status()
