import contextlib
import sqlite3
import time


class Store:
    """SQLite table of items; each call opens its own short-lived connection."""

    def __init__(self, path, attempts=3, backoff=0.01, timeout=5.0):
        self.path = path
        self.attempts = attempts
        self.backoff = backoff
        self.timeout = timeout
        with sqlite3.connect(self.path) as db:
            db.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT)")

    def replace_all(self, items):
        """Swap every row in one transaction, retrying while another writer holds the database."""
        for attempt in range(self.attempts):
            try:
                with contextlib.closing(sqlite3.connect(self.path, timeout=self.timeout)) as db:
                    with db:
                        db.execute("DELETE FROM items")
                        db.executemany("INSERT INTO items (id, name) VALUES (:id, :name)", items)
                        replaced = db.total_changes
                return replaced
            except sqlite3.OperationalError:
                if attempt == self.attempts - 1:
                    raise
                time.sleep(self.backoff * (attempt + 1))
        return 0

    def names(self):
        db = sqlite3.connect(self.path)
        try:
            return [row[0] for row in db.execute("SELECT name FROM items ORDER BY id")]
        finally:
            db.close()
