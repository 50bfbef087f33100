/**
 * Thread-bound objects (sqlite3 connections, archives, SMTP/FTP sessions, http.client connections)
 * moved whole into ONE `asyncio.to_thread` call: consecutive to_thread calls may run on different
 * worker threads, and a sqlite3 connection refuses use from any thread but its own.
 *
 *     with zipfile.ZipFile(path) as archive:          def _with_block_5():
 *         names = archive.namelist()          →           with zipfile.ZipFile(path) as archive:
 *     return names                                            names = archive.namelist()
 *                                                         return names
 *                                                     names = await asyncio.to_thread(_with_block_5)
 *                                                     return names
 *
 * Two shapes move: the `with` block the object opens (also through `contextlib.closing(...)`), and
 * the statements from `conn = sqlite3.connect(p)` to `conn.close()` when they are consecutive
 * statements of one block (the close may sit inside one of them, as in `try: … finally:
 * conn.close()`). The object, and what stays bound to it (a cursor, an open archive member), must
 * not leave the block: not read after it, not stored, returned, yielded or captured by a lambda.
 * The block itself must be movable (see shared/block-bridge.ts). Anything else stays on the loop,
 * reported (AS701). A block that calls project code which turns async gives way to it: the engine
 * withdraws the bridge and the call is awaited as before (see `Site.givesWayToAwaits`).
 */
import { span } from '../../src/analyze/call-usage.js';
import type { Span } from '../../src/analyze/model.js';
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Site } from '../../src/plan/edits.js';
import type { CallInContext, TransformContext } from '../define-transform.js';
import { fileBlocks, openKind, TRANSFORM_ID as OPEN_AIOFILES } from '../open-aiofiles/file-blocks.js';
import { bridgeStatements, enclosingFunction } from '../shared/block-bridge.js';
import { bindings, inNestedScope, variableMentions } from '../shared/block-names.js';
import { reviewSite, siteAt } from '../site-builders.js';
import { lookup, type Entry, type Session } from './catalogue.js';

const ID = 'to-thread';

export interface SessionCall {
  call: CallInContext;
  entry: Entry & { session: Session };
}

/** What may move: a with statement, or a run of sibling statements from the constructor to the close. */
interface Candidate {
  statements: SyntaxNode[];
  region: Span;
  calls: SessionCall[];
  /** The names the object is bound to in the block. */
  names: string[];
  helperBase: string;
  refused?: string;
}

/** Methods that keep their argument beyond the call. */
const STORING = new Set(['append', 'appendleft', 'add', 'extend', 'insert', 'put', 'put_nowait', 'setdefault', 'update', 'setattr']);
/** Where a value is used up in place (read, iterated, passed to a call, compared). */
const CONSUMING_PARENTS = new Set(['expression_statement', 'comparison_operator', 'not_operator', 'with_item', 'as_pattern_target', 'delete_statement', 'if_statement', 'while_statement', 'elif_clause']);

export function sessionSites(context: TransformContext, found: readonly SessionCall[]): Site[] {
  const sites: Site[] = [];
  const candidates = collectCandidates(context, found, sites);
  candidates.sort((a, b) => a.region.start - b.region.start || b.region.end - a.region.end);
  const fileBridges = context.enabled.has(OPEN_AIOFILES) ? fileBlocks(context).filter((block) => block.site.syncRegion).map((block) => block.region) : [];
  const moved: Span[] = [];
  for (const candidate of candidates) {
    const within = (outer: Span) => outer.start <= candidate.region.start && candidate.region.end <= outer.end;
    // Already in a thread with an enclosing block: nothing to do while that one moves.
    if (moved.some(within) || fileBridges.some(within)) {
      sites.push(...candidate.calls.map(({ call, entry }) => reviewSite(ID, call, 'AS701', entry.note!)));
      continue;
    }
    const others = [...candidates.filter((other) => other !== candidate).map((other) => other.region), ...fileBridges];
    const result = candidate.refused ? { refused: candidate.refused } : bridgeSession(context, candidate, others, fileBridges);
    const { what } = candidate.calls[0].entry.session;
    if ('refused' in result) {
      sites.push(...candidate.calls.map(({ call, entry }) => reviewSite(ID, call, 'AS701', `the ${entry.session.what} stays on the event loop: ${result.refused}`)));
      continue;
    }
    moved.push(candidate.region);
    const { call } = candidate.calls[0];
    sites.push(siteAt(ID, call, {
      edits: result.edits,
      imports: [{ module: 'asyncio' }],
      bridge: true,
      syncRegion: candidate.region,
      givesWayToAwaits: true,
      review: { code: 'AS703', message: `the block that uses this ${what} now runs in a worker thread (asyncio.to_thread): check that it does not touch state shared with the event loop` },
    }));
    // Reported instead when the bridge is withdrawn (the engine skips them inside an applied region).
    sites.push(...candidate.calls.map(({ call, entry }) => reviewSite(ID, call, 'AS701', entry.note!)));
  }
  return sites;
}

function collectCandidates(context: TransformContext, found: readonly SessionCall[], sites: Site[]): Candidate[] {
  const byStatement = new Map<number, Candidate>();
  const runs: Candidate[] = [];
  for (const sessionCall of found) {
    const { call, entry } = sessionCall;
    const item = withItemOf(context, call);
    if (item) {
      const statement = item.statement;
      const candidate = byStatement.get(statement.startIndex)
        ?? byStatement.set(statement.startIndex, { statements: [statement], region: span(statement), calls: [], names: [], helperBase: '_with_block' }).get(statement.startIndex)!;
      candidate.calls.push(sessionCall);
      if (item.target && item.target.type !== 'identifier') candidate.refused ??= `it is bound to \`${item.target.text}\`, not a plain name`;
      else if (item.target) candidate.names.push(item.target.text);
      continue;
    }
    const run = connectCloseRun(call, entry.session);
    if (!run) {
      sites.push(reviewSite(ID, call, 'AS701', entry.note!));
    } else if ('refused' in run) {
      sites.push(reviewSite(ID, call, 'AS701', `the ${entry.session.what} stays on the event loop: ${run.refused}`));
    } else {
      const region = { start: run.statements[0].startIndex, end: run.statements[run.statements.length - 1].endIndex };
      runs.push({ statements: run.statements, region, calls: [sessionCall], names: [run.name], helperBase: '_thread_block' });
    }
  }
  for (const candidate of byStatement.values()) {
    const items = candidate.statements[0].namedChildren.find((child) => child.type === 'with_clause')!.namedChildren;
    const opensFile = items.some((withItem) => withItem.descendantsOfType('call').some((node) => {
      const call = context.calls.find((candidateCall) => candidateCall.node.startIndex === node.startIndex && candidateCall.node.endIndex === node.endIndex);
      return call && openKind(call);
    }));
    // open-aiofiles owns a with statement that opens a file: it moves it whole into a thread, or reports it.
    if (opensFile && context.enabled.has(OPEN_AIOFILES)) candidate.refused ??= 'its with statement also opens a file, which open-aiofiles handles';
  }
  return [...byStatement.values(), ...runs];
}

function bridgeSession(context: TransformContext, candidate: Candidate, others: Span[], fileBridges: Span[]): { edits: Site['edits'] } | { refused: string } {
  const { session } = candidate.calls[0].entry;
  const region = candidate.region;
  const inside = (node: SyntaxNode) => region.start <= node.startIndex && node.endIndex <= region.end;
  if (fileBridges.some((file) => region.start <= file.start && file.end <= region.end)) {
    return { refused: 'the block cannot run in a thread: it holds a with block that open-aiofiles runs in a thread of its own' };
  }
  const converted = context.calls.filter((call) => inside(call.node)).find((call) => {
    const entry = call.qualifiedName ? lookup(call.qualifiedName, []) : undefined;
    return entry?.convertsObject && entry.owner && context.enabled.has(entry.owner);
  });
  if (converted) return { refused: `the block cannot run in a thread: it uses \`${converted.node.text}\`, whose object ${lookup(converted.qualifiedName!, [])!.owner} converts to an async one` };
  const bound = boundNames(context, candidate.statements, candidate.names, session);
  const escape = escaping(context, candidate.statements, bound, session);
  if (escape) return { refused: `the block hands it (or what it returned) on, in \`${firstLine(escape)}\`` };
  const bridge = bridgeStatements(context, candidate.statements, others, candidate.helperBase);
  if ('refused' in bridge) return bridge;
  const leaving = [...bridge.outflow, ...bridge.shared].find((name) => bound.has(name));
  if (leaving) return { refused: `the code after the block uses \`${leaving}\`, which is bound to it` };
  return bridge;
}

/** `with ctor(...) as x:` or `with contextlib.closing(ctor(...)) as x:`: the statement and `x`. */
function withItemOf(context: TransformContext, call: CallInContext): { statement: SyntaxNode; target?: SyntaxNode } | undefined {
  let value: SyntaxNode = call.node;
  const wrapper = value.parent?.type === 'argument_list' ? value.parent.parent : null;
  if (wrapper?.type === 'call' && wrapper.childForFieldName('arguments')!.namedChildren.length === 1
    && context.qualifiedName(wrapper.childForFieldName('function')!) === 'contextlib.closing') value = wrapper;
  let node = value;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  let target: SyntaxNode | undefined;
  if (node.parent?.type === 'as_pattern') {
    const alias = node.parent.childForFieldName('alias');
    target = alias?.type === 'as_pattern_target' ? alias.namedChildren[0] : alias ?? undefined;
    node = node.parent;
  }
  if (node.parent?.type !== 'with_item') return undefined;
  const statement = node.parent.parent?.parent;
  return statement?.type === 'with_statement' ? { statement, target } : undefined;
}

/**
 * `x = ctor(...)` … `x.close()`: the statements from the assignment to the one (at the same level)
 * that holds the last close, when every use of `x` lies between them. Undefined for other shapes.
 */
function connectCloseRun(call: CallInContext, session: Session): { statements: SyntaxNode[]; name: string } | { refused: string } | undefined {
  const assignment = call.node.parent;
  const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  const statement = assignment?.parent;
  if (!left || left.type !== 'identifier' || assignment?.childForFieldName('right')?.startIndex !== call.node.startIndex || statement?.type !== 'expression_statement') return undefined;
  const fn = enclosingFunction(statement);
  const block = statement.parent;
  if (!fn || !block) return undefined;
  const name = left.text;
  const body = fn.childForFieldName('body')!;
  const mentions = variableMentions(body).filter((node) => node.text === name);
  if (bindings(body).filter((node) => node.text === name).length !== 1) return { refused: `\`${name}\` is bound more than once in the function` };
  const closes = mentions.filter((node) => {
    const attribute = node.parent;
    return attribute?.type === 'attribute' && attribute.childForFieldName('object')?.startIndex === node.startIndex
      && session.closers.includes(attribute.childForFieldName('attribute')!.text) && attribute.parent?.type === 'call';
  });
  const spelled = `${name}.${session.closers[0]}()`;
  if (closes.length === 0) return { refused: `the function never calls ${spelled}, so the ${session.what} lives beyond one thread call` };
  const lastClose = closes[closes.length - 1];
  let holder: SyntaxNode | null = lastClose;
  while (holder && holder.parent?.startIndex !== block.startIndex) holder = holder.parent;
  if (!holder || holder.parent?.endIndex !== block.endIndex || inNestedScope(lastClose, body)) {
    return { refused: `${spelled} is not in a statement of the same block as \`${name} = ...\`, so the statements between them are not one run` };
  }
  const statements = block.namedChildren.filter((child) => child.startIndex >= statement.startIndex && child.endIndex <= holder!.endIndex);
  const after = mentions.find((node) => node.startIndex > holder!.endIndex);
  if (after) return { refused: `\`${name}\` is used after ${spelled} (line ${after.startPosition.row + 1})` };
  return { statements, name };
}

/** The object's names and the names given to what stays bound to it (`cur = conn.cursor()`), to a fixpoint. */
function boundNames(context: TransformContext, statements: readonly SyntaxNode[], seeds: readonly string[], session: Session): Set<string> {
  const bound = new Set(seeds);
  const assignments = statements.flatMap((node) => node.descendantsOfType(['assignment', 'as_pattern']));
  for (let grew = true; grew;) {
    grew = false;
    for (const node of assignments) {
      const [target, value] = node.type === 'assignment'
        ? [node.childForFieldName('left'), node.childForFieldName('right')]
        : [node.childForFieldName('alias')?.namedChildren[0], node.namedChildren[0]];
      if (target?.type === 'identifier' && value && !bound.has(target.text) && isBound(context, value, bound, session)) {
        bound.add(target.text);
        grew = true;
      }
    }
  }
  return bound;
}

/**
 * Whether an expression evaluates to the object or to something bound to it. Followed down a chain
 * of calls in a loop: generated code chains thousands.
 */
function isBound(context: TransformContext, expression: SyntaxNode, bound: ReadonlySet<string>, session: Session): boolean {
  for (let node = expression; ;) {
    if (node.type === 'parenthesized_expression' && node.namedChildren.length === 1) {
      node = node.namedChildren[0];
      continue;
    }
    if (node.type === 'identifier') return bound.has(node.text);
    if (node.type === 'generator_expression') return variableMentions(node).some((mention) => bound.has(mention.text));
    if (node.type !== 'call') return false;
    const callee = node.childForFieldName('function')!;
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    if (callee.type === 'attribute' && session.boundResults.includes(callee.childForFieldName('attribute')!.text)) {
      node = callee.childForFieldName('object')!;
      continue;
    }
    if (context.qualifiedName(callee) !== 'contextlib.closing' || args.length !== 1) return false;
    node = args[0];
  }
}

/** The first place the object (or what is bound to it) goes somewhere that outlives the block. */
function escaping(context: TransformContext, statements: readonly SyntaxNode[], bound: ReadonlySet<string>, session: Session): SyntaxNode | undefined {
  const values = statements.flatMap((node) => [
    ...variableMentions(node).filter((mention) => bound.has(mention.text)),
    ...node.descendantsOfType(['call', 'generator_expression']).filter((expression) => isBound(context, expression, bound, session)),
  ]);
  return values.find((value) => !usedInPlace(value));
}

function usedInPlace(value: SyntaxNode): boolean {
  for (let current = value.parent; current; current = current.parent) if (current.type === 'lambda') return false;
  let child = value;
  let parent = value.parent;
  while (parent?.type === 'parenthesized_expression') {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  const is = (field: string) => parent!.childForFieldName(field)?.startIndex === child.startIndex && parent!.childForFieldName(field)?.endIndex === child.endIndex;
  switch (parent.type) {
    case 'attribute':
      return is('object');
    case 'call':
      return is('function');
    case 'argument_list':
      return !storedBy(parent.parent);
    case 'keyword_argument':
      return is('value') && !storedBy(parent.parent?.parent ?? null);
    case 'assignment':
      return is('left') || parent.childForFieldName('left')?.type === 'identifier';
    case 'for_statement':
    case 'for_in_clause':
      return is('right') || is('left');
    case 'as_pattern':
      return parent.namedChildren[0]?.startIndex === child.startIndex;
    default:
      return CONSUMING_PARENTS.has(parent.type);
  }
}

/** `rows.append(conn)`, `setattr(obj, "c", conn)`: the argument is kept. */
function storedBy(call: SyntaxNode | null): boolean {
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  if (!callee) return false;
  const name = callee.type === 'attribute' ? callee.childForFieldName('attribute')!.text : callee.text;
  return STORING.has(name);
}

function firstLine(node: SyntaxNode): string {
  let statement = node;
  while (statement.parent && !/statement$/.test(statement.type)) statement = statement.parent;
  return statement.text.split('\n')[0].trim();
}
