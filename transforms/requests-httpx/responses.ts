/**
 * Attributes of values known to be responses (dataflow from a converted call): `.ok`, `.reason`,
 * `.url`, `.iter_content()`, ... get their httpx forms. Nothing else named `.ok` is touched.
 */
import { isRead } from '../../src/analyze/syntax-facts.js';
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import { asyncKeyword } from '../../src/plan/call-rewrites.js';
import { enclosingFunction, indentAt, sameNode } from './statements.js';

export interface ResponseUse {
  edits: Edit[];
  reviews: string[];
  /** The rewrite awaits (`await r.aclose()`). */
  awaits: boolean;
  line: number;
  node: SyntaxNode;
}

export interface ResponseValue {
  /** Expressions that evaluate to the response: the call itself, or each use of its name. */
  expressions: SyntaxNode[];
  stream: boolean;
  redirectsOff: boolean;
  /** For `async with client.stream(...) as r:`: the block, where a body read must come first. */
  streamBlock?: SyntaxNode;
}

const BARE_NOT_PARENTS = new Set(['if_statement', 'elif_clause', 'while_statement', 'boolean_operator', 'not_operator', 'assert_statement', 'return_statement', 'argument_list', 'keyword_argument', 'assignment', 'conditional_expression', 'parenthesized_expression', 'expression_list']);

export function rewriteResponseUses(value: ResponseValue, text: string): ResponseUse[] {
  const uses: ResponseUse[] = [];
  let readsBody = false;
  for (const expression of value.expressions) {
    const parent = expression.parent!;
    const line = expression.startPosition.row + 1;
    const use = (edits: Edit[], reviews: string[] = [], awaits = false) => uses.push({ edits, reviews, awaits, line, node: expression });
    if (parent.type !== 'attribute' || !sameNode(parent.childForFieldName('object'), expression)) {
      if (expression.type === 'identifier' && !isAssignmentTarget(expression)) {
        use([], [`the response \`${expression.text}\` leaves this function as an httpx.Response: check what its users read (.ok → not .is_error, .reason → .reason_phrase, .url is an httpx.URL, iter_content → aiter_bytes)`]);
      }
      continue;
    }
    const attribute = parent.childForFieldName('attribute')!;
    const outer = parent.parent;
    const called = outer?.type === 'call' && sameNode(outer.childForFieldName('function'), parent) ? outer : undefined;
    switch (attribute.text) {
      case 'ok': {
        if (outer?.type === 'not_operator') {
          // `not r.ok` → `r.is_error`
          use([{ start: outer.startIndex, end: parent.startIndex, text: '' }, { start: attribute.startIndex, end: attribute.endIndex, text: 'is_error' }]);
          break;
        }
        const bare = outer && BARE_NOT_PARENTS.has(outer.type) && !(outer.type === 'assignment' && !sameNode(outer.childForFieldName('right'), parent));
        use([
          { start: parent.startIndex, end: parent.startIndex, text: bare ? 'not ' : '(not ', order: 5 },
          { start: attribute.startIndex, end: attribute.endIndex, text: 'is_error' },
          ...(bare ? [] : [{ start: parent.endIndex, end: parent.endIndex, text: ')' }]),
        ]);
        break;
      }
      case 'reason':
        use([{ start: attribute.startIndex, end: attribute.endIndex, text: 'reason_phrase' }]);
        break;
      case 'is_redirect':
        use([{ start: attribute.startIndex, end: attribute.endIndex, text: 'has_redirect_location' }]);
        break;
      case 'next':
        use([{ start: attribute.startIndex, end: attribute.endIndex, text: 'next_request' }]);
        break;
      case 'url': {
        const inStr = outer?.type === 'argument_list' && outer.parent?.childForFieldName('function')?.text === 'str';
        if (!inStr) use([{ start: parent.startIndex, end: parent.startIndex, text: 'str(', order: 5 }, { start: parent.endIndex, end: parent.endIndex, text: ')', order: 30 }]);
        break;
      }
      case 'close':
        if (called && outer?.parent?.type === 'expression_statement') {
          use([{ start: attribute.startIndex, end: attribute.endIndex, text: 'aclose' }, { start: called.startIndex, end: called.startIndex, text: 'await ', order: 20 }], [], true);
        } else {
          use([], ['response.close() used as a value: httpx needs `await response.aclose()`']);
        }
        break;
      case 'raise_for_status':
        if (called && outer?.parent?.type === 'expression_statement') {
          // httpx raises for every non-2xx, requests only for 4xx/5xx: with redirects off a 3xx must not raise.
          if (value.redirectsOff) use([{ start: called.startIndex, end: called.startIndex, text: `if ${expression.text}.is_error: ` }]);
        } else if (called) {
          use([], ['the value of raise_for_status() is None on httpx 0.23 and the response from 0.25: do not use it']);
        }
        break;
      case 'iter_content':
      case 'iter_lines':
        if (called) uses.push(iterate(expression, attribute, called, value.stream, line));
        break;
      case 'content':
      case 'text':
      case 'json':
        readsBody = true;
        break;
      case 'raw':
        use([], ['response.raw has no httpx counterpart (use aiter_raw() inside a stream block)']);
        break;
      case 'apparent_encoding':
        use([], ['response.apparent_encoding has no httpx counterpart (httpx decodes as UTF-8 unless told otherwise)']);
        break;
      case 'elapsed':
        if (value.stream) use([], ['response.elapsed is only known once an httpx stream is closed (RuntimeError before)']);
        break;
      case 'is_permanent_redirect':
        use([{ start: parent.startIndex, end: parent.endIndex, text: `(${expression.text}.has_redirect_location and ${expression.text}.status_code in (301, 308))` }]);
        break;
      case 'request':
        use([], ['response.request is an httpx.Request (no .body, .path_url: use .content, .url.raw_path)']);
        break;
    }
  }
  if (readsBody && value.streamBlock && value.expressions[0]) {
    const first = value.streamBlock.namedChildren[0];
    const name = value.expressions.find((node) => node.type === 'identifier')?.text;
    if (first && name) uses.push({ edits: [{ start: first.startIndex, end: first.startIndex, text: `await ${name}.aread()\n${indentAt(text, first.startIndex)}` }], reviews: [], awaits: true, line: first.startPosition.row + 1, node: first });
  }
  return uses;
}

/** `r.iter_content(n)` → `r.aiter_bytes(n)` under `async for` (stream) or `r.iter_bytes(n)`. */
function iterate(expression: SyntaxNode, attribute: SyntaxNode, called: SyntaxNode, stream: boolean, line: number): ResponseUse {
  const argumentList = called.childForFieldName('arguments')!;
  const args = argumentList.namedChildren;
  const decode = args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'decode_unicode');
  const decodes = decode?.childForFieldName('value')?.text === 'True';
  const others = args.filter((arg) => arg !== decode && !(decode && sameNode(arg, decode)));
  const reviews: string[] = [];
  const edits: Edit[] = [];
  const a = stream ? 'a' : '';
  const consumer = called.parent;
  const forKeyword = consumer?.type === 'for_statement' && sameNode(consumer.childForFieldName('right'), called) ? consumer.startIndex
    : consumer?.type === 'for_in_clause' && sameNode(consumer.childForFieldName('right'), called) ? consumer.startIndex : undefined;
  if (stream && forKeyword === undefined) {
    return { edits: [], reviews: [`${attribute.text}() on an httpx stream must be consumed with async for`], awaits: false, line, node: expression };
  }
  if (stream) edits.push(asyncKeyword(forKeyword!));
  const keep = others.map((arg) => arg.text).join(', ');
  if (attribute.text === 'iter_content') {
    if (others.length === 0) reviews.push('iter_content() without chunk_size yielded 1-byte chunks; httpx yields what arrives (the joined bytes are the same)');
    edits.push({ start: attribute.startIndex, end: argumentList.endIndex, text: `${a}iter_${decodes ? 'text' : 'bytes'}(${keep})` });
  } else {
    if (others.length > 0) reviews.push(`iter_lines(${keep}): httpx's lines take no chunk_size or delimiter`);
    // httpx 0.23 keeps the line ending and 0.24+ strips it; requests strips it and yields bytes.
    const line = decodes ? '_line.rstrip("\\r\\n")' : `_line.rstrip("\\r\\n").encode(${expression.text}.encoding)`;
    edits.push(
      { start: called.startIndex, end: called.startIndex, text: `(${line} ${stream ? 'async ' : ''}for _line in ` },
      { start: attribute.startIndex, end: argumentList.endIndex, text: `${a}iter_lines()` },
      { start: called.endIndex, end: called.endIndex, text: ')' },
    );
  }
  return { edits, reviews, awaits: stream, line, node: expression };
}

function isAssignmentTarget(node: SyntaxNode): boolean {
  const parent = node.parent;
  return (parent?.type === 'assignment' && sameNode(parent.childForFieldName('left'), node))
    || parent?.type === 'as_pattern_target' || parent?.type === 'pattern_list';
}

/**
 * A write to the response's headers that httpx refuses: requests' headers take any value, httpx's
 * encode each as str (`resp.headers["X-RateLimit-Remaining"] = 0` raises AttributeError), and
 * `resp.headers = {}` replaces an `httpx.Headers` with a dict. Followed through the function the
 * request is made in, and through this module's callers (among `moduleCalls`, the calls the
 * transform context already collected) when the function returns the response.
 */
export function unsupportedHeaderWrite(call: SyntaxNode, moduleCalls: readonly { node: SyntaxNode }[]): string | undefined {
  const fn = enclosingFunction(call);
  if (!fn) return undefined;
  for (const holder of holdersOf(call, fn)) {
    const write = headerWrite(holder);
    if (write) return write;
  }
  if (!returnsTheResponse(call, fn)) return undefined;
  const name = fn.childForFieldName('name')?.text;
  for (const { node: caller } of moduleCalls) {
    if (caller.childForFieldName('function')?.text !== name) continue;
    const callerFn = enclosingFunction(caller);
    for (const holder of callerFn ? holdersOf(caller, callerFn) : []) {
      const write = headerWrite(holder);
      if (write) return `${write} (the response of ${name}())`;
    }
  }
  return undefined;
}

/** The uses of the name a call's value is assigned to, in the function. */
function holdersOf(call: SyntaxNode, fn: SyntaxNode): SyntaxNode[] {
  const parent = call.parent;
  const left = parent?.type === 'assignment' && sameNode(parent.childForFieldName('right'), call) ? parent.childForFieldName('left') : undefined;
  if (left?.type !== 'identifier') return [];
  return fn.descendantsOfType('identifier').filter((identifier) => identifier.text === left.text && isRead(identifier));
}

function returnsTheResponse(call: SyntaxNode, fn: SyntaxNode): boolean {
  if (call.parent?.type === 'return_statement') return true;
  const left = call.parent?.type === 'assignment' ? call.parent.childForFieldName('left') : undefined;
  return left?.type === 'identifier'
    && fn.descendantsOfType('return_statement').some((statement) => statement.namedChildren[0]?.text === left.text);
}

const STR_VALUES = new Set(['string', 'concatenated_string']);

function headerWrite(holder: SyntaxNode): string | undefined {
  const headers = holder.parent;
  if (headers?.type !== 'attribute' || !sameNode(headers.childForFieldName('object'), holder) || headers.childForFieldName('attribute')?.text !== 'headers') return undefined;
  const assignment = headers.parent;
  if (assignment?.type === 'assignment' && sameNode(assignment.childForFieldName('left'), headers)) return `${headers.text} is replaced (an httpx.Response keeps an httpx.Headers)`;
  const item = headers.parent?.type === 'subscript' && sameNode(headers.parent.childForFieldName('value'), headers) ? headers.parent : undefined;
  const set = item?.parent?.type === 'assignment' && sameNode(item.parent.childForFieldName('left'), item) ? item.parent : undefined;
  const value = set?.childForFieldName('right');
  if (!value || STR_VALUES.has(value.type) || value.type === 'identifier' || value.type === 'attribute' || value.type === 'subscript') return undefined;
  if (value.type === 'call' && /^(str|repr|format)$|\.format$|\.join$/.test(value.childForFieldName('function')?.text ?? '')) return undefined;
  if (value.type === 'binary_operator' && value.namedChildren.some((operand) => STR_VALUES.has(operand.type))) return undefined;
  return `${item!.text} is set to ${value.text}, which httpx.Headers cannot encode (it takes str values only)`;
}
