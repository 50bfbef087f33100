/**
 * requests exception classes → httpx ones where they are caught (`except`, `isinstance`,
 * `pytest.raises`) or raised. `requests.HTTPError` is httpx's HTTPStatusError, never httpx.HTTPError,
 * which is the base of every httpx error.
 */
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import { EXCEPTIONS, requestsException } from './names.js';

export interface ExceptionRewrite {
  node: SyntaxNode;
  edits: Edit[];
  imports: string[];
  review?: string;
  /** Local import name this rewrite stops using (`HTTPError` after `from requests import HTTPError`). */
  release?: string;
}

export function rewriteExceptions(root: SyntaxNode, qualifiedName: (node: SyntaxNode) => string | undefined): ExceptionRewrite[] {
  const rewrites: ExceptionRewrite[] = [];
  for (const node of root.descendantsOfType(['attribute', 'identifier'])) {
    if (!/Error|Exception|Timeout|Redirects|Schema|URL/.test(node.text)) continue;
    const parent = node.parent;
    if (parent?.type === 'attribute') continue; // the outermost name only
    if (parent?.type === 'import_from_statement' || parent?.type === 'aliased_import' || parent?.type === 'dotted_name') continue;
    const name = requestsException(qualifiedName(node));
    if (!name) continue;
    let root = node;
    while (root.type === 'attribute') root = root.childForFieldName('object')!;
    const release = root.text;
    const target = EXCEPTIONS[name];
    const raised = isRaised(node);
    if (!target) {
      rewrites.push({ node, edits: [], imports: [], review: `requests.${name} has no httpx counterpart: left as it is, so it no longer matches errors from httpx` });
      continue;
    }
    if (raised && !target.raised) {
      rewrites.push({ node, edits: [], imports: [], review: `raising requests.${name}: httpx.HTTPStatusError needs request= and response=, so this stays a requests exception that httpx handlers do not catch` });
      continue;
    }
    const text = raised ? target.raised! : target.caught;
    rewrites.push({
      node,
      edits: [{ start: node.startIndex, end: node.endIndex, text }],
      imports: ['httpx', ...(target.imports ?? [])].filter((module) => text.includes(`${module}.`)),
      review: target.review,
      release,
    });
  }
  return rewrites;
}

/** `raise X(...)`, `raise X`, or `class E(X)`: one class is needed, not a tuple. */
function isRaised(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (parent?.type === 'raise_statement') return true;
  if (parent?.type === 'call' && parent.parent?.type === 'raise_statement') return true;
  if (parent?.type === 'argument_list' && parent.parent?.type === 'class_definition') return true;
  return false;
}
