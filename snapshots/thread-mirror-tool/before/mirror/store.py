import sqlite3


class Store:
    """SQLite table of items; each call opens its own short-lived connection."""

    def __init__(self, path):
        self.path = path
        with sqlite3.connect(self.path) as db:
            db.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT)")

    def replace_all(self, items):
        db = sqlite3.connect(self.path)
        try:
            db.execute("DELETE FROM items")
            db.executemany("INSERT INTO items (id, name) VALUES (:id, :name)", items)
            db.commit()
        finally:
            db.close()

    def names(self):
        db = sqlite3.connect(self.path)
        try:
            return [row[0] for row in db.execute("SELECT name FROM items ORDER BY id")]
        finally:
            db.close()
