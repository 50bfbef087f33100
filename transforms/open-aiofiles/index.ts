/**
 * open-aiofiles: `with open(p) as f:` → `async with aiofiles.open(p) as f:`
 *
 * What it does: in a function that becomes async, files are opened with aiofiles and every use of the
 * file object is rewritten with it: `f.read()`/`readline`/`readlines`/`write`/`writelines`/`seek`/
 * `tell`/`truncate`/`flush`/`close` are awaited, `for line in f` becomes `async for`,
 * `print(..., file=f)` becomes `await f.write(...)`, and consumers that need a sync file get the
 * contents instead: `json.load(f)` → `json.loads(await f.read())`, `json.dump(o, f)` →
 * `await f.write(json.dumps(o))`, likewise `pickle`, `yaml.safe_load(await f.read())` and
 * `csv.reader(io.StringIO(await f.read(), newline=""))`. `f = open(p)` … `f.close()` becomes
 * `f = await aiofiles.open(p)` … `await f.close()`. `Path.open(...)` on a known `pathlib.Path`
 * becomes `aiofiles.open(p, ...)`; `Path.read_text/write_text/read_bytes/write_bytes` run in one
 * `asyncio.to_thread` hop (aiofiles would take three: open, read, close); `os.listdir` becomes
 * `await aiofiles.os.listdir`.
 * Why: a blocking read or write in a coroutine freezes the event loop (flake8-async ASYNC230/232).
 *
 * Before:  with open(path, encoding="utf-8") as f:
 *              config = json.load(f)
 * After:   async with aiofiles.open(path, encoding="utf-8") as f:
 *              config = json.loads(await f.read())
 *
 * Which small `os` calls convert, measured (`bench/small-calls.py`, inside a running loop, one run,
 * microseconds per call): os.path.exists direct 1.5 / to_thread 65.7 / aiofiles.os.path 64.4;
 * os.stat 1.4 / 62.3 / 66.2; os.listdir of 200 entries 63.0 / 103.3 / 89.1; create + os.remove
 * direct 29.9. A thread hop costs about 45 times a metadata call, so the rule is: calls whose cost
 * does not grow with the data (os.path.exists/isfile/isdir/getsize/..., os.stat, os.remove,
 * os.rename, os.makedirs, Path.exists/mkdir/unlink, ...) stay direct and are not reported;
 * directory listings (`os.listdir`) convert to aiofiles.os, and walks and globs are bridged by
 * to-thread. Only functions present in aiofiles 23.1 and in current releases are emitted.
 *
 * Caveats: aiofiles runs each call in the default thread pool (one hop per call, one per line when
 * iterating); the whole-file consumers read the file into memory at once; a block where the file
 * goes anywhere else (another library, stored, returned, `next(f)`, a nested function) is left sync
 * and reported (AS601): wrap it in `asyncio.to_thread` by hand.
 */
import { span } from '../../src/analyze/call-usage.js';
import { bridgeCall } from '../../src/plan/call-rewrites.js';
import type { Site } from '../../src/plan/edits.js';
import { defineTransform, type CallInContext, type TransformContext } from '../define-transform.js';
import { fileBlocks, PATH_VALUE, TRANSFORM_ID } from './file-blocks.js';

/** `Path` methods that read or write a whole file in one call: bridged in one hop. */
export const PATH_WHOLE_FILE = new RegExp(`${PATH_VALUE.source}\\.(read_text|write_text|read_bytes|write_bytes)$`);

/** `os` calls whose cost grows with the data and that aiofiles 23.1+ wraps. */
const AIOFILES_OS: Record<string, string> = { 'os.listdir': 'aiofiles.os.listdir' };

export const openAiofiles = defineTransform({
  id: TRANSFORM_ID,
  doc: {
    summary: 'open()/Path.open() → aiofiles.open() with awaited file methods; whole-file Path methods and os.listdir off the loop',
    why: 'file reads and writes block the event loop; aiofiles runs them in a thread pool.',
    before: 'with open(path) as f:\n    data = json.load(f)',
    after: 'async with aiofiles.open(path) as f:\n    data = json.loads(await f.read())',
    caveats: [
      'each file call is one thread-pool hop; `async for line in f` is one hop per line',
      'json/pickle/yaml/csv consumers read the whole file into memory at once',
      'a file handed to any other sync consumer keeps its block sync and is reported (AS601)',
      'metadata calls (os.path.exists, os.stat, os.remove, ...) stay direct: a thread hop costs ~45x more',
    ],
  },
  reviewCodes: {
    AS601: 'a file whose object goes where no async form exists stays sync and blocks the event loop: run that block in asyncio.to_thread',
  },
  mentions: /\bopen\b|\bread_text\b|\bwrite_text\b|\bread_bytes\b|\bwrite_bytes\b|\blistdir\b/,
  findSites(context) {
    const sites = fileBlocks(context).map((block) => block.site);
    for (const call of context.calls) {
      if (!call.site.scope || !call.qualifiedName) continue;
      if (PATH_WHOLE_FILE.test(call.qualifiedName)) sites.push(pathBridge(context, call));
      const replacement = AIOFILES_OS[call.qualifiedName];
      if (replacement) sites.push(aiofilesOsCall(call, replacement));
    }
    return sites;
  },
});

/** `p.read_text(encoding="utf-8")` → `await asyncio.to_thread(p.read_text, encoding="utf-8")`. */
export function pathBridge(context: TransformContext, call: CallInContext, transform = TRANSFORM_ID): Site {
  return {
    transform,
    scope: call.site.scope,
    line: call.site.line,
    call: call.site,
    awaitCall: false,
    edits: bridgeCall(call.site, context.source.text),
    imports: [{ module: 'asyncio' }],
    seed: transform === TRANSFORM_ID,
    bridge: true,
  };
}

/** `os.listdir(p)` → `await aiofiles.os.listdir(p)`. */
function aiofilesOsCall(call: CallInContext, replacement: string): Site {
  const callee = call.node.childForFieldName('function')!;
  const released = callee.type === 'attribute' ? callee.text.split('.')[0] : callee.text;
  return {
    transform: TRANSFORM_ID,
    scope: call.site.scope,
    line: call.site.line,
    call: call.site,
    awaitCall: true,
    edits: [{ ...span(callee), text: replacement }],
    imports: [{ module: 'aiofiles.os' }],
    seed: true,
    releases: [released],
  };
}
