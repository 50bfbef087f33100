/**
 * The async APIs asyncshift writes calls to, and the keyword arguments each accepts in every version
 * it targets: httpx 0.23.3 (the Debian package) to 0.28.1 (the latest release), asyncpg 0.27 (Debian)
 * to 0.31, aiofiles 23.1 (Debian) to 25.1. A keyword one of those versions lacks is not listed
 * (httpx's `proxies=` and `app=` are gone in 0.28, `proxy=` arrived in 0.26; asyncpg's
 * `target_session_attrs=` arrived in 0.28, `krbsrvname=`/`gsslib=` in 0.30). Read from the installed
 * packages' signatures and the upstream source of the latest releases.
 *
 * Transforms emit only keywords listed here, and an input keyword with no listed counterpart keeps
 * its call unconverted (with a review item). The whole-output self-check reads the same table.
 */

export interface TargetSignature {
  /** Keyword names accepted (positional-or-keyword and keyword-only parameters alike). */
  keywords: readonly string[];
  /** How many arguments may be passed by position (`Infinity` with `*args`). */
  positional: number;
  /** Parameters without a default, which every call must pass (by position first, in the order of `keywords`). */
  required?: readonly string[];
}

const REQUEST_OPTIONS = ['params', 'headers', 'cookies', 'auth', 'follow_redirects', 'timeout', 'extensions'];
const REQUEST_BODY = ['content', 'data', 'files', 'json'];
const BODYLESS_METHOD: TargetSignature = { keywords: ['url', ...REQUEST_OPTIONS], positional: 1 };
const BODY_METHOD: TargetSignature = { keywords: ['url', ...REQUEST_BODY, ...REQUEST_OPTIONS], positional: 1 };
const ANY_METHOD: TargetSignature = { keywords: ['method', 'url', ...REQUEST_BODY, ...REQUEST_OPTIONS], positional: 2 };

const ASYNCPG_CONNECT = [
  'dsn', 'host', 'port', 'user', 'password', 'passfile', 'database', 'loop', 'timeout', 'statement_cache_size',
  'max_cached_statement_lifetime', 'max_cacheable_statement_size', 'command_timeout', 'ssl', 'direct_tls',
  'connection_class', 'record_class', 'server_settings',
];
const COPY_OPTIONS = ['timeout', 'format', 'oids', 'delimiter', 'null', 'header', 'quote', 'escape', 'force_quote', 'encoding'];

export const TARGET_APIS: Readonly<Record<string, TargetSignature>> = {
  'httpx.AsyncClient': {
    keywords: [
      'auth', 'params', 'headers', 'cookies', 'verify', 'cert', 'http1', 'http2', 'mounts', 'timeout', 'follow_redirects',
      'limits', 'max_redirects', 'event_hooks', 'base_url', 'transport', 'trust_env', 'default_encoding',
    ],
    positional: 0,
  },
  'httpx.AsyncClient.get': BODYLESS_METHOD,
  'httpx.AsyncClient.head': BODYLESS_METHOD,
  'httpx.AsyncClient.options': BODYLESS_METHOD,
  'httpx.AsyncClient.delete': BODYLESS_METHOD,
  'httpx.AsyncClient.post': BODY_METHOD,
  'httpx.AsyncClient.put': BODY_METHOD,
  'httpx.AsyncClient.patch': BODY_METHOD,
  'httpx.AsyncClient.request': ANY_METHOD,
  'httpx.AsyncClient.stream': ANY_METHOD,
  'httpx.AsyncClient.build_request': { keywords: ['method', 'url', ...REQUEST_BODY, 'params', 'headers', 'cookies', 'timeout', 'extensions'], positional: 2 },
  'httpx.AsyncClient.send': { keywords: ['request', 'stream', 'auth', 'follow_redirects'], positional: 1 },
  'httpx.AsyncClient.aclose': { keywords: [], positional: 0 },
  'httpx.Timeout': { keywords: ['timeout', 'connect', 'read', 'write', 'pool'], positional: 1 },
  'httpx.Limits': { keywords: ['max_connections', 'max_keepalive_connections', 'keepalive_expiry'], positional: 0 },
  // The positional order changed in 0.28 (trust_env moved up): pass everything by keyword.
  'httpx.AsyncHTTPTransport': { keywords: ['verify', 'cert', 'trust_env', 'http1', 'http2', 'limits', 'proxy', 'uds', 'local_address', 'retries'], positional: 0 },
  'httpx.BasicAuth': { keywords: ['username', 'password'], positional: 2 },
  'httpx.DigestAuth': { keywords: ['username', 'password'], positional: 2 },
  'httpx.MockTransport': { keywords: ['handler'], positional: 1 },
  // Exceptions: httpx builds them with a message (and, for status errors, the request and response).
  'httpx.HTTPError': { keywords: ['message'], positional: 1, required: ['message'] },
  'httpx.HTTPStatusError': { keywords: ['message', 'request', 'response'], positional: 1, required: ['message', 'request', 'response'] },
  'httpx.InvalidURL': { keywords: ['message'], positional: 1, required: ['message'] },
  'httpx.StreamConsumed': { keywords: [], positional: 0 },
  ...Object.fromEntries(['ConnectError', 'ConnectTimeout', 'ReadTimeout', 'TimeoutException', 'TooManyRedirects', 'UnsupportedProtocol', 'ProxyError', 'DecodingError', 'RemoteProtocolError', 'NetworkError']
    .map((name) => [`httpx.${name}`, { keywords: ['message', 'request'], positional: 1, required: ['message'] }])),

  'asyncpg.connect': { keywords: ASYNCPG_CONNECT, positional: 1 },
  'asyncpg.create_pool': {
    keywords: ['min_size', 'max_size', 'max_queries', 'max_inactive_connection_lifetime', 'setup', 'init', ...ASYNCPG_CONNECT],
    positional: 1,
  },
  'asyncpg.Connection.execute': { keywords: ['query', 'timeout'], positional: Infinity },
  'asyncpg.Connection.executemany': { keywords: ['command', 'args', 'timeout'], positional: 2 },
  'asyncpg.Connection.fetch': { keywords: ['query', 'timeout', 'record_class'], positional: Infinity },
  'asyncpg.Connection.fetchrow': { keywords: ['query', 'timeout', 'record_class'], positional: Infinity },
  'asyncpg.Connection.fetchval': { keywords: ['query', 'column', 'timeout'], positional: Infinity },
  'asyncpg.Connection.transaction': { keywords: ['isolation', 'readonly', 'deferrable'], positional: 0 },
  'asyncpg.Connection.cursor': { keywords: ['query', 'prefetch', 'timeout', 'record_class'], positional: Infinity },
  'asyncpg.Connection.prepare': { keywords: ['query', 'name', 'timeout', 'record_class'], positional: 1 },
  'asyncpg.Connection.copy_to_table': {
    keywords: ['table_name', 'source', 'columns', 'schema_name', 'freeze', 'force_not_null', 'force_null', ...COPY_OPTIONS],
    positional: 1,
  },
  'asyncpg.Connection.copy_from_table': { keywords: ['table_name', 'output', 'columns', 'schema_name', ...COPY_OPTIONS], positional: 1 },
  'asyncpg.Connection.copy_from_query': { keywords: ['query', 'output', ...COPY_OPTIONS], positional: Infinity },
  'asyncpg.Connection.copy_records_to_table': { keywords: ['table_name', 'records', 'columns', 'schema_name', 'timeout'], positional: 1 },
  'asyncpg.Connection.close': { keywords: ['timeout'], positional: 0 },
  'asyncpg.Connection.is_closed': { keywords: [], positional: 0 },
  'asyncpg.Pool.acquire': { keywords: ['timeout'], positional: 0 },
  'asyncpg.Pool.release': { keywords: ['connection', 'timeout'], positional: 1 },
  'asyncpg.Pool.close': { keywords: [], positional: 0 },
  'asyncpg.Pool.terminate': { keywords: [], positional: 0 },
  'asyncpg.cursor.Cursor.fetch': { keywords: ['n', 'timeout'], positional: 1 },
  'asyncpg.cursor.Cursor.fetchrow': { keywords: ['timeout'], positional: 0 },
  'asyncpg.cursor.Cursor.forward': { keywords: ['n', 'timeout'], positional: 1 },
  'asyncpg.prepared_stmt.PreparedStatement.fetch': { keywords: ['timeout'], positional: Infinity },
  'asyncpg.prepared_stmt.PreparedStatement.fetchrow': { keywords: ['timeout'], positional: Infinity },
  'asyncpg.prepared_stmt.PreparedStatement.fetchval': { keywords: ['column', 'timeout'], positional: Infinity },
  'asyncpg.prepared_stmt.PreparedStatement.get_attributes': { keywords: [], positional: 0 },

  'aiofiles.open': { keywords: ['file', 'mode', 'buffering', 'encoding', 'errors', 'newline', 'closefd', 'opener', 'loop', 'executor'], positional: 8 },
  'aiofiles.os.listdir': { keywords: ['path', 'loop', 'executor'], positional: 1 },
};

/** Whether `target` (a key of TARGET_APIS) accepts `keyword`; false for a target the table does not know. */
export function acceptsKeyword(target: string, keyword: string): boolean {
  return TARGET_APIS[target]?.keywords.includes(keyword) ?? false;
}

/** The keywords of `keywords` that `target` does not accept, in the order given. */
export function unacceptedKeywords(target: string, keywords: Iterable<string>): string[] {
  return [...keywords].filter((keyword) => !acceptsKeyword(target, keyword));
}

/** Whether a call to `target` with this many positional arguments and these keywords binds every parameter it needs and no other. */
export function acceptsCall(target: string, positional: number, keywords: readonly string[]): boolean {
  const signature = TARGET_APIS[target];
  if (!signature || positional > signature.positional || unacceptedKeywords(target, keywords).length > 0) return false;
  const byPosition = signature.keywords.slice(0, positional);
  return (signature.required ?? []).every((name) => byPosition.includes(name) || keywords.includes(name));
}
