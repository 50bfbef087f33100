import { span } from '../../src/analyze/call-usage.js';
import { isRead } from '../../src/analyze/syntax-facts.js';
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import { asyncKeyword, awaitCall } from '../../src/plan/call-rewrites.js';
import type { Edit, ImportRequest } from '../../src/plan/edits.js';
import type { CallInContext, TransformContext } from '../define-transform.js';
import { bufferCsvWriter, CSV_WRITERS } from './csv-writers.js';

/**
 * Every use of one file variable (`f` in `with open(p) as f:`) inside a region, rewritten for an
 * aiofiles file object — or the reason one use has no faithful rewrite, in which case the caller
 * converts none of them (a half-converted block would hand a coroutine to sync code).
 */

/** aiofiles file methods that are coroutines (aiofiles `threadpool/text.py` and `binary.py`). */
const AWAITED_METHODS = new Set([
  'close', 'flush', 'isatty', 'read', 'readall', 'read1', 'readinto', 'readline', 'readlines',
  'seek', 'seekable', 'tell', 'truncate', 'writable', 'readable', 'write', 'writelines',
]);
/** Proxied as they are: no await. */
const DIRECT_METHODS = new Set(['fileno']);
const PLAIN_ATTRIBUTES = new Set(['name', 'mode', 'closed', 'encoding', 'errors', 'newlines']);

/** `json.load(f)` → `json.loads(await f.read())`: the loader and the name of its string form. */
const LOADERS: Record<string, string | null> = {
  'json.load': 'loads',
  'pickle.load': 'loads',
  'marshal.load': 'loads',
  // yaml's loaders take a string as well as a stream: only the argument changes.
  'yaml.safe_load': null,
  'yaml.load': null,
  'yaml.full_load': null,
  'yaml.safe_load_all': null,
  'yaml.load_all': null,
};
/** `json.dump(obj, f, **kw)` → `await f.write(json.dumps(obj, **kw))`. */
const DUMPERS: Record<string, string> = { 'json.dump': 'dumps', 'pickle.dump': 'dumps', 'marshal.dump': 'dumps' };
const CSV_READERS = new Set(['csv.reader', 'csv.DictReader']);
/**
 * Library calls that only read the file object they get, from where it stands (no name, fileno,
 * writes, or reads after the call returns): they get the contents in memory,
 * `io.StringIO(await f.read(), newline="")` or `io.BytesIO(await f.read())` by the open mode.
 * `namesSource`: the call reads `f.name` for its messages, so it is handed over as `source=`.
 */
const STREAM_READERS: Record<string, { namesSource?: boolean }> = {
  'configparser.ConfigParser().read_file': { namesSource: true },
  'configparser.RawConfigParser().read_file': { namesSource: true },
  'tomllib.load': {},
  'tomli.load': {},
  'plistlib.load': {},
  'xml.etree.ElementTree.parse': {},
  'xml.dom.minidom.parse': {},
  'email.message_from_file': {},
  'email.message_from_binary_file': {},
  'hashlib.file_digest': {},
};

/** Calls this module rewrites around the contents, so the to-thread bridge leaves them alone here. */
export const REWRITTEN_CONSUMERS: ReadonlySet<string> = new Set([...Object.keys(LOADERS), ...Object.keys(DUMPERS), ...CSV_READERS, ...Object.keys(STREAM_READERS), ...CSV_WRITERS]);

/** What the open call says about the file: bytes or text, and its `newline=` (text). */
export interface OpenMode {
  binary: boolean;
  /** `default` (universal newlines), `empty` (`newline=""`), or anything else. */
  newline: 'default' | 'empty' | 'other';
}

export interface FileUses {
  edits: Edit[];
  imports: ImportRequest[];
  releases: string[];
  /** Set when some use has no faithful async form: nothing in the block is converted. */
  unsupported?: string;
}

export interface RegionOptions {
  context: TransformContext;
  name: string;
  /** The statements the file is used in (the `with` body, or the rest of the function). */
  region: SyntaxNode;
  /** Identifier nodes that bind the name (the `as f` target, `f = open(...)`): not uses. */
  binders: SyntaxNode[];
  callAt: (node: SyntaxNode) => CallInContext | undefined;
  /** Known when the open call's mode and newline are literals. */
  mode?: OpenMode;
  /** The region is a `with` body (the block ends where the file closes). */
  withBody?: boolean;
}

export function rewriteFileUses(options: RegionOptions): FileUses {
  const { context, name, region } = options;
  const result: FileUses = { edits: [], imports: [], releases: [] };
  const fail = (reason: string): FileUses => ({ ...result, unsupported: reason });
  const uses = identifiersNamed(region, name).filter((node) => !options.binders.some((binder) => sameSpan(binder, node)));
  let reads = 0;
  let wholeReads = 0;
  for (const use of uses) {
    const line = context.source.position(use.startIndex).line;
    const where = `\`${name}\` at line ${line}`;
    if (insideNestedScope(use, region)) return fail(`${where} is used inside a nested function, lambda or generator expression`);
    const parent = use.parent!;
    if (parent.type === 'attribute' && sameSpan(parent.childForFieldName('object'), use)) {
      const attribute = parent.childForFieldName('attribute')!.text;
      const grand = parent.parent;
      if (grand?.type === 'call' && sameSpan(grand.childForFieldName('function'), parent)) {
        if (DIRECT_METHODS.has(attribute)) continue;
        if (!AWAITED_METHODS.has(attribute)) return fail(`${where}: ${name}.${attribute}() has no aiofiles form`);
        const call = options.callAt(grand);
        if (!call || call.site.syncOnly || call.site.inGenerator) return fail(`${where}: ${name}.${attribute}() is in a place that cannot await`);
        if (/^read/.test(attribute)) reads++;
        result.edits.push(...awaitCall(call.site));
        continue;
      }
      if (attribute === 'name' && handedOn(parent)) {
        // aiofiles types `name` as any path or descriptor, where open()'s file gives `str | Any`: a type
        // checker would reject the value where the code passes it on. At run time it is the same object.
        result.edits.push({ start: parent.startIndex, end: parent.startIndex, text: 'cast(str, ' }, { start: parent.endIndex, end: parent.endIndex, text: ')' });
        result.imports.push({ from: 'typing', name: 'cast' });
        continue;
      }
      if (PLAIN_ATTRIBUTES.has(attribute)) continue;
      return fail(`${where}: ${name}.${attribute} has no aiofiles form`);
    }
    if (parent.type === 'for_statement' && sameSpan(parent.childForFieldName('right'), use)) {
      reads++;
      result.edits.push(asyncKeyword(parent.startIndex));
      continue;
    }
    if (parent.type === 'for_in_clause' && sameSpan(parent.childForFieldName('right'), use)) {
      if (parent.parent?.type === 'generator_expression') return fail(`${where} is iterated by a generator expression`);
      reads++;
      result.edits.push(asyncKeyword(parent.startIndex));
      continue;
    }
    if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.text === 'file' && sameSpan(parent.childForFieldName('value'), use)) {
      const rewritten = rewritePrint(context, parent, name);
      if (typeof rewritten === 'string') return fail(`${where}: ${rewritten}`);
      result.edits.push(...rewritten);
      continue;
    }
    if (parent.type === 'argument_list') {
      const call = parent.parent!;
      const consumer = context.qualifiedName(call.childForFieldName('function')!) ?? '';
      const positional = parent.namedChildren.filter((arg) => arg.type !== 'keyword_argument' && arg.type !== 'comment');
      const position = positional.findIndex((arg) => sameSpan(arg, use));
      if (position === 0 && (consumer in LOADERS || CSV_READERS.has(consumer))) {
        if (insideLoop(call, region)) return fail(`${where}: ${consumer}(${name}) runs in a loop, and the async form reads the whole file at once`);
        reads++;
        wholeReads++;
        const read = `await ${name}.read()`;
        if (CSV_READERS.has(consumer)) {
          // newline="" keeps quoted newlines as read: the file's own newline= already translated them.
          result.edits.push({ ...span(use), text: `io.StringIO(${read}, newline="")` });
          result.imports.push({ module: 'io' });
        } else {
          result.edits.push({ ...span(use), text: read });
          const renamed = LOADERS[consumer];
          if (renamed) rename(result, call.childForFieldName('function')!, consumer, renamed);
        }
        continue;
      }
      if (position === 0 && consumer in STREAM_READERS) {
        if (insideLoop(call, region)) return fail(`${where}: ${consumer}(${name}) runs in a loop, and the async form reads the whole file at once`);
        const mode = options.mode;
        if (!mode) return fail(`${where}: the open mode is not a literal, so whether ${consumer}() gets text or bytes is unknown`);
        if (!mode.binary && mode.newline === 'other') return fail(`${where}: the file's newline= has no in-memory equivalent for ${consumer}()`);
        reads++;
        wholeReads++;
        const contents = mode.binary ? `io.BytesIO(await ${name}.read())` : `io.StringIO(await ${name}.read(), newline="")`;
        const onlyArgument = parent.namedChildren.filter((arg) => arg.type !== 'comment').length === 1;
        const source = STREAM_READERS[consumer].namesSource && onlyArgument ? `, source=${name}.name` : '';
        result.edits.push({ ...span(use), text: contents + source });
        result.imports.push({ module: 'io' });
        continue;
      }
      if (position === 0 && CSV_WRITERS.has(consumer)) {
        if (!options.withBody) return fail(`${where} is written by a csv writer outside a with block`);
        const buffered = bufferCsvWriter({ context, name, mentions: uses.length, call, argument: use, body: region });
        if (typeof buffered === 'string') return fail(`${where}: ${buffered}`);
        result.edits.push(...buffered.edits);
        result.imports.push({ module: 'io' });
        continue;
      }
      if (position === 1 && consumer in DUMPERS) {
        // json writes str, pickle and marshal bytes: into a file of the other kind the original fails
        // (TypeError), and so would the rewrite, which a type checker words as a new complaint.
        if (options.mode && options.mode.binary === (consumer === 'json.dump')) return fail(`${where}: ${consumer}() into a ${options.mode.binary ? 'binary' : 'text'} file fails as it is`);
        const rewritten = rewriteDump(call, positional, name);
        if (typeof rewritten === 'string') return fail(`${where}: ${rewritten}`);
        result.edits.push(...rewritten);
        rename(result, call.childForFieldName('function')!, consumer, DUMPERS[consumer]);
        continue;
      }
      return fail(`${where} is passed to ${consumer || call.childForFieldName('function')!.text}(), which needs a sync file object`);
    }
    return fail(`${where} is used as a value (stored, returned or passed on) where a sync file object is expected`);
  }
  if (wholeReads > 0 && reads > 1) return fail(`\`${name}\` is read by a whole-file consumer and read again`);
  return result;
}

/** `print(a, b, sep=s, end=e, file=f)` → `await f.write(s.join(map(str, (a, b,))) + e)`. */
function rewritePrint(context: TransformContext, keyword: SyntaxNode, name: string): Edit[] | string {
  const args = keyword.parent!;
  const call = args.parent!;
  if (call.type !== 'call' || context.qualifiedName(call.childForFieldName('function')!) !== 'builtins.print') {
    return `passed as file= to ${call.childForFieldName('function')?.text ?? 'a call'}(), which writes synchronously`;
  }
  if (call.parent?.type !== 'expression_statement') return 'print(file=...) is used as a value';
  const items = args.namedChildren.filter((arg) => arg.type !== 'comment');
  const keywords = items.filter((arg) => arg.type === 'keyword_argument');
  const positional = items.filter((arg) => arg.type !== 'keyword_argument');
  const firstKeyword = items.findIndex((arg) => arg.type === 'keyword_argument');
  if (positional.some((arg) => items.indexOf(arg) > firstKeyword) || positional.some((arg) => arg.type === 'dictionary_splat')) {
    return 'print() with arguments after its keywords';
  }
  const valueOf = (key: string): string | undefined | null => {
    const found = keywords.find((arg) => arg.childForFieldName('name')?.text === key);
    if (!found) return undefined;
    const value = found.childForFieldName('value')!;
    // A non-literal sep/end could be None, which print reads as the default.
    return value.type === 'string' ? value.text : null;
  };
  const unknown = keywords.find((arg) => !['file', 'sep', 'end'].includes(arg.childForFieldName('name')?.text ?? ''));
  if (unknown) return `print(${unknown.childForFieldName('name')?.text}=...) has no faithful rewrite`;
  const sep = valueOf('sep');
  const end = valueOf('end');
  if (sep === null || end === null) return 'print() with a computed sep= or end=';
  const endText = end ?? '"\\n"';
  if (positional.length === 0) return [{ start: call.startIndex, end: call.endIndex, text: `await ${name}.write(${endText})` }];
  const head = `await ${name}.write(${sep ?? '" "'}.join(map(str, (`;
  return [
    { start: call.startIndex, end: positional[0].startIndex, text: head },
    { start: positional.at(-1)!.endIndex, end: call.endIndex, text: `,))) + ${endText})` },
  ];
}

/** `json.dump(obj, f, indent=2)` → `await f.write(json.dumps(obj, indent=2))`. */
function rewriteDump(call: SyntaxNode, positional: SyntaxNode[], name: string): Edit[] | string {
  if (call.parent?.type !== 'expression_statement') return 'the result of a dump() call is used';
  const value = positional[0];
  if (value.type === 'list_splat' || value.type === 'dictionary_splat') return 'dump() with unpacked arguments';
  const nest = call.endIndex - call.startIndex;
  return [
    { start: call.startIndex, end: call.startIndex, text: `await ${name}.write(`, order: 30, nest, role: 'open' },
    { start: value.endIndex, end: positional[1].endIndex, text: '' },
    { start: call.endIndex, end: call.endIndex, text: ')', order: 30, nest, role: 'close' },
  ];
}

/** `json.load` → `json.loads`; `from json import load` → `json.loads` (and `load` may go). */
function rename(result: FileUses, callee: SyntaxNode, qualified: string, renamed: string): void {
  if (callee.type === 'attribute') {
    result.edits.push({ ...span(callee.childForFieldName('attribute')!), text: renamed });
    return;
  }
  const module = qualified.slice(0, qualified.lastIndexOf('.'));
  result.edits.push({ ...span(callee), text: `${module}.${renamed}` });
  result.imports.push({ module });
  result.releases.push(callee.text);
}

/**
 * Why the file object bound by a with statement cannot become an aiofiles object because of what
 * the code does with it after the block (up to the name's next binding): `load_config(config_file=f)`
 * hands the closed aiofiles wrapper to code written for a sync file. Reading `f.closed` and the
 * like stays faithful.
 */
export function useAfterBlock(statement: SyntaxNode, scope: SyntaxNode, name: string, position: (offset: number) => number): string | undefined {
  const later = identifiersNamed(scope, name).filter((node) => node.startIndex >= statement.endIndex);
  for (const use of later) {
    // Bound again (`with open(q) as f:`, `f = ...`): later uses are another object's.
    if (!isRead(use)) return undefined;
    const parent = use.parent!;
    if (parent.type === 'attribute' && sameSpan(parent.childForFieldName('object'), use)) {
      const attribute = parent.childForFieldName('attribute')!.text;
      const called = parent.parent?.type === 'call' && sameSpan(parent.parent.childForFieldName('function'), parent);
      // aiofiles types `name` as any path or descriptor, not the str of open(): a type checker then
      // rejects it where the code passes it on, as it usually does after the block.
      if (!called && PLAIN_ATTRIBUTES.has(attribute) && attribute !== 'name') continue;
    }
    return `\`${name}\` is used after its with block at line ${position(use.startIndex)}, where code expects a sync file object`;
  }
  return undefined;
}

/** A value the code passes to a call or keeps in a name: where its declared type starts to matter. */
function handedOn(value: SyntaxNode): boolean {
  const parent = value.parent;
  if (!parent) return false;
  if (parent.type === 'argument_list') return true;
  if (parent.type === 'keyword_argument') return sameSpan(parent.childForFieldName('value'), value);
  return parent.type === 'assignment' && sameSpan(parent.childForFieldName('right'), value);
}

export function identifiersNamed(region: SyntaxNode, name: string): SyntaxNode[] {
  return region.descendantsOfType('identifier').filter((node) => node.text === name
    && !(node.parent?.type === 'attribute' && sameSpan(node.parent.childForFieldName('attribute'), node))
    && !(node.parent?.type === 'keyword_argument' && sameSpan(node.parent.childForFieldName('name'), node)));
}

function insideNestedScope(node: SyntaxNode, region: SyntaxNode): boolean {
  for (let current = node.parent; current && !sameSpan(current, region); current = current.parent) {
    if (['function_definition', 'lambda', 'class_definition', 'generator_expression'].includes(current.type)) return true;
  }
  return false;
}

/** Whether `node` runs more than once: in a loop body, not in the iterable a loop evaluates once. */
function insideLoop(node: SyntaxNode, region: SyntaxNode): boolean {
  let child = node;
  for (let current = node.parent; current && !sameSpan(current, region); child = current, current = current.parent) {
    if (current.type === 'while_statement') return true;
    if (current.type === 'for_statement' && !sameSpan(current.childForFieldName('right'), child)) return true;
    if (current.type === 'for_in_clause' && !sameSpan(current.childForFieldName('right'), child)) return true;
    // Only the first clause's iterable is evaluated once; later clauses and the element run per item.
    if (isComprehension(current) && !sameSpan(current.namedChildren.find((part) => part.type === 'for_in_clause'), child)) return true;
  }
  return false;
}

function isComprehension(node: SyntaxNode): boolean {
  return ['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'].includes(node.type);
}

export function sameSpan(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex;
}
