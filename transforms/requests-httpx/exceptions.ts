/**
 * requests exception classes → httpx ones, in step with the calls that raise them.
 *
 * Where a class is caught or tested (`except`, `isinstance`, `pytest.raises`, a tuple of classes)
 * it follows the code it guards: a `try` whose HTTP calls all became httpx calls catches the httpx
 * classes, one whose calls stay on requests keeps requests' classes, and anything else (calls of
 * both kinds, project functions or libraries that may raise either) catches both families. Several
 * classes always land flat in the enclosing tuple: a tuple nested in an `except` tuple raises
 * TypeError when an exception reaches it. `requests.HTTPError` is httpx's HTTPStatusError, never
 * httpx.HTTPError, which is the base of every httpx error.
 *
 * Where a class is raised or built (`raise X(...)`, `side_effect=X`, `X("msg")` as a value), it
 * becomes the httpx class only when httpx can build it from the same arguments (a message; a
 * status error also needs request= and response=); otherwise it stays requests' and is reported.
 */
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import { acceptsCall } from '../shared/target-apis.js';
import { EXCEPTIONS, requestsException } from './names.js';

/** Which library the guarded code raises from: only httpx, only requests, or either. */
export type ExceptionFamily = 'httpx' | 'requests' | 'both';

export interface ExceptionRewrite {
  node: SyntaxNode;
  edits: Edit[];
  imports: string[];
  review?: string;
  /** Local import name this rewrite stops using (`HTTPError` after `from requests import HTTPError`). */
  release?: string;
  /** The guarded calls' groups: the handler changes only when they do. */
  together?: string[];
}

/** What a caught class's handler guards: the family it raises from, and the groups of its converted calls. */
export type GuardedFamily = (node: SyntaxNode) => { family: ExceptionFamily; together?: string[] };

export function rewriteExceptions(root: SyntaxNode, qualifiedName: (node: SyntaxNode) => string | undefined, guardedFamily: GuardedFamily): ExceptionRewrite[] {
  const rewrites: ExceptionRewrite[] = [];
  for (const node of root.descendantsOfType(['attribute', 'identifier'])) {
    if (!/Error|Exception|Timeout|Redirects|Schema|URL/.test(node.text)) continue;
    const parent = node.parent;
    if (parent?.type === 'attribute') continue; // the outermost name only
    if (parent?.type === 'import_from_statement' || parent?.type === 'aliased_import' || parent?.type === 'dotted_name') continue;
    const name = requestsException(qualifiedName(node));
    if (!name) continue;
    let head = node;
    while (head.type === 'attribute') head = head.childForFieldName('object')!;
    const release = head.text;
    const target = EXCEPTIONS[name];
    const built = construction(node);
    if (built) {
      const rewrite = rewriteConstruction(node, name, built);
      if (rewrite) rewrites.push({ ...rewrite, release: rewrite.edits.length > 0 ? release : undefined });
      continue;
    }
    const { family, together } = guardedFamily(node);
    if (family === 'requests') continue;
    if (!target) {
      if (family === 'httpx') rewrites.push({ node, edits: [], imports: [], review: `requests.${name} has no httpx counterpart: left as it is, so it no longer matches errors from httpx` });
      continue;
    }
    const flat = inTuple(node);
    // Already caught beside it (a migrated handler read again): nothing to add.
    if (family === 'both' && flat && target.caught.every((name) => node.parent!.namedChildren.some((sibling) => sibling.text === name))) continue;
    const text = target.caught.join(', ');
    // Both families: the requests class stays where it is written (so its import stays used), the httpx ones join it.
    const edits: Edit[] = family === 'both'
      ? [...flat ? [] : [{ start: node.startIndex, end: node.startIndex, text: '(' }], { start: node.endIndex, end: node.endIndex, text: `, ${text}${flat ? '' : ')'}` }]
      : [{ start: node.startIndex, end: node.endIndex, text: target.caught.length === 1 || flat ? text : `(${text})` }];
    rewrites.push({
      node,
      edits,
      imports: importsOf(text, target.imports),
      review: target.review,
      release: family === 'httpx' ? release : undefined,
      together,
    });
  }
  return rewrites;
}

/** How a class is built where it stands: the arguments of `X(...)`, none for `raise X` / `side_effect=X`, or undefined when it is not built there. */
function construction(node: SyntaxNode): { positional: number; keywords: string[]; splat: boolean; subclass?: boolean } | undefined {
  const parent = node.parent;
  if (parent?.type === 'call' && sameNode(parent.childForFieldName('function'), node)) {
    const args = parent.childForFieldName('arguments')?.namedChildren.filter((child) => child.type !== 'comment') ?? [];
    return {
      positional: args.filter((arg) => arg.type !== 'keyword_argument' && arg.type !== 'dictionary_splat').length,
      keywords: args.filter((arg) => arg.type === 'keyword_argument').map((arg) => arg.childForFieldName('name')!.text),
      splat: args.some((arg) => arg.type === 'list_splat' || arg.type === 'dictionary_splat'),
    };
  }
  if (parent?.type === 'raise_statement' && sameNode(parent.namedChildren[0], node)) return { positional: 0, keywords: [], splat: false };
  // Mock(side_effect=X) raises X(): the class is built with no arguments.
  if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.text === 'side_effect') return { positional: 0, keywords: [], splat: false };
  if (parent?.type === 'argument_list' && parent.parent?.type === 'class_definition') return { positional: 1, keywords: [], splat: false, subclass: true };
  return undefined;
}

function rewriteConstruction(node: SyntaxNode, name: string, built: NonNullable<ReturnType<typeof construction>>): ExceptionRewrite | undefined {
  const target = EXCEPTIONS[name];
  if (!target?.raised) {
    return { node, edits: [], imports: [], review: `requests.${name} has no httpx counterpart: it stays a requests exception here, which httpx handlers do not catch` };
  }
  // A subclass is built with whatever its own code passes: assume a message, as requests' classes take.
  const builds = target.raised.startsWith('json.') ? built.positional === 3 && built.keywords.length === 0 : acceptsCall(target.raised, built.positional, built.keywords);
  if (built.splat || !builds) {
    const needs = target.raised === 'httpx.HTTPStatusError' ? 'a message, request= and response=' : target.raised.startsWith('json.') ? 'msg, doc and pos' : 'a message (and at most request=)';
    return { node, edits: [], imports: [], review: `${node.text} is built here as httpx.${target.raised.split('.')[1]} could not be (httpx needs ${needs}): it stays a requests exception, which handlers converted to httpx do not catch` };
  }
  return { node, edits: [{ start: node.startIndex, end: node.endIndex, text: target.raised }], imports: importsOf(target.raised, target.imports), review: target.review };
}

/** One of several classes in a tuple (`except (A, B):`, `isinstance(e, (A, B))`): its replacement joins them flat. */
function inTuple(node: SyntaxNode): boolean {
  return node.parent?.type === 'tuple' || node.parent?.type === 'expression_list';
}

function importsOf(text: string, extra: string[] = []): string[] {
  return ['httpx', ...extra].filter((module) => text.includes(`${module}.`));
}

function sameNode(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}
