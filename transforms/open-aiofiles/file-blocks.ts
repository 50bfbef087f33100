import { siteAt, reviewSite } from '../site-builders.js';
import { span } from '../../src/analyze/call-usage.js';
import { TARGET_APIS, unacceptedKeywords } from '../shared/target-apis.js';
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import { awaitCall } from '../../src/plan/call-rewrites.js';
import type { Span } from '../../src/analyze/model.js';
import type { Site } from '../../src/plan/edits.js';
import type { CallInContext, TransformContext } from '../define-transform.js';
import { bridgeWithBlock } from '../shared/block-bridge.js';
import { identifiersNamed, rewriteFileUses, sameSpan, useAfterBlock, type FileUses, type OpenMode } from './file-uses.js';
import { enclosingFunction } from '../../src/parse/enclosing-nodes.js';

/**
 * The places a file is opened (`with open(...) as f:`, `f = open(...)`) and how each converts. Kept
 * apart so that the to-thread bridge can leave the calls inside a converted block to this transform.
 */

export const TRANSFORM_ID = 'open-aiofiles';

/** `open` and `io.open`, and `Path.open` on a receiver known to be a `pathlib.Path`. */
export function openKind(call: CallInContext): 'builtin' | 'path' | undefined {
  const name = call.qualifiedName;
  if (name === 'builtins.open' || name === 'io.open') return 'builtin';
  if (name && new RegExp(`${PATH_VALUE.source}\\.open$`).test(name)) return 'path';
  return undefined;
}

/**
 * A qualified name that denotes a `pathlib.Path` value: `Path(x)`, a parameter annotated `Path`, and
 * what path-returning methods make of them (`p.joinpath("a")`, `p.with_suffix(".bak")`, `p.parent`).
 */
export const PATH_VALUE = /^pathlib\.(Pure)?Path\(\)(\.(joinpath|with_suffix|with_name|with_stem|resolve|absolute|expanduser)\(\)|\.parent)*/;

export interface FileBlock {
  /** The `with` statement or the function body the file is used in. */
  region: Span;
  site: Site;
  /** The `with` statement, for a with block (it may move into a thread whole). */
  statement?: SyntaxNode;
}

const cache = new WeakMap<TransformContext, FileBlock[]>();

/** Every opened file in the module, converted or reported. */
export function fileBlocks(context: TransformContext): FileBlock[] {
  const cached = cache.get(context);
  if (cached) return cached;
  const byNode = new Map(context.calls.map((call) => [`${call.node.startIndex}:${call.node.endIndex}`, call]));
  const callAt = (node: SyntaxNode) => byNode.get(`${node.startIndex}:${node.endIndex}`);
  const blocks: FileBlock[] = [];
  const withStatementsDone = new Set<number>();
  for (const call of context.calls) {
    const kind = openKind(call);
    if (!kind || !call.site.scope) continue;
    const usage = call.site.usage;
    if (usage.kind === 'with-item') {
      if (withStatementsDone.has(usage.withKeyword)) continue;
      withStatementsDone.add(usage.withKeyword);
      const statement = withStatementOf(call.node);
      if (statement) blocks.push(withBlock(context, statement, call, callAt));
    } else if (usage.kind === 'assigned') {
      const block = assignedBlock(context, call, kind, callAt);
      if (block) blocks.push(block);
    } else {
      blocks.push({ region: call.site.span, site: reviewOnly(call, 'open() whose file object is used directly (not in a with block or a variable) stays sync; it blocks the event loop') });
    }
  }
  const settled = settleBridges(context, blocks);
  cache.set(context, settled);
  return settled;
}

/**
 * A block inside a bridged block runs in the thread as it is, so it has no site of its own. A
 * converted block that would await inside a bridged block (its file is used there) moves into the
 * thread whole too, or is reported.
 */
function settleBridges(context: TransformContext, blocks: FileBlock[]): FileBlock[] {
  const inside = (inner: Span, outer: Span) => outer.start <= inner.start && inner.end <= outer.end;
  for (let changed = true; changed;) {
    changed = false;
    const bridged = blocks.filter((block) => block.site.syncRegion);
    blocks = blocks.map((block) => {
      if (block.site.syncRegion || !block.site.seed) return block;
      const reached = bridged.find((other) => block.site.edits.some((edit) => inside(edit, other.region)));
      if (!reached) return block;
      changed = true;
      const line = context.source.position(reached.region.start).line;
      const reason = `the file is used in the block at line ${line}, which runs in a thread`;
      const call = block.site.call!;
      const trigger = context.calls.find((candidate) => candidate.site === call)!;
      if (block.statement) return bridgedOrReported(context, block.statement, trigger, reason);
      return { region: block.region, site: reviewOnly(trigger, `file left sync: ${reason}; it blocks the event loop`) };
    });
  }
  const bridged = blocks.filter((block) => block.site.syncRegion);
  return blocks.filter((block) => !bridged.some((other) => other !== block && block.site.call && inside(block.site.call.span, other.region)));
}

function withBlock(context: TransformContext, statement: SyntaxNode, trigger: CallInContext, callAt: (node: SyntaxNode) => CallInContext | undefined): FileBlock {
  const clause = statement.namedChildren.find((child) => child.type === 'with_clause')!;
  const body = statement.childForFieldName('body')!;
  const items = clause.namedChildren.filter((child) => child.type === 'with_item');
  const combined: FileUses = { edits: [], imports: [{ module: 'aiofiles' }], releases: [] };
  const opens: CallInContext[] = [];
  let unsupported: string | undefined;
  for (const item of items) {
    const value = item.childForFieldName('value')!;
    const expression = value.type === 'as_pattern' ? value.namedChildren[0] : value;
    const call = expression.type === 'call' ? callAt(expression) : undefined;
    const kind = call && openKind(call);
    if (!call || !kind) {
      unsupported = `\`${expression.text}\` shares the with statement and is not a file`;
      break;
    }
    const refused = refusedArguments(call, kind);
    if (refused) {
      unsupported = refused;
      break;
    }
    opens.push(call);
    combined.edits.push(...openEdits(call, kind));
    if (call.qualifiedName === 'io.open') combined.releases.push(calleeRoot(call));
    const alias = value.type === 'as_pattern' ? value.childForFieldName('alias') : null;
    const target = alias?.type === 'as_pattern_target' ? alias.namedChildren[0] : alias;
    if (!target) continue;
    if (target.type !== 'identifier') {
      unsupported = `the file is bound to \`${target.text}\`, not a plain name`;
      break;
    }
    const uses = rewriteFileUses({ context, name: target.text, region: body, binders: [target], callAt, mode: openMode(call, kind), withBody: true });
    if (uses.unsupported) {
      unsupported = uses.unsupported;
      break;
    }
    const scope = enclosingFunction(statement)?.childForFieldName('body') ?? statement.tree.rootNode;
    const afterwards = useAfterBlock(statement, scope, target.text, (offset) => context.source.position(offset).line);
    if (afterwards) {
      unsupported = afterwards;
      break;
    }
    combined.edits.push(...uses.edits);
    combined.imports.push(...uses.imports);
    combined.releases.push(...uses.releases);
  }
  const first = opens[0] ?? trigger;
  if (unsupported) return bridgedOrReported(context, statement, first, unsupported);
  combined.edits.push({ start: statement.startIndex, end: statement.startIndex, text: 'async ', order: 0, key: `async@${statement.startIndex}` });
  return { region: span(statement), site: convertedSite(first, combined), statement };
}

/** The whole block in `asyncio.to_thread` (see shared/block-bridge.ts), or left sync and reported when it cannot move. */
function bridgedOrReported(context: TransformContext, statement: SyntaxNode, call: CallInContext, unsupported: string): FileBlock {
  const region = span(statement);
  const others = fileWithStatements(context).filter((other) => other.start !== statement.startIndex);
  const bridge = bridgeWithBlock(context, statement, others);
  if ('refused' in bridge) {
    return { region, site: reviewOnly(call, `with block left sync: ${unsupported}, and ${bridge.refused}; it blocks the event loop`), statement };
  }
  return {
    region,
    site: {
      transform: TRANSFORM_ID,
      scope: call.site.scope,
      line: call.site.line,
      call: call.site,
      awaitCall: false,
      edits: bridge.edits,
      imports: [{ module: 'asyncio' }],
      seed: true,
      bridge: true,
      syncRegion: region,
      review: { code: 'AS602', message: `with block runs in a worker thread through asyncio.to_thread: ${unsupported}; check that what it uses works from another thread` },
    },
    statement,
  };
}

/** The with statements of the module that open a file. */
function fileWithStatements(context: TransformContext): Span[] {
  const statements = context.calls.filter((call) => openKind(call) && call.site.usage.kind === 'with-item').map((call) => withStatementOf(call.node));
  return statements.filter((statement): statement is SyntaxNode => !!statement).map(span);
}

/** `f = open(p)` … `f.close()` → `f = await aiofiles.open(p)` … `await f.close()`. */
function assignedBlock(context: TransformContext, call: CallInContext, kind: 'builtin' | 'path', callAt: (node: SyntaxNode) => CallInContext | undefined): FileBlock | undefined {
  const assignment = call.node.parent!;
  const name = assignment.childForFieldName('left')!;
  const fn = enclosingFunction(call.node);
  if (!fn) return undefined;
  const body = fn.childForFieldName('body')!;
  const others = identifiersNamed(body, name.text).filter((node) => node.parent?.type === 'assignment'
    && sameSpan(node.parent.childForFieldName('left'), node) && !sameSpan(node, name));
  if (others.length > 0) return { region: span(body), site: reviewOnly(call, `\`${name.text}\` is assigned more than once; the file it opens stays sync and blocks the event loop`) };
  const refused = refusedArguments(call, kind);
  if (refused) return { region: span(body), site: reviewOnly(call, `file left sync: ${refused}; it blocks the event loop`) };
  const uses = rewriteFileUses({ context, name: name.text, region: body, binders: [name], callAt });
  if (uses.unsupported) return { region: span(body), site: reviewOnly(call, `file left sync: ${uses.unsupported}; it blocks the event loop`) };
  const edits = [...openEdits(call, kind), ...awaitCall(call.site), ...uses.edits];
  const releases = call.qualifiedName === 'io.open' ? [calleeRoot(call), ...uses.releases] : uses.releases;
  return { region: span(body), site: convertedSite(call, { edits, imports: [{ module: 'aiofiles' }, ...uses.imports], releases }) };
}

/** Bytes or text and the newline mode, when the open call spells them as literals. */
function openMode(call: CallInContext, kind: 'builtin' | 'path'): OpenMode | undefined {
  const args = call.node.childForFieldName('arguments')!.namedChildren.filter((arg) => arg.type !== 'comment');
  if (args.some((arg) => arg.type === 'list_splat' || arg.type === 'dictionary_splat')) return undefined;
  const positional = args.filter((arg) => arg.type !== 'keyword_argument');
  const keyword = (name: string) => args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === name)?.childForFieldName('value');
  // open(file, mode, buffering, encoding, errors, newline); Path.open(mode, buffering, encoding, errors, newline)
  const offset = kind === 'builtin' ? 1 : 0;
  const mode = keyword('mode') ?? positional[offset];
  const newline = keyword('newline') ?? positional[offset + 4];
  const modeText = mode ? literal(mode) : 'r';
  if (modeText === undefined) return undefined;
  const defaultNewline = !newline || newline.type === 'none';
  return {
    binary: modeText.includes('b'),
    newline: defaultNewline ? 'default' : newline && literal(newline) === '' ? 'empty' : 'other',
  };
}

/** The value of a plain string literal (no f-string, no concatenation), or undefined. */
function literal(node: SyntaxNode): string | undefined {
  if (node.type !== 'string' || node.descendantsOfType('interpolation').length > 0) return undefined;
  const match = /^[rRbBuU]*("|')(.*)\1$/s.exec(node.text);
  return match && !match[2].includes('\\') ? match[2] : undefined;
}

/** Arguments aiofiles.open() would not take (checked against the target API table), as a reason. */
function refusedArguments(call: CallInContext, kind: 'builtin' | 'path'): string | undefined {
  const args = call.node.childForFieldName('arguments')!.namedChildren.filter((arg) => arg.type !== 'comment');
  // Unpacked, `mode` or `encoding` meet aiofiles.open()'s own `loop=` and `executor=` in a type checker's eyes.
  if (args.some((arg) => arg.type === 'list_splat' || arg.type === 'dictionary_splat')) return 'open() is given arguments through * or **, which aiofiles.open() types differently';
  const positional = args.filter((arg) => arg.type !== 'keyword_argument').length + (kind === 'path' ? 1 : 0);
  const keywords = args.filter((arg) => arg.type === 'keyword_argument').map((arg) => arg.childForFieldName('name')!.text);
  const refused = unacceptedKeywords('aiofiles.open', keywords);
  if (refused.length > 0) return `aiofiles.open() does not take ${refused.map((keyword) => `${keyword}=`).join(', ')}`;
  return positional > TARGET_APIS['aiofiles.open'].positional ? 'open() is given more positional arguments than aiofiles.open() takes' : undefined;
}

/** `open(` / `io.open(` → `aiofiles.open(`; `p.open(mode)` → `aiofiles.open(p, mode)`. */
function openEdits(call: CallInContext, kind: 'builtin' | 'path'): Site['edits'] {
  const callee = call.node.childForFieldName('function')!;
  if (kind === 'builtin') return [{ ...span(callee), text: 'aiofiles.open' }];
  const receiver = callee.childForFieldName('object')!;
  const args = call.site.argsSpan;
  const empty = call.node.childForFieldName('arguments')!.namedChildren.length === 0;
  return [
    { start: receiver.startIndex, end: receiver.startIndex, text: 'aiofiles.open(', order: 10 },
    { start: receiver.endIndex, end: args.start + 1, text: empty ? '' : ', ' },
    ...(empty ? [{ start: args.start + 1, end: args.end - 1, text: '' }] : []),
  ].filter((edit) => edit.end > edit.start || edit.text !== '');
}

function convertedSite(call: CallInContext, uses: FileUses): Site {
  return siteAt(TRANSFORM_ID, call, { edits: uses.edits, imports: uses.imports, seed: true, releases: uses.releases });
}

/** Left as it is (correct, blocking) and reported when its function turns async. */
export function reviewOnly(call: CallInContext, message: string): Site {
  return reviewSite(TRANSFORM_ID, call, 'AS601', message);
}

function calleeRoot(call: CallInContext): string {
  const callee = call.node.childForFieldName('function')!;
  return callee.type === 'attribute' ? callee.childForFieldName('object')!.text : callee.text;
}

function withStatementOf(call: SyntaxNode): SyntaxNode | undefined {
  for (let current = call.parent; current; current = current.parent) {
    if (current.type === 'with_statement') return current;
    if (!['with_item', 'with_clause', 'as_pattern', 'parenthesized_expression'].includes(current.type)) return undefined;
  }
  return undefined;
}

