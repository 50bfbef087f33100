import json
from contextlib import contextmanager

from .models import Order


class OrderRepository:
    def __init__(self, path):
        self.path = path

    def load_all(self):
        with open(self.path, encoding="utf-8") as f:
            return [Order(**row) for row in json.load(f)]

    def save_all(self, orders):
        with open(self.path, "w", encoding="utf-8") as f:
            json.dump([order.__dict__ for order in orders], f)


class AuditLog:
    def __init__(self, path):
        self.path = path

    def record(self, text):
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(text + "\n")


@contextmanager
def audit_log(path):
    log = AuditLog(path)
    yield log
