/**
 * subprocess-asyncio: `subprocess.run(...)` → `await _async_subprocess.run(...)`, same results and errors
 *
 * What it does: in a function that becomes async, `subprocess.run`, `call`, `check_call`,
 * `check_output`, `getoutput`, `getstatusoutput`, `os.system` and `os.popen(cmd).read()` become
 * awaited calls of async twins with the same name and the arguments exactly as written, and a local
 * `subprocess.Popen` becomes an async Popen whose `communicate`, `wait` and pipe reads are awaited.
 * Why: each of them blocks the event loop until the child exits (flake8-async ASYNC220/221).
 *
 * Before:  out = subprocess.run(["git", "describe"], check=True, capture_output=True, text=True, timeout=10).stdout
 * After:   out = (await _async_subprocess.run(["git", "describe"], check=True, capture_output=True, text=True, timeout=10)).stdout
 *
 * The design decision: a faithful `run` has to start the child with the arguments split like Popen
 * splits them (a list, a string, `shell=True` with a string or a list), pass `input` (encoded in
 * text mode), decode the output with newline translation, raise `CalledProcessError(returncode,
 * args, output, stderr)` for `check`, kill and reap the child and raise `TimeoutExpired` with the
 * output read so far on `timeout`, and forward `cwd`, `env` and the other Popen options. Written
 * out at every call site that is dozens of lines; so the migration generates ONE helper module,
 * `_async_subprocess.py`, in the outermost package of the modules it migrates (or next to
 * top-level modules and scripts), imported relatively (`from . import _async_subprocess`). Its
 * functions are CPython's own `run`/`call`/`check_call`/`check_output`/`getstatusoutput` code,
 * ported onto asyncio's subprocess transports and an async `Popen`, so the results and exceptions
 * are the stdlib types (`subprocess.CompletedProcess`, `subprocess.CalledProcessError`,
 * `subprocess.TimeoutExpired`) and existing `except` clauses keep working. The module is created
 * once (shown in the diff as a new file) and never overwritten.
 *
 * Popen: `p = subprocess.Popen(...)` or `with subprocess.Popen(...) as p:` becomes `p = await
 * _async_subprocess.popen(...)` / `async with await _async_subprocess.popen(...) as p:` when every
 * use of `p` stays in its function and is `communicate`/`wait` (awaited, `timeout=` kept),
 * `poll`/`kill`/`terminate`/`send_signal`/`returncode`/`pid`/`args` (plain), `p.stdout.read()` /
 * `readline()` / `readlines()` (awaited), `for line in p.stdout` (→ `async for`), or
 * `p.stdin.write/close`. A Popen that escapes (stored on self, returned, passed to a thread or to
 * another Popen) stays a `subprocess.Popen`: its `wait`/`communicate`/pipe reads run through
 * `asyncio.to_thread`, unchanged, and are reported (AS502).
 *
 * Caveats: `preexec_fn`, `*args` and Popen options passed by position keep the sync call, in a
 * worker thread (AS501); `os.popen` other than `.read()` is left and reported (AS503).
 * `os_system` returns the wait status like `os.system` but does not ignore SIGINT/SIGQUIT while it
 * waits, and drops the core-dump bit. Windows: a command given as one string without `shell=True`
 * is quoted as a single program name (asyncio passes a sequence). `TimeoutExpired.timeout` is the
 * timeout given (subprocess sometimes reports the time that was left).
 */
import { defineTransform } from '../define-transform.js';
import { convenienceSites, TRANSFORM_ID } from './convenience-calls.js';
import { helperFor, isHelperModule } from './helper-module.js';
import { popenSites } from './popen-objects.js';
import { importsModule } from '../shared/imports-module.js';

export const subprocessAsyncio = defineTransform({
  id: TRANSFORM_ID,
  doc: {
    design: 'A generated helper module. A faithful async `run()` needs text decoding with newline translation, `input=`, `check=` with the stdlib `CalledProcessError`, and `timeout=` that kills and reaps the child and raises `TimeoutExpired` with the output read so far; inlining that at every call site would bury the code. So the migration writes one module, `_async_subprocess.py` (CPython\'s own `run`/`call`/`check_call`/`check_output`/`getoutput`/`getstatusoutput` moved onto asyncio\'s subprocess transports, plus an async `Popen`), into the outermost package of the migrated modules and imports it relatively (a top-level script gets a copy beside it). Call sites only gain `await` and the module prefix, and see the same results and exceptions; the helper\'s type hints follow typeshed\'s `subprocess` stubs (overloads give `bytes`, or `str` with `text=`, `universal_newlines=`, `encoding=` or `errors=`), so a type checker sees the result types it saw before, and the module itself has no pyright error under default settings from Python 3.8 on. The file is created once and never overwritten; a different file already there is reported (AS111).',
    summary: 'subprocess.run/call/check_*/getoutput, os.system, os.popen().read() and local Popen → awaited async twins in a generated _async_subprocess module',
    why: 'a child process run from a coroutine blocks the event loop until it exits; the twins wait for it on the loop and return and raise exactly what subprocess does.',
    before: 'subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=10)',
    after: 'await _async_subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=10)',
    caveats: [
      'generates one helper module, _async_subprocess.py, per top-level package (imported relatively); created once, never overwritten',
      'results and exceptions are the stdlib ones: CompletedProcess, CalledProcessError, TimeoutExpired (with the output read so far)',
      'a Popen stored on self, returned or shared stays a subprocess.Popen; its wait/communicate/reads run in asyncio.to_thread (AS502)',
      'preexec_fn, *args and Popen options by position keep the sync call in a worker thread (AS501); os.popen other than .read() is reported (AS503)',
      'os.system: the wait status is kept, but SIGINT/SIGQUIT are not ignored while waiting',
    ],
  },
  reviewCodes: {
    AS501: 'a subprocess call whose arguments the async twin does not take (preexec_fn, *args, options by position) runs as written in asyncio.to_thread',
    AS502: 'a Popen that is stored, returned or shared stays a subprocess.Popen; its blocking calls run in asyncio.to_thread',
    AS503: 'os.popen used other than os.popen(command).read() is left as it is and blocks the event loop',
    AS504: 'a loop over the pipe of a Popen that stays sync blocks the event loop between lines',
  },
  mentions: /\bsubprocess\b|\bsystem\b|\bpopen\b/,
  seedsIn: (text) => importsModule(text, 'subprocess') || (importsModule(text, 'os') && /\b(?:system|popen)\b/.test(text)),
  findSites(context) {
    if (isHelperModule(context.file)) return [];
    const helper = helperFor(context);
    return [...convenienceSites(context, helper), ...popenSites(context, helper)];
  },
});
