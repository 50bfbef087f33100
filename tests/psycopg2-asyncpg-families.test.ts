import { describe, expect, it } from 'vitest';
import { TARGET_APIS } from '../transforms/shared/target-apis.js';
import { migrateFiles } from './helpers/project.js';

/**
 * Must-change and must-not-change cases for what real code adds to psycopg2 → asyncpg: connect()
 * arguments asyncpg has no form for, connections handed across modules (a family converts whole or
 * not at all), connection attributes, and SQL built at run time without parameters.
 */
const select = ['psycopg2-asyncpg'];

const reviewCodes = (migration: ReturnType<typeof migrateFiles>) => migration.result.reviews.map((item) => item.code);

/** Every keyword of every `asyncpg.connect(...)` / `asyncpg.create_pool(...)` call in the text. */
function emittedKeywords(text: string): { target: string; keyword: string }[] {
  const found: { target: string; keyword: string }[] = [];
  for (const match of text.matchAll(/(asyncpg\.(?:connect|create_pool))\(([^\n]*)\)/g)) {
    for (const keyword of match[2].matchAll(/(?:^|,\s*)(\w+)=/g)) found.push({ target: match[1], keyword: keyword[1] });
  }
  return found;
}

describe('psycopg2-asyncpg connect() arguments (issue 13, class 4)', () => {
  const body = '    with conn.cursor() as cur:\n        cur.execute("SELECT count(*) FROM t")\n        return cur.fetchone()[0]\n';

  it('keeps a connection with a connection_factory or SSL files psycopg2-only, with a review item', () => {
    const source = 'import psycopg2\n\n\nclass Conn(psycopg2.extensions.connection):\n    pass\n\n\n'
      + `async def count(dsn):\n    with psycopg2.connect(dsn, connection_factory=Conn, sslcert="c.pem", sslkey="k.pem") as conn:\n${body.replace(/^/gm, '    ')}`;
    // A converted function beside it changes the file, so its review items are reported.
    const migration = migrateFiles({ 'db.py': `${source}\n\ndef shut(conn: psycopg2.extensions.connection):\n    conn.close()\n` }, { select });
    expect(migration.after['db.py']).toContain(source);
    const review = migration.result.reviews.find((item) => item.code === 'AS310');
    expect(review?.message).toMatch(/connection_factory=Conn.*sslcert= has no asyncpg.connect\(\) keyword/);
  });

  it.each([
    ['settings unpacked from a mapping', 'psycopg2.connect(**config)'],
    ['a key=value DSN with a parameter asyncpg has no keyword for', 'psycopg2.connect("dbname=app keepalives=1")'],
    ['a URI parameter asyncpg would send as a server setting', 'psycopg2.connect("postgresql://u@h/db?connect_timeout=10")'],
    ['a cursor_factory for every cursor', 'psycopg2.connect(dsn, cursor_factory=psycopg2.extras.RealDictCursor)'],
    ['factories passed by position', 'psycopg2.connect(dsn, Conn)'],
    ['an sslkey keyword', 'psycopg2.connect(dsn, sslkey="k.pem")'],
  ])('keeps %s on psycopg2', (_, connect) => {
    const source = `import psycopg2\nimport psycopg2.extras\n\n\ndef count(dsn, config, Conn):\n    conn = ${connect}\n${body.replace('with conn.cursor() as cur:', 'with conn.cursor() as cur:')}`;
    expect(migrateFiles({ 'db.py': source }, { select }).after).toEqual({});
  });

  it('turns `with psycopg2.connect() as conn:` into a connection and a transaction block over the same body', () => {
    const source = 'import psycopg2\n\n\ndef add(dsn, x):\n    with psycopg2.connect(dsn) as conn:\n        with conn.cursor() as cur:\n            cur.execute("INSERT INTO t VALUES (%s)", (x,))\n            cur.execute("SELECT count(*) FROM t")\n            return cur.fetchone()[0]\n';
    expect(migrateFiles({ 'db.py': source }, { select }).after['db.py']).toBe('import asyncpg\n\n\nasync def add(dsn, x):\n'
      + '    conn = await asyncpg.connect(dsn)\n    async with conn.transaction():\n'
      + '        await conn.execute("INSERT INTO t VALUES ($1)", x)\n        return (await conn.fetchrow("SELECT count(*) FROM t"))[0]\n');
  });

  it('keeps `with psycopg2.connect() as conn:` whose body commits by itself', () => {
    const source = 'import psycopg2\n\n\ndef add(dsn, x):\n    with psycopg2.connect(dsn) as conn:\n        with conn.cursor() as cur:\n            cur.execute("INSERT INTO t VALUES (%s)", (x,))\n        conn.commit()\n';
    expect(migrateFiles({ 'db.py': source }, { select }).after).toEqual({});
  });

  it('translates the keywords that have an asyncpg counterpart, and emits no other', () => {
    const source = 'import psycopg2\nimport psycopg2.pool\n\n\n'
      + 'def a():\n    conn = psycopg2.connect(host="db", dbname="app", user="me", sslmode="require", connect_timeout=5, options="-c search_path=app -c statement_timeout=500")\n    conn.close()\n\n\n'
      + 'def b():\n    conn = psycopg2.connect("host=db port=5433 dbname=app", application_name="report")\n    conn.close()\n\n\n'
      + 'def c(dsn):\n    pool = psycopg2.pool.SimpleConnectionPool(1, 4, dsn, user="me")\n    pool.closeall()\n';
    const out = migrateFiles({ 'db.py': source }, { select }).after['db.py'];
    expect(out).toContain('conn = await asyncpg.connect(host="db", database="app", user="me", ssl="require", timeout=5, server_settings={"search_path": "app", "statement_timeout": "500"})');
    expect(out).toContain('conn = await asyncpg.connect(host="db", port=5433, database="app", server_settings={"application_name": "report"})');
    expect(out).toContain('pool = await asyncpg.create_pool(dsn, user="me", min_size=1, max_size=4)');
    const keywords = emittedKeywords(out);
    expect(keywords.length).toBeGreaterThan(10);
    for (const { target, keyword } of keywords) expect(TARGET_APIS[target].keywords, `${target}(${keyword}=)`).toContain(keyword);
  });
});

describe('psycopg2-asyncpg connections across modules (issue 13, class 5)', () => {
  const db = 'import os\nimport psycopg2\n\n\ndef connect():\n    conn = psycopg2.connect(os.environ["DATABASE_URL"])\n    return conn\n';
  const store = 'def init_schema(conn):\n    with conn.cursor() as cur:\n        cur.execute("CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, body text)")\n    conn.commit()\n\n\n'
    + 'def add_note(conn, body):\n    with conn.cursor() as cur:\n        cur.execute("INSERT INTO notes (body) VALUES (%s) RETURNING id", (body,))\n        note_id = cur.fetchone()[0]\n    conn.commit()\n    return note_id\n';
  const conftest = 'import pytest\n\nfrom app import db\nfrom app.store import init_schema\n\n\n@pytest.fixture\ndef conn():\n    c = db.connect()\n    init_schema(c)\n    yield c\n    c.close()\n';
  const test = 'from app import store\n\n\ndef test_add(conn):\n    assert store.add_note(conn, "x") > 0\n';
  const project = (files: Record<string, string> = {}) => ({ 'app/__init__.py': '', 'app/db.py': db, 'app/store.py': store, 'tests/conftest.py': conftest, 'tests/test_store.py': test, ...files });

  it('follows a factory\'s connection through a fixture into the functions of another module and the tests', () => {
    const { after } = migrateFiles(project(), { select });
    expect(after['app/db.py']).toContain('async def connect():\n    conn = await asyncpg.connect(os.environ["DATABASE_URL"])\n    return conn\n');
    expect(after['app/store.py']).toBe('async def init_schema(conn):\n    async with conn.transaction():\n        await conn.execute("CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, body text)")\n\n\n'
      + 'async def add_note(conn, body):\n    async with conn.transaction():\n        note_id = (await conn.fetchrow("INSERT INTO notes (body) VALUES ($1) RETURNING id", body))[0]\n    return note_id\n');
    expect(after['tests/conftest.py']).toContain('async def conn():\n    c = await db.connect()\n    await init_schema(c)\n    yield c\n    await c.close()\n');
    expect(after['tests/test_store.py']).toContain('async def test_add(conn):\n    assert await store.add_note(conn, "x") > 0\n');
  });

  it('keeps the whole family psycopg2 when one function receiving the connection keeps its psycopg2 code', () => {
    const kept = store.replace('    conn.commit()\n    return note_id\n', '    conn.commit()\n    print(conn.notices)\n    return note_id\n');
    const migration = migrateFiles(project({ 'app/store.py': kept }), { select });
    expect(migration.after).toEqual({});
  });

  it('keeps the family when another module\'s function also receives other values', () => {
    const other = 'from app.store import init_schema\n\n\ndef later(thing):\n    init_schema(thing)\n';
    expect(migrateFiles(project({ 'app/other.py': other }), { select }).after).toEqual({});
  });

  it('keeps a factory whose connection is handed out as a value (a FastAPI dependency)', () => {
    const api = 'from fastapi import Depends, FastAPI\n\nfrom app import db, store\n\napp = FastAPI()\n\n\ndef get_conn():\n    conn = db.connect()\n    try:\n        yield conn\n    finally:\n        conn.close()\n\n\n@app.post("/notes")\ndef add(body: str, conn=Depends(get_conn)):\n    return store.add_note(conn, body)\n';
    const migration = migrateFiles(project({ 'app/api.py': api }), { select });
    expect(migration.after).toEqual({});
  });

  it('follows a cursor handed to another module, and keeps it when the rows come from a cursor factory', () => {
    const utils = 'def latest(cur):\n    cur.execute("SELECT max(id) FROM t")\n    return cur.fetchone()[0]\n';
    const collect = (factory: string) => `import psycopg2\nimport psycopg2.extras\n\nfrom app import utils\n\n\ndef collect(dsn):\n    conn = psycopg2.connect(dsn)\n    cur = conn.cursor(${factory})\n    n = utils.latest(cur)\n    conn.close()\n    return n\n`;
    const plain = migrateFiles({ 'app/__init__.py': '', 'app/utils.py': utils, 'app/collect.py': collect('') }, { select });
    expect(plain.after['app/utils.py']).toBe('async def latest(cur):\n    return (await cur.fetchrow("SELECT max(id) FROM t"))[0]\n');
    expect(plain.after['app/collect.py']).toContain('    n = await utils.latest(conn)\n');
    const dict = migrateFiles({ 'app/__init__.py': '', 'app/utils.py': utils, 'app/collect.py': collect('cursor_factory=psycopg2.extras.RealDictCursor') }, { select });
    expect(dict.after).toEqual({});
  });

  it('keeps a connection held in an attribute that other methods share', () => {
    const source = 'import psycopg2\n\n\nclass Repo:\n    def __init__(self, dsn):\n        self.conn = psycopg2.connect(dsn)\n\n    def count(self):\n        with self.conn.cursor() as cur:\n            cur.execute("SELECT count(*) FROM t")\n            return cur.fetchone()[0]\n\n\ndef main():\n    print(Repo("postgresql://x/y").count())\n';
    expect(migrateFiles({ 'repo.py': source }, { select }).after).toEqual({});
  });
});

describe('psycopg2-asyncpg connection attributes (issue 13, class 9)', () => {
  const around = (lines: string) => `import psycopg2\n${lines.includes('extensions.') ? 'from psycopg2 import extensions\n' : ''}\n\ndef f(dsn):\n    conn = psycopg2.connect(dsn)\n${lines}    cur = conn.cursor()\n    cur.execute("VACUUM")\n    conn.close()\n`;
  const converted = 'import asyncpg\n\n\nasync def f(dsn):\n    conn = await asyncpg.connect(dsn)\n    await conn.execute("VACUUM")\n    await conn.close()\n';

  it.each([
    'conn.autocommit = True\n',
    'conn.set_session(autocommit=True)\n',
    'conn.set_isolation_level(extensions.ISOLATION_LEVEL_AUTOCOMMIT)\n',
  ])('drops %s (asyncpg autocommits outside transactions)', (line) => {
    expect(migrateFiles({ 'db.py': around(`    ${line}`) }, { select }).after['db.py']).toBe(converted);
  });

  it.each([
    'conn.autocommit = False\n',
    'conn.set_session(readonly=True)\n',
    'conn.set_isolation_level(extensions.ISOLATION_LEVEL_SERIALIZABLE)\n',
    'print(conn.isolation_level)\n',
    'print(conn.server_version)\n',
    'conn.notices.clear()\n',
    'extensions.register_type(extensions.UNICODE, conn)\n',
    'other = conn\n',
  ])('keeps the function psycopg2 for %s', (line) => {
    expect(migrateFiles({ 'db.py': around(`    ${line}`) }, { select }).after).toEqual({});
  });

  it('reports why, when the function is async for another reason', () => {
    const source = around('    conn.autocommit = False\n').replace('def f(dsn):', 'async def f(dsn):');
    const migration = migrateFiles({ 'db.py': `${source}\n\ndef g(conn: psycopg2.extensions.connection):\n    conn.close()\n` }, { select });
    expect(migration.after['db.py']).toContain(source);
    expect(reviewCodes(migration)).toContain('AS340');
  });
});

describe('psycopg2-asyncpg SQL built at run time without parameters (issue 13)', () => {
  const wrap = (execute: string) => `from psycopg2.extensions import connection\nfrom psycopg2 import sql\n\n\ndef create(conn: connection, table):\n    cur = conn.cursor()\n    ${execute}\n    conn.commit()\n`;

  it.each([
    ['an f-string', 'cur.execute(f"CREATE TABLE {table} (id int, note text DEFAULT \'100%%\')")'],
    ['%-formatting', 'cur.execute("CREATE TABLE %s (id int)" % table)'],
    ['concatenation', 'cur.execute("DROP TABLE " + table)'],
  ])('runs DDL built with %s as it is', (_, execute) => {
    const out = migrateFiles({ 'db.py': wrap(execute) }, { select }).after['db.py'];
    const query = execute.slice('cur.execute('.length, -1);
    expect(out).toContain(`async with conn.transaction():\n        await conn.execute(${query})\n`);
  });

  it('keeps SQL composed with psycopg2.sql, which asyncpg cannot read', () => {
    expect(migrateFiles({ 'db.py': wrap('cur.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(table)))') }, { select }).after).toEqual({});
  });

  it('keeps SQL built at run time that also takes parameters', () => {
    expect(migrateFiles({ 'db.py': wrap('cur.execute(f"DELETE FROM {table} WHERE id = %s", (1,))') }, { select }).after).toEqual({});
  });
});
