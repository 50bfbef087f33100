from . import store


def archive_counts(conn, tables):
    cur = conn.cursor()
    counts = {table: store.count_rows(cur, table) for table in tables}
    cur.close()
    return counts
