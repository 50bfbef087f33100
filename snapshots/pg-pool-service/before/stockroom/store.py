import psycopg2
import psycopg2.errors
from psycopg2.pool import ThreadedConnectionPool


class DuplicateItem(Exception):
    pass


class NotEnoughStock(Exception):
    pass


class UnknownItem(Exception):
    pass


class InvalidReservation(Exception):
    pass


def item_with_reservations(conn, item_id):
    """One item and how much of it is reserved, read in one snapshot."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT i.id, i.name, i.qty, coalesce(sum(r.qty), 0) FROM items i"
            " LEFT JOIN reservations r ON r.item_id = i.id WHERE i.id = %s GROUP BY i.id",
            (item_id,),
        )
        row = cur.fetchone()
    if row is None:
        raise UnknownItem(item_id)
    return {"id": row[0], "name": row[1], "qty": row[2], "reserved": int(row[3])}


class Store:
    """Stock levels and reservations, over a pool of connections."""

    def __init__(self, dsn, minconn=1, maxconn=4):
        self.dsn = dsn
        self.minconn = minconn
        self.maxconn = maxconn

    def open(self):
        self.pool = ThreadedConnectionPool(self.minconn, self.maxconn, self.dsn)

    def close(self):
        self.pool.closeall()

    def add_item(self, name, qty):
        conn = self.pool.getconn()
        try:
            with conn.cursor() as cur:
                cur.execute(
                    "INSERT INTO items (name, qty) VALUES (%(name)s, %(qty)s) RETURNING id",
                    {"name": name, "qty": qty},
                )
                item_id = cur.fetchone()[0]
            conn.commit()
            return item_id
        except psycopg2.errors.UniqueViolation:
            conn.rollback()
            raise DuplicateItem(name)
        finally:
            self.pool.putconn(conn)

    def get_item(self, item_id):
        conn = self.pool.getconn()
        try:
            return item_with_reservations(conn, item_id)
        finally:
            self.pool.putconn(conn)

    def list_items(self):
        conn = self.pool.getconn()
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT id, name, qty FROM items ORDER BY name")
                return [{"id": i, "name": n, "qty": q} for i, n, q in cur.fetchall()]
        finally:
            self.pool.putconn(conn)

    def reserve(self, item_id, qty, customer):
        """Takes qty out of stock and records the reservation: both or neither."""
        conn = self.pool.getconn()
        try:
            with conn.cursor() as cur:
                cur.execute(
                    "UPDATE items SET qty = qty - %s WHERE id = %s",
                    (qty, item_id),
                )
                if cur.rowcount == 0:
                    raise UnknownItem(item_id)
                cur.execute(
                    "INSERT INTO reservations (item_id, qty, customer) VALUES (%s, %s, %s) RETURNING id",
                    (item_id, qty, customer),
                )
                reservation_id = cur.fetchone()[0]
            conn.commit()
            return reservation_id
        except psycopg2.errors.CheckViolation as error:
            conn.rollback()
            if error.diag.constraint_name == "items_qty_check":
                raise NotEnoughStock(item_id)
            raise InvalidReservation(error.diag.constraint_name)
        except Exception:
            conn.rollback()
            raise
        finally:
            self.pool.putconn(conn)

    def reservations(self, item_id):
        conn = self.pool.getconn()
        try:
            with conn.cursor() as cur:
                cur.execute(
                    "SELECT customer, qty FROM reservations WHERE item_id = %s ORDER BY id",
                    (item_id,),
                )
                return [{"customer": c, "qty": q} for c, q in cur.fetchall()]
        finally:
            self.pool.putconn(conn)
