/**
 * Tests that stand in for a call a transform replaces (`time.sleep` to skip the wait, count the
 * sleeps or end a retry loop; `os.listdir` to fake a folder) stand in for its replacement too,
 * alongside: an awaitable stand-in that calls whatever the original is while the test runs, that
 * is the test's own stand-in. One mock still sees every call, in order, converted or not, however
 * the test made it (a `Mock(...)`, a mock injected as an argument, one bound with `as`):
 *
 *     @patch('time.sleep')                         →   @patch('asyncio.sleep', AsyncMock(side_effect=lambda delay, result=None: time.sleep(delay)))
 *     def test_retries(self, sleep):                    @patch('time.sleep')
 *                                                       async def test_retries(self, sleep):
 *
 *     with patch('os.listdir', return_value=[]):   →   with patch('os.listdir', return_value=[]), patch('aiofiles.os.listdir', AsyncMock(side_effect=...)):
 *
 *     monkeypatch.setattr(time, "sleep", fake)   →   monkeypatch.setattr(time, "sleep", fake)
 *                                                       monkeypatch.setattr(asyncio, "sleep", AsyncMock(side_effect=...))
 *
 * Only patches that hold for a whole definition, `with` block or rest of a test are followed: a patcher started in
 * `setUp`, or a target reached through a module (`pkg.mod.time.sleep`, whose `import time` the
 * migration may drop), is left as it is, and the self-check keeps the conversions those tests reach
 * (AS120).
 */
import { escapeRegExp, stringValue } from '../../src/analyze/syntax-facts.js';
import { patchStatementOf } from '../../src/analyze/test-doubles.js';
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { ImportRequest, Site } from '../../src/plan/edits.js';
import type { TransformContext } from '../define-transform.js';

const PATCHERS = /^(unittest\.mock|mock)\.patch$/;
const OBJECT_PATCHERS = /^(unittest\.mock|mock)\.patch\.object$/;

/** pytest's fixture, by the name tests receive it under. */
const MONKEYPATCH_SETATTR = 'monkeypatch.setattr';

/** A call a transform replaces, which tests may patch, and how its replacement is patched alongside. */
export interface FollowedCall {
  /** What the tests patch: `time.sleep` (a module's attribute). */
  target: string;
  /** What the converted code calls instead, looked up when called: `asyncio.sleep`. */
  replacement: string;
  /** The awaitable stand-in, calling `target` as it is when called (the test module imports the target's module). */
  standIn: string;
  transform: string;
  /** The review code of a module's stand-ins, and what its message adds. */
  review: { code: string; consequence?: string };
}

export const SLEEP_PATCHES: FollowedCall = {
  target: 'time.sleep', replacement: 'asyncio.sleep', transform: 'time-sleep',
  standIn: 'AsyncMock(side_effect=lambda delay, result=None: time.sleep(delay))',
  review: { code: 'AS202', consequence: 'while a test runs, every coroutine that sleeps meets its stand-in' },
};

export const LISTDIR_PATCHES: FollowedCall = {
  target: 'os.listdir', replacement: 'aiofiles.os.listdir', transform: 'open-aiofiles',
  standIn: 'AsyncMock(side_effect=lambda *args, **kwargs: os.listdir(*args, **kwargs))',
  review: { code: 'AS603' },
};

const FOLLOWED_CALLS: readonly FollowedCall[] = [SLEEP_PATCHES, LISTDIR_PATCHES];

/** Patch targets whose conversion calls another name, patched alongside: what the self-check then lets through. */
export const FOLLOWED_PATCHES: Readonly<Record<string, string>> = Object.fromEntries(FOLLOWED_CALLS.map((call) => [call.target, call.replacement]));

/** The patches of `followed.target` in this module, each with a patch of its replacement beside it. */
export function followPatches(context: TransformContext, followed: FollowedCall): Site[] {
  const targetModule = followed.target.slice(0, followed.target.lastIndexOf('.'));
  const sites: Site[] = [];
  for (const call of context.calls) {
    const sibling = siblingPatch(call.node, call.qualifiedName ?? '', context, followed);
    if (!sibling) continue;
    const place = placeOf(call.node);
    if (!place || patchesAlready(place.statement, followed.replacement)) continue;
    // Read only in modules that patch the target: most modules that mention it patch nothing.
    if (sites.length === 0 && (!importable(context, 'AsyncMock', 'unittest.mock.AsyncMock') || !importable(context, targetModule, targetModule))) return [];
    const lineOf = place.kind === 'statement' ? place.statement.startIndex : place.at;
    const indent = context.source.text.slice(context.source.lineStartOf(lineOf), lineOf);
    // After the statement's line, so that a comment ending it stays with it.
    const lineEnd = context.source.text.indexOf('\n', place.at);
    const at = place.kind === 'statement' && lineEnd !== -1 ? lineEnd : place.at;
    sites.push({
      transform: followed.transform,
      scope: context.scopeOf(place.scopeNode),
      line: call.site.line,
      awaitCall: false,
      seed: false,
      // A test that stays sync still reaches the converted calls through code that runs a loop.
      follows: followed.transform,
      edits: [{ start: at, end: at, text: place.kind === 'decorator' ? `@${sibling.text}\n${indent}` : place.kind === 'statement' ? `\n${indent}${sibling.text}` : `, ${sibling.text}` }],
      imports: [{ from: 'unittest.mock', name: 'AsyncMock' }, { module: targetModule }, ...sibling.imports],
    });
  }
  // One review item says it for the module: the stand-ins come and go together (Site.follows).
  if (sites.length > 0) {
    const { target, replacement } = followed;
    const which = sites.length === 1 ? `the test's stand-in for ${target} stands in for ${replacement} too, through an AsyncMock that calls it`
      : `the ${sites.length} stand-ins for ${target} in this module (lines ${sites.map((site) => site.line).join(', ')}) stand in for ${replacement} too, through AsyncMocks that call them`;
    const consequence = followed.review.consequence;
    sites[0].review = { code: followed.review.code, message: consequence ? `${which}: ${consequence}` : which };
  }
  return sites;
}

/** `patch('asyncio.sleep', ...)` beside `patch('time.sleep', ...)`, `patch.object(asyncio, 'sleep', ...)` beside `patch.object(time, 'sleep', ...)`. */
function siblingPatch(call: SyntaxNode, name: string, context: TransformContext, followed: FollowedCall): { text: string; imports: ImportRequest[] } | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const patcher = call.childForFieldName('function')!.text;
  const monkeypatch = patcher === MONKEYPATCH_SETATTR;
  if ((PATCHERS.test(name) || monkeypatch) && args[0]?.type === 'string' && stringValue(args[0]) === followed.target) {
    const quote = args[0].text.at(-1);
    return { text: `${patcher}(${quote}${followed.replacement}${quote}, ${followed.standIn})`, imports: [] };
  }
  const dot = followed.target.lastIndexOf('.');
  const [module, attribute] = [followed.target.slice(0, dot), followed.target.slice(dot + 1)];
  const replacementDot = followed.replacement.lastIndexOf('.');
  const replacementModule = followed.replacement.slice(0, replacementDot);
  // patch.object names the replacement's module: only a plain top-level module is imported for it.
  if (replacementModule.includes('.') || followed.replacement.slice(replacementDot + 1) !== attribute) return undefined;
  if ((OBJECT_PATCHERS.test(name) || monkeypatch) && args[0] && context.qualifiedName(args[0]) === module && args[1]?.type === 'string' && stringValue(args[1]) === attribute) {
    if (!importable(context, replacementModule, replacementModule)) return undefined;
    const quote = args[1].text.at(-1);
    return { text: `${patcher}(${replacementModule}, ${quote}${attribute}${quote}, ${followed.standIn})`, imports: [{ module: replacementModule }] };
  }
  return undefined;
}

/**
 * Where the patch is written: a decorator of a def or class (the new one goes above it), a `with`
 * item (after it), or a `monkeypatch.setattr(...)` statement, in force to the end of the test (the
 * new one goes on the next line).
 */
function placeOf(call: SyntaxNode): Place | undefined {
  const written = patchStatementOf(call);
  if (!written) {
    const statement = call.parent;
    if (call.childForFieldName('function')?.text !== MONKEYPATCH_SETATTR || statement?.type !== 'expression_statement' || statement.parent?.type !== 'block') return undefined;
    return { kind: 'statement', at: statement.endIndex, scopeNode: call, statement };
  }
  const { statement, part } = written;
  if (part.type === 'with_item') return { kind: 'with', at: part.endIndex, scopeNode: call, statement };
  // On a class, unittest's patch holds for each of its tests.
  const definition = statement.childForFieldName('definition');
  if (definition?.type !== 'function_definition' && definition?.type !== 'class_definition') return undefined;
  return { kind: 'decorator', at: part.startIndex, scopeNode: definition.childForFieldName('name')!, statement };
}

interface Place {
  kind: 'decorator' | 'with' | 'statement';
  /** Where the new patch goes: before the decorator, after the `with` item, after the statement. */
  at: number;
  /** A node in the function whose tests the patch serves. */
  scopeNode: SyntaxNode;
  /** The decorated definition or `with` statement: it holds the patches that go together. */
  statement: SyntaxNode;
}

/** Whether a decorator or item of the statement patches the replacement already (a second run). */
function patchesAlready(statement: SyntaxNode, replacement: string): boolean {
  if (statement.type === 'expression_statement') {
    let following = statement.nextNamedSibling;
    while (following?.type === 'comment') following = following.nextNamedSibling;
    const next = following?.text ?? '';
    const dot = replacement.lastIndexOf('.');
    return next.startsWith(`${MONKEYPATCH_SETATTR}(`) && (next.includes(`'${replacement}'`) || next.includes(`"${replacement}"`)
      || new RegExp(`^${escapeRegExp(MONKEYPATCH_SETATTR)}\\(\\s*${escapeRegExp(replacement.slice(0, dot))}\\s*,\\s*(['"])${escapeRegExp(replacement.slice(dot + 1))}\\1`).test(next));
  }
  const parts = statement.type === 'with_statement' ? statement.namedChildren.find((child) => child.type === 'with_clause')?.namedChildren ?? []
    : statement.namedChildren.filter((child) => child.type === 'decorator');
  const patched = new RegExp(`^\\s*@?\\s*[\\w.]+\\(\\s*(['"])${escapeRegExp(replacement)}\\1`);
  return parts.some((part) => patched.test(part.text));
}

/** A name the module leaves free for an import, or binds to that very thing already (the importer then adds nothing). */
function importable(context: TransformContext, name: string, qualified: string): boolean {
  if (!new RegExp(`\\b${name}\\b`).test(context.source.text)) return true;
  const isAttributeName = (node: SyntaxNode) => node.parent?.type === 'attribute' && node.parent.childForFieldName('attribute')?.startIndex === node.startIndex;
  const written = context.root.descendantsOfType('identifier').filter((node) => node.text === name && !isAttributeName(node) && node.parent?.type !== 'keyword_argument');
  return written.every((node) => context.qualifiedName(node) === qualified);
}
