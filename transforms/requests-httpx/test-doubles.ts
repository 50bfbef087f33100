/**
 * Test doubles aimed at requests: `patch("pkg.mod.requests.get")` targets follow the call to httpx;
 * `responses` / `requests_mock` cannot see httpx traffic and are flagged.
 */
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import type { CallInContext } from '../define-transform.js';
import { HTTP_METHODS } from './names.js';

export interface DoubleRewrite {
  /** A node inside the function whose migration the rewrite follows. */
  anchor: SyntaxNode;
  edits: Edit[];
  review: string;
}

const PATCHERS = /^(unittest\.mock|mock)\.patch$|^(unittest\.mock|mock)\.patch\.object$/;
const MOCKING_LIBRARIES = /^(responses|requests_mock)\b/;

export function rewriteTestDoubles(calls: readonly CallInContext[]): DoubleRewrite[] {
  const rewrites: DoubleRewrite[] = [];
  for (const call of calls) {
    const name = call.qualifiedName ?? '';
    const anchor = decoratedFunctionOf(call.node) ?? call.node;
    // Flag where the mock is set up, not every call on the mock object (`m.get(...)` after `as m`).
    if (MOCKING_LIBRARIES.test(name) && !name.includes('().')) {
      rewrites.push({ anchor, edits: [], review: `${name.split('.')[0]} mocks requests' transport and does not see httpx traffic: use httpx.MockTransport (or respx) instead` });
      continue;
    }
    if (!PATCHERS.test(name) && !/\.setattr$/.test(name) && !/monkeypatch\.setattr$/.test(call.node.childForFieldName('function')?.text ?? '')) continue;
    const first = call.node.childForFieldName('arguments')?.namedChildren[0];
    if (first?.type !== 'string') continue;
    const content = first.namedChildren.find((child) => child.type === 'string_content');
    const match = content && new RegExp(`^((?:[\\w]+\\.)*)requests\\.(${HTTP_METHODS.join('|')}|request|Session)$`).exec(content.text);
    if (!content || !match) continue;
    const target = match[2] === 'Session' ? `${match[1]}httpx.AsyncClient` : `${match[1]}httpx.AsyncClient.${match[2] === 'request' ? 'request' : match[2]}`;
    rewrites.push({
      anchor,
      edits: [{ start: content.startIndex, end: content.endIndex, text: target }],
      review: `patch target ${content.text} → ${target}: the stand-in must now be awaitable and return an httpx.Response-like value (is_error, reason_phrase, ...)`,
    });
  }
  return rewrites;
}

/** `@patch(...)` above a def: the rewrite follows that def. */
function decoratedFunctionOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'decorator') return current.parent?.childForFieldName('definition')?.childForFieldName('name') ?? undefined;
    if (current.type === 'function_definition') return undefined;
  }
  return undefined;
}
