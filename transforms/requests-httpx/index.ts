/**
 * requests-httpx: `requests` → `httpx.AsyncClient`, sending the same requests and seeing the same results
 *
 * What it does: in functions that become async, requests calls become awaited httpx.AsyncClient calls.
 * - Module functions (`requests.get(...)`, any import style): requests builds and closes a throw-away
 *   Session per call, so the statement holding the call is wrapped in
 *   `async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:` and the call
 *   becomes `await client.get(...)`. A client per statement is never shared across event loops
 *   (pytest-asyncio gives each test its own loop; every `asyncio.run` is a new loop), carries no
 *   cookies from one call to the next (as requests' module functions do not), and is always closed.
 *   `with requests.get(url, stream=True) as r:` → `async with httpx.AsyncClient(...) as client, client.stream("GET", url) as r:`.
 * - Sessions: `requests.Session()` stored in `self.x` (built in `__init__`), in a local, or in
 *   `with requests.Session() as s:` becomes `httpx.AsyncClient(follow_redirects=True, timeout=None)`
 *   (building one outside a running loop is allowed). Settings httpx takes only at construction
 *   (`verify`, `cert`, `trust_env`, `max_redirects`, `mount(p, HTTPAdapter(max_retries=n))` →
 *   `transport=httpx.AsyncHTTPTransport(retries=n)`) are hoisted into the constructor; `headers`,
 *   `auth`, `params`, `cookies` stay attributes; `s.close()` → `await s.aclose()`. A session and all
 *   its uses change together or not at all: when one user must stay sync, the session stays a
 *   requests.Session, and its calls in the functions that still become async run in
 *   `asyncio.to_thread` (a fallback site, `unlessTogether`), with their except clauses left on requests.
 * - Keywords: `allow_redirects` → `follow_redirects` (requests' default of following is kept on the
 *   client; `head()` gets `follow_redirects=False`); `timeout=n` / `(c, r)` → `httpx.Timeout(None,
 *   connect=..., read=...)` (requests bounds connect and read only, and nothing without a timeout);
 *   `data=<str/bytes>` → `content=`; a body on GET/DELETE/HEAD/OPTIONS → `client.request("GET", ...)`;
 *   positional params/data → keywords; `verify`/`cert`/`cookies` on a module call → the client;
 *   `HTTPBasicAuth`/`HTTPDigestAuth` → `httpx.BasicAuth`/`DigestAuth`; `stream=True` → `client.stream`.
 * - Responses (values that flow from a converted call only): `.ok` → `not .is_error`, `.reason` →
 *   `.reason_phrase`, `.url` → `str(.url)`, `.is_redirect` → `.has_redirect_location`, `.next` →
 *   `.next_request`, `.close()` → `await .aclose()`, `iter_content` → `aiter_bytes`/`aiter_text` and
 *   `iter_lines` → bytes lines without endings from `aiter_lines` (under `async for` in a stream),
 *   `raise_for_status()` guarded by `if r.is_error:` where redirects are not followed (httpx raises on 3xx).
 * - Exceptions in `except`, `isinstance`, `pytest.raises` and `raise`: HTTPError → HTTPStatusError,
 *   RequestException → httpx.HTTPError, ConnectionError → the httpx connection errors, Timeout →
 *   TimeoutException, ... (../shared/api-mapping.md §1.4), in step with the calls they guard: a
 *   handler whose `try` makes only converted requests catches httpx's classes, one whose requests stay
 *   on requests keeps requests', and one guarding code that may raise either (calls of both kinds,
 *   other modules' functions, other libraries) catches both families; several classes always land
 *   flat in one tuple. A class raised or built (`raise X(...)`, `side_effect=X`) becomes httpx's
 *   only when httpx can build it from the same arguments (HTTPStatusError needs a message,
 *   request= and response=).
 * - Values requests and httpx read differently: literal numbers and booleans in `headers=` are sent
 *   as their str(), None and booleans in literal `params=`/`data=` are written as requests sent
 *   them (a None key left out); a header set to None (unsetting a session default) keeps its call on
 *   requests. Only keywords the httpx client and methods accept are written (transforms/shared/target-apis.ts).
 * - Tests: `patch("pkg.mod.requests.get")` → `patch("pkg.mod.httpx.AsyncClient.get")`; a request a
 *   test answers with `responses` or `requests_mock` stays on requests (they mock its transport and
 *   cannot see httpx traffic: the self-check's patched-calls rule); elsewhere they are flagged.
 * Why: requests blocks the event loop for the whole exchange; httpx.AsyncClient awaits it.
 * Caveats: anything without a faithful httpx form (hooks, proxies, custom adapters or Retry objects,
 * prepare_request/send, stream=True outside `with`, a session that escapes or lives at module level)
 * is run through `asyncio.to_thread` and reported. Form and query encoding of None/bool values,
 * text decoding without a charset, requests' 30-redirect limit (httpx: 20) and REQUESTS_CA_BUNDLE
 * (httpx reads SSL_CERT_FILE) differ; a timeout given as a name keeps httpx's meaning (it also bounds
 * writes and pool waits); `raise_for_status()` returns None on httpx 0.23. A response handed to
 * another function (returned, or passed as an argument) is reported, not followed: attributes read
 * there (`.ok`, `.reason`, `.url`) keep their requests names.
 */
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import { bridgeCall } from '../../src/plan/call-rewrites.js';
import { asyncKeyword } from '../../src/plan/call-rewrites.js';
import type { Edit, ImportRequest, Site } from '../../src/plan/edits.js';
import type { CallInContext, TransformContext } from '../define-transform.js';
import { defineTransform } from '../define-transform.js';
import { unacceptedKeywords } from '../shared/target-apis.js';
import { rewriteExceptions } from './exceptions.js';
import { GuardedCode } from './guarded-code.js';
import { mapArguments, mapAuth, type MappedArguments } from './keywords.js';
import { moduleRequestMethod } from './names.js';
import { rewriteResponseUses, unsupportedHeaderWrite, type ResponseValue } from './responses.js';
import { constructionEdits, escapes, findSessionGroups, type SessionGroup } from './sessions.js';
import { clientName, enclosingFunction, sameNode, wrappableStatement, wrapStatement } from './statements.js';
import { rewriteTestDoubles } from './test-doubles.js';
import { importsModule } from '../shared/imports-module.js';

const ID = 'requests-httpx';
const HTTPX: ImportRequest = { module: 'httpx' };
const CLIENT_DEFAULTS = ['follow_redirects=True', 'timeout=None'];

export const requestsHttpx = defineTransform({
  id: ID,
  doc: {
    design: 'Client lifecycle. httpx has no module-level async functions, so a call needs a client. A module-level call (`requests.get(...)`) gets `async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:` around its statement, like the throw-away Session requests builds per call: the client is never shared across event loops (pytest-asyncio gives each test its own loop, and every `asyncio.run` starts a new one), carries no cookies from one call to the next, and is always closed. The price is no connection pooling between such calls; share one client explicitly where that matters. A `requests.Session()` owned by an object becomes an `httpx.AsyncClient` attribute with the same settings (constructor-only ones hoisted), closed by the object\'s `close()` → `await ....aclose()`; a session and every use of it change together or not at all, and a session that cannot change keeps its calls in `asyncio.to_thread`.',
    summary: 'requests → await httpx.AsyncClient calls (a client per statement for module functions, an AsyncClient for a Session)',
    why: 'requests blocks the event loop for the whole exchange; httpx.AsyncClient awaits it.',
    before: 'r = requests.get(url, timeout=5)\nif r.ok: ...',
    after: 'async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:\n    r = await client.get(url, timeout=httpx.Timeout(None, connect=5, read=5))\nif not r.is_error: ...',
    caveats: [
      'a Session in an attribute becomes an AsyncClient bound to the event loop that first uses it; close it with `await ...aclose()`',
      'hooks, proxies, custom adapters and Retry objects, prepare_request/send, stream=True outside `with`, module-level sessions: bridged with asyncio.to_thread and reported',
      'HTTPAdapter(max_retries=n) → AsyncHTTPTransport(retries=n): both retry connection failures only',
      'form/query encoding of None and booleans, text decoding without a charset, 30 vs 20 redirects, REQUESTS_CA_BUNDLE differ',
      'raise_for_status() returns None on httpx 0.23; a request a test answers with responses or requests_mock (which mock requests\' transport and never see httpx traffic) stays on requests (AS120)',
      'exception handlers follow the calls they guard: httpx classes where every guarded request converted, requests classes where they all stayed, both families (flat in one tuple) where the guarded code may raise either; raise sites httpx cannot build with the same arguments (HTTPStatusError without request= and response=) stay requests exceptions (reported)',
      'a header unset with None keeps its call on requests; literal numbers and booleans in headers and None/booleans in literal params/data are written as requests sent them; values held in names are passed as they are',
      'a response returned or passed to another function keeps requests attribute names there (.ok, .reason): reported, not rewritten',
      'when one function using a Session must stay sync, the Session stays on requests and its calls elsewhere run in asyncio.to_thread',
      'a Session a caller may pass in (`session or requests.Session()`, or a parameter then `if not self.s: self.s = requests.Session()`) stays a requests.Session: its calls run in asyncio.to_thread',
    ],
  },
  reviewCodes: {
    AS401: 'a requests → httpx difference to check at this place (a response that leaves the function, **kwargs passed through, a str body, raise_for_status used as a value, iter_content chunking, response.raw/elapsed/request)',
    AS402: 'a requests call with no faithful httpx form (hooks, proxies, custom adapters, Retry objects, stream=True outside with, a file object as the body, a session that escapes or lives at module level): it stays on requests and runs in asyncio.to_thread',
    AS403: 'a Session became an httpx.AsyncClient attribute: bound to the event loop that first uses it, must be closed with aclose(); adapter retries became transport retries',
    AS404: 'a requests exception maps only roughly onto httpx (RequestException, MissingSchema, SSLError, ChunkedEncodingError), or is raised or built in a form httpx cannot build (it stays a requests exception)',
    AS405: 'a test double aimed at requests: a patch target now aims at httpx.AsyncClient, or responses/requests_mock cannot see httpx traffic',
  },
  mentions: /\brequests\b|\bresponses\b/,
  seedsIn: (text) => importsModule(text, 'requests'),
  findSites(context) {
    // A client or response is used across the function: never split it into a thread block.
    return new RequestsPlanner(context).plan().map((site) => ({ ...site, tiedToFunction: true }));
  },
});

class RequestsPlanner {
  private readonly sites: Site[] = [];
  private readonly text: string;
  private readonly qualifiedName: (node: SyntaxNode) => string | undefined;
  /** Calls converted (not bridged), by start index, and what they became. */
  private readonly converted = new Map<number, { call: CallInContext; mapped: MappedArguments; together?: string[]; site: Site }>();
  /** Calls that stay on requests (run in a thread), by start index. */
  private readonly bridgedCalls = new Set<number>();

  constructor(private readonly context: TransformContext) {
    this.text = context.source.text;
    this.qualifiedName = context.qualifiedName;
  }

  plan(): Site[] {
    for (const group of findSessionGroups(this.context.calls, this.qualifiedName)) this.planSession(group);
    for (const call of this.context.calls) {
      const method = moduleRequestMethod(call.qualifiedName);
      if (method) this.planModuleCall(call, method);
    }
    this.planResponses();
    this.planExceptions();
    for (const double of rewriteTestDoubles(this.context.calls)) {
      const scope = this.context.scopeOf(double.anchor);
      if (scope) this.add({ scope, line: line(double.anchor), edits: double.edits, imports: [], review: { code: 'AS405', message: double.review } });
    }
    return this.sites;
  }

  // ---- module functions ------------------------------------------------------------------------

  private planModuleCall(call: CallInContext, method: string): void {
    if (!call.site.scope) return;
    const mapped = mapArguments(call.node, { method, onClient: false, qualifiedName: this.qualifiedName }, this.text);
    const headerWrite = unsupportedHeaderWrite(call.node, this.context.calls);
    if (headerWrite) mapped.blockers.push(headerWrite);
    const callee = call.node.childForFieldName('function')!;
    const usage = call.site.usage;
    const name = clientName(enclosingFunction(call.node));
    const client = `httpx.AsyncClient(${[...CLIENT_DEFAULTS, ...mapped.clientKeywords].join(', ')})`;
    const open = call.site.argsSpan.start + 1;
    const common: Edit[] = [...mapped.edits];
    if (mapped.methodArgument) common.push({ start: open, end: open, text: mapped.methodArgument });

    if (usage.kind === 'with-item') {
      if (!mapped.stream) mapped.blockers.push('a response used as a context manager without stream=True');
      if (usage.itemCount !== 1) mapped.blockers.push('the response shares its `with` with other context managers');
      if (mapped.blockers.length > 0) return this.bridge(call, mapped.blockers);
      const site = this.add({
        scope: call.site.scope, line: call.site.line, call: call.site, seed: true,
        edits: [
          asyncKeyword(usage.withKeyword),
          { start: usage.item.start, end: usage.item.start, text: `${client} as ${name}, `, order: 1 },
          { start: callee.startIndex, end: callee.endIndex, text: `${name}.stream` },
          ...common,
        ],
        releases: [releaseOf(callee), ...mapped.releases],
        review: this.reviewOf(mapped),
      });
      this.converted.set(call.node.startIndex, { call, mapped, site });
      return;
    }
    if (mapped.stream) mapped.blockers.push('stream=True outside a `with` statement (the httpx stream must be closed: use `async with client.stream(...)`)');
    const statement = mapped.blockers.length === 0 ? wrappableStatement(call.node, this.text) : undefined;
    if (mapped.blockers.length === 0 && !statement) mapped.blockers.push('no statement around the call can hold the client (a `while`/`elif` condition, or several statements on one line)');
    if (mapped.blockers.length > 0 || !statement) return this.bridge(call, mapped.blockers);
    const site = this.add({
      scope: call.site.scope, line: call.site.line, call: call.site, awaitCall: true, seed: true,
      edits: [
        ...wrapStatement(statement, this.text, `async with ${client} as ${name}:`),
        { start: callee.startIndex, end: callee.endIndex, text: `${name}.${mapped.httpxMethod}` },
        ...common,
      ],
      releases: [releaseOf(callee), ...mapped.releases],
      review: this.reviewOf(mapped),
    });
    this.converted.set(call.node.startIndex, { call, mapped, site });
  }

  // ---- sessions --------------------------------------------------------------------------------

  private planSession(group: SessionGroup): void {
    // `if not self.session:` reads the name a caller may fill: the session is bridged either way.
    const escape = group.injected ? undefined : escapes(group);
    if (escape) group.blockers.push(`the session escapes (${escape})`);
    for (const keyword of unacceptedKeywords('httpx.AsyncClient', group.hoisted.map((setting) => setting.keyword.split('=')[0]))) {
      group.blockers.push(`httpx.AsyncClient does not accept ${keyword}=`);
    }
    const mappedCalls = group.calls.map(({ call, method }) => {
      if (method === 'close' || method === 'mount') return { call, method, mapped: undefined };
      const mapped = mapArguments(call.node, { method, onClient: true, qualifiedName: this.qualifiedName }, this.text);
      const withItem = call.site.usage.kind === 'with-item';
      if (withItem && !mapped.stream) mapped.blockers.push('a response used as a context manager without stream=True');
      if (withItem && call.site.usage.kind === 'with-item' && call.site.usage.itemCount !== 1) mapped.blockers.push('the response shares its `with` with other context managers');
      if (!withItem && mapped.stream) mapped.blockers.push('stream=True outside a `with` statement');
      const headerWrite = unsupportedHeaderWrite(call.node, this.context.calls);
      if (headerWrite) mapped.blockers.push(headerWrite);
      group.blockers.push(...mapped.blockers);
      return { call, method, mapped };
    });
    const awaiting = [...new Set(group.calls.map(({ call }) => call.site.scope).filter((scope): scope is string => !!scope))];
    const authAssignments = this.sessionAuthEdits(group);
    const blockers = [...new Set(group.blockers)];
    if (blockers.length > 0 || !group.construction) {
      for (const { call, method } of mappedCalls) if (method !== 'mount') this.bridge(call, blockers, 'the session stays a requests.Session');
      return;
    }
    const construction = group.construction;
    const constructionScope = this.context.scopeOf(construction.node);
    const together = [...new Set([...(group.kind === 'with' && constructionScope ? [constructionScope] : []), ...awaiting])];
    if (together.length === 0) return;
    const callee = construction.node.childForFieldName('function')!;
    const edits = constructionEdits(group, this.text);
    const releases = [releaseOf(callee)];
    if (group.transportRetries) releases.push('HTTPAdapter', 'requests');
    if (group.withStatement) edits.push(asyncKeyword(group.withStatement.startIndex));
    const reviews: string[] = [];
    if (group.kind === 'attribute') reviews.push(`${construction.node.parent?.childForFieldName('left')?.text} is now an httpx.AsyncClient: it is bound to the event loop that first uses it (one client per loop; pytest-asyncio gives each test its own) and must be closed with \`await ....aclose()\``);
    if (group.transportRetries) reviews.push('HTTPAdapter(max_retries=n) → AsyncHTTPTransport(retries=n): httpx retries failed connections only, while requests (urllib3) also retried read timeouts and then raised ConnectionError; with an explicit transport httpx stops reading proxy environment variables');
    this.add({
      scope: constructionScope, line: line(construction.node), together, seed: group.kind === 'with',
      edits: [...edits, ...authAssignments.edits], releases: [...releases, ...authAssignments.releases],
      review: reviews.length > 0 ? { code: 'AS403', message: reviews.join('; ') } : undefined,
    });
    for (const { call, method, mapped } of mappedCalls) {
      if (method === 'mount') continue;
      const attribute = call.node.childForFieldName('function')!.childForFieldName('attribute')!;
      const open = call.site.argsSpan.start + 1;
      const callEdits: Edit[] = [];
      if (!mapped) {
        callEdits.push({ start: attribute.startIndex, end: attribute.endIndex, text: 'aclose' });
      } else {
        callEdits.push(...mapped.edits);
        if (mapped.httpxMethod !== method) callEdits.push({ start: attribute.startIndex, end: attribute.endIndex, text: mapped.httpxMethod });
        if (mapped.methodArgument) callEdits.push({ start: open, end: open, text: mapped.methodArgument });
      }
      const withItem = call.site.usage.kind === 'with-item' ? call.site.usage : undefined;
      if (withItem) callEdits.push(asyncKeyword(withItem.withKeyword));
      const site = this.add({
        scope: call.site.scope, line: call.site.line, call: call.site, awaitCall: !withItem, seed: true, together,
        edits: callEdits, releases: mapped?.releases, review: mapped ? this.reviewOf(mapped) : undefined,
      });
      if (mapped) this.converted.set(call.node.startIndex, { call, mapped, together, site });
      // When one user of the session stays sync, the session stays a requests.Session: the calls in
      // functions that still become async run in a thread instead of blocking the loop.
      if (call.site.scope) {
        this.sites.push({
          transform: ID, scope: call.site.scope, line: call.site.line, call: call.site, awaitCall: false,
          edits: bridgeCall(call.site, this.text), imports: [{ module: 'asyncio' }], seed: false, bridge: true,
          unlessTogether: together,
          review: { code: 'AS402', message: 'a function using this session stays sync, so the session stays a requests.Session: this call runs in asyncio.to_thread (it raises requests exceptions and returns a requests.Response)' },
        });
      }
    }
  }

  /** `s.auth = HTTPBasicAuth(u, p)` → `httpx.BasicAuth(u, p)`. */
  private sessionAuthEdits(group: SessionGroup): { edits: Edit[]; releases: string[] } {
    const result = { edits: [] as Edit[], blockers: group.blockers, releases: [] as string[] };
    const target = group.construction?.node.parent?.childForFieldName('left')?.text;
    const statement = group.construction?.node.parent?.parent;
    if (!target || !statement) return result;
    for (let next = statement.nextNamedSibling; next; next = next.nextNamedSibling) {
      const assignment = next.namedChildren[0];
      if (assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === `${target}.auth`) {
        mapAuth(assignment.childForFieldName('right')!, result, { qualifiedName: this.qualifiedName });
      }
    }
    return result;
  }

  // ---- responses -------------------------------------------------------------------------------

  private planResponses(): void {
    const done = new Set<string>();
    for (const { call, mapped, together, site } of this.converted.values()) {
      const value = this.responseValueOf(call, mapped, done);
      if (!value) continue;
      for (const use of rewriteResponseUses(value, this.text)) {
        const scope = this.context.scopeOf(use.node);
        if (!scope) continue;
        this.add({
          scope, line: use.line, edits: use.edits, seed: use.awaits, together, madeByCall: site.call?.span.start,
          review: use.reviews.length > 0 ? { code: 'AS401', message: use.reviews.join('; ') } : undefined,
        });
      }
    }
  }

  private responseValueOf(call: CallInContext, mapped: MappedArguments, done: Set<string>): ResponseValue | undefined {
    const node = call.node;
    const parent = node.parent!;
    const base = { stream: mapped.stream, redirectsOff: mapped.redirectsOff };
    if (parent.type === 'attribute' && sameNode(parent.childForFieldName('object'), node)) return { ...base, expressions: [node] };
    const fn = enclosingFunction(node);
    if (!fn) return undefined;
    let name: string | undefined;
    let region: SyntaxNode = fn;
    let streamBlock: SyntaxNode | undefined;
    if (parent.type === 'assignment' && sameNode(parent.childForFieldName('right'), node) && parent.childForFieldName('left')?.type === 'identifier') {
      name = parent.childForFieldName('left')!.text;
      const assignments = fn.descendantsOfType('assignment').filter((assignment) => assignment.childForFieldName('left')?.text === name);
      const allConverted = assignments.every((assignment) => {
        const right = assignment.childForFieldName('right');
        return right?.type === 'call' && this.converted.has(right.startIndex);
      });
      if (!allConverted) {
        this.add({ scope: call.site.scope!, line: call.site.line, edits: [], review: { code: 'AS401', message: `\`${name}\` holds an httpx.Response here and other values elsewhere: check its attributes (.ok → not .is_error, .reason → .reason_phrase, .url → str(...))` } });
        return undefined;
      }
    } else if (parent.type === 'as_pattern' && call.site.usage.kind === 'with-item') {
      name = parent.childForFieldName('alias')?.namedChildren[0]?.text;
      const statement = parent.parent?.parent?.parent;
      streamBlock = statement?.childForFieldName('body') ?? undefined;
      if (streamBlock) region = streamBlock;
    }
    if (!name) return undefined;
    const key = `${fn.startIndex}:${region.startIndex}:${name}`;
    if (done.has(key)) return undefined;
    done.add(key);
    const expressions = region.descendantsOfType('identifier').filter((identifier) => identifier.text === name && !(identifier.parent?.type === 'keyword_argument' && sameNode(identifier.parent.childForFieldName('name'), identifier))
      && !(identifier.parent?.type === 'attribute' && sameNode(identifier.parent.childForFieldName('attribute'), identifier))
      && enclosingFunction(identifier)?.startIndex === fn.startIndex);
    return { ...base, expressions, streamBlock };
  }

  // ---- exceptions ------------------------------------------------------------------------------

  private planExceptions(): void {
    const guarded = new GuardedCode(this.context, {
      converted: (call) => {
        const conversion = this.converted.get(call.startIndex);
        return conversion && sameNode(conversion.call.node, call) ? { together: conversion.together } : undefined;
      },
      kept: (call) => this.bridgedCalls.has(call.startIndex),
    });
    for (const rewrite of rewriteExceptions(this.context.root, this.qualifiedName, (node) => guarded.familyOf(node))) {
      const scope = this.context.scopeOf(rewrite.node);
      if (!scope) continue;
      this.add({
        // Next to a session's calls, the handlers change only when the session does.
        scope, line: line(rewrite.node), together: rewrite.together,
        edits: rewrite.edits, imports: rewrite.imports.map((module) => ({ module })),
        releases: rewrite.release ? [rewrite.release] : [],
        review: rewrite.review ? { code: 'AS404', message: rewrite.review } : undefined,
      });
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private bridge(call: CallInContext, reasons: string[], what = 'the call stays on requests'): void {
    if (!call.site.scope) return;
    this.bridgedCalls.add(call.node.startIndex);
    this.sites.push({
      transform: ID, scope: call.site.scope, line: call.site.line, call: call.site, awaitCall: false,
      edits: bridgeCall(call.site, this.text), imports: [{ module: 'asyncio' }], seed: true, bridge: true,
      review: { code: 'AS402', message: `${[...new Set(reasons)].join('; ')}: ${what} and runs in asyncio.to_thread (it raises requests exceptions and returns a requests.Response)` },
    });
  }

  private reviewOf(mapped: MappedArguments): Site['review'] {
    return mapped.reviews.length > 0 ? { code: 'AS401', message: mapped.reviews.join('; ') } : undefined;
  }

  private add(site: { scope: string | null; line: number; edits: Edit[]; call?: Site['call']; awaitCall?: boolean; seed?: boolean; together?: string[]; imports?: ImportRequest[]; releases?: string[]; review?: Site['review']; madeByCall?: number }): Site {
    const needsHttpx = site.imports === undefined && site.edits.some((edit) => edit.text.includes('httpx.'));
    const added: Site = {
      transform: ID,
      scope: site.scope,
      line: site.line,
      call: site.call,
      awaitCall: site.awaitCall ?? false,
      edits: site.edits,
      imports: [...(site.imports ?? []), ...(needsHttpx && !(site.imports ?? []).some((request) => 'module' in request && request.module === 'httpx') ? [HTTPX] : [])],
      seed: site.seed ?? false,
      together: site.together,
      releases: site.releases,
      review: site.review,
      ...(site.madeByCall !== undefined ? { madeByCall: site.madeByCall } : {}),
    };
    this.sites.push(added);
    return added;
  }
}

function releaseOf(callee: SyntaxNode): string {
  let root = callee;
  while (root.type === 'attribute') root = root.childForFieldName('object')!;
  return root.text;
}

function line(node: SyntaxNode): number {
  return node.startPosition.row + 1;
}
