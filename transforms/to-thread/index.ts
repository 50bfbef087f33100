/**
 * to-thread: a known blocking call → `await asyncio.to_thread(fn, *args, **kwargs)`
 *
 * What it does: in a function that is or becomes async for another reason, a blocking call with no
 * async twin (shutil, glob, os.walk, urllib, socket name lookups, input(), pickle on a sync file,
 * ... see `catalogue.ts`, plus `[tool.asyncshift] blocking = [...]`) runs in a worker thread, with
 * its arguments exactly as written. A bridged call makes its function async like any other
 * conversion (callers await it), except a thread-bound block (below) and a call another transform
 * owns (bridged here when that transform is off), which apply only in a function that is async for
 * another reason: they are correct sync code as they stand.
 * Why: any blocking call in a coroutine freezes the event loop (flake8-async ASYNC2xx);
 * `asyncio.to_thread` keeps the call as it is and copies the context variables into the thread.
 *
 * Before:  shutil.copy2(src, dst, follow_symlinks=False)
 * After:   await asyncio.to_thread(shutil.copy2, src, dst, follow_symlinks=False)
 *
 * Lazy iterators (`for root, dirs, files in os.walk(top)`) are drained in the thread with `list`;
 * `urlopen(u).read()` runs whole in one `to_thread(lambda: ...)` so the body is read off the loop
 * too. Calls that another transform converts (time.sleep, requests, subprocess, psycopg2, Path
 * read/write) are bridged only when that transform is not selected, or (time.sleep, subprocess, Path
 * read/write) where the self-check withdrew its conversion because a test patches the call: the
 * bridge still looks the patched name up when it runs. A bare `open()` is not bridged, since the
 * file object it returns would still be read on the loop.
 *
 * Thread-bound objects (sqlite3 connections, zip/tar/gzip/bz2/lzma archives, SMTP and FTP sessions,
 * http.client connections) are not bridged call by call, since consecutive to_thread calls may land
 * on different threads: their whole life moves into one thread call instead, the `with` block that
 * opens them or the statements from `conn = sqlite3.connect(p)` to `conn.close()` (`sessions.ts`),
 * reported (AS703) so that a reviewer checks the block shares no state with the event loop:
 *
 *     with sqlite3.connect(path) as db:               def _with_block_7():
 *         rows = db.execute(query).fetchall()   →         with sqlite3.connect(path) as db:
 *                                                             rows = db.execute(query).fetchall()
 *                                                         return rows
 *                                                     rows = await asyncio.to_thread(_with_block_7)
 *
 * Caveats: a cancelled to_thread leaves its thread running to completion; the default executor is
 * shared with aiofiles and getaddrinfo; a thread-bound object that leaves its block (read after it,
 * stored, returned, or a cursor made from it), or a block that cannot move into a nested function,
 * stays on the loop and is reported (AS701), and so do blocking sockets. A block that calls project
 * code which turns async stays on the loop too, so that code can be awaited. Pruning `os.walk` by
 * editing `dirnames` cannot work once the walk is drained first: such loops are reported instead.
 */
import { bridgedSite, siteAt, reviewSite } from '../site-builders.js';
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import { bridgeCall, bridgeCallInLambda, drainableInThread } from '../../src/plan/call-rewrites.js';
import type { Site } from '../../src/plan/edits.js';
import { defineTransform, type CallInContext, type TransformContext } from '../define-transform.js';
import { fileBlocks, TRANSFORM_ID as OPEN_AIOFILES } from '../open-aiofiles/file-blocks.js';
import { REWRITTEN_CONSUMERS } from '../open-aiofiles/file-uses.js';
import { lookup, mayHoldBlockingCall, type Entry } from './catalogue.js';
import { sessionSites, type SessionCall } from './sessions.js';

const ID = 'to-thread';


export const toThread = defineTransform({
  id: ID,
  doc: {
    design: 'One bridge. Every call asyncshift runs in a thread — a catalogued blocking call, a pinned project function called from async code, a transform\'s fallback — goes through the same rewrite, `await asyncio.to_thread(f, *args, **kwargs)`, with the arguments exactly as written. The catalogue (`transforms/to-thread/catalogue.ts`) covers what flake8-async\'s ASYNC2xx rules know; `[tool.asyncshift] blocking = ["mylib.fetch", ...]` extends it. A bridged call makes its function async, as any converted call does; a thread-bound block moves into a thread only in a function that is async for another reason. Objects bound to the thread that made them (sqlite3 connections, zip and tar archives, SMTP/FTP sessions) are never split across thread hops: the whole `with` block (or the run of statements from construction to `close()`) moves into one `asyncio.to_thread` call, or stays on the loop and is reported. Calls that another transform converts are bridged only when that transform is switched off, and then only where their function is async for another reason; or where a test patches the call, so that the self-check withdrew that conversion (time.sleep, subprocess, Path read/write): the bridge still calls the patched name.',
    summary: 'known blocking calls with no async twin → await asyncio.to_thread(fn, *args, **kwargs)',
    why: 'a blocking call in a coroutine freezes the event loop; to_thread runs it in a worker thread unchanged.',
    before: 'shutil.copy2(src, dst)',
    after: 'await asyncio.to_thread(shutil.copy2, src, dst)',
    caveats: [
      'a bridged call makes its function async; a thread-bound block only moves where its function is async anyway',
      'a cancelled to_thread call keeps running in its thread',
      'lazy iterators (os.walk, glob.iglob, Path.iterdir) are drained into a list in the thread',
      'a wait told not to hang (os.waitpid(pid, os.WNOHANG)) returns at once and stays on the loop',
      'a project subclass of a library class (class ApiSession(requests.Session)) keeps its library: the blocking methods it inherits run in asyncio.to_thread wherever the project passes its instances (AS704)',
      'sqlite3 connections, archives, SMTP/FTP sessions and http.client connections are thread-bound: their whole with block (or connect…close run) moves into one to_thread call (AS703), or they stay on the loop and are reported (AS701); sockets are reported',
    ],
  },
  reviewCodes: {
    AS701: 'a blocking call that cannot be bridged call by call (thread-bound object, lazy iterator used in place, urlopen response read later) stays on the event loop',
    AS702: 'a bridged call that a worker thread cannot interrupt (input, getpass): loop shutdown waits for it',
    AS703: 'a block using a thread-bound object (sqlite3, archive, SMTP/FTP, http.client) now runs in a worker thread: check that it does not touch state shared with the event loop',
    AS704: 'a blocking method a project class inherits from a library class (a requests.Session subclass\'s get/post) runs in asyncio.to_thread: no transform converts an object whose class adds its own code',
  },
  mentions: /./,
  seedsIn: (text, options) => mayHoldBlockingCall(text, options.blocking),
  findSites(context) {
    const sites: Site[] = [];
    // Edits open-aiofiles makes where it converts a file: a consumer it rewrote is not bridged again.
    const rewritten = context.enabled.has(OPEN_AIOFILES)
      ? fileBlocks(context).filter((block) => block.site.seed && !block.site.syncRegion).flatMap((block) => block.site.edits)
      : [];
    const sessions: SessionCall[] = [];
    for (const call of context.calls) {
      if (!call.site.scope || !call.qualifiedName) continue;
      const entry = lookup(call.qualifiedName, context.options.blocking);
      if (!entry || returnsAtOnce(call)) continue;
      if (entry.owner && context.enabled.has(entry.owner)) {
        if (FALLBACK_OWNERS.has(entry.owner) && entry.handling === 'call' && !entry.convertsObject) sites.push(fallbackBridge(context, call, entry.owner));
        continue;
      }
      if (REWRITTEN_CONSUMERS.has(call.qualifiedName) && rewritten.some((edit) => call.site.span.start <= edit.start && edit.end <= call.site.span.end)) continue;
      if (entry.session) {
        sessions.push({ call, entry: { ...entry, session: entry.session } });
        continue;
      }
      const site = siteFor(context, call, entry);
      if (site) sites.push(site);
    }
    return [...sites, ...sessionSites(context, sessions)];
  },
});

/**
 * `os.waitpid(-1, os.WNOHANG)`: a wait told not to hang returns at once, so it needs no thread (and
 * would turn a SIGCHLD handler's reaping async for nothing; found on gunicorn).
 */
function returnsAtOnce(call: CallInContext): boolean {
  return /^os\.wait(pid|3|4|id)$/.test(call.qualifiedName ?? '') && /\bWNOHANG\b/.test(call.node.childForFieldName('arguments')?.text ?? '');
}

function siteFor(context: TransformContext, call: CallInContext, entry: Entry): Site | undefined {
  switch (entry.handling) {
    case 'call':
      return bridge(call, bridgeCall(call.site, context.source.text), entry);
    case 'iterator':
      return drainedIterator(context, call, entry);
    case 'read-through':
      return readThrough(context, call, entry);
    case 'review':
    case 'session':
      return reported(call, entry.note ?? `${call.qualifiedName} blocks the event loop`);
  }
}

/** `for root, dirs, files in os.walk(top):` → `... in await asyncio.to_thread(list, os.walk(top)):`. */
function drainedIterator(context: TransformContext, call: CallInContext, entry: Entry): Site {
  const usage = call.site.usage;
  if (usage.kind !== 'consumer-arg' && !drainableInThread(usage)) return reported(call, `${call.qualifiedName} is lazy and used here other than by iterating it, so it cannot be drained in a thread: it blocks the event loop`);
  if (usage.kind === 'for-iter' && call.qualifiedName === 'os.walk' && prunesWalk(call.node)) {
    return reported(call, 'this os.walk loop prunes dirnames in place, which stops working once the walk is drained in a thread: it blocks the event loop; move the whole loop into asyncio.to_thread');
  }
  return bridge(call, bridgeCall(call.site, context.source.text, 'list'), entry);
}

/** `dirs[:] = ...`, `dirs.remove(x)`, `del dirs[i]`: the loop steers the walk. */
function prunesWalk(callNode: SyntaxNode): boolean {
  const loop = callNode.parent?.type === 'for_statement' ? callNode.parent : undefined;
  const left = loop?.childForFieldName('left');
  const names = left?.namedChildren ?? [];
  const dirs = names.length === 3 && names[1].type === 'identifier' ? names[1].text : undefined;
  if (!loop || !dirs) return false;
  const body = loop.childForFieldName('body')?.text ?? '';
  const escaped = dirs.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\b${escaped}\\s*\\[[^\\]]*\\]\\s*=|\\b${escaped}\\.(remove|clear|pop|append|extend|insert|sort|reverse)\\(|\\bdel\\s+${escaped}\\b`).test(body);
}

/** `urlopen(u).read()` → `await asyncio.to_thread(lambda: urlopen(u).read())`: the body is read in the thread. */
function readThrough(context: TransformContext, call: CallInContext, entry: Entry): Site {
  const attribute = call.node.parent;
  const whole = attribute?.type === 'attribute' && attribute.childForFieldName('attribute')?.text === 'read'
    && attribute.parent?.type === 'call' ? attribute.parent : undefined;
  const wholeCall = whole && context.calls.find((candidate) => candidate.node.startIndex === whole.startIndex && candidate.node.endIndex === whole.endIndex);
  if (!whole || !wholeCall) return reported(call, 'the response of urlopen() is read on the event loop: move urlopen(...) and the read into one asyncio.to_thread call, or use an async HTTP client');
  const unknown = whole.descendantsOfType('call').filter((inner) => inner.startIndex !== whole.startIndex || inner.endIndex !== whole.endIndex)
    .find((inner) => !context.qualifiedName(inner.childForFieldName('function')!));
  if (unknown) return reported(call, `urlopen(...).read() calls ${unknown.text}, which may turn async, so it cannot move into a lambda: it blocks the event loop`);
  return bridge(wholeCall, bridgeCallInLambda(wholeCall.site), entry);
}

/** A call another transform owns (bridged because that transform is off) does not make its function async. */
function bridge(call: CallInContext, edits: Site['edits'], entry: Entry): Site {
  return siteAt(ID, call, { edits, imports: [{ module: 'asyncio' }], seed: !entry.owner, bridge: true, review: entry.note ? { code: 'AS702', message: entry.note } : undefined });
}

/**
 * Owners whose conversion this bridge can stand behind call by call: the bridged call still looks up
 * the name a test patches (`subprocess.run`, `time.sleep`, `Path.read_text`) when it runs. Not
 * requests (its except clauses follow which calls converted) nor objects another transform converts.
 */
const FALLBACK_OWNERS = new Set(['time-sleep', 'subprocess-asyncio', 'open-aiofiles']);

/** `await asyncio.to_thread(subprocess.run, cmd)` where the owner's conversion is withdrawn: a seed like any bridge. */
function fallbackBridge(context: TransformContext, call: CallInContext, owner: string): Site {
  return { ...bridgedSite(ID, context, call), fallbackOf: owner };
}

/** Left as it is and reported when its function is async. */
function reported(call: CallInContext, message: string): Site {
  return reviewSite(ID, call, 'AS701', message);
}
