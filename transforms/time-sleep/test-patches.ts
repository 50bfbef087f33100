/**
 * Tests that stand in for `time.sleep` (to skip the wait, count the sleeps, or end a retry loop with
 * an exception) stand in for `asyncio.sleep` too, alongside: an awaitable stand-in that calls
 * whatever `time.sleep` is while the test runs, that is the test's own stand-in. One mock still sees
 * every sleep, in order, converted or not, however the test made it (a `Mock(...)`, a mock injected
 * as an argument, one bound with `as`):
 *
 *     @patch('time.sleep')                         →   @patch('asyncio.sleep', AsyncMock(side_effect=lambda delay, result=None: time.sleep(delay)))
 *     def test_retries(self, sleep):                    @patch('time.sleep')
 *                                                       async def test_retries(self, sleep):
 *
 *     with patch('time.sleep', Mock()):            →   with patch('time.sleep', Mock()), patch('asyncio.sleep', AsyncMock(side_effect=...)):
 *
 * Only patches that hold for a whole definition or `with` block are followed: a patcher started in
 * `setUp`, or a target reached through a module (`pkg.mod.time.sleep`, whose `import time` the
 * migration may drop), is left as it is, and the self-check keeps the conversions those tests reach
 * (AS120).
 */
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { ImportRequest, Site } from '../../src/plan/edits.js';
import type { TransformContext } from '../define-transform.js';

const PATCHERS = /^(unittest\.mock|mock)\.patch$/;
const OBJECT_PATCHERS = /^(unittest\.mock|mock)\.patch\.object$/;
/** Patch targets whose conversion calls another name, patched alongside: what the self-check then lets through. */
export const FOLLOWED_PATCHES: Readonly<Record<string, string>> = { 'time.sleep': 'asyncio.sleep' };
/** Awaited like asyncio.sleep, and calling time.sleep as it is when called: the test's stand-in. */
const STAND_IN = 'AsyncMock(side_effect=lambda delay, result=None: time.sleep(delay))';

export function followTimeSleepPatches(context: TransformContext): Site[] {
  if (!importable(context, 'AsyncMock', 'unittest.mock.AsyncMock') || !importable(context, 'time', 'time')) return [];
  const sites: Site[] = [];
  for (const call of context.calls) {
    const sibling = siblingPatch(call.node, call.qualifiedName ?? '', context);
    if (!sibling) continue;
    const place = placeOf(call.node);
    if (!place || patchesAsyncioSleep(place.statement)) continue;
    const indent = context.source.text.slice(lineStart(context.source.text, place.at), place.at);
    sites.push({
      transform: 'time-sleep',
      scope: context.scopeOf(place.scopeNode),
      line: call.site.line,
      awaitCall: false,
      seed: false,
      // A test that stays sync still reaches the converted sleeps through code that runs a loop.
      follows: 'time-sleep',
      edits: [place.kind === 'decorator' ? { start: place.at, end: place.at, text: `@${sibling.text}\n${indent}` } : { start: place.at, end: place.at, text: `, ${sibling.text}` }],
      imports: [{ from: 'unittest.mock', name: 'AsyncMock' }, { module: 'time' }, ...sibling.imports],
    });
  }
  // One review item says it for the module: the stand-ins come and go together (Site.follows).
  if (sites.length > 0) {
    const which = sites.length === 1 ? 'the test\'s stand-in for time.sleep stands in for asyncio.sleep too, through an AsyncMock that calls it'
      : `the ${sites.length} stand-ins for time.sleep in this module (lines ${sites.map((site) => site.line).join(', ')}) stand in for asyncio.sleep too, through AsyncMocks that call them`;
    sites[0].review = { code: 'AS202', message: `${which}: while a test runs, every coroutine that sleeps meets its stand-in` };
  }
  return sites;
}

/** `patch('asyncio.sleep', ...)` beside `patch('time.sleep', ...)`, `patch.object(asyncio, 'sleep', ...)` beside `patch.object(time, 'sleep', ...)`. */
function siblingPatch(call: SyntaxNode, name: string, context: TransformContext): { text: string; imports: ImportRequest[] } | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const patcher = call.childForFieldName('function')!.text;
  if (PATCHERS.test(name) && args[0]?.type === 'string' && stringValue(args[0]) === 'time.sleep') {
    const quote = args[0].text.at(-1);
    return { text: `${patcher}(${quote}${FOLLOWED_PATCHES['time.sleep']}${quote}, ${STAND_IN})`, imports: [] };
  }
  if (OBJECT_PATCHERS.test(name) && args[0] && context.qualifiedName(args[0]) === 'time' && args[1]?.type === 'string' && stringValue(args[1]) === 'sleep') {
    if (!importable(context, 'asyncio', 'asyncio')) return undefined;
    const quote = args[1].text.at(-1);
    return { text: `${patcher}(asyncio, ${quote}sleep${quote}, ${STAND_IN})`, imports: [{ module: 'asyncio' }] };
  }
  return undefined;
}

/** Where the patch is written: a decorator of a def (the new one goes above it), or a `with` item (after it). */
function placeOf(call: SyntaxNode): Place | undefined {
  const parent = call.parent;
  if (parent?.type === 'decorator') {
    // On a class, unittest's patch holds for each of its tests.
    const definition = parent.parent?.childForFieldName('definition');
    if (definition?.type !== 'function_definition' && definition?.type !== 'class_definition') return undefined;
    return { kind: 'decorator', at: parent.startIndex, scopeNode: definition.childForFieldName('name')!, statement: parent.parent! };
  }
  const item = parent?.type === 'as_pattern' ? parent.parent : parent;
  const statement = item?.parent?.parent;
  if (item?.type !== 'with_item' || statement?.type !== 'with_statement') return undefined;
  return { kind: 'with', at: item.endIndex, scopeNode: call, statement };
}

interface Place {
  kind: 'decorator' | 'with';
  /** Where the new patch goes: before the decorator, after the `with` item. */
  at: number;
  /** A node in the function whose tests the patch serves. */
  scopeNode: SyntaxNode;
  /** The decorated definition or `with` statement: it holds the patches that go together. */
  statement: SyntaxNode;
}

/** Whether a decorator or item of the statement patches asyncio.sleep already (a second run). */
function patchesAsyncioSleep(statement: SyntaxNode): boolean {
  const parts = statement.type === 'with_statement' ? statement.namedChildren.find((child) => child.type === 'with_clause')?.namedChildren ?? []
    : statement.namedChildren.filter((child) => child.type === 'decorator');
  return parts.some((part) => /^\s*@?\s*[\w.]+\(\s*(['"])asyncio\.sleep\1/.test(part.text));
}

/** A name the module leaves free for an import, or binds to that very thing already (the importer then adds nothing). */
function importable(context: TransformContext, name: string, qualified: string): boolean {
  if (!new RegExp(`\\b${name}\\b`).test(context.source.text)) return true;
  const isAttributeName = (node: SyntaxNode) => node.parent?.type === 'attribute' && node.parent.childForFieldName('attribute')?.startIndex === node.startIndex;
  const written = context.root.descendantsOfType('identifier').filter((node) => node.text === name && !isAttributeName(node) && node.parent?.type !== 'keyword_argument');
  return written.every((node) => context.qualifiedName(node) === qualified);
}

/** The text of a plain string literal (no prefix, no interpolation), else undefined. */
function stringValue(node: SyntaxNode): string | undefined {
  const parts = node.namedChildren.filter((child) => child.type !== 'string_start' && child.type !== 'string_end');
  if (!/^['"]/.test(node.text) || parts.some((part) => part.type !== 'string_content')) return undefined;
  return parts.map((part) => part.text).join('');
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}
