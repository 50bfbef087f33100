/**
 * psycopg2-asyncpg: psycopg2 → asyncpg, transactions and all
 *
 * What it does: in functions that become async, psycopg2 connections, pools and cursors become
 * asyncpg's: `psycopg2.connect(dsn)` → `await asyncpg.connect(dsn)`; the cursor disappears and
 * `cur.execute(q, p)` + `cur.fetchall()` / `fetchone()` / iteration / `rowcount` → `await
 * conn.fetch / fetchrow / execute(q2, *args)`; `fetchmany(n)` → the first n fetched rows, or in a
 * loop an iterator over the rows fetched at execute (`itertools.islice`), as psycopg2's client-side
 * cursor held them; a named cursor's `fetchmany(n)` → `await cur.fetch(n)` on an asyncpg cursor in a
 * transaction; `cur.description` column names → a prepared statement's `get_attributes()`; `%s` /
 * `%(name)s` → `$n`; `executemany`, `execute_values`, `execute_batch` → `executemany`; COPY FROM
 * (`copy_expert` / `copy_from`) → `copy_to_table`, COPY TO (`copy_expert` / `copy_to`) →
 * `copy_from_table` / `copy_from_query`; the statements up to each `commit()` run in `async with
 * conn.transaction():`; psycopg2 exceptions in `except` clauses → asyncpg's. A connection is
 * followed wherever it goes across the project: into functions it is handed to (of any module, even
 * through unannotated parameters, when every caller passes one), out of a factory that returns it to
 * its callers, from a pytest fixture into the tests. The functions sharing a connection form a family
 * that changes as a whole or not at all (the engine joins families across modules).
 * Why: psycopg2 blocks the event loop on every round trip; asyncpg is the asyncio driver. It is not
 * DB-API: no cursors, server-side `$n` parameters, and autocommit outside explicit transactions, so
 * a line-by-line rename would silently commit half of an operation that psycopg2 kept atomic.
 * Before → after:
 *     with conn.cursor() as cur:                      async with conn.transaction():
 *         cur.execute("UPDATE a SET n = n - %s           await conn.execute("UPDATE a SET n = n - $1
 *                      WHERE id = %s", (x, a))                            WHERE id = $2", x, a)
 *     conn.commit()
 * `with psycopg2.connect(dsn) as conn:` (a transaction scope that leaves the connection open) → `conn
 * = await asyncpg.connect(dsn)` then `async with conn.transaction():`; connect() keywords are
 * translated (dbname → database, sslmode → ssl, connect_timeout → timeout, application_name and
 * `options="-c k=v"` → server_settings) and only keywords asyncpg.connect() accepts are written
 * (transforms/shared/target-apis.ts); `conn.autocommit = True`, `set_session(autocommit=True)` and
 * `set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)` go (asyncpg autocommits outside transactions);
 * SQL built at run time with no parameters (DDL naming tables) runs as it is.
 * Caveats: SQL built at run time with parameters, `fetchmany` with a size computed at run time, `cur.description`
 * read for more than column names, rollback() outside the except of a converted transaction and
 * writes with no commit are reported; a connection with a connect() argument asyncpg has no form for
 * (connection_factory, cursor_factory, SSL files, `**settings`), a connection attribute or setting
 * with no asyncpg counterpart (isolation_level, notices, set_session(readonly=...), ...), a
 * connection held in an attribute or at module level, or one handed to code that is not followed
 * keeps its function psycopg2 code, and with it its whole family; a function with a cursor use that is not converted keeps all its psycopg2 code (its
 * connection too), so no psycopg2 call is left on an asyncpg object; a pool and the functions using
 * it change together, and a pool built at module level or in `__init__` stays psycopg2's; rows are
 * asyncpg.Record (RealDictCursor rows are turned into dicts, NamedTupleCursor `row.col` becomes
 * `row["col"]` where the row provably comes from that cursor, else it is reported); asyncpg checks
 * parameter types strictly.
 */
import { defineTransform } from '../define-transform.js';
import { planConnections } from './connect.js';
import { checkConnectionUses } from './connection-uses.js';
import { followConnectionParameters, recordConnectionPasses } from './connection-parameters.js';
import { planCursors } from './cursors.js';
import { planExceptClauses } from './errors.js';
import { Planner, TRANSFORM_ID } from './planner.js';
import { groupPoolUsers } from './pools.js';
import { planTransactions } from './transactions.js';

/**
 * An import statement of psycopg2 or one of its modules: `import psycopg2`, `import os, psycopg2.extras
 * as extras`, `from psycopg2 import sql`, also indented (inside `try:` or a function) or after `;`.
 */
export const IMPORTS_PSYCOPG2 = /(?:^|[;:])[ \t]*(?:from[ \t]+psycopg2\b|import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t\\\r\n]*)*psycopg2\b)/m;

export const psycopg2Asyncpg = defineTransform({
  id: TRANSFORM_ID,
  doc: {
    summary: 'psycopg2 connections, cursors, placeholders, transactions and errors → asyncpg',
    why: 'psycopg2 blocks the event loop; asyncpg is not DB-API (no cursors, $n parameters, autocommit), so the transaction boundaries must be made explicit.',
    before: 'with conn.cursor() as cur:\n    cur.execute("UPDATE a SET n = n - %s WHERE id = %s", (x, a))\nconn.commit()',
    after: 'async with conn.transaction():\n    await conn.execute("UPDATE a SET n = n - $1 WHERE id = $2", x, a)',
    caveats: [
      'SQL built at run time (f-strings, %, +) runs as it is when no parameters are passed (DDL naming tables); with parameters, or composed with psycopg2.sql, it is reported, not converted',
      'one fetch right after its execute becomes fetch / fetchrow (fetchmany(n): the first n rows, all of them fetched); other reads of the results (loops of fetchmany, interleaved fetches) read an iterator over the rows fetched at execute, as psycopg2\'s client-side cursor did; fetchmany sizes must be integer literals or module constants',
      'cursor.description is converted only when read for column names (d[0], d.name, len): it becomes a prepared statement\'s get_attributes(), which describes empty results too; the statement then runs with stmt.fetch / fetchrow',
      'COPY TO a binary file hands the file to asyncpg; a text file (or one of unknown mode, checked at run time like psycopg2 does) gets each chunk decoded and written from a worker thread',
      'a connection is followed across modules (parameters every caller fills with one, factories returning one, pytest fixtures yielding one) and its whole family changes together; one handed to a parameter that also receives other values, kept in an attribute or at module level, or returned to callers out of sight (a FastAPI Depends generator) keeps the whole family psycopg2 code (reported)',
      'connect() keywords asyncpg has no form for (connection_factory, cursor_factory, sslcert, sslkey, keepalives, **settings, unknown DSN parameters) keep the connection\'s family psycopg2 code (reported); `with psycopg2.connect() as conn:` becomes a connection and `async with conn.transaction():` (the connection stays open, as with psycopg2) unless its body commits by itself',
      'connection attributes and settings with no asyncpg counterpart (autocommit = False, isolation_level, set_session(readonly=...), notices, server_version, ...) keep the family psycopg2 code; autocommit switched on goes (asyncpg autocommits outside transactions)',
      'the statements before each commit() in the same block become one transaction; other shapes (commit in another block, rollback outside an except, writes with no commit) are reported',
      'a function with a cursor use that is not converted keeps all its psycopg2 code, and so does every function it shares its connection with (reported)',
      'a pool and the functions that use it (in one module) change together; a pool built at module level or in __init__ stays psycopg2 (reported): build it in a startup handler or lazily in an async function',
      'rows are asyncpg.Record: RealDictCursor rows are converted to dicts, NamedTupleCursor row.col becomes row["col"] where provable, else it is reported',
      'server-side (named) cursors become async for over conn.cursor(q, prefetch=2000), or an asyncpg cursor read with fetch(n) for fetchmany(n), in a transaction, only when executed then iterated or read with fetchmany',
      'asyncpg checks parameter types strictly (a str for an integer column fails) and returns json/jsonb as str',
      'an exhausted pool waits (here 10 s) where psycopg2 raised PoolError; closeall() becomes await pool.close()',
      'a COPY source opened in text mode is read whole and encoded as UTF-8',
    ],
  },
  reviewCodes: {
    AS310: 'a connect() or pool constructor argument has no exact asyncpg counterpart (DSN form, keyword, connection_factory, cursor_factory, SSL files): the connection and its family stay psycopg2, or the difference is noted',
    AS311: 'pool behaviour differs: an exhausted pool waits (with a timeout) instead of raising PoolError; closeall() waits for released connections',
    AS320: 'a cursor or connection is used in a way asyncshift does not follow (rebound, kept in an attribute, handed to code that is not followed, returned to callers out of sight): it and its family keep their psycopg2 code',
    AS321: 'code still uses a psycopg2 cursor method that was not converted: rewrite it with asyncpg connection methods',
    AS322: 'a statement was not converted: SQL built at run time, placeholders in quotes, `$` in the SQL, or parameters that do not match',
    AS323: 'the results of an execute are read in a way asyncshift does not convert (description types or None checks, fetchmany with a run-time size, rowcount with fetches)',
    AS324: 'an execute_values / execute_batch / executemany call was not converted, or its row types must match the columns exactly',
    AS325: 'asyncpg checks parameter types strictly: the rows of executemany must carry values of the column types',
    AS326: 'a COPY was not converted (statement not parsed, file built in the call), or its source is a text file read whole and encoded as UTF-8',
    AS327: 'a server-side (named) cursor was not converted, or its rows are Records now',
    AS328: 'a cursor handed to a function that is not followed (it also receives other values, or reads rows shaped by a cursor factory): the function keeps its psycopg2 code',
    AS330: 'a psycopg2 exception with no asyncpg counterpart in an except clause',
    AS331: 'a psycopg2 exception maps only roughly onto asyncpg exceptions (DataError, OperationalError, ProgrammingError, PoolError)',
    AS332: 'error attributes are formatted differently (pgerror → message)',
    AS340: 'a connection attribute or session setting asyncpg does not have (autocommit off, isolation level, read-only session, notices, ...): the family keeps its psycopg2 code',
    AS341: 'a nested `with conn:`, or a function that commits called inside a transaction block, is a savepoint under asyncpg',
    AS342: 'a commit() whose transaction shape asyncshift does not convert: statements may now commit one by one',
    AS343: 'a rollback() outside the except clause of a converted transaction',
    AS344: 'writes outside any transaction now commit at once (psycopg2 held them until commit)',
    AS300: 'a type difference between psycopg2 and asyncpg parameters (strings for numbers or dates, Json, untyped positions)',
  },
  // Code reaches psycopg2 only through an import of it; a module that merely names it (SQLAlchemy's
  // docs and dialects) is not read, unless it receives a connection from one that does.
  mentions: IMPORTS_PSYCOPG2,
  followsAcrossModules: /^psycopg2\./,
  findSites(context) {
    const planner = new Planner(context);
    const passes = followConnectionParameters(planner);
    planConnections(planner);
    planCursors(planner);
    recordConnectionPasses(planner, passes);
    planTransactions(planner);
    planExceptClauses(planner);
    groupPoolUsers(planner);
    checkConnectionUses(planner);
    // A connection is used across its function: never split its code into a thread block.
    return planner.finish().map((site) => ({ ...site, tiedToFunction: true }));
  },
});
