import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import { literalPieces } from './placeholders.js';
import type { Planner } from './planner.js';
import { callArguments } from './syntax.js';

/**
 * Connections and pools: `psycopg2.connect(...)` → `await asyncpg.connect(...)` (keyword names and
 * key=value DSNs translated), pool classes → `await asyncpg.create_pool(...)`, getconn / putconn /
 * closeall → acquire / release / close, `conn.close()` → `await conn.close()`, annotations naming
 * psycopg2's connection class → `asyncpg.Connection`.
 */
const KEYWORDS: Record<string, string> = { dbname: 'database', database: 'database', user: 'user', password: 'password', host: 'host', port: 'port', sslmode: 'ssl', connect_timeout: 'timeout', passfile: 'passfile' };

/** How long `pool.acquire()` waits when the pool is exhausted (psycopg2 raised PoolError at once). */
const ACQUIRE_TIMEOUT = 10;

export function planConnections(planner: Planner): void {
  for (const call of planner.context.calls) {
    const name = call.qualifiedName;
    if (!name) {
      // A connection handed in as an unannotated parameter has no qualified name: `conn.close()`.
      if (isMethod(call.node, 'close') && planner.isConnection(objectOf(call.node))) planAwaitedMethod(planner, call.node);
      continue;
    }
    if (name === 'psycopg2.connect') planConnect(planner, call.node, 'asyncpg.connect', 0);
    else if (/^psycopg2\.pool\.(Simple|Threaded)ConnectionPool$/.test(name)) planConnect(planner, call.node, 'asyncpg.create_pool', 2);
    else if (/^psycopg2\.pool\.(Simple|Threaded)ConnectionPool\(\)\.(getconn|putconn|closeall)$/.test(name)) planPoolMethod(planner, call.node);
    else if (/\.(close)$/.test(name) && planner.isConnection(objectOf(call.node))) planAwaitedMethod(planner, call.node);
  }
  planClosedAttribute(planner);
  planAnnotations(planner);
}

function isMethod(call: SyntaxNode, name: string): boolean {
  const callee = call.childForFieldName('function');
  return callee?.type === 'attribute' && callee.childForFieldName('attribute')!.text === name;
}

function objectOf(call: SyntaxNode): SyntaxNode | undefined {
  const callee = call.childForFieldName('function');
  return callee?.type === 'attribute' ? callee.childForFieldName('object')! : undefined;
}

function planConnect(planner: Planner, call: SyntaxNode, target: string, sizes: number): void {
  const callee = call.childForFieldName('function')!;
  const { positional, keywordNodes, splat } = callArguments(call);
  const edits: Edit[] = [{ start: callee.startIndex, end: callee.endIndex, text: target }];
  const reviews: string[] = [];
  const extra: string[] = [];
  if (sizes > 0) {
    if (positional.length < 2) {
      planner.review(call, 'AS310', 'pool built without minconn/maxconn positional arguments: not converted');
      return;
    }
    // `SimpleConnectionPool(1, 5, dsn)`: the sizes become keywords after the remaining arguments.
    const next = positional[2] ?? keywordNodes[0];
    edits.push({ start: positional[0].startIndex, end: next ? next.startIndex : positional[1].endIndex, text: '' });
    extra.push(`min_size=${positional[0].text}`, `max_size=${positional[1].text}`);
  }
  const dsn = positional[sizes];
  if (dsn) {
    const pieces = literalPieces(dsn);
    const value = pieces?.map((piece) => piece.text).join('');
    if (value !== undefined && !/^postgres(ql)?:\/\//.test(value)) {
      const pairs = parseKeyValueDsn(value);
      if (!pairs) reviews.push('the DSN is not a key=value string asyncshift can read: asyncpg only accepts postgresql:// URIs');
      else edits.push({ start: dsn.startIndex, end: dsn.endIndex, text: pairs.map(([key, v]) => `${KEYWORDS[key] ?? key}=${/^\d+$/.test(v) && key === 'port' ? v : JSON.stringify(v)}`).join(', ') });
    } else if (value === undefined) {
      reviews.push('asyncpg accepts only postgresql:// URIs as DSN (no key=value strings) and sends unknown URI parameters as server settings');
    }
  }
  for (const keyword of keywordNodes) {
    const key = keyword.childForFieldName('name')!;
    const renamed = KEYWORDS[key.text];
    if (key.text === 'cursor_factory') {
      edits.push(removeKeyword(planner.text, keyword));
      reviews.push('cursor_factory dropped: every row is now an asyncpg.Record (index and key access work, attribute access does not, and it is not a dict)');
    } else if (key.text === 'application_name') {
      edits.push({ start: keyword.startIndex, end: keyword.endIndex, text: `server_settings={"application_name": ${keyword.childForFieldName('value')!.text}}` });
    } else if (renamed && renamed !== key.text) {
      edits.push({ start: key.startIndex, end: key.endIndex, text: renamed });
      if (renamed === 'timeout') reviews.push('connect_timeout became timeout');
    } else if (!renamed && key.text !== 'minconn' && key.text !== 'maxconn') {
      reviews.push(`keyword ${key.text}= has no asyncpg equivalent checked by asyncshift`);
    }
  }
  if (splat) reviews.push('connection settings unpacked from a mapping: check that every key is an asyncpg.connect() keyword (dbname → database, sslmode → ssl, ...)');
  if (extra.length > 0) {
    const args = call.childForFieldName('arguments')!;
    const last = (args.namedChildren.filter((child) => child.type !== 'comment').at(-1))!;
    edits.push({ start: last.endIndex, end: last.endIndex, text: `, ${extra.join(', ')}` });
  }
  const module = callee.type === 'attribute' ? callee.text.split('.')[0] : callee.text;
  planner.add(call, edits, {
    call,
    imports: [{ module: 'asyncpg' }],
    releases: [module],
    review: reviews.length > 0 ? reviews.join('; ') : undefined,
    code: 'AS310',
  });
}

function removeKeyword(text: string, keyword: SyntaxNode): Edit {
  const before = /,\s*$/.exec(text.slice(0, keyword.startIndex));
  if (before) return { start: keyword.startIndex - before[0].length, end: keyword.endIndex, text: '' };
  const after = /^\s*,\s*/.exec(text.slice(keyword.endIndex));
  return { start: keyword.startIndex, end: keyword.endIndex + (after?.[0].length ?? 0), text: '' };
}

/** `dbname=x user=y` → pairs, or undefined when quoting makes it ambiguous. */
function parseKeyValueDsn(value: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  for (const part of value.trim().split(/\s+/)) {
    const match = /^(\w+)=([^'"\s]*)$/.exec(part);
    if (!match || !(match[1] in KEYWORDS)) return undefined;
    pairs.push([match[1], match[2]]);
  }
  return pairs.length > 0 ? pairs : undefined;
}

function planPoolMethod(planner: Planner, call: SyntaxNode): void {
  const callee = call.childForFieldName('function')!;
  const method = callee.childForFieldName('attribute')!;
  const args = call.childForFieldName('arguments')!;
  const { positional, keywords } = callArguments(call);
  if (method.text === 'getconn') {
    if (positional.length > 0 || keywords.size > 0) {
      planner.review(call, 'AS311', 'getconn(key) has no asyncpg counterpart: not converted');
      return;
    }
    planner.add(call, [
      { start: method.startIndex, end: method.endIndex, text: 'acquire' },
      { start: args.startIndex, end: args.endIndex, text: `(timeout=${ACQUIRE_TIMEOUT})` },
    ], { call, review: `an exhausted psycopg2 pool raised PoolError at once; asyncpg waits, here at most ${ACQUIRE_TIMEOUT} s (asyncio.TimeoutError)`, code: 'AS311' });
  } else if (method.text === 'putconn') {
    if (positional.length !== 1 || keywords.size > 0) {
      planner.review(call, 'AS311', 'putconn(conn, key/close=...) has no asyncpg counterpart: not converted');
      return;
    }
    planner.add(call, [{ start: method.startIndex, end: method.endIndex, text: 'release' }], { call });
  } else {
    planner.add(call, [{ start: method.startIndex, end: method.endIndex, text: 'close' }], {
      call, review: 'closeall() closed connections still in use; await pool.close() waits until they are released (pool.terminate() closes them at once)', code: 'AS311',
    });
  }
}

function planAwaitedMethod(planner: Planner, call: SyntaxNode): void {
  planner.add(call, [], { call });
}

/** `conn.closed` (an int) → `conn.is_closed()`. */
function planClosedAttribute(planner: Planner): void {
  for (const attribute of planner.context.root.descendantsOfType('attribute')) {
    const field = attribute.childForFieldName('attribute')!;
    if (field.text !== 'closed' || !planner.isConnection(attribute.childForFieldName('object'))) continue;
    if (attribute.parent?.type === 'assignment' && attribute.parent.childForFieldName('left')?.startIndex === attribute.startIndex) continue;
    planner.add(attribute, [{ start: field.startIndex, end: field.endIndex, text: 'is_closed()' }], { seed: false });
  }
}

/** `conn: connection` (psycopg2.extensions) → `conn: asyncpg.Connection` in functions that turn async. */
function planAnnotations(planner: Planner): void {
  for (const type of planner.context.root.descendantsOfType('type')) {
    const inner = type.namedChildren[0];
    if (!inner || inner.type !== 'identifier' && inner.type !== 'attribute') continue;
    const name = planner.context.qualifiedName(inner);
    const replacement = name === 'psycopg2.extensions.connection' ? 'asyncpg.Connection'
      : name === 'psycopg2.pool.SimpleConnectionPool' || name === 'psycopg2.pool.ThreadedConnectionPool' ? 'asyncpg.Pool' : undefined;
    if (!replacement) continue;
    planner.add(type, [{ start: inner.startIndex, end: inner.endIndex, text: replacement }], {
      seed: false, imports: [{ module: 'asyncpg' }], releases: [inner.text.split('.')[0]],
    });
  }
}
