import { describe, expect, it } from 'vitest';
import { migrateFiles } from './helpers/project.js';

/** Must-change and must-not-change cases for psycopg2 → asyncpg. */
const select = ['psycopg2-asyncpg'];
const head = 'import psycopg2\nfrom psycopg2.extensions import connection\n\n\n';
const migrate = (body: string) => migrateFiles({ 'db.py': head.replace(body.includes('psycopg2.') ? '' : 'import psycopg2\n', '') + body }, { select }).after['db.py'];
const headAfter = 'import asyncpg\n\n\n';

describe('psycopg2-asyncpg placeholders', () => {
  it('numbers %s in order and spreads the tuple', () => {
    expect(migrate('def f(conn: connection, a, b):\n    cur = conn.cursor()\n    cur.execute("SELECT x FROM t WHERE a = %s AND b = %s", (a, b))\n    return cur.fetchall()\n'))
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection, a, b):\n    return await conn.fetch("SELECT x FROM t WHERE a = $1 AND b = $2", a, b)\n`);
  });

  it('gives a repeated %(name)s one number and orders the mapping values', () => {
    expect(migrate('def f(conn: connection, x, y):\n    cur = conn.cursor()\n    cur.execute("UPDATE t SET a = %(x)s, b = %(y)s WHERE c = %(x)s", {"y": y, "x": x})\n'))
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection, x, y):\n    await conn.execute("UPDATE t SET a = $1, b = $2 WHERE c = $1", x, y)\n`);
  });

  it('reads a named mapping held in a variable by key', () => {
    expect(migrate('def f(conn: connection, p):\n    cur = conn.cursor()\n    cur.execute("DELETE FROM t WHERE a = %(a)s", p)\n'))
      .toContain('await conn.execute("DELETE FROM t WHERE a = $1", p["a"])');
  });

  it('collapses %% only when parameters are passed', () => {
    const out = migrate('def f(conn: connection, a):\n    cur = conn.cursor()\n    cur.execute("SELECT 1 WHERE \'x\' LIKE \'a%%\' AND %s", (a,))\n    cur.execute("SELECT \'100%%\'")\n');
    expect(out).toContain('await conn.execute("SELECT 1 WHERE \'x\' LIKE \'a%\' AND $1", a)');
    expect(out).toContain('await conn.execute("SELECT \'100%%\'")');
  });

  it('turns IN %s into = ANY($n) with a list', () => {
    expect(migrate('def f(conn: connection, ids):\n    cur = conn.cursor()\n    cur.execute("DELETE FROM t WHERE id IN %s", (ids,))\n'))
      .toContain('await conn.execute("DELETE FROM t WHERE id = ANY($1)", list(ids))');
  });

  it('spreads a parameter sequence held in a variable', () => {
    expect(migrate('def f(conn: connection, params):\n    cur = conn.cursor()\n    cur.execute("DELETE FROM t WHERE id = %s", params)\n'))
      .toContain('await conn.execute("DELETE FROM t WHERE id = $1", *params)');
  });

  it('rewrites a module-level SQL constant', () => {
    const out = migrateFiles({ 'db.py': `${head}Q = "SELECT a FROM t WHERE id = %s"\n\n\ndef f(conn: connection, i):\n    cur = conn.cursor()\n    cur.execute(Q, (i,))\n    return cur.fetchone()\n` }, { select }).after['db.py'];
    expect(out).toContain('Q = "SELECT a FROM t WHERE id = $1"');
    expect(out).toContain('return await conn.fetchrow(Q, i)');
  });

  it('reports SQL built at run time and placeholders inside quotes, leaving that statement as it was', () => {
    for (const sql of ['f"SELECT {col} FROM t WHERE a = %s"', '"SELECT \'%s\' FROM t WHERE a = %s"', '"SELECT $1 FROM t WHERE a = %s"']) {
      const { after, result } = migrateFiles({ 'db.py': `${head}def f(conn: connection, col, a):\n    cur = conn.cursor()\n    cur.execute("SELECT 1")\n    cur.execute(${sql}, (a,))\n` }, { select });
      expect(after['db.py']).toContain(`    await conn.execute("SELECT 1")\n    cur.execute(${sql}, (a,))\n`);
      expect(result.reviews.map((item) => item.code)).toEqual(expect.arrayContaining(['AS322', 'AS321']));
    }
  });

  it('leaves a function whose only statement cannot be converted sync and unchanged', () => {
    const { after } = migrateFiles({ 'db.py': `${head}def f(conn: connection, col):\n    cur = conn.cursor()\n    cur.execute(f"SELECT {col} FROM t WHERE a = %s", (1,))\n` }, { select });
    expect(after).toEqual({});
  });
});

describe('psycopg2-asyncpg transactions', () => {
  it('wraps the statements before commit() in one transaction', () => {
    expect(migrate('def f(conn: connection):\n    with conn.cursor() as cur:\n        cur.execute("INSERT INTO t VALUES (1)")\n        cur.execute("INSERT INTO t VALUES (2)")\n    conn.commit()\n'))
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection):\n    async with conn.transaction():\n        await conn.execute("INSERT INTO t VALUES (1)")\n        await conn.execute("INSERT INTO t VALUES (2)")\n`);
  });

  it('drops rollback() in the except of the converted try, keeping the re-raise', () => {
    expect(migrate('def f(conn: connection):\n    cur = conn.cursor()\n    try:\n        cur.execute("INSERT INTO t VALUES (1)")\n        cur.execute("INSERT INTO t VALUES (2)")\n        conn.commit()\n    except psycopg2.IntegrityError:\n        conn.rollback()\n        raise\n'))
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection):\n    try:\n        async with conn.transaction():\n            await conn.execute("INSERT INTO t VALUES (1)")\n            await conn.execute("INSERT INTO t VALUES (2)")\n    except asyncpg.IntegrityConstraintViolationError:\n        raise\n`);
  });

  it('keeps a swallowing except as pass', () => {
    expect(migrate('def f(conn: connection):\n    cur = conn.cursor()\n    try:\n        cur.execute("INSERT INTO t VALUES (1)")\n        conn.commit()\n    except Exception:\n        conn.rollback()\n'))
      .toContain('    except Exception:\n        pass\n');
  });

  it('starts a new transaction after each commit', () => {
    expect(migrate('def f(conn: connection):\n    cur = conn.cursor()\n    cur.execute("INSERT INTO t VALUES (1)")\n    conn.commit()\n    cur.execute("INSERT INTO t VALUES (2)")\n    conn.commit()\n'))
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection):\n    async with conn.transaction():\n        await conn.execute("INSERT INTO t VALUES (1)")\n    async with conn.transaction():\n        await conn.execute("INSERT INTO t VALUES (2)")\n`);
  });

  it('turns `with conn:` into async with conn.transaction()', () => {
    expect(migrate('def f(conn: connection):\n    with conn:\n        cur = conn.cursor()\n        cur.execute("DELETE FROM t")\n'))
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection):\n    async with conn.transaction():\n        await conn.execute("DELETE FROM t")\n`);
  });

  it('drops autocommit = True and keeps the statements autocommitting', () => {
    expect(migrate('def f(dsn):\n    conn = psycopg2.connect(dsn)\n    conn.autocommit = True\n    cur = conn.cursor()\n    cur.execute("VACUUM")\n    conn.close()\n'))
      .toBe('import asyncpg\nfrom psycopg2.extensions import connection\n\n\nasync def f(dsn):\n    conn = await asyncpg.connect(dsn)\n    await conn.execute("VACUUM")\n    await conn.close()\n');
  });

  it('reports writes with no commit and a rollback outside an except', () => {
    const { result } = migrateFiles({ 'db.py': `${head}def f(conn: connection, bad):\n    cur = conn.cursor()\n    cur.execute("DELETE FROM t")\n    if bad:\n        conn.rollback()\n` }, { select });
    expect(result.reviews.map((item) => item.code).sort()).toEqual(['AS310', 'AS343', 'AS344'].filter((code) => code !== 'AS310'));
  });
});

describe('psycopg2-asyncpg cursors, rows, pools and errors', () => {
  it('maps fetchone()[0] to fetchrow with the same TypeError on no row, and rowcount to the status count', () => {
    const out = migrate('def f(conn: connection, i):\n    cur = conn.cursor()\n    cur.execute("UPDATE t SET n = n + 1 WHERE id = %s", (i,))\n    changed = cur.rowcount\n    cur.execute("SELECT n FROM t WHERE id = %s", (i,))\n    return changed, cur.fetchone()[0]\n');
    expect(out).toContain('    rowcount = int((await conn.execute("UPDATE t SET n = n + 1 WHERE id = $1", i)).split()[-1])\n    changed = rowcount\n');
    expect(out).toContain('    return changed, (await conn.fetchrow("SELECT n FROM t WHERE id = $1", i))[0]\n');
  });

  it('turns RealDictCursor rows into dicts and iteration into a fetch', () => {
    const out = migrateFiles({ 'db.py': `${head}from psycopg2.extras import RealDictCursor\n\n\ndef f(conn: connection):\n    with conn.cursor(cursor_factory=RealDictCursor) as cur:\n        cur.execute("SELECT a FROM t")\n        for row in cur:\n            print(row["a"])\n` }, { select }).after['db.py'];
    expect(out).toContain('    for row in [dict(_row) for _row in await conn.fetch("SELECT a FROM t")]:\n        print(row["a"])\n');
    expect(out).not.toContain('RealDictCursor');
  });

  it('converts executemany, execute_values and execute_batch', () => {
    const out = migrateFiles({ 'db.py': `${head}from psycopg2.extras import execute_batch, execute_values\n\n\ndef f(conn: connection, rows, named):\n    cur = conn.cursor()\n    cur.executemany("INSERT INTO t (a, b) VALUES (%(a)s, %(b)s)", named)\n    execute_values(cur, "INSERT INTO t (a, b) VALUES %s", rows, page_size=500)\n    execute_batch(cur, "INSERT INTO t (a, b) VALUES (%s, %s)", rows)\n    conn.commit()\n` }, { select }).after['db.py'];
    expect(out).toContain('await conn.executemany("INSERT INTO t (a, b) VALUES ($1, $2)", [(params["a"], params["b"]) for params in named])');
    expect(out).toContain('await conn.executemany("INSERT INTO t (a, b) VALUES ($1, $2)", rows)\n        await conn.executemany("INSERT INTO t (a, b) VALUES ($1, $2)", rows)\n');
    expect(out).not.toContain('psycopg2.extras');
  });

  it('converts copy_expert COPY ... FROM STDIN CSV HEADER to copy_to_table', () => {
    const out = migrate('def f(conn: connection, path):\n    cur = conn.cursor()\n    with open(path, "rb") as fh:\n        cur.copy_expert("COPY items (sku, qty) FROM STDIN WITH CSV HEADER", fh)\n    conn.commit()\n');
    expect(out).toContain('await conn.copy_to_table("items", source=fh, columns=["sku", "qty"], format="csv", header=True)');
  });

  it('converts pools: constructor, getconn with a timeout, putconn, closeall', () => {
    const out = migrateFiles({ 'db.py': 'import psycopg2.pool\n\n\nclass Db:\n    def open(self, dsn):\n        self.pool = psycopg2.pool.SimpleConnectionPool(1, 4, dsn)\n\n    def count(self):\n        conn = self.pool.getconn()\n        try:\n            cur = conn.cursor()\n            cur.execute("SELECT count(*) FROM t")\n            return cur.fetchone()[0]\n        finally:\n            self.pool.putconn(conn)\n\n    def close(self):\n        self.pool.closeall()\n' }, { select }).after['db.py'];
    expect(out).toContain('self.pool = await asyncpg.create_pool(dsn, min_size=1, max_size=4)');
    expect(out).toContain('conn = await self.pool.acquire(timeout=10)');
    expect(out).toContain('return (await conn.fetchrow("SELECT count(*) FROM t"))[0]');
    expect(out).toContain('await self.pool.release(conn)');
    expect(out).toContain('await self.pool.close()');
  });

  it('maps psycopg2 exceptions and key=value DSNs', () => {
    const out = migrate('def f():\n    try:\n        conn = psycopg2.connect("dbname=app user=me port=5433")\n    except psycopg2.errors.UniqueViolation as e:\n        return e.pgcode\n    except psycopg2.OperationalError:\n        return None\n    return conn\n');
    expect(out).toContain('conn = await asyncpg.connect(database="app", user="me", port=5433)');
    expect(out).toContain('except asyncpg.UniqueViolationError as e:\n        return e.sqlstate');
    expect(out).toContain('except (asyncpg.PostgresConnectionError, asyncpg.CannotConnectNowError, OSError, asyncio.TimeoutError):');
  });

  it('leaves a local object called psycopg2-like and sync-only code alone', () => {
    const { after } = migrateFiles({ 'db.py': 'class psycopg2:\n    @staticmethod\n    def connect(x):\n        return x\n\n\ndef f():\n    return psycopg2.connect(1)\n', 'm.py': 'import psycopg2\n\nCONN = psycopg2.connect("postgresql://x/y")\n' }, { select });
    expect(after).toEqual({});
  });

  it('proposes nothing on its own output', () => {
    const first = migrateFiles({ 'db.py': `${head}def f(conn: connection, a):\n    with conn.cursor() as cur:\n        cur.execute("INSERT INTO t VALUES (%s)", (a,))\n    conn.commit()\n` }, { select });
    const second = migrateFiles({ 'db.py': first.after['db.py'] }, { select });
    expect(second.after).toEqual({});
  });
});
