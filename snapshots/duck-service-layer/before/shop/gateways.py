import time

import requests


class PaymentGateway:
    def __init__(self, base_url, retries=2):
        self.base_url = base_url
        self.retries = retries

    def charge(self, order_id, cents):
        for attempt in range(self.retries + 1):
            r = requests.post(f"{self.base_url}/pay", json={"order": order_id, "cents": cents}, timeout=5)
            if r.status_code != 503:
                break
            time.sleep(0.01 * (attempt + 1))
        r.raise_for_status()
        return r.json()["receipt"]

    def refund(self, order_id, cents):
        r = requests.post(f"{self.base_url}/refund", json={"order": order_id, "cents": cents}, timeout=5)
        r.raise_for_status()
        return r.json()["refund"]


class ShippingGateway:
    def __init__(self, base_url, carrier):
        self.base_url = base_url
        self.carrier = carrier

    def book_pickup(self, order_id):
        r = requests.post(f"{self.base_url}/pickup/{self.carrier}", json={"order": order_id}, timeout=5)
        r.raise_for_status()
        return r.json()["slot"]
