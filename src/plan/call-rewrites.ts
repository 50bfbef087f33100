import type { AssertedCall } from '../analyze/callable-assertions.js';
import type { CallSite, Span } from '../analyze/model.js';
import type { Edit } from './edits.js';

/**
 * The edits that make one call site async-correct, by the shape of its use. Each returns plain range
 * edits; nothing here reads a tree. `text` is the module source, for the few shapes that need to look
 * at a character next to a span.
 */

const ITEM = '_item';

/** `f(x)` → `await f(x)`, or `(await f(x))` where a trailer follows or an `await` precedes. */
export function awaitCall(site: CallSite): Edit[] {
  const nest = site.span.end - site.span.start;
  if (!site.needsParens) return [{ start: site.span.start, end: site.span.start, text: 'await ', order: 20, nest, role: 'open' }];
  return [
    { start: site.span.start, end: site.span.start, text: '(await ', order: 20, nest, role: 'open' },
    { start: site.span.end, end: site.span.end, text: ')', order: 20, nest, role: 'close' },
  ];
}

/** `obj.m(x)` → `await _await_if_awaitable(obj.m(x))`, or in parentheses where a trailer follows. */
export function awaitIfAwaitable(site: CallSite): Edit[] {
  const nest = site.span.end - site.span.start;
  return [
    { start: site.span.start, end: site.span.start, text: `${site.needsParens ? '(' : ''}await _await_if_awaitable(`, order: 20, nest, role: 'open' },
    { start: site.span.end, end: site.span.end, text: site.needsParens ? '))' : ')', order: 20, nest, role: 'close' },
  ];
}

/** `f(a, b)` → `await asyncio.to_thread(f, a, b)`: the one bridge, for pinned and blocking calls. */
export function bridgeCall(site: CallSite, text: string, wrapResult?: string): Edit[] {
  const nest = site.span.end - site.span.start;
  const open = site.argsSpan.start;
  const emptyArguments = /^\(\s*\)$/.test(text.slice(site.argsSpan.start, site.argsSpan.end));
  const head = wrapResult ? `asyncio.to_thread(${wrapResult}, ` : 'asyncio.to_thread(';
  const edits: Edit[] = [
    { start: site.span.start, end: site.span.start, text: `${site.needsParens ? '(' : ''}await ${head}`, order: 10, nest, role: 'open' },
  ];
  if (wrapResult) {
    // `g(x)` stays a call (it only builds the generator); the thread drains it with `list`.
    edits.push({ start: site.span.end, end: site.span.end, text: site.needsParens ? '))' : ')', order: 10, nest, role: 'close' });
    return edits;
  }
  // `f(\n    a,` → `to_thread(f,\n    a,`: no trailing space before the line break.
  const argumentsOnNextLine = /^\(\s*\n/.test(text.slice(open, site.argsSpan.end));
  edits.push({ start: open, end: open + 1, text: emptyArguments ? '' : argumentsOnNextLine ? ',' : ', ' });
  if (emptyArguments) {
    // `f()` → `asyncio.to_thread(f)`: the call's own `)` closes to_thread.
    const close = site.argsSpan.end - 1;
    edits.push({ start: open + 1, end: close, text: '' });
  }
  if (site.needsParens) edits.push({ start: site.span.end, end: site.span.end, text: ')', order: 10, nest, role: 'close' });
  return edits.filter((edit) => edit.end > edit.start || edit.text !== '');
}

/** Consumers that drain what they are given before they return: the whole draining can happen in a thread. */
const DRAINING_CONSUMERS = new Set(['list', 'tuple', 'set', 'frozenset', 'sorted', 'sum', 'min', 'max', 'any', 'all', 'dict', 'join']);

type ConsumerArgument = Extract<CallSite['usage'], { kind: 'consumer-arg' }>;

/**
 * Iterated where `await asyncio.to_thread(list, g())` may stand instead: a `for` loop, a list, set or
 * dict comprehension (async ones in an async function), or the first iterable of a generator
 * expression (evaluated in the enclosing function; an await anywhere else would make it an async
 * generator expression, which `sorted(...)` cannot take); also as a branch of a conditional
 * expression iterated there (`for v in (g() if c else items):`).
 */
export function drainableInThread(usage: CallSite['usage']): boolean {
  return usage.kind === 'for-iter' || (usage.kind === 'comprehension-iter' && (usage.outermost || usage.comprehensionKind !== 'generator'))
    || (usage.kind === 'iterated-branch' && usage.drainable);
}

/** `tuple(g())`, `sorted(g())`, `", ".join(g())`: a builtin consumer (or a string's join) that drains the generator it takes alone. */
export function drainsWhatItTakes(usage: ConsumerArgument, text: string): boolean {
  const callee = text.slice(usage.consumerCallee.start, usage.consumerCallee.end);
  return usage.soleArgument && DRAINING_CONSUMERS.has(usage.consumer) && (callee === usage.consumer || usage.consumer === 'join');
}

/**
 * `tuple(g(x))` → `await asyncio.to_thread(tuple, g(x))`: a generator that stays sync and blocks,
 * drained by a consumer that takes it alone. `g(x)` only builds the generator; the thread runs its
 * body as the consumer drains it, as the consumer did before, and hands back the same result. The
 * consumer's call is bridged as any call is.
 */
export function bridgeDrainingConsumer(site: CallSite, usage: ConsumerArgument, text: string): Edit[] {
  const { consumerCall, consumerCallee } = usage;
  const argsSpan = { start: text.indexOf('(', consumerCallee.end), end: consumerCall.end };
  // `await` binds looser than a trailer: `tuple(g())[0]` needs `(await ...)[0]`.
  const needsParens = /^\s*[.[(]/.test(text.slice(consumerCall.end, consumerCall.end + 80));
  return bridgeCall({ ...site, span: consumerCall, calleeSpan: consumerCallee, argsSpan, needsParens }, text);
}

/**
 * `f(a, b)` → `await asyncio.to_thread(lambda: f(a, b))`: the call stays whole, so a type checker
 * resolves it as written (an overloaded `f` whose declaration is redefined is not resolved through
 * `to_thread`'s ParamSpec). Only where it must: a type checker reads a captured name the function
 * assigns again as its declared type, not as narrowed where the call stands.
 */
export function bridgeCallInLambda(site: CallSite): Edit[] {
  const nest = site.span.end - site.span.start;
  const parens = site.needsParens;
  return [
    { start: site.span.start, end: site.span.start, text: `${parens ? '(' : ''}await asyncio.to_thread(lambda: `, order: 10, nest, role: 'open' },
    { start: site.span.end, end: site.span.end, text: parens ? '))' : ')', order: 10, nest, role: 'close' },
  ];
}

/**
 * `self.assertRaises(E, f, a)` → `with self.assertRaises(E):` and, on the next line, `await f(a)`.
 * Only the separators between the arguments change (they hold nothing but commas and white space),
 * so edits inside the arguments (a renamed exception class) still apply.
 */
export function assertionAsWith(usage: AssertedCall, text: string): Edit[] {
  const bodyIndent = usage.indent + (usage.indent.includes('\t') ? '\t' : '    ');
  const last = usage.gaps.length - 1;
  const separator = (gap: number): string => {
    if (gap === usage.callableAt) return `):\n${bodyIndent}await `;
    // The assertion's own `)` closes the call after the last argument.
    if (gap === usage.callableAt + 1) return '(';
    return gap === 0 || gap === last ? '' : ', ';
  };
  const edits: Edit[] = [{ start: usage.statementStart, end: usage.statementStart, text: 'with ' }];
  usage.gaps.forEach((gap, position) => {
    const replacement = separator(position);
    if (text.slice(gap.start, gap.end) !== replacement) edits.push({ ...gap, text: replacement });
  });
  return edits;
}

/**
 * `self.assertRaises(E, f, a)` where `f` stays sync and blocks: the whole assertion runs in a thread,
 * `await asyncio.to_thread(self.assertRaises, E, f, a)`. A `with` form calling
 * `asyncio.to_thread(f, a)` would hand `a` to a type checker as `f`'s argument, which the assertion's
 * `*args: Any` never did (a test passing a wrong type on purpose gains an error).
 */
export function bridgeAssertion(site: CallSite, usage: AssertedCall, text: string): Edit[] {
  // The assertion is the statement's whole expression: it is bridged as any call is.
  const open = usage.gaps[0].start - 1;
  const end = usage.gaps[usage.gaps.length - 1].end + 1;
  const assertion = { start: usage.statementStart, end };
  return bridgeCall({ ...site, span: assertion, calleeSpan: { start: assertion.start, end: open }, argsSpan: { start: open, end }, needsParens: false }, text);
}

/** `if __name__ == "__main__": main()` → `asyncio.run(main())`, or through another runner. */
export function runAtEntry(site: CallSite, runner = 'asyncio.run'): Edit[] {
  const nest = site.span.end - site.span.start;
  return [
    { start: site.span.start, end: site.span.start, text: `${runner}(`, order: 10, nest, role: 'open' },
    { start: site.span.end, end: site.span.end, text: ')', order: 10, nest, role: 'close' },
  ];
}

/** A call whose result is now an async generator: each way of consuming it gets its async form. */
export function consumeAsyncGenerator(site: CallSite, text: string): { edits: Edit[]; unrolledYieldFrom?: boolean } {
  const usage = site.usage;
  switch (usage.kind) {
    case 'for-iter':
      return { edits: [asyncKeyword(usage.forKeyword)] };
    // The other branch is sync: the async one is collected where it stands, as a `for` would drain it.
    case 'iterated-branch':
      return { edits: usage.drainable ? collectFirst(site.span) : [] };
    case 'comprehension-iter': {
      const edits = [asyncKeyword(usage.forKeyword)];
      if (usage.comprehensionKind === 'generator') edits.push(...generatorToList(usage.comprehension, text));
      return { edits };
    }
    case 'consumer-arg': {
      const { consumer, consumerCall, consumerCallee } = usage;
      if (consumer === 'iter') return { edits: [{ ...consumerCallee, text: 'aiter' }] };
      const openParen = text.indexOf('(', consumerCallee.end);
      const listed: Record<string, [string, string]> = { list: ['[', ']'], set: ['{', '}'] };
      const brackets = usage.soleArgument ? listed[consumer] : undefined;
      if (brackets && openParen === consumerCallee.end) {
        return {
          edits: [
            { start: consumerCall.start, end: openParen + 1, text: `${brackets[0]}${ITEM} async for ${ITEM} in ` },
            { start: consumerCall.end - 1, end: consumerCall.end, text: brackets[1] },
          ],
        };
      }
      return { edits: collectFirst(site.span) };
    }
    case 'next': {
      const edits: Edit[] = [
        { start: usage.nextCallee.start, end: usage.nextCallee.end, text: 'anext' },
        ...awaitCall({ ...site, span: usage.nextCall, needsParens: /^[.[(]/.test(text.slice(usage.nextCall.end)) }),
      ];
      return { edits };
    }
    case 'yield-from': {
      const indent = usage.indent;
      return {
        edits: [
          { start: usage.statement.start, end: site.span.start, text: `async for ${ITEM} in ` },
          { start: site.span.end, end: site.span.end, text: `:\n${indent}    yield ${ITEM}`, order: 90 },
        ],
        unrolledYieldFrom: true,
      };
    }
    default:
      return { edits: [] };
  }
}

/** `g()` handed to a sync consumer → `[_item async for _item in g()]`. */
function collectFirst(call: Span): Edit[] {
  const nest = call.end - call.start;
  return [
    { start: call.start, end: call.start, text: `[${ITEM} async for ${ITEM} in `, order: 15, nest, role: 'open' },
    { start: call.end, end: call.end, text: ']', order: 15, nest, role: 'close' },
  ];
}

/** `sum(x for x in g)` → `sum([x for x in g])`: an async generator expression cannot be summed. */
export function generatorToList(genexp: Span, text: string): Edit[] {
  const ownsCallParens = text[genexp.start] === '(' && text[genexp.end - 1] === ')';
  if (!ownsCallParens) return [];
  const callArguments = isCallArgumentList(genexp, text);
  return callArguments
    ? [
      { start: genexp.start, end: genexp.start + 1, text: '([' },
      { start: genexp.end - 1, end: genexp.end, text: '])' },
    ]
    : [
      { start: genexp.start, end: genexp.start + 1, text: '[' },
      { start: genexp.end - 1, end: genexp.end, text: ']' },
    ];
}

/** `sum(x for x in y)`: the generator's parentheses are the call's own when a name precedes them. */
function isCallArgumentList(genexp: Span, text: string): boolean {
  const before = text.slice(Math.max(0, genexp.start - 1), genexp.start);
  return /[\w)\]]/.test(before);
}

export function asyncKeyword(index: number): Edit {
  return { start: index, end: index, text: 'async ', order: 0, key: `async@${index}` };
}
