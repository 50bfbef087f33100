/**
 * The arguments of one request call, mapped to httpx: renamed keywords, a body on a body-less verb,
 * positional parameters made keywords, per-client settings moved out of the call, stream=True.
 */
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import { bindings, parameterNames } from '../shared/block-names.js';
import { unacceptedKeywords } from '../shared/target-apis.js';
import { enclosingFunction, sameNode } from './statements.js';
import { BODY_KEYWORDS, BODYLESS, POSITIONAL_AFTER_URL } from './names.js';

export interface RequestShape {
  /** `get`, `post`, ..., or `request` (method in the first argument). */
  method: string;
  /** Call made on a client the project owns (a Session): it cannot take client settings. */
  onClient: boolean;
  qualifiedName: (node: SyntaxNode) => string | undefined;
}

export interface MappedArguments {
  edits: Edit[];
  /** Keyword arguments (source text) for the throw-away client, e.g. `verify=False`. */
  clientKeywords: string[];
  /** The httpx method to call (`get`, `request`, `stream`) and text to insert before the url. */
  httpxMethod: string;
  methodArgument: string;
  stream: boolean;
  /** Redirects stay unfollowed (allow_redirects=False, or HEAD). */
  redirectsOff: boolean;
  /** Reasons the call has no faithful httpx form: it is bridged instead. */
  blockers: string[];
  reviews: string[];
  /** Import names the mapping stops using (`HTTPBasicAuth`). */
  releases: string[];
  /** Keyword names the httpx call ends up with, checked against the target API table. */
  keywords: string[];
}

const CLIENT_SETTINGS = new Set(['verify', 'cert', 'cookies']);

export function mapArguments(call: SyntaxNode, shape: RequestShape, text: string): MappedArguments {
  const argumentList = call.childForFieldName('arguments')!;
  const args = argumentList.namedChildren.filter((node) => node.type !== 'comment');
  const result: MappedArguments = {
    edits: [], clientKeywords: [], httpxMethod: shape.method, methodArgument: '', stream: false,
    redirectsOff: shape.method === 'head', blockers: [], reviews: [], releases: [], keywords: [],
  };
  const removed = new Set<number>();
  const keywordNames = new Set<string>();
  let hasBody = false;
  const positionalNames = shape.method === 'request' ? ['method', 'url'] : ['url', ...(POSITIONAL_AFTER_URL[shape.method] ?? [])];

  args.forEach((arg, index) => {
    if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
      result.reviews.push(`arguments passed through \`${arg.text}\` are not mapped to httpx (allow_redirects → follow_redirects, data=<str/bytes> → content=, verify/cert/proxies belong on the client)`);
      if (arg.type === 'list_splat') result.blockers.push(`positional arguments through \`${arg.text}\``);
      return;
    }
    if (arg.type !== 'keyword_argument') {
      const name = positionalNames[index];
      if (!name) {
        result.blockers.push(`positional argument \`${arg.text}\``);
        return;
      }
      if (name === 'method' || name === 'url') return;
      // httpx takes everything after the url by keyword.
      result.edits.push({ start: arg.startIndex, end: arg.startIndex, text: `${name}=` });
      keywordNames.add(name);
      result.keywords.push(name);
      if (BODY_KEYWORDS.has(name)) hasBody = true;
      if (name === 'data') mapData(arg, arg, result, shape);
      if (name === 'params' || name === 'data') mapFormValues(arg, name, result);
      return;
    }
    const nameNode = arg.childForFieldName('name')!;
    const value = arg.childForFieldName('value')!;
    const name = nameNode.text;
    keywordNames.add(name);
    if (BODY_KEYWORDS.has(name)) hasBody = true;
    if (name !== 'stream' && !(CLIENT_SETTINGS.has(name) && !shape.onClient)) result.keywords.push(name === 'allow_redirects' ? 'follow_redirects' : name);
    switch (name) {
      case 'allow_redirects':
        result.edits.push({ start: nameNode.startIndex, end: nameNode.endIndex, text: 'follow_redirects' });
        result.redirectsOff = value.text !== 'True';
        break;
      case 'headers':
        mapHeaderValues(value, result);
        break;
      case 'params':
        mapFormValues(value, name, result);
        break;
      case 'timeout':
        mapTimeout(value, result);
        break;
      case 'data':
        mapData(value, nameNode, result, shape);
        mapFormValues(value, name, result);
        break;
      case 'stream':
        if (value.text === 'True') result.stream = true;
        else if (value.text !== 'False') result.blockers.push(`stream=${value.text} is not known at migration time`);
        removed.add(index);
        break;
      case 'auth':
        mapAuth(value, result, shape);
        break;
      case 'proxies':
        result.blockers.push('proxies= (httpx takes proxies on the client, in a form that changed in httpx 0.28)');
        break;
      case 'hooks':
        result.blockers.push('hooks= (httpx event hooks live on the client, must be async and cannot replace the response)');
        break;
      default:
        if (CLIENT_SETTINGS.has(name)) {
          if (shape.onClient) {
            if (name !== 'cookies') result.blockers.push(`${name}= on a call (httpx takes it only when the client is built)`);
          } else {
            result.clientKeywords.push(text.slice(arg.startIndex, arg.endIndex));
            removed.add(index);
          }
        } else if (!['params', 'headers', 'json', 'files', 'cookies', 'content'].includes(name)) {
          result.blockers.push(`${name}= has no httpx counterpart on a request`);
        }
    }
  });

  if (result.stream) {
    result.httpxMethod = 'stream';
    if (shape.method !== 'request') result.methodArgument = `"${shape.method.toUpperCase()}", `;
  } else if (shape.method !== 'request' && BODYLESS.has(shape.method) && hasBody) {
    result.httpxMethod = 'request';
    result.methodArgument = `"${shape.method.toUpperCase()}", `;
  }
  if (shape.method === 'head' && !keywordNames.has('allow_redirects')) {
    result.edits.push(...appendKeyword(argumentList, args, removed, 'follow_redirects=False'));
    result.keywords.push('follow_redirects');
  }
  result.edits.push(...removeArguments(args, removed));
  // Never write a keyword the httpx method (or the throw-away client) does not take.
  const refused = unacceptedKeywords(`httpx.AsyncClient.${result.httpxMethod}`, result.keywords);
  const clientRefused = unacceptedKeywords('httpx.AsyncClient', result.clientKeywords.map((keyword) => keyword.split('=')[0].trim()));
  if (result.blockers.length === 0) for (const keyword of [...refused, ...clientRefused]) result.blockers.push(`httpx does not accept ${keyword}= here`);
  return result;
}

/**
 * Header values requests and httpx read differently: a literal None drops the header in requests (the
 * way to unset a session default for one call), which httpx has no form for; a literal number or
 * boolean is sent by its str() (httpx would fail to encode it).
 */
function mapHeaderValues(value: SyntaxNode, result: MappedArguments): void {
  if (value.type !== 'dictionary') return;
  for (const pair of value.namedChildren) {
    const item = pair.type === 'pair' ? pair.childForFieldName('value') : undefined;
    if (!item) continue;
    if (item.type === 'none') result.blockers.push(`headers with a None value (requests leaves the header out; httpx cannot encode None)`);
    else if (item.type === 'integer' || item.type === 'float' || item.type === 'true' || item.type === 'false') {
      result.edits.push({ start: item.startIndex, end: item.endIndex, text: JSON.stringify(item.text) });
    }
  }
}

/**
 * Form and query values requests and httpx encode differently: requests leaves out a key whose value
 * is None (httpx sends `key=`), and writes booleans as True/False (httpx: true/false). Literal ones
 * are written as requests sent them; a key is left out by leaving it out of the literal.
 */
function mapFormValues(value: SyntaxNode, name: string, result: MappedArguments): void {
  if (value.type !== 'dictionary') return;
  const pairs = value.namedChildren.filter((child) => child.type !== 'comment');
  for (const [index, pair] of pairs.entries()) {
    const item = pair.type === 'pair' ? pair.childForFieldName('value') : undefined;
    if (!item) continue;
    if (item.type === 'true' || item.type === 'false') result.edits.push({ start: item.startIndex, end: item.endIndex, text: JSON.stringify(item.text) });
    else if (item.type === 'none') {
      const next = pairs[index + 1];
      const previous = pairs[index - 1];
      result.edits.push(next ? { start: pair.startIndex, end: next.startIndex, text: '' } : previous ? { start: previous.endIndex, end: pair.endIndex, text: '' } : { start: pair.startIndex, end: pair.endIndex, text: '' });
      result.reviews.push(`${name}: the ${pair.childForFieldName('key')?.text} key with a None value is left out, as requests did (httpx would send it empty)`);
    }
  }
}

/** requests' `timeout=n` bounds connect and read only; httpx's would bound writes and pool waits too. */
function mapTimeout(value: SyntaxNode, result: MappedArguments): void {
  if (value.type === 'integer' || value.type === 'float') {
    result.edits.push({ start: value.startIndex, end: value.endIndex, text: `httpx.Timeout(None, connect=${value.text}, read=${value.text})` });
    return;
  }
  if (value.type === 'tuple' && value.namedChildren.length === 2) {
    const [connect, read] = value.namedChildren;
    result.edits.push({ start: value.startIndex, end: value.endIndex, text: `httpx.Timeout(None, connect=${connect.text}, read=${read.text})` });
  }
  // A name, None or another expression: httpx reads None, a number or a (connect, read) pair alike.
}

/** `data="text"` / `data=b"bytes"` → `content=...`; a mapping stays `data=`. */
function mapData(value: SyntaxNode, nameNode: SyntaxNode, result: MappedArguments, shape: RequestShape): void {
  const rename = (text: string) => {
    result.keywords.splice(result.keywords.lastIndexOf('data'), 1, 'content');
    if (nameNode === value) result.edits.splice(result.edits.length - 1, 1, { start: value.startIndex, end: value.startIndex, text });
    else result.edits.push({ start: nameNode.startIndex, end: nameNode.endIndex, text: text.slice(0, -1) });
  };
  if (value.type === 'string' || value.type === 'concatenated_string') {
    const bytes = /^[rR]?[bB]/.test(value.text);
    if (!bytes && /[^\x00-\x7f]/.test(value.text)) {
      result.reviews.push('a non-ASCII str body: requests sent it as Latin-1, httpx sends UTF-8');
    }
    rename('content=');
    return;
  }
  if (value.type === 'call' && isSerialisedBody(value, shape) || value.type === 'identifier' && namesSerialisedBody(value, shape)) {
    rename('content=');
    return;
  }
  if (value.type === 'list' || value.type === 'list_comprehension') {
    result.blockers.push('data= as a list of pairs (httpx wants a mapping)');
    return;
  }
  if (isOpenedFile(value)) {
    result.blockers.push(`a file object as the body (${value.text}): httpx's AsyncClient cannot read a sync file`);
    return;
  }
  if (value.type !== 'dictionary' && value.type !== 'dictionary_comprehension') {
    result.reviews.push(`data=${value.text}: a str/bytes body belongs in content= for httpx (data= with raw content is deprecated); form fields with None values or booleans are encoded differently`);
  }
}

/** `open(path)`, or a name the function binds to one (`with open(path) as f`, `f = open(path)`). */
function isOpenedFile(value: SyntaxNode): boolean {
  if (opensAFile(value)) return true;
  if (value.type !== 'identifier') return false;
  const fn = enclosingFunction(value);
  const body = fn ? fn.childForFieldName('body') : value.tree.rootNode;
  const bound = [...(body?.descendantsOfType('as_pattern') ?? [])].some((pattern) => {
    const alias = pattern.childForFieldName('alias');
    return alias?.text === value.text && opensAFile(pattern.namedChildren[0]);
  });
  return bound || [...(body?.descendantsOfType('assignment') ?? [])].some((assignment) => (
    assignment.childForFieldName('left')?.text === value.text && opensAFile(assignment.childForFieldName('right'))
  ));
}

function opensAFile(node: SyntaxNode | null | undefined): boolean {
  const callee = node?.type === 'call' ? node.childForFieldName('function') : undefined;
  return !!callee && /(^|\.)open$/.test(callee.text);
}

const SERIALISERS = new Set(['json.dumps', 'simplejson.dumps', 'urllib.parse.urlencode']);

/** `json.dumps(x)`, `simplejson.dumps(x)`, `urlencode(x)`, `text.encode()`: a str or bytes body. */
function isSerialisedBody(call: SyntaxNode, shape: Pick<RequestShape, 'qualifiedName'>): boolean {
  const callee = call.childForFieldName('function');
  if (!callee) return false;
  if (callee.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'encode') return true;
  const name = shape.qualifiedName(callee);
  return !!name && SERIALISERS.has(name);
}

/**
 * A name that can only hold a serialised body (or None) where it is sent: every assignment to it in
 * its function is a serialiser call, and a parameter is always reassigned first, or only when it is
 * not None (`if params is not None: params = json.dumps(params)`). Any other binding leaves it a
 * possible mapping, which stays `data=`.
 */
function namesSerialisedBody(name: SyntaxNode, shape: Pick<RequestShape, 'qualifiedName'>): boolean {
  const fn = enclosingFunction(name);
  const body = fn ? fn.childForFieldName('body') : name.tree.rootNode;
  if (!body) return false;
  const assignments: SyntaxNode[] = [];
  for (const binding of bindings(body).filter((identifier) => identifier.text === name.text)) {
    const assignment = binding.parent;
    if (assignment?.type !== 'assignment' || !sameNode(assignment.childForFieldName('left'), binding) || assignment.startIndex > name.startIndex) return false;
    const right = assignment.childForFieldName('right');
    if (right?.type !== 'call' || !isSerialisedBody(right, shape)) return false;
    assignments.push(assignment);
  }
  if (!assignments.length) return false;
  const isParameter = !!fn && parameterNames(fn).includes(name.text);
  return !isParameter || assignments.every((assignment) => assignedFirst(assignment, body, name.text));
}

/** A statement of the function's own body, or the one statement of `if name is not None:` there. */
function assignedFirst(assignment: SyntaxNode, body: SyntaxNode, name: string): boolean {
  const statement = assignment.parent;
  if (sameNode(statement?.parent, body)) return true;
  const block = statement?.parent;
  const guard = block?.parent;
  if (guard?.type !== 'if_statement' || !sameNode(guard.parent, body) || block!.namedChildren.length !== 1 || guard.childForFieldName('alternative')) return false;
  const condition = guard.childForFieldName('condition')?.text.replace(/\s+/g, ' ');
  return condition === `${name} is not None`;
}

/**
 * requests' HTTPBasicAuth/HTTPDigestAuth → httpx.BasicAuth/DigestAuth; tuples work as they are.
 * Any other auth object (requests_oauthlib's OAuth1, a project AuthBase subclass) is called with a
 * requests PreparedRequest and breaks on an httpx.Request (`.body`): the call stays on requests.
 * A name is judged by the value it is given in the same block, when that is a call.
 */
export function mapAuth(value: SyntaxNode, result: { edits: Edit[]; blockers: string[]; releases?: string[] }, shape: Pick<RequestShape, 'qualifiedName'>): void {
  const built = value.type === 'identifier' ? localCallAssignedTo(value) : value;
  if (built?.type !== 'call') return;
  const callee = built.childForFieldName('function')!;
  const name = shape.qualifiedName(callee);
  const mapped = name && /^requests(?:\.auth)?\.HTTP(Basic|Digest)Auth$/.exec(name);
  if (mapped && built === value) {
    result.edits.push({ start: callee.startIndex, end: callee.endIndex, text: `httpx.${mapped[1]}Auth` });
    let root = callee;
    while (root.type === 'attribute') root = root.childForFieldName('object')!;
    result.releases?.push(root.text);
    return;
  }
  result.blockers.push(`auth=${value.text} is a ${callee.text} object, which requests calls with its own request type (httpx needs an httpx.Auth)`);
}

/** The call last assigned to `name` by a plain assignment before it, in the statements of its block. */
function localCallAssignedTo(name: SyntaxNode): SyntaxNode | undefined {
  let statement: SyntaxNode | null = name;
  while (statement && statement.parent && statement.parent.type !== 'block' && statement.parent.type !== 'module') statement = statement.parent;
  for (let previous = statement?.previousNamedSibling; previous; previous = previous.previousNamedSibling) {
    const assignment = previous.type === 'expression_statement' ? previous.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== name.text) continue;
    return assignment.childForFieldName('right') ?? undefined;
  }
  return undefined;
}

function appendKeyword(argumentList: SyntaxNode, args: SyntaxNode[], removed: Set<number>, keyword: string): Edit[] {
  const close = argumentList.endIndex - 1;
  const kept = args.filter((_, index) => !removed.has(index));
  if (kept.length === 0) return [{ start: close, end: close, text: keyword }];
  const last = args.at(-1)!;
  if (removed.has(args.length - 1)) {
    // The trailing argument goes away: put the keyword where it ended.
    return [{ start: last.endIndex, end: last.endIndex, text: `, ${keyword}` }];
  }
  return [{ start: last.endIndex, end: last.endIndex, text: `, ${keyword}` }];
}

/** Removes arguments with their commas, one range per run of neighbours. */
function removeArguments(args: SyntaxNode[], removed: Set<number>): Edit[] {
  const edits: Edit[] = [];
  for (let i = 0; i < args.length; i++) {
    if (!removed.has(i)) continue;
    let j = i;
    while (removed.has(j + 1)) j++;
    if (j + 1 < args.length) edits.push({ start: args[i].startIndex, end: args[j + 1].startIndex, text: '' });
    else if (i > 0) edits.push({ start: args[i - 1].endIndex, end: args[j].endIndex, text: '' });
    else edits.push({ start: args[i].startIndex, end: args[j].endIndex, text: '' });
    i = j;
  }
  return edits;
}
