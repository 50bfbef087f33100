/** What requests names mean: the request functions, the Session constructors and the exception map. */

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** `requests.get` → `get`; `requests.request` → `request`. */
export function moduleRequestMethod(qualifiedName: string | undefined): string | undefined {
  const match = /^requests(?:\.api)?\.(get|post|put|patch|delete|head|options|request)$/.exec(qualifiedName ?? '');
  return match?.[1];
}

export function isSessionConstructor(qualifiedName: string | undefined): boolean {
  return /^requests(?:\.sessions)?\.(Session|session)$/.test(qualifiedName ?? '');
}

/** `requests.Session().get` → `get` (any method of a Session value). */
export function sessionMethod(qualifiedName: string | undefined): string | undefined {
  return /^requests(?:\.sessions)?\.(?:Session|session)\(\)\.(\w+)$/.exec(qualifiedName ?? '')?.[1];
}

/** Positional parameters after `url`, which httpx only takes by keyword. */
export const POSITIONAL_AFTER_URL: Record<string, string[]> = {
  get: ['params'],
  post: ['data', 'json'],
  put: ['data'],
  patch: ['data'],
  delete: [],
  head: [],
  options: [],
};

/** Methods whose httpx shortcut takes no body: with one, the call goes through `request(...)`. */
export const BODYLESS = new Set(['get', 'delete', 'head', 'options']);
export const BODY_KEYWORDS = new Set(['data', 'json', 'files', 'content']);

export interface ExceptionTarget {
  /** Where the class is caught or tested (except, isinstance, pytest.raises): one class or several. */
  caught: string[];
  /** Where it is raised, built or subclassed: one class, or undefined when httpx has no such class. */
  raised?: string;
  imports?: string[];
  review?: string;
}

const CONNECTION_ERRORS = ['httpx.NetworkError', 'httpx.RemoteProtocolError', 'httpx.ProxyError', 'httpx.ConnectTimeout'];

/** requests exception class → httpx counterpart (../shared/api-mapping.md §1.4). */
export const EXCEPTIONS: Record<string, ExceptionTarget> = {
  RequestException: { caught: ['httpx.HTTPError'], raised: 'httpx.HTTPError', review: 'requests.RequestException → httpx.HTTPError: httpx.InvalidURL and httpx.StreamError sit outside it, and it is no longer an OSError' },
  HTTPError: { caught: ['httpx.HTTPStatusError'], raised: 'httpx.HTTPStatusError' },
  ConnectionError: { caught: CONNECTION_ERRORS, raised: 'httpx.ConnectError' },
  ConnectTimeout: { caught: ['httpx.ConnectTimeout'], raised: 'httpx.ConnectTimeout' },
  ReadTimeout: { caught: ['httpx.ReadTimeout'], raised: 'httpx.ReadTimeout' },
  Timeout: { caught: ['httpx.TimeoutException'], raised: 'httpx.TimeoutException' },
  TooManyRedirects: { caught: ['httpx.TooManyRedirects'], raised: 'httpx.TooManyRedirects' },
  InvalidURL: { caught: ['httpx.InvalidURL'], raised: 'httpx.InvalidURL' },
  MissingSchema: { caught: ['httpx.UnsupportedProtocol'], raised: 'httpx.UnsupportedProtocol', review: 'MissingSchema was a ValueError; httpx.UnsupportedProtocol is not (check `except ValueError` handlers)' },
  InvalidSchema: { caught: ['httpx.UnsupportedProtocol'], raised: 'httpx.UnsupportedProtocol', review: 'InvalidSchema was a ValueError; httpx.UnsupportedProtocol is not (check `except ValueError` handlers)' },
  SSLError: { caught: ['httpx.ConnectError'], raised: 'httpx.ConnectError', review: 'TLS failures surface as httpx.ConnectError, which also covers other connection failures' },
  ProxyError: { caught: ['httpx.ProxyError'], raised: 'httpx.ProxyError' },
  ContentDecodingError: { caught: ['httpx.DecodingError'], raised: 'httpx.DecodingError' },
  StreamConsumedError: { caught: ['httpx.StreamConsumed'], raised: 'httpx.StreamConsumed' },
  ChunkedEncodingError: { caught: ['httpx.RemoteProtocolError'], raised: 'httpx.RemoteProtocolError', review: 'ChunkedEncodingError → httpx.RemoteProtocolError is the closest fit, not an exact one' },
  JSONDecodeError: { caught: ['json.JSONDecodeError'], raised: 'json.JSONDecodeError', imports: ['json'] },
};

/** `requests.exceptions.HTTPError` / `requests.HTTPError` → `HTTPError`. */
export function requestsException(qualifiedName: string | undefined): string | undefined {
  const match = /^requests(?:\.exceptions)?\.([A-Z]\w*)$/.exec(qualifiedName ?? '');
  if (!match || match[1] === 'Session' || match[1] === 'Response' || match[1] === 'Request' || match[1] === 'PreparedRequest') return undefined;
  return match[1].endsWith('Error') || match[1].endsWith('Exception') || match[1] in EXCEPTIONS || /Timeout|Redirects|Schema|URL/.test(match[1]) ? match[1] : undefined;
}
