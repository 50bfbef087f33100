def init_schema(conn):
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS notes CASCADE")
        cur.execute("CREATE TABLE notes (id serial PRIMARY KEY, title text NOT NULL, body text NOT NULL DEFAULT '')")
    conn.commit()


def archive_table(conn, year):
    # DDL naming a table: built with an f-string, run without parameters.
    table = f"notes_{int(year)}"
    with conn.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {table}")
        cur.execute(f"CREATE TABLE {table} (LIKE notes)")
        cur.execute("INSERT INTO %s SELECT * FROM notes WHERE title LIKE '%%'" % table)
    conn.commit()
    return table
