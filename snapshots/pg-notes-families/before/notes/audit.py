from . import db


def audited_count():
    conn = db.connect_for_audit()
    try:
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM notes")
        return cur.fetchone()[0]
    finally:
        conn.close()
