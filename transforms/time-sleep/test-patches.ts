/**
 * Tests that stand in for `time.sleep` (to skip the wait, count the sleeps, or end a retry loop with
 * an exception) stand in for `asyncio.sleep` the same way, alongside: the code that now awaits
 * `asyncio.sleep` meets the same stand-in, and the code that still calls `time.sleep` the old one.
 *
 *     @patch('time.sleep', Mock(side_effect=Stop))    →   @patch('asyncio.sleep', AsyncMock(side_effect=Stop))
 *                                                         @patch('time.sleep', Mock(side_effect=Stop))
 *
 *     with patch('time.sleep') as sleep:              →   with patch('time.sleep') as sleep, patch('asyncio.sleep', AsyncMock(side_effect=sleep)):
 *
 * A stand-in with a name gets an awaitable one that calls it, so one mock still sees every sleep, in
 * order. An anonymous `Mock(...)` gets an `AsyncMock(...)` with the same arguments when they hold
 * nothing the two would share out between them (`side_effect=[1, 2]` is consumed call by call).
 * Other forms — a mock injected as a test's argument, a patcher started in `setUp`, a target reached
 * through a module (`pkg.mod.time.sleep`, whose `import time` the migration may drop) — are left as
 * they are, and the self-check keeps the conversions those tests reach (AS120).
 */
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Site } from '../../src/plan/edits.js';
import type { TransformContext } from '../define-transform.js';

const PATCHERS = /^(unittest\.mock|mock)\.patch$/;
const SYNC_MOCKS = /^(unittest\.mock|mock)\.(Mock|MagicMock)$/;
/** Patch targets whose conversion calls another name, patched alongside: what the self-check then lets through. */
export const FOLLOWED_PATCHES: Readonly<Record<string, string>> = { 'time.sleep': 'asyncio.sleep' };

export function followTimeSleepPatches(context: TransformContext): Site[] {
  if (!asyncMockImportable(context)) return [];
  const sites: Site[] = [];
  for (const call of context.calls) {
    if (!PATCHERS.test(call.qualifiedName ?? '')) continue;
    const args = call.node.childForFieldName('arguments')?.namedChildren ?? [];
    const target = args[0];
    if (target?.type !== 'string' || stringValue(target) !== 'time.sleep') continue;
    const place = placeOf(call.node);
    if (!place || patchesAsyncioSleep(place.statement)) continue;
    const standIn = awaitableStandIn(args.slice(1), place.boundTo, context.qualifiedName, context.source.text);
    if (!standIn) continue;
    const patcher = call.node.childForFieldName('function')!.text;
    const quote = target.text.at(-1);
    const sibling = `${patcher}(${quote}${FOLLOWED_PATCHES['time.sleep']}${quote}, ${standIn})`;
    const scope = context.scopeOf(place.scopeNode);
    if (!scope) continue;
    sites.push({
      transform: 'time-sleep',
      scope,
      line: call.site.line,
      awaitCall: false,
      seed: false,
      // A test that stays sync still reaches the converted sleeps through code that runs a loop.
      follows: 'time-sleep',
      edits: [place.kind === 'decorator'
        ? { start: place.at, end: place.at, text: `@${sibling}\n${context.source.text.slice(lineStart(context.source.text, place.at), place.at)}` }
        : { start: place.at, end: place.at, text: `, ${sibling}` }],
      imports: [{ from: 'unittest.mock', name: 'AsyncMock' }],
      review: {
        code: 'AS202',
        message: `the test's stand-in for time.sleep now stands in for asyncio.sleep too (${sibling}): while the test runs, every coroutine that sleeps meets it`,
      },
    });
  }
  return sites;
}

/** Where the patch is written: a decorator of a def (the new one goes above it), or a `with` item (after it). */
function placeOf(call: SyntaxNode): Place | undefined {
  const parent = call.parent;
  if (parent?.type === 'decorator') {
    const definition = parent.parent?.childForFieldName('definition');
    if (definition?.type !== 'function_definition') return undefined;
    return { kind: 'decorator', at: parent.startIndex, scopeNode: definition.childForFieldName('name')!, statement: parent.parent! };
  }
  const item = parent?.type === 'as_pattern' ? parent.parent : parent;
  const statement = item?.parent?.parent;
  if (item?.type !== 'with_item' || statement?.type !== 'with_statement') return undefined;
  const target = parent!.type === 'as_pattern' ? parent!.namedChildren.find((child) => child.type === 'as_pattern_target')?.namedChildren[0] : undefined;
  return { kind: 'with', at: item.endIndex, scopeNode: call, statement, boundTo: target?.type === 'identifier' ? target.text : undefined };
}

interface Place {
  kind: 'decorator' | 'with';
  /** Where the new patch goes: before the decorator, after the `with` item. */
  at: number;
  /** A node in the function whose tests the patch serves. */
  scopeNode: SyntaxNode;
  /** The decorated definition or `with` statement: it holds the patches that go together. */
  statement: SyntaxNode;
  /** The name a `with` item binds the stand-in to. */
  boundTo?: string;
}

/** Whether a decorator or item of the statement patches asyncio.sleep already (a second run). */
function patchesAsyncioSleep(statement: SyntaxNode): boolean {
  const parts = statement.type === 'with_statement' ? statement.namedChildren.find((child) => child.type === 'with_clause')?.namedChildren ?? []
    : statement.namedChildren.filter((child) => child.type === 'decorator');
  return parts.some((part) => /^\s*@?\s*[\w.]+\(\s*(['"])asyncio\.sleep\1/.test(part.text));
}

/**
 * The awaitable stand-in for the patch's `new` (or for the mock it binds with `as`): one that calls
 * the sync stand-in by name, or an `AsyncMock` with an anonymous `Mock`'s own arguments.
 */
function awaitableStandIn(rest: SyntaxNode[], boundTo: string | undefined, qualifiedName: TransformContext['qualifiedName'], text: string): string | undefined {
  if (boundTo) return `AsyncMock(side_effect=${boundTo})`;
  const newArgument = rest.find((arg) => arg.type !== 'keyword_argument')
    ?? rest.find((arg) => arg.childForFieldName('name')?.text === 'new')?.childForFieldName('value');
  if (!newArgument) return undefined; // injected into the test as an argument: nothing here can name it
  if (newArgument.type === 'identifier') return `AsyncMock(side_effect=${newArgument.text})`;
  if (newArgument.type !== 'call' || !SYNC_MOCKS.test(qualifiedName(newArgument.childForFieldName('function')!) ?? '')) return undefined;
  const mockArgs = newArgument.childForFieldName('arguments');
  if (!mockArgs || !mockArgs.namedChildren.every(isStateless)) return undefined;
  return `AsyncMock${text.slice(mockArgs.startIndex, mockArgs.endIndex)}`;
}

/**
 * A mock argument two mocks can each hold without splitting it: an exception to raise (a class or a
 * call of one, named in CapWords), or a plain value to return. Sequences are consumed call by call.
 */
function isStateless(argument: SyntaxNode): boolean {
  if (argument.type === 'comment') return true;
  if (argument.type !== 'keyword_argument') return false;
  const name = argument.childForFieldName('name')?.text;
  const value = argument.childForFieldName('value');
  if (!value) return false;
  if (name === 'side_effect') {
    const raised = value.type === 'call' && (value.childForFieldName('arguments')?.namedChildren ?? []).every(isLiteral)
      ? value.childForFieldName('function')! : value;
    return (raised.type === 'identifier' || raised.type === 'attribute') && /^[A-Z]\w*$/.test(raised.text.split('.').at(-1)!);
  }
  return name === 'return_value' && isLiteral(value);
}

function isLiteral(node: SyntaxNode): boolean {
  return ['integer', 'float', 'string', 'true', 'false', 'none'].includes(node.type)
    || (node.type === 'unary_operator' && isLiteral(node.namedChildren[0]!));
}

/** `AsyncMock` is free to import from unittest.mock, or imported from there already (the importer then adds nothing). */
function asyncMockImportable(context: TransformContext): boolean {
  if (!/\bAsyncMock\b/.test(context.source.text)) return true;
  const written = context.root.descendantsOfType('identifier').find((node) => node.text === 'AsyncMock');
  return !!written && context.qualifiedName(written) === 'unittest.mock.AsyncMock';
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
