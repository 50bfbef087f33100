import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import { literalPieces } from './placeholders.js';
import type { Planner } from './planner.js';
import { unacceptedKeywords } from '../shared/target-apis.js';
import { callArguments, enclosingFunction, indentAt } from './syntax.js';

/**
 * Connections and pools: `psycopg2.connect(...)` → `await asyncpg.connect(...)` (keyword names and
 * key=value DSNs translated), pool classes → `await asyncpg.create_pool(...)`, getconn / putconn /
 * closeall → acquire / release / close, `conn.close()` → `await conn.close()`, annotations naming
 * psycopg2's connection class → `asyncpg.Connection`.
 */

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

/**
 * psycopg2's connect() keywords (libpq parameters) with an asyncpg.connect() counterpart of the same
 * meaning; `options`, `application_name` and `connect_timeout` are translated apart. Anything else
 * (`sslcert`, `sslkey`, `keepalives`, `connection_factory`, `cursor_factory`, `async_`, ...) keeps the
 * connection, and every function sharing it, on psycopg2.
 */
const KEYWORDS: Record<string, string> = { dbname: 'database', database: 'database', user: 'user', password: 'password', host: 'host', port: 'port', sslmode: 'ssl', passfile: 'passfile', dsn: 'dsn' };
const POOL_KEYWORDS: Record<string, string> = { minconn: 'min_size', maxconn: 'max_size' };
/** Query parameters of a postgresql:// URI that asyncpg reads itself (any other one is sent as a server setting). */
const URI_PARAMETERS = new Set(['host', 'port', 'dbname', 'database', 'user', 'password', 'passfile', 'sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'sslcrl', 'sslpassword', 'ssl_min_protocol_version', 'ssl_max_protocol_version']);
/** Server settings psycopg2 passes in the URI that the server accepts as startup parameters too. */
const URI_SERVER_SETTINGS = new Set(['application_name']);

interface ConnectPlan {
  edits: Edit[];
  reviews: string[];
  /** Why the call has no faithful asyncpg form: its function keeps its psycopg2 code. */
  blockers: string[];
  /** Keywords the asyncpg call ends up with, checked against the target API. */
  keywords: string[];
}

function planConnect(planner: Planner, call: SyntaxNode, target: 'asyncpg.connect' | 'asyncpg.create_pool', sizes: number): void {
  const callee = call.childForFieldName('function')!;
  const { positional, keywordNodes, splat } = callArguments(call);
  const plan: ConnectPlan = { edits: [{ start: callee.startIndex, end: callee.endIndex, text: target }], reviews: [], blockers: [], keywords: [] };
  const extra: string[] = [];
  if (sizes > 0) {
    if (positional.length < 2) {
      planner.review(call, 'AS310', 'pool built without minconn/maxconn positional arguments: not converted');
      return;
    }
    // `SimpleConnectionPool(1, 5, dsn)`: the sizes become keywords after the remaining arguments.
    const next = positional[2] ?? keywordNodes[0];
    plan.edits.push({ start: positional[0].startIndex, end: next ? next.startIndex : positional[1].endIndex, text: '' });
    extra.push(`min_size=${positional[0].text}`, `max_size=${positional[1].text}`);
    plan.keywords.push('min_size', 'max_size');
  }
  if (positional.length > sizes + 1) plan.blockers.push(`connect() is given ${positional.length - sizes} positional arguments (connection_factory and cursor_factory by position)`);
  if (splat) plan.blockers.push('connection settings are unpacked from a mapping (**kwargs): its keys (dbname, sslcert, options, ...) cannot be checked against asyncpg.connect()');
  const dsn = positional[sizes] ?? keywordNodes.find((keyword) => keyword.childForFieldName('name')!.text === 'dsn')?.childForFieldName('value') ?? undefined;
  if (dsn) planDsn(dsn, plan);
  for (const keyword of keywordNodes) planKeyword(keyword, plan, sizes > 0);
  const refused = unacceptedKeywords(target, plan.keywords);
  if (refused.length > 0) plan.blockers.push(`${target}() does not accept ${refused.map((name) => `${name}=`).join(', ')}`);
  if (call.parent?.type === 'as_pattern' || call.parent?.type === 'with_item') planConnectionBlock(planner, call, plan);
  if (plan.blockers.length > 0) {
    const fn = enclosingFunction(call);
    planner.review(call, 'AS310', `${plan.blockers.join('; ')}: this connection stays psycopg2's, with the code of every function sharing it`);
    if (fn) planner.keepFunction(fn);
    return;
  }
  if (extra.length > 0) {
    const args = call.childForFieldName('arguments')!;
    const last = (args.namedChildren.filter((child) => child.type !== 'comment').at(-1))!;
    plan.edits.push({ start: last.endIndex, end: last.endIndex, text: `, ${extra.join(', ')}` });
  }
  const module = callee.type === 'attribute' ? callee.text.split('.')[0] : callee.text;
  planner.add(call, plan.edits, {
    call,
    imports: [{ module: 'asyncpg' }],
    releases: [module],
    review: plan.reviews.length > 0 ? plan.reviews.join('; ') : undefined,
    code: 'AS310',
  });
}

/** A literal DSN: key=value strings become keywords; a URI keeps only parameters asyncpg reads. */
function planDsn(dsn: SyntaxNode, plan: ConnectPlan): void {
  const value = literalPieces(dsn)?.map((piece) => piece.text).join('');
  if (value === undefined) {
    plan.reviews.push('asyncpg accepts only postgresql:// URIs as DSN (no key=value strings) and sends unknown URI parameters as server settings');
    return;
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    const query = value.includes('?') ? value.slice(value.indexOf('?') + 1) : '';
    const unknown = query.split('&').filter(Boolean).map((pair) => decodeURIComponent(pair.split('=')[0]))
      .filter((name) => !URI_PARAMETERS.has(name) && !URI_SERVER_SETTINGS.has(name));
    if (unknown.length > 0) plan.blockers.push(`the DSN has parameters asyncpg would send to the server as settings (${unknown.join(', ')})`);
    return;
  }
  const pairs = parseKeyValueDsn(value);
  if (!pairs) {
    plan.blockers.push('the DSN is a key=value string with parameters asyncpg.connect() has no keyword for (or quoted values)');
    return;
  }
  const parent = dsn.parent?.type === 'keyword_argument' ? dsn.parent : dsn;
  plan.edits.push({ start: parent.startIndex, end: parent.endIndex, text: pairs.map(([key, v]) => `${KEYWORDS[key]}=${/^\d+$/.test(v) && key === 'port' ? v : JSON.stringify(v)}`).join(', ') });
  plan.keywords.push(...pairs.map(([key]) => KEYWORDS[key]));
}

function planKeyword(keyword: SyntaxNode, plan: ConnectPlan, pool: boolean): void {
  const key = keyword.childForFieldName('name')!;
  const value = keyword.childForFieldName('value')!;
  if (key.text === 'dsn') return; // planned with the DSN
  if (pool && key.text in POOL_KEYWORDS) {
    plan.edits.push({ start: key.startIndex, end: key.endIndex, text: POOL_KEYWORDS[key.text] });
    plan.keywords.push(POOL_KEYWORDS[key.text]);
    return;
  }
  const renamed = KEYWORDS[key.text];
  if (renamed) {
    if (renamed !== key.text) plan.edits.push({ start: key.startIndex, end: key.endIndex, text: renamed });
    plan.keywords.push(renamed);
  } else if (key.text === 'connect_timeout') {
    // libpq waits for ever without it; asyncpg's own default is 60 s.
    plan.edits.push({ start: key.startIndex, end: key.endIndex, text: 'timeout' });
    plan.keywords.push('timeout');
    plan.reviews.push('connect_timeout became timeout');
  } else if (key.text === 'application_name') {
    plan.edits.push({ start: keyword.startIndex, end: keyword.endIndex, text: `server_settings={"application_name": ${value.text}}` });
    plan.keywords.push('server_settings');
  } else if (key.text === 'options') {
    const settings = serverSettingsOf(value);
    if (!settings) plan.blockers.push(`options=${value.text} is not a literal of -c name=value settings`);
    else {
      plan.edits.push({ start: keyword.startIndex, end: keyword.endIndex, text: `server_settings={${settings.map(([name, v]) => `${JSON.stringify(name)}: ${JSON.stringify(v)}`).join(', ')}}` });
      plan.keywords.push('server_settings');
    }
  } else if (key.text === 'cursor_factory') {
    plan.blockers.push(`cursor_factory=${value.text} on the connection shapes the rows of every cursor, which asyncpg returns as Records`);
  } else if (key.text === 'connection_factory') {
    plan.blockers.push(`connection_factory=${value.text} (a psycopg2 connection subclass)`);
  } else {
    plan.blockers.push(`${key.text}= has no asyncpg.connect() keyword (asyncpg reads sslcert, sslkey and the like only from a postgresql:// DSN)`);
  }
  if (plan.keywords.filter((name) => name === 'server_settings').length > 1) plan.blockers.push('application_name and options both set server settings');
}

/** `options="-c search_path=app -c statement_timeout=5000"` → the settings, or undefined. */
function serverSettingsOf(value: SyntaxNode): [string, string][] | undefined {
  const text = literalPieces(value)?.map((piece) => piece.text).join('');
  if (text === undefined) return undefined;
  const settings: [string, string][] = [];
  const words = text.trim().split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const inline = /^-c(\w[\w.]*)=(\S+)$/.exec(words[i]) ?? (words[i] === '-c' ? /^(\w[\w.]*)=(\S+)$/.exec(words[++i] ?? '') : null);
    if (!inline || /['"\\]/.test(inline[2])) return undefined;
    settings.push([inline[1], inline[2]]);
  }
  return settings.length > 0 ? settings : undefined;
}

/**
 * `with psycopg2.connect(...) as conn:` is a transaction scope (commit on success, rollback on error;
 * the connection stays open): `conn = await asyncpg.connect(...)` then `async with
 * conn.transaction():` over the same body. A body that commits or rolls back itself, or a statement
 * with other context managers, keeps psycopg2.
 */
function planConnectionBlock(planner: Planner, call: SyntaxNode, plan: ConnectPlan): void {
  const pattern = call.parent?.type === 'as_pattern' ? call.parent : undefined;
  const item = pattern ? pattern.parent : call.parent;
  const statement = item?.parent?.parent;
  const alias = pattern?.childForFieldName('alias')?.namedChildren[0];
  const items = item?.parent?.namedChildren.filter((child) => child.type === 'with_item') ?? [];
  if (!pattern || !alias || alias.type !== 'identifier' || statement?.type !== 'with_statement' || items.length !== 1 || statement.children.some((token) => token.type === 'async')) {
    plan.blockers.push('a connection entered in a with statement without a plain `as name` of its own');
    return;
  }
  const body = statement.childForFieldName('body')!;
  const name = alias.text;
  const controls = body.descendantsOfType('call').some((inner) => {
    const callee = inner.childForFieldName('function');
    return callee?.type === 'attribute' && callee.childForFieldName('object')?.text === name && /^(commit|rollback)$/.test(callee.childForFieldName('attribute')!.text);
  }) || body.descendantsOfType('with_statement').some((inner) => inner.namedChildren[0]?.namedChildren.some((child) => child.type === 'with_item' && child.namedChildren[0]?.text === name));
  if (controls) {
    plan.blockers.push('the body of `with psycopg2.connect() as conn:` commits or rolls back itself');
    return;
  }
  const indent = indentAt(planner.text, statement.startIndex);
  plan.edits.push(
    { start: statement.startIndex, end: call.startIndex, text: `${name} = ` },
    { start: call.endIndex, end: pattern.endIndex, text: `\n${indent}async with ${name}.transaction()` },
  );
  planner.connectionBlocks.push({ statement, conn: name });
}

/** `dbname=x user=y` → pairs, or undefined when quoting makes it ambiguous or a key has no asyncpg keyword. */
function parseKeyValueDsn(value: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  for (const part of value.trim().split(/\s+/)) {
    const match = /^(\w+)=([^'"\s]*)$/.exec(part);
    if (!match || !(match[1] in KEYWORDS) || match[1] === 'dsn') return undefined;
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
