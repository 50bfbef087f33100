/**
 * open-aiofiles: `with open(p) as f:` → `async with aiofiles.open(p) as f:`
 *
 * What it does: in a function that becomes async, files are opened with aiofiles and every use of the
 * file object is rewritten with it: `f.read()`/`readline`/`readlines`/`write`/`writelines`/`seek`/
 * `tell`/`truncate`/`flush`/`close` are awaited, `for line in f` becomes `async for`,
 * `print(..., file=f)` becomes `await f.write(...)`, and consumers that need a sync file get the
 * contents instead: `json.load(f)` → `json.loads(await f.read())`, `json.dump(o, f)` →
 * `await f.write(json.dumps(o))`, likewise `pickle`, `yaml.safe_load(await f.read())` and
 * `csv.reader(io.StringIO(await f.read(), newline=""))` (more below). `f = open(p)` … `f.close()`
 * becomes `f = await aiofiles.open(p)` … `await f.close()`. `Path.open(...)` on a known `pathlib.Path`
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
 * Consumers that need a sync file object, decided by what they do with it:
 * - they only read it, from where it stands, and nothing else (the json/pickle/marshal/yaml loaders,
 *   `csv.reader`, `configparser` `read_file`, `tomllib.load`, `plistlib.load`, ElementTree and
 *   minidom `parse`, `email.message_from_file`, `hashlib.file_digest`): they get the contents,
 *   `io.StringIO(await f.read(), newline="")` (no second newline translation) or
 *   `io.BytesIO(await f.read())` by the open mode; `read_file` also gets `source=f.name`, the name
 *   it would have read from the file. Only for a literal mode and a default or empty `newline=`,
 *   when the file is read nowhere else in the block and the call runs once.
 * - `csv.writer(f)` / `csv.DictWriter(f)` write into an `io.StringIO` and the block ends with
 *   `await f.write(buffer.getvalue())` (see csv-writers.ts for when that is faithful).
 * - anything else (a project function, another library, the file stored, returned, iterated by a
 *   generator expression, `next(f)`, a `with` shared with a non-file): a project function or an
 *   unknown library may use the file's name, fileno, position or writes, or keep it past the
 *   call, so no contents rewrite is faithful; the whole `with` block moves into a nested sync
 *   function run by `await asyncio.to_thread(...)` and is reported (AS602), see shared/block-bridge.ts.
 *   Calls inside stay sync; project functions it calls stay sync for every caller. When the block
 *   cannot move (yield, await, break out of it, global/nonlocal, a def inside, ...) or the file is
 *   opened by `f = open(...)`, it is left sync and reported (AS601).
 *
 * Caveats: aiofiles runs each call in the default thread pool (one hop per call, one per line when
 * iterating); the whole-file consumers read the file into memory at once; buffered csv rows reach
 * the file only when the block ends (none of them if it raises); a bridged block runs in a worker
 * thread, so thread-bound objects made outside it (a sqlite3 connection is refused) and context
 * variables it sets do not carry over, and a cancelled task leaves it running to its end.
 */
import { bridgedSite, twinSite } from '../site-builders.js';
import type { Site } from '../../src/plan/edits.js';
import { defineTransform, type CallInContext, type TransformContext } from '../define-transform.js';
import { fileBlocks, PATH_VALUE, TRANSFORM_ID } from './file-blocks.js';
import { followPatches, LISTDIR_PATCHES } from '../shared/patch-followers.js';

/** `Path` methods that read or write a whole file in one call: bridged in one hop. */
const PATH_WHOLE_FILE = new RegExp(`${PATH_VALUE.source}\\.(read_text|write_text|read_bytes|write_bytes)$`);

/** `os` calls whose cost grows with the data and that aiofiles 23.1+ wraps. */
const AIOFILES_OS: Record<string, string> = { 'os.listdir': 'aiofiles.os.listdir' };

export const openAiofiles = defineTransform({
  id: TRANSFORM_ID,
  doc: {
    design: 'Which small calls are worth converting, measured with `bench/small-calls.py` inside a running loop (one run, microseconds per call, direct / `asyncio.to_thread` / aiofiles): `os.path.exists` 1.5 / 65.7 / 64.4, `os.stat` 1.4 / 62.3 / 66.2, `os.listdir` of 200 entries 63 / 103 / 89. A thread hop costs about 45 times a metadata call, so calls whose cost does not grow with the data (`os.path.exists`/`isfile`/`getsize`, `os.stat`, `os.remove`, `os.rename`, `os.makedirs`, `Path.exists`/`mkdir`, ...) stay direct and are not reported; directory listings become `aiofiles.os.listdir`; walks and globs go to a thread (to-thread). A consumer that needs a sync file object gets the contents (`io.StringIO`/`io.BytesIO` of `await f.read()`) when it only reads it; otherwise the whole `with` block runs in `asyncio.to_thread`.',
    summary: 'open()/Path.open() → aiofiles.open() with awaited file methods; whole-file Path methods and os.listdir off the loop',
    why: 'file reads and writes block the event loop; aiofiles runs them in a thread pool.',
    before: 'with open(path) as f:\n    data = json.load(f)',
    after: 'async with aiofiles.open(path) as f:\n    data = json.loads(await f.read())',
    caveats: [
      'each file call is one thread-pool hop; `async for line in f` is one hop per line',
      'json/pickle/yaml/csv/configparser/tomllib consumers read the whole file into memory at once; csv writers write it at the end of the block',
      'a file handed to any other sync consumer (a project function, another library) moves its whole with block into asyncio.to_thread (AS602), or is left sync and reported when the block cannot move (AS601)',
      'metadata calls (os.path.exists, os.stat, os.remove, ...) stay direct: a thread hop costs ~45x more',
      'a test that patches os.listdir (decorator or with) patches aiofiles.os.listdir alongside, with an AsyncMock that calls the test\'s own stand-in',
      'a file\'s name handed on inside the block reads `cast(str, f.name)`: aiofiles types it as any path or descriptor, open() as `str | Any`',
      'an open() given its arguments through * or **, and json.dump into a binary file (pickle into a text one, which fails as it is), keep their block sync, in a thread',
    ],
  },
  reviewCodes: {
    AS601: 'a file whose object goes where no async form exists, in a block that cannot move into a thread, stays sync and blocks the event loop',
    AS602: 'a with block whose file goes where no async form exists runs whole in asyncio.to_thread: what it uses must work from a worker thread',
    AS603: 'a test\'s stand-in for os.listdir stands in for aiofiles.os.listdir too (an AsyncMock that calls it)',
  },
  mentions: /\bopen\b|\bread_text\b|\bwrite_text\b|\bread_bytes\b|\bwrite_bytes\b|\blistdir\b/,
  // Every site it seeds starts from a call of one of these.
  seedsIn: (text) => /\b(?:open|read_text|write_text|read_bytes|write_bytes|listdir)\s*\(/.test(text),
  findSites(context) {
    const sites = fileBlocks(context).map((block) => block.site);
    for (const call of context.calls) {
      if (!call.site.scope || !call.qualifiedName) continue;
      if (PATH_WHOLE_FILE.test(call.qualifiedName)) sites.push(pathBridge(context, call));
      const replacement = AIOFILES_OS[call.qualifiedName];
      if (replacement) sites.push(aiofilesOsCall(call, replacement));
    }
    return [...sites, ...followPatches(context, LISTDIR_PATCHES)];
  },
});

/** `p.read_text(encoding="utf-8")` → `await asyncio.to_thread(p.read_text, encoding="utf-8")`. */
function pathBridge(context: TransformContext, call: CallInContext): Site {
  return bridgedSite(TRANSFORM_ID, context, call);
}

/** `os.listdir(p)` → `await aiofiles.os.listdir(p)`. */
function aiofilesOsCall(call: CallInContext, replacement: string): Site {
  const callee = call.node.childForFieldName('function')!;
  const released = callee.type === 'attribute' ? callee.text.split('.')[0] : callee.text;
  return twinSite(TRANSFORM_ID, call, replacement, { imports: [{ module: 'aiofiles.os' }], releases: [released] });
}
