import { describe, expect, it } from 'vitest';
import { IMPORTS_PSYCOPG2 } from '../transforms/psycopg2-asyncpg/index.js';
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

  it('reports SQL built at run time and placeholders inside quotes, leaving the whole function psycopg2 code', () => {
    // Already async, so the reviews are reported; converting `SELECT 1` alone would leave `cur` on an asyncpg connection.
    for (const sql of ['f"SELECT {col} FROM t WHERE a = %s"', '"SELECT \'%s\' FROM t WHERE a = %s"', '"SELECT $1 FROM t WHERE a = %s"']) {
      const g = 'def g(conn: connection):\n    conn.close()\n';
      const { after, result } = migrateFiles({ 'db.py': `${head}async def f(conn: connection, col, a):\n    cur = conn.cursor()\n    cur.execute("SELECT 1")\n    cur.execute(${sql}, (a,))\n    conn.commit()\n\n\n${g}` }, { select });
      expect(after['db.py']).toBe(`${head}async def f(conn: connection, col, a):\n    cur = conn.cursor()\n    cur.execute("SELECT 1")\n    cur.execute(${sql}, (a,))\n    conn.commit()\n\n\n${g.replace('def g(conn: connection):\n    ', 'async def g(conn: asyncpg.Connection):\n    await ').replace(/^/, '')}`.replace('import psycopg2\n', 'import asyncpg\nimport psycopg2\n'));
      expect(result.reviews.map((item) => item.code)).toEqual(expect.arrayContaining(['AS322', 'AS321']));
    }
  });

  it('keeps a function psycopg2 code when one of its cursors is not followed, even its connect()', () => {
    const { after } = migrateFiles({ 'db.py': 'import os\n\nimport psycopg2\n\n\ndef f():\n    conn = psycopg2.connect(os.environ["DATABASE_URL"])\n    cur = conn.cursor()\n    cur.execute("SELECT 1")\n    print(cur.description)\n    conn.close()\n' }, { select });
    expect(after).toEqual({});
  });

  it('runs SQL held in another module without parameters as it is', () => {
    expect(migrateFiles({ 'db.py': 'from psycopg2.extensions import connection\n\nfrom . import schema\n\n\ndef reset(conn: connection):\n    with conn.cursor() as cur:\n        cur.execute(schema.DDL)\n    conn.commit()\n' }, { select }).after['db.py'])
      .toBe('import asyncpg\n\nfrom . import schema\n\n\nasync def reset(conn: asyncpg.Connection):\n    async with conn.transaction():\n        await conn.execute(schema.DDL)\n');
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

  it('keeps a function with a rollback outside an except on psycopg2: asyncpg connections have no rollback()', () => {
    const { after, result } = migrateFiles({ 'db.py': `${head}def f(conn: connection, bad):\n    cur = conn.cursor()\n    cur.execute("DELETE FROM t")\n    if bad:\n        conn.rollback()\n` }, { select });
    expect(after['db.py']).toBeUndefined();
    expect(result.reviews.map((item) => `${item.code} ${item.message}`)).toEqual([
      'AS101 db.f stays sync (db.py:8 calls rollback() on an asyncpg connection, which has no such method (psycopg2 code)); its blocking calls stay as they are and async callers run it in a thread',
    ]);
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

  it('turns a named (server-side) cursor into async for over conn.cursor() inside a transaction', () => {
    expect(migrate('def f(conn: connection, day):\n    cur = conn.cursor(name="big")\n    cur.execute("SELECT id FROM events WHERE day = %s", (day,))\n    for row in cur:\n        print(row[0])\n'))
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection, day):\n    async with conn.transaction():\n        async for row in conn.cursor("SELECT id FROM events WHERE day = $1", day, prefetch=2000):\n            print(row[0])\n`);
  });

  it('keeps a named cursor read other than execute-then-iterate or fetchmany as psycopg2 code', () => {
    const { after } = migrateFiles({ 'db.py': `${head}def f(conn: connection):\n    cur = conn.cursor("big")\n    cur.execute("SELECT id FROM events")\n    return cur.fetchone()\n` }, { select });
    expect(after).toEqual({});
  });

  it('converts copy_from on a text file, wrapping its encoded text in BytesIO', () => {
    expect(migrate('def f(conn: connection, path):\n    with conn.cursor() as cur:\n        with open(path) as fh:\n            cur.copy_from(fh, "suppliers", sep=",", columns=("code", "name"))\n    conn.commit()\n'))
      .toBe(`import asyncio\nimport io\n\nimport asyncpg\n\n\nasync def f(conn: asyncpg.Connection, path):\n    async with conn.transaction():\n        with open(path) as fh:\n            await conn.copy_to_table("suppliers", source=io.BytesIO((await asyncio.to_thread(fh.read)).encode()), delimiter=",", columns=list(("code", "name")))\n`);
  });

  it('reads a cursor iterated by a comprehension with one fetch', () => {
    expect(migrate('def f(conn: connection):\n    with conn.cursor() as cur:\n        cur.execute("SELECT k, v FROM t")\n        return {k: v for k, v in cur}\n'))
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection):\n    return {k: v for k, v in await conn.fetch("SELECT k, v FROM t")}\n`);
  });

  it('changes a pool and its users together: a user that stays sync keeps the pool psycopg2', () => {
    const store = 'import psycopg2.pool\n\n\nclass Store:\n    def open(self, dsn):\n        self.pool = psycopg2.pool.ThreadedConnectionPool(1, 2, dsn)\n\n    def count(self):\n        conn = self.pool.getconn()\n        try:\n            cur = conn.cursor()\n            cur.execute("SELECT count(*) FROM t")\n            return cur.fetchone()[0]\n        finally:\n            self.pool.putconn(conn)\n';
    // `count` is called through a lambda (sync-only), so it stays sync; `open` still turns async, but its pool stays psycopg2's.
    const { after } = migrateFiles({ 'db.py': store, 'app.py': 'from db import Store\n\n\ndef start(store: Store, dsn):\n    store.open(dsn)\n\n\ndef later(store: Store):\n    return lambda: store.count()\n' }, { select });
    expect(after['db.py']).toContain('    async def open(self, dsn):\n        self.pool = psycopg2.pool.ThreadedConnectionPool(1, 2, dsn)\n');
    expect(after['db.py']).toContain('    def count(self):\n        conn = self.pool.getconn()\n');
  });

  it('leaves a pool built in __init__ or at module level psycopg2, with a review item', () => {
    for (const build of ['    def __init__(self, dsn):\n        self.pool = psycopg2.pool.SimpleConnectionPool(1, 2, dsn)\n', '    pass\n']) {
      const module = build.includes('__init__') ? '' : 'POOL = psycopg2.pool.SimpleConnectionPool(1, 2, "postgresql://x/y")\n\n\n';
      const pool = build.includes('__init__') ? 'self.pool' : 'POOL';
      const source = `import psycopg2.pool\n\n${module}class Store:\n${build}\n    async def count(self):\n        conn = ${pool}.getconn()\n        try:\n            cur = conn.cursor()\n            cur.execute("SELECT count(*) FROM t")\n            return cur.fetchone()[0]\n        finally:\n            ${pool}.putconn(conn)\n\n\nasync def other():\n    import psycopg2\n    return psycopg2.connect("postgresql://x/y")\n`;
      const { after, result } = migrateFiles({ 'db.py': source }, { select });
      expect(after['db.py']).toContain(`conn = ${pool}.getconn()\n        try:\n            cur = conn.cursor()\n`);
      expect(result.reviews.filter((item) => item.code === 'AS311').map((item) => item.message)[0]).toMatch(/cannot be awaited/);
    }
  });

  it('rewrites NamedTupleCursor row.column to row["column"] where the row provably comes from that cursor', () => {
    const out = migrateFiles({ 'db.py': `${head}from psycopg2.extras import NamedTupleCursor\n\n\ndef f(conn: connection, i):\n    cur = conn.cursor(cursor_factory=NamedTupleCursor)\n    cur.execute("SELECT name, qty FROM t WHERE id = %s", (i,))\n    row = cur.fetchone()\n    if row is None:\n        return None\n    return f"{row.name}: {row.qty}"\n\n\ndef g(conn: connection):\n    with conn.cursor(cursor_factory=NamedTupleCursor) as cur:\n        cur.execute("SELECT name FROM t")\n        for row in cur:\n            print(row.name)\n` }, { select });
    expect(out.after['db.py']).toContain('    row = await conn.fetchrow("SELECT name, qty FROM t WHERE id = $1", i)\n    if row is None:\n        return None\n    return f"{row[\'name\']}: {row[\'qty\']}"\n');
    expect(out.after['db.py']).toContain('    for row in await conn.fetch("SELECT name FROM t"):\n        print(row["name"])\n');
    expect(out.result.reviews.map((item) => item.code)).not.toContain('AS321');
  });

  it('reports NamedTupleCursor rows whose readers are out of sight', () => {
    const { after, result } = migrateFiles({ 'db.py': `${head}from psycopg2.extras import NamedTupleCursor\n\n\ndef f(conn: connection):\n    cur = conn.cursor(cursor_factory=NamedTupleCursor)\n    cur.execute("SELECT name FROM t")\n    row = cur.fetchone()\n    return row\n` }, { select });
    expect(after['db.py']).toContain('    row = await conn.fetchrow("SELECT name FROM t")\n    return row\n');
    expect(result.reviews.find((item) => /NamedTupleCursor/.test(item.message))).toBeDefined();
  });

  it('proposes nothing on its own output', () => {
    const first = migrateFiles({ 'db.py': `${head}def f(conn: connection, a):\n    with conn.cursor() as cur:\n        cur.execute("INSERT INTO t VALUES (%s)", (a,))\n    conn.commit()\n` }, { select });
    const second = migrateFiles({ 'db.py': first.after['db.py'] }, { select });
    expect(second.after).toEqual({});
  });
});

describe('psycopg2-asyncpg fetchmany', () => {
  it('turns one fetchmany(n) after its execute into the first n fetched rows', () => {
    expect(migrate('def f(conn: connection, day):\n    cur = conn.cursor()\n    cur.execute("SELECT id FROM events WHERE day = %s ORDER BY id", (day,))\n    return cur.fetchmany(3)\n'))
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection, day):\n    return (await conn.fetch("SELECT id FROM events WHERE day = $1 ORDER BY id", day))[:3]\n`);
  });

  it('reads one row for fetchmany() with no size (arraysize 1) and keeps RealDictCursor rows dicts', () => {
    expect(migrateFiles({ 'db.py': `from psycopg2.extensions import connection\nfrom psycopg2.extras import RealDictCursor\n\n\ndef f(conn: connection):\n    with conn.cursor(cursor_factory=RealDictCursor) as cur:\n        cur.execute("SELECT id FROM events ORDER BY id")\n        rows = cur.fetchmany()\n    return rows\n` }, { select }).after['db.py'])
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection):\n    rows = [dict(_row) for _row in (await conn.fetch("SELECT id FROM events ORDER BY id"))[:1]]\n    return rows\n`);
  });

  it('reads a fetchmany loop from the rows fetched at execute, as psycopg2\'s client-side cursor did', () => {
    expect(migrateFiles({ 'db.py': `from psycopg2.extensions import connection\n\nPAGE = 500\n\n\ndef f(conn: connection, out):\n    with conn.cursor() as cur:\n        cur.execute("SELECT id FROM events")\n        while rows := cur.fetchmany(PAGE):\n            out.extend(rows)\n` }, { select }).after['db.py'])
      .toBe(`import itertools\n\nimport asyncpg\n\nPAGE = 500\n\n\nasync def f(conn: asyncpg.Connection, out):\n    cur = iter(await conn.fetch("SELECT id FROM events"))\n    while rows := list(itertools.islice(cur, PAGE)):\n        out.extend(rows)\n`);
  });

  it('reads interleaved fetches (while True / fetchone / fetchall) from one iterator', () => {
    expect(migrate('def f(conn: connection):\n    cur = conn.cursor()\n    cur.execute("SELECT id FROM events")\n    first = cur.fetchone()\n    while True:\n        rows = cur.fetchmany(100)\n        if not rows:\n            break\n    return first, cur.fetchall()\n'))
      .toBe(`import itertools\n\n${headAfter}async def f(conn: asyncpg.Connection):\n    cur = iter(await conn.fetch("SELECT id FROM events"))\n    first = next(cur, None)\n    while True:\n        rows = list(itertools.islice(cur, 100))\n        if not rows:\n            break\n    return first, list(cur)\n`);
  });

  it('leaves fetches outside the block of their execute (another branch) as psycopg2 code', () => {
    expect(migrateFiles({ 'db.py': `${head}def f(conn: connection, x):\n    cur = conn.cursor()\n    if x:\n        cur.execute("SELECT 1")\n    else:\n        cur.execute("SELECT 2")\n    return cur.fetchmany(5)\n` }, { select }).after).toEqual({});
  });

  it('turns a named cursor read with fetchmany into an asyncpg cursor inside a transaction', () => {
    expect(migrate('def f(conn: connection):\n    cur = conn.cursor(name="big")\n    cur.execute("SELECT id FROM events WHERE day = %s", (1,))\n    n = 0\n    while rows := cur.fetchmany(50):\n        n += len(rows)\n    cur.close()\n    return n\n'))
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection):\n    async with conn.transaction():\n        cur = await conn.cursor("SELECT id FROM events WHERE day = $1", 1)\n        n = 0\n        while rows := await cur.fetch(50):\n            n += len(rows)\n    return n\n`);
  });

  it('reports fetchmany with a size computed at run time, and a named cursor fetchmany(0), leaving the code alone', () => {
    const g = '\n\ndef g(conn: connection):\n    conn.close()\n';
    const sized = migrateFiles({ 'db.py': `${head}async def f(conn: connection, size):\n    cur = conn.cursor()\n    cur.execute("SELECT id FROM events")\n    return cur.fetchmany(size)\n${g}` }, { select });
    expect(sized.after['db.py']).toContain('async def f(conn: connection, size):\n    cur = conn.cursor()\n    cur.execute("SELECT id FROM events")\n    return cur.fetchmany(size)\n');
    expect(sized.result.reviews.map((item) => item.code)).toContain('AS323');
    expect(migrateFiles({ 'db.py': `${head}def f(conn: connection):\n    cur = conn.cursor("big")\n    cur.execute("SELECT id FROM events")\n    return cur.fetchmany(0)\n` }, { select }).after).toEqual({});
  });
});

describe('psycopg2-asyncpg cursor.description', () => {
  it('reads column names from a prepared statement, which describes empty results too', () => {
    expect(migrate('def f(conn: connection, day):\n    with conn.cursor() as cur:\n        cur.execute("SELECT id, name FROM events WHERE day = %s", (day,))\n        columns = [d[0] for d in cur.description]\n        rows = cur.fetchall()\n    return columns, rows\n'))
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection, day):\n    stmt = await conn.prepare("SELECT id, name FROM events WHERE day = $1")\n    columns = [d[0] for d in stmt.get_attributes()]\n    rows = await stmt.fetch(day)\n    return columns, rows\n`);
  });

  it('converts description[i][0], .name and len() after the fetch', () => {
    expect(migrate('def f(conn: connection):\n    cur = conn.cursor()\n    cur.execute("SELECT id, name FROM events")\n    row = cur.fetchone()\n    return row, cur.description[1][0], [c.name for c in cur.description], len(cur.description)\n'))
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection):\n    stmt = await conn.prepare("SELECT id, name FROM events")\n    row = await stmt.fetchrow()\n    return row, stmt.get_attributes()[1][0], [c.name for c in stmt.get_attributes()], len(stmt.get_attributes())\n`);
  });

  it('prepares, then fetches into the row iterator on the next line, inside the transaction of a commit', () => {
    expect(migrate('def f(conn: connection, out):\n    with conn.cursor() as cur:\n        cur.execute("INSERT INTO log VALUES (1)")\n        cur.execute("SELECT id, name FROM events")\n        out.append([d.name for d in cur.description])\n        while rows := cur.fetchmany(10):\n            out.extend(rows)\n    conn.commit()\n'))
      .toBe(`import itertools\n\n${headAfter}async def f(conn: asyncpg.Connection, out):\n    async with conn.transaction():\n        await conn.execute("INSERT INTO log VALUES (1)")\n        stmt = await conn.prepare("SELECT id, name FROM events")\n        cur = iter(await stmt.fetch())\n        out.append([d.name for d in stmt.get_attributes()])\n        while rows := list(itertools.islice(cur, 10)):\n            out.extend(rows)\n`);
  });

  it('leaves description reads of types and sizes, and a description with no fetch, as psycopg2 code', () => {
    for (const read of ['    rows = cur.fetchall()\n    return [d[1] for d in cur.description], rows\n', '    return cur.description is None\n', '    return [d for d in cur.description], cur.fetchall()\n']) {
      expect(migrateFiles({ 'db.py': `${head}def f(conn: connection):\n    cur = conn.cursor()\n    cur.execute("SELECT id FROM events")\n${read}` }, { select }).after).toEqual({});
    }
    // Read after the if/else: the prepared statement of one branch would not exist on the other path.
    expect(migrateFiles({ 'db.py': `${head}def f(conn: connection, x):\n    cur = conn.cursor()\n    if x:\n        cur.execute("SELECT 1 AS a")\n        rows = cur.fetchall()\n    else:\n        cur.execute("SELECT 2 AS b")\n        rows = cur.fetchall()\n    return [d[0] for d in cur.description], rows\n` }, { select }).after).toEqual({});
    // `len` defined in the module is not the builtin: it would receive asyncpg's attributes.
    expect(migrateFiles({ 'db.py': `${head}def len(x):\n    return 42\n\n\ndef f(conn: connection):\n    cur = conn.cursor()\n    cur.execute("SELECT id FROM events")\n    rows = cur.fetchall()\n    return len(cur.description), rows\n` }, { select }).after).toEqual({});
  });
});

describe('psycopg2-asyncpg COPY TO', () => {
  it('turns COPY (query) TO STDOUT into copy_from_query, decoding the bytes for a text file', () => {
    expect(migrate('def f(conn: connection, path):\n    with conn.cursor() as cur:\n        with open(path, "w", newline="") as fh:\n            cur.copy_expert("COPY (SELECT sku, qty FROM stock ORDER BY sku) TO STDOUT WITH CSV HEADER", fh)\n'))
      .toBe(`import asyncio\n\n${headAfter}async def f(conn: asyncpg.Connection, path):\n    with open(path, "w", newline="") as fh:\n        await conn.copy_from_query("SELECT sku, qty FROM stock ORDER BY sku", output=lambda data: asyncio.to_thread(fh.write, data.decode()), format="csv", header=True)\n`);
  });

  it('turns COPY table TO STDOUT into copy_from_table, handing a binary file over as it is', () => {
    expect(migrate('def f(conn: connection, path):\n    cur = conn.cursor()\n    with open(path, "wb") as fh:\n        cur.copy_expert("COPY Products (SKU, name) TO STDOUT WITH (FORMAT csv, DELIMITER \'|\')", fh)\n'))
      .toBe(`${headAfter}async def f(conn: asyncpg.Connection, path):\n    with open(path, "wb") as fh:\n        await conn.copy_from_table("products", output=fh, columns=["sku", "name"], format="csv", delimiter="|")\n`);
  });

  it('turns copy_to into copy_from_table, writing str or bytes as psycopg2 did for a file of unknown mode', () => {
    expect(migrate('def f(conn: connection, out):\n    with conn.cursor() as cur:\n        cur.copy_to(out, "suppliers", sep="|", columns=("code", "name"))\n'))
      .toBe(`import asyncio\nimport io\n\n${headAfter}async def f(conn: asyncpg.Connection, out):\n    await conn.copy_from_table("suppliers", output=lambda data: asyncio.to_thread(out.write, data.decode() if isinstance(out, io.TextIOBase) else data), delimiter="|", columns=list(("code", "name")))\n`);
  });

  it('leaves COPY it does not parse, and an output file built in the call, as psycopg2 code', () => {
    for (const copy of ['cur.copy_expert("COPY t TO PROGRAM \'cat\'", out)', 'cur.copy_to(open(out, "w"), "t")', 'cur.copy_expert("COPY s.t TO STDOUT", out)']) {
      expect(migrateFiles({ 'db.py': `${head}def f(conn: connection, out):\n    cur = conn.cursor()\n    ${copy}\n` }, { select }).after).toEqual({});
    }
  });
});

describe('psycopg2-asyncpg connections handed to functions of the module', () => {
  const callee = 'def count(conn):\n    cur = conn.cursor()\n    cur.execute("SELECT count(*) FROM t")\n    return cur.fetchone()[0]\n\n\n';
  const caller = 'def main(dsn):\n    conn = psycopg2.connect(dsn)\n    n = count(conn)\n    conn.close()\n    return n\n';

  it('follows an unannotated parameter that receives a psycopg2 connection, so both functions convert', () => {
    expect(migrateFiles({ 'db.py': `import psycopg2\n\n\n${callee}${caller}` }, { select }).after['db.py'])
      .toBe('import asyncpg\n\n\nasync def count(conn):\n    return (await conn.fetchrow("SELECT count(*) FROM t"))[0]\n\n\nasync def main(dsn):\n    conn = await asyncpg.connect(dsn)\n    n = await count(conn)\n    await conn.close()\n    return n\n');
  });

  it('runs the callee inside the caller\'s transaction when the caller commits after it', () => {
    expect(migrateFiles({ 'db.py': 'import psycopg2\n\n\ndef purge(conn, day):\n    cur = conn.cursor()\n    cur.execute("DELETE FROM events WHERE day = %s", (day,))\n\n\ndef nightly(dsn, day):\n    conn = psycopg2.connect(dsn)\n    purge(conn, day)\n    conn.commit()\n    conn.close()\n' }, { select }).after['db.py'])
      .toBe('import asyncpg\n\n\nasync def purge(conn, day):\n    await conn.execute("DELETE FROM events WHERE day = $1", day)\n\n\nasync def nightly(dsn, day):\n    conn = await asyncpg.connect(dsn)\n    async with conn.transaction():\n        await purge(conn, day)\n    await conn.close()\n');
  });

  it('reports a callee that commits by itself, called inside the caller\'s transaction', () => {
    const { after, result } = migrateFiles({ 'db.py': 'import psycopg2\n\n\ndef save(conn, x):\n    cur = conn.cursor()\n    cur.execute("INSERT INTO t VALUES (%s)", (x,))\n    conn.commit()\n\n\ndef run(dsn):\n    conn = psycopg2.connect(dsn)\n    cur = conn.cursor()\n    cur.execute("INSERT INTO t VALUES (0)")\n    save(conn, 1)\n    conn.commit()\n    conn.close()\n' }, { select });
    expect(after['db.py']).toContain('    async with conn.transaction():\n        await conn.execute("INSERT INTO t VALUES (0)")\n        await save(conn, 1)\n');
    expect(result.reviews.filter((item) => item.code === 'AS341').map((item) => item.line)).toEqual([14]);
  });

  it('keeps the caller psycopg2 when the callee keeps its psycopg2 code', () => {
    const kept = callee.replace('    return cur.fetchone()[0]\n', '    print(cur.statusmessage)\n    return cur.fetchone()[0]\n');
    expect(migrateFiles({ 'db.py': `import psycopg2\n\n\n${kept}${caller}` }, { select }).after).toEqual({});
  });

  it('keeps the caller psycopg2 when the parameter also receives other values or the call cannot be awaited', () => {
    const other = 'def other(dsn, thing):\n    conn = psycopg2.connect(dsn)\n    a = count(conn)\n    b = count(thing)\n    conn.close()\n    return a, b\n';
    const lambda = 'def later(dsn):\n    conn = psycopg2.connect(dsn)\n    return lambda: count(conn)\n';
    for (const code of [other, lambda]) {
      const { after, result } = migrateFiles({ 'db.py': `import psycopg2\n\n\n${callee}${code}` }, { select });
      expect(after).toEqual({});
      expect(result.reviews).toEqual([]);
    }
  });

  it('changes a helper handed a pooled connection with the whole pool family', () => {
    const db = 'import psycopg2.pool\n\n\ndef count_rows(conn):\n    cur = conn.cursor()\n    cur.execute("SELECT count(*) FROM t")\n    return cur.fetchone()[0]\n\n\nclass Store:\n    def open(self, dsn):\n        self.pool = psycopg2.pool.ThreadedConnectionPool(1, 2, dsn)\n\n    def count(self):\n        conn = self.pool.getconn()\n        try:\n            return count_rows(conn)\n        finally:\n            self.pool.putconn(conn)\n\n    def names(self):\n        conn = self.pool.getconn()\n        try:\n            cur = conn.cursor()\n            cur.execute("SELECT name FROM t")\n            return cur.fetchall()\n        finally:\n            self.pool.putconn(conn)\n';
    const app = 'from db import Store\n\n\ndef start(store: Store, dsn):\n    store.open(dsn)\n    return store.count()\n';
    const converted = migrateFiles({ 'db.py': db, 'app.py': app }, { select }).after['db.py'];
    expect(converted).toContain('async def count_rows(conn):\n    return (await conn.fetchrow("SELECT count(*) FROM t"))[0]\n');
    expect(converted).toContain('            return await count_rows(conn)\n');
    // `names` stays sync (called from a lambda), so the pool stays psycopg2's, and so does the helper.
    const kept = migrateFiles({ 'db.py': db, 'app.py': `${app}\n\ndef later(store: Store):\n    return lambda: store.names()\n` }, { select }).after['db.py'];
    expect(kept).toContain('async def count_rows(conn):\n    cur = conn.cursor()\n    cur.execute("SELECT count(*) FROM t")\n    return cur.fetchone()[0]\n');
    expect(kept).toContain('        self.pool = psycopg2.pool.ThreadedConnectionPool(1, 2, dsn)\n');
  });

  it('keeps the caller\'s connection psycopg2 when the callee stays sync for another module (called from a lambda there)', () => {
    const { after } = migrateFiles({ 'db.py': `import psycopg2\n\n\n${callee}${caller}`, 'app.py': 'import db\n\n\ndef later(conn):\n    return lambda: db.count(conn)\n' }, { select });
    expect(after['db.py']).toContain('    conn = psycopg2.connect(dsn)\n    n = await asyncio.to_thread(count, conn)\n    conn.close()\n');
    expect(after['db.py']).toContain(`def count(conn):\n    cur = conn.cursor()\n`);
  });
});

describe('psycopg2-asyncpg: which modules it reads', () => {
  it('recognises every form of importing psycopg2, and no mere mention of it', () => {
    for (const line of ['import psycopg2', '    import psycopg2.extras', 'import os, psycopg2.extras as extras', 'from psycopg2 import sql', 'try: import psycopg2', 'import os; import psycopg2', 'import os, \\\n    psycopg2']) {
      expect(IMPORTS_PSYCOPG2.test(`"""A module."""\n${line}\n`), line).toBe(true);
    }
    for (const text of ['# talks to psycopg2\n', '"""Works with psycopg2 connections."""\n', 'from .psycopg2 import dialect\n', 'import psycopg2cffi\n', 'DRIVER = "psycopg2"\n']) {
      expect(IMPORTS_PSYCOPG2.test(text), text).toBe(false);
    }
  });

  it('converts a connection whose module imports psycopg2 inside a function, under a docstring naming it', () => {
    const source = '"""Reports, read with psycopg2."""\n\n\ndef total(dsn):\n    import psycopg2\n    conn = psycopg2.connect(dsn)\n    cur = conn.cursor()\n    cur.execute("SELECT count(*) FROM t")\n    n = cur.fetchone()[0]\n    conn.close()\n    return n\n';
    const out = migrateFiles({ 'report.py': source }, { select }).after['report.py'];
    expect(out).toContain('async def total(dsn):');
    expect(out).toContain('conn = await asyncpg.connect(dsn)');
  });
});
