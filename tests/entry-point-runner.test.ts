import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateFiles } from './helpers/project.js';
import { runPytest } from './helpers/python.js';
import { migratesAndStillPasses } from './helpers/suite.js';

/** Runs one of tests/python's suites (in development mode) and expects every test to pass. */
function passesPythonSuite(file: string): void {
  const outcome = runPytest(path.resolve(import.meta.dirname, 'python'), { PYTHONDEVMODE: '1' }, [file]);
  expect(outcome.failed + outcome.errors, outcome.output).toBe(0);
  expect(outcome.passed, outcome.output).toBeGreaterThan(0);
}

/**
 * The runner that split entry points call, `src/plan/entry_point_runner.py`, run by
 * tests/python/test_entry_point_runner.py: outside an event loop and inside a running one, where
 * asyncio.run would raise, with results and exceptions reaching the sync caller.
 */
it('the entry-point runner runs a coroutine to completion from sync code, in or out of a running loop', () => {
  passesPythonSuite('test_entry_point_runner.py');
}, 60_000);

/**
 * The helper a call on a receiver of unknown type goes through, `src/plan/await_if_awaitable.py`, run
 * by tests/python/test_await_if_awaitable.py: a coroutine is awaited, any other result handed back.
 */
it('the await-if-awaitable helper awaits a coroutine and hands any other result back untouched', () => {
  passesPythonSuite('test_await_if_awaitable.py');
}, 60_000);

/**
 * The runner entry code shares when it runs several coroutines, `src/plan/entry_loop.py`, run by
 * tests/python/test_entry_loop.py: one loop for every call, so a stream opened in one is usable in the next.
 */
it('the entry-loop runner runs every coroutine of the entry code on one event loop', () => {
  passesPythonSuite('test_entry_loop.py');
}, 60_000);

/** A client that keeps its connections in a session, as the scripts below use it. */
const CLIENT_CLASS = [
  'import requests', '', '',
  'class Client:', '    def __init__(self, base):', '        self.base = base', '        self.session = requests.Session()', '',
  '    def text(self, path):', '        response = self.session.get(self.base + path)', '        response.raise_for_status()', '        return response.text', '',
];

/** A pytest fixture serving the requested path back, keeping connections open as most servers do. */
const KEEP_ALIVE_SERVER = [
  'import http.server', 'import os', 'import subprocess', 'import sys', 'import threading', '', 'import pytest', '', '',
  'class Echo(http.server.BaseHTTPRequestHandler):', '    protocol_version = "HTTP/1.1"', '',
  '    def do_GET(self):', '        body = self.path.encode()', '        self.send_response(200)', '        self.send_header("Content-Length", str(len(body)))',
  '        self.end_headers()', '        self.wfile.write(body)', '',
  '    def log_message(self, *args):', '        pass', '', '',
  '@pytest.fixture', 'def base():', '    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)',
  '    threading.Thread(target=server.serve_forever, daemon=True).start()', '    yield f"http://127.0.0.1:{server.server_address[1]}"', '    server.shutdown()', '', '',
];

describe('an entry block that runs several coroutines', () => {
  const client = [
    'import sys', '', ...CLIENT_CLASS, '',
    'def main(base):', '    return Client(base).text("/a")', '', '',
    'if __name__ == "__main__":', '    client = Client(sys.argv[1])', '    first = client.text("/a")', '    second = client.text("/b")', '    print(first, second)', '',
  ].join('\n');
  // A server that keeps connections open, as most do: the client's second request reuses the first one's.
  const suite = [
    ...KEEP_ALIVE_SERVER,
    'def test_script_reuses_its_client(base):', '    done = subprocess.run([sys.executable, "client.py", base], capture_output=True, text=True, timeout=60)',
    '    assert (done.returncode, done.stdout) == (0, "/a /b\\n"), done.stderr', '',
  ].join('\n');

  it('runs them on one shared event loop, and the script still works with a server that keeps connections open', () => {
    const { after, result } = migratesAndStillPasses({ 'client.py': client, 'tests/test_client.py': suite });
    const out = after['client.py'];
    expect(out).toContain('def _run_on_entry_loop(coroutine, _loops=[]):');
    expect(out).toContain('    first = _run_on_entry_loop(client.text("/a"))\n    second = _run_on_entry_loop(client.text("/b"))');
    expect(out).toMatch(/^import atexit$/m);
    expect(result.reviews.find((item) => item.code === 'AS105')?.message).toBe('2 coroutines run from entry code: they share one event loop (_run_on_entry_loop), as a client or pool made on one loop fails on another; it closes when the interpreter exits');
  });

  it('runs one called in a loop on the shared loop too, and the script still works', () => {
    const looping = client.replace('    first = client.text("/a")\n    second = client.text("/b")\n    print(first, second)\n', '    for path in ("/a", "/b"):\n        print(client.text(path), end=" " if path == "/a" else "\\n")\n');
    const { after, result } = migratesAndStillPasses({ 'client.py': looping, 'tests/test_client.py': suite });
    expect(after['client.py']).toContain('        print(_run_on_entry_loop(client.text(path)), end=');
    expect(result.reviews.find((item) => item.code === 'AS105')?.message).toMatch(/^a coroutine run in a loop from entry code: they share one event loop/);
  });

  it('defines the runner after the imports of a __main__.py of statements only, and `python -m` still works', () => {
    const library = client.slice(0, client.indexOf('def main(base):'));
    const main = ['import sys', '', 'from fetcher.client import Client', '', 'client = Client(sys.argv[1])', 'first = client.text("/a")', 'second = client.text("/b")', 'print(first, second)', ''].join('\n');
    const moduleSuite = suite.replace('[sys.executable, "client.py", base]', '[sys.executable, "-m", "fetcher", base]');
    const { after } = migratesAndStillPasses({ 'fetcher/__init__.py': '', 'fetcher/client.py': library, 'fetcher/__main__.py': main, 'tests/test_client.py': moduleSuite });
    expect(after['fetcher/__main__.py']).toMatch(/^from fetcher\.client import Client\n\n\ndef _run_on_entry_loop\(coroutine, _loops=\[\]\):/m);
    expect(after['fetcher/__main__.py']).toContain('    return _loops[0].run_until_complete(coroutine)\n\n\nclient = Client(sys.argv[1])\nfirst = _run_on_entry_loop(client.text("/a"))\nsecond = _run_on_entry_loop(client.text("/b"))');
  });

  it('runs a single one with asyncio.run', () => {
    const { after, result } = migrateFiles({ 'client.py': client.replace('    second = client.text("/b")\n', '    second = "/b"\n') });
    expect(after['client.py']).toContain('    first = asyncio.run(client.text("/a"))');
    expect(after['client.py']).not.toContain('_run_on_entry_loop');
    expect(result.reviews.map((item) => item.code)).not.toContain('AS105');
  });
});

describe('a script run by path from a folder of examples or scripts', () => {
  const library = CLIENT_CLASS.join('\n');
  const example = ['import sys', '', 'from fetcher.client import Client', '', 'client = Client(sys.argv[1])', 'first = client.text("/a")', 'second = client.text("/b")', 'print(first, second)', ''].join('\n');
  const exampleSuite = [
    ...KEEP_ALIVE_SERVER,
    'def test_example_runs(base):',
    '    env = {**os.environ, "PYTHONPATH": os.getcwd()}',
    '    done = subprocess.run([sys.executable, "examples/fetch_two.py", base], capture_output=True, text=True, timeout=60, env=env)',
    '    assert (done.returncode, done.stdout) == (0, "/a /b\\n"), done.stderr', '', '',
    'def test_client(base):', '    from fetcher.client import Client', '', '    assert Client(base).text("/c") == "/c"', '',
  ].join('\n');

  it('runs its top level as entry code, so the library it calls turns async, and the script still works', () => {
    const { after } = migratesAndStillPasses({ 'fetcher/__init__.py': '', 'fetcher/client.py': library, 'examples/fetch_two.py': example, 'tests/test_client.py': exampleSuite });
    expect(after['fetcher/client.py']).toContain('    async def text(self, path):');
    expect(after['examples/fetch_two.py']).toContain('client = Client(sys.argv[1])\nfirst = _run_on_entry_loop(client.text("/a"))\nsecond = _run_on_entry_loop(client.text("/b"))');
  });

  it('keeps the top level sync when the script guards its entry code, its folder is a package that may be imported, or an ASGI server imports it', () => {
    const guarded = `${example}\n\nif __name__ == "__main__":\n    print(client.text("/c"))\n`;
    // `uvicorn examples.fetch_two:app` imports it inside a running event loop, where asyncio.run raises.
    const application = `${example}\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n`;
    const inPackage = migrateFiles({ 'fetcher/__init__.py': '', 'fetcher/client.py': library, 'examples/__init__.py': '', 'examples/fetch_two.py': example });
    const withGuard = migrateFiles({ 'fetcher/__init__.py': '', 'fetcher/client.py': library, 'examples/fetch_two.py': guarded });
    const served = migrateFiles({ 'fetcher/__init__.py': '', 'fetcher/client.py': library, 'examples/fetch_two.py': application });
    for (const { after, result } of [inPackage, withGuard, served]) {
      expect(after['fetcher/client.py'] ?? '').not.toContain('async def text');
      expect(result.reviews.map((item) => item.message).join('\n')).toMatch(/Client\.text stays sync \(called from module level at examples\/fetch_two\.py:6\)/);
    }
  });
});
