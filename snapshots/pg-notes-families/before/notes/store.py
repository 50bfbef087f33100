def add(conn, title, body=""):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO notes (title, body) VALUES (%s, %s) RETURNING id", (title, body))
        note_id = cur.fetchone()[0]
    conn.commit()
    return note_id


def titles(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT title FROM notes ORDER BY id")
        return [title for (title,) in cur.fetchall()]


def rename_all(conn, renames):
    """Renames several notes: all of them or none."""
    try:
        with conn.cursor() as cur:
            for old, new in renames:
                cur.execute("UPDATE notes SET title = %s WHERE title = %s", (new, old))
                if cur.rowcount != 1:
                    raise KeyError(old)
        conn.commit()
    except Exception:
        conn.rollback()
        raise


def count_rows(cur, table):
    cur.execute(f"SELECT count(*) FROM {table}")
    return cur.fetchone()[0]
