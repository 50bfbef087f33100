import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { HELPER_SOURCE } from '../transforms/subprocess-asyncio/helper-module.js';
import { SYSTEM_PYTHON } from './helpers/python.js';

/**
 * The generated helper against subprocess itself: each case runs through the stdlib function and
 * through its async twin, and the results or exceptions (type and every field) must be equal. Also
 * the Popen shapes (communicate timeout and retry, async for, kill, wait timeout, async with closing
 * a pipe, a stdin write) and that a cancelled run kills and reaps its child.
 */
it('the helper returns and raises what subprocess does', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-helper-'));
  fs.writeFileSync(path.join(folder, '_async_subprocess.py'), HELPER_SOURCE);
  fs.writeFileSync(path.join(folder, 'differential.py'), DIFFERENTIAL);
  const run = spawnSync(SYSTEM_PYTHON, ['-X', 'dev', '-W', 'error::RuntimeWarning', 'differential.py'], {
    cwd: folder, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }, timeout: 120_000,
  });
  fs.rmSync(folder, { recursive: true, force: true });
  const report = `${run.stdout}\n${run.stderr}`;
  expect(report.split('\n').filter((line) => line.startsWith('BAD')), report).toEqual([]);
  expect(run.stdout, report).toContain('FAILURES 0');
  expect(run.status, report).toBe(0);
  expect(report, 'the helper leaves no unretrieved exception or unclosed transport behind').not.toMatch(/never retrieved|unclosed transport|_async_subprocess.*ResourceWarning/);
}, 120_000);

const DIFFERENTIAL = String.raw`"""Runs each case through subprocess and through the helper and compares the outcome."""
import asyncio
import os
import subprocess
import sys
import time

import _async_subprocess as helper

PY = sys.executable


def outcome(value):
    if isinstance(value, subprocess.CompletedProcess):
        return ("completed", value.args, value.returncode, value.stdout, value.stderr)
    if isinstance(value, subprocess.TimeoutExpired):
        # subprocess reports the time that was left when no pipe was read: compare to 0.1 s
        return ("timeout", value.cmd, round(value.timeout, 1), value.output, value.stderr)
    if isinstance(value, subprocess.CalledProcessError):
        return ("called", value.returncode, value.cmd, value.output, value.stderr)
    if isinstance(value, BaseException):
        return ("error", type(value).__name__, str(value))
    return ("value", value)


CASES = [
    ("run", ([PY, "-c", "print('hi')"],), {"capture_output": True}),
    ("run", ([PY, "-c", "print('hi')"],), {"capture_output": True, "text": True}),
    ("run", ([PY, "-c", "import sys; sys.stdout.write('a\\r\\nb\\rc\\n')"],), {"stdout": subprocess.PIPE, "universal_newlines": True}),
    ("run", ([PY, "-c", "import sys; sys.stdout.buffer.write('é\\r\\n'.encode('latin-1'))"],), {"capture_output": True, "encoding": "latin-1"}),
    ("run", ([PY, "-c", "import sys; sys.stdout.buffer.write(b'\\xff\\r\\n')"],), {"capture_output": True, "errors": "replace"}),
    ("run", ([PY, "-c", "import sys; sys.stdout.buffer.write(b'\\xff')"],), {"capture_output": True, "text": True}),
    ("run", ([PY, "-c", "import sys; print('err', file=sys.stderr); sys.exit(3)"],), {"capture_output": True, "text": True, "check": True}),
    ("run", ([PY, "-c", "import sys; sys.exit(3)"],), {"check": True}),
    ("run", ([PY, "-c", "import sys; sys.exit(3)"],), {}),
    ("run", (["false"],), {"check": True}),
    ("run", (["sort"],), {"input": "b\na\nc\n", "capture_output": True, "text": True}),
    ("run", (["sort"],), {"input": b"b\na\n", "stdout": subprocess.PIPE}),
    ("run", ("printf 'x\\ny\\n' | sort -r",), {"shell": True, "capture_output": True, "text": True}),
    ("run", (["echo $0 $1", "zero", "one"],), {"shell": True, "capture_output": True, "text": True}),
    ("run", ("echo out; echo err >&2",), {"shell": True, "stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}),
    ("run", ("echo out; echo err >&2",), {"shell": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}),
    ("run", ("pwd",), {"shell": True, "capture_output": True, "text": True, "cwd": "/tmp"}),
    ("run", ("echo $ASX",), {"shell": True, "capture_output": True, "text": True, "env": {"ASX": "42", "PATH": os.environ["PATH"]}}),
    ("run", ([PY, "-c", "import sys, time; print('partial', flush=True); time.sleep(5)"],), {"capture_output": True, "timeout": 1}),
    ("run", ([PY, "-c", "import time; time.sleep(5)"],), {"timeout": 0.5}),
    ("run", (["/nonexistent/prog"],), {}),
    ("run", ("echo",), {"capture_output": True}),
    ("run", ([PY, "-c", "print(1)"],), {"capture_output": True, "stdout": subprocess.PIPE}),
    ("run", (["cat"],), {"input": "x", "stdin": subprocess.PIPE}),
    ("run", ([PY, "-c", "import sys; sys.stdout.write('x' * 200000)"],), {"capture_output": True}),
    ("run", (["head", "-c", "1"],), {"input": b"y" * 500000, "capture_output": True}),
    ("run", (),  {"args": ["echo", "kw"], "capture_output": True}),
    ("run", ([PY, "-c", "print(1)"],), {"text": True, "universal_newlines": False, "capture_output": True}),
    ("call", (["true"],), {}),
    ("call", (["sh", "-c", "exit 7"],), {}),
    ("call", ([PY, "-c", "import time; time.sleep(5)"],), {"timeout": 0.3}),
    ("check_call", (["sh", "-c", "exit 7"],), {}),
    ("check_call", (),  {"args": ["sh", "-c", "exit 2"]}),
    ("check_call", (["true"],), {}),
    ("check_output", (["echo", "hello"],), {}),
    ("check_output", (["echo", "hello"],), {"text": True}),
    ("check_output", (["cat"],), {"input": None}),
    ("check_output", (["cat"],), {"input": None, "text": True}),
    ("check_output", ("echo bad; exit 4",), {"shell": True, "text": True}),
    ("check_output", (["echo"],), {"stdout": None}),
    ("check_output", ([PY, "-c", "import time; print('p', flush=True); time.sleep(5)"],), {"timeout": 0.8}),
    ("getoutput", ("echo a; echo b >&2",), {}),
    ("getstatusoutput", ("echo a; exit 3",), {}),
    ("getstatusoutput", ("printf 'x\\n\\n'",), {}),
    ("getstatusoutput", ("nosuchcommand-xyz",), {}),
]


async def helper_call(name, args, kwargs):
    return await getattr(helper, name)(*args, **kwargs)


def compare():
    failures = 0
    for name, args, kwargs in CASES:
        try:
            expected = outcome(getattr(subprocess, name)(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001
            expected = outcome(error)
        try:
            got = outcome(asyncio.run(helper_call(name, args, kwargs)))
        except BaseException as error:  # noqa: BLE001
            got = outcome(error)
        status = "ok " if got == expected else "BAD"
        if got != expected:
            failures += 1
        print(status, name, args, kwargs if len(str(kwargs)) < 80 else str(kwargs)[:80])
        if got != expected:
            print("   expected", str(expected)[:300])
            print("   got     ", str(got)[:300])
    return failures


def os_cases():
    failures = 0
    for command in ["exit 3", "true", "kill -TERM $$", "echo system-out"]:
        expected = os.system(command)
        got = asyncio.run(helper.os_system(command))
        print("ok " if got == expected else "BAD", "os.system", command, expected, got)
        failures += got != expected
    for command in ["printf 'a\\r\\nb\\n'", "echo hi; exit 2", "echo err >&2"]:
        expected = os.popen(command).read()
        got = asyncio.run(helper.os_popen_read(command))
        print("ok " if got == expected else "BAD", "os.popen", command, repr(expected), repr(got))
        failures += got != expected
    return failures


async def popen_cases():
    failures = 0
    # communicate(timeout) keeps the child and the output read so far; a retry gets the rest.
    p = await helper.popen([PY, "-c", "import time; print('one', flush=True); time.sleep(1); print('two')"],
                           stdout=subprocess.PIPE, text=True)
    try:
        await p.communicate(timeout=0.5)
        failures += 1
        print("BAD no timeout")
    except subprocess.TimeoutExpired as exc:
        print("ok " if exc.output == b"one\n" else "BAD", "partial output", exc.output)
        failures += exc.output != b"one\n"
    out, err = await p.communicate()
    print("ok " if (out, err, p.returncode) == ("one\ntwo\n", None, 0) else "BAD", "retry", out, err, p.returncode)
    failures += (out, err, p.returncode) != ("one\ntwo\n", None, 0)
    # async for over stdout, text mode with \r\n.
    p = await helper.popen([PY, "-c", "import sys; sys.stdout.write('a\\r\\nb\\rc')"], stdout=subprocess.PIPE, text=True)
    lines = [line async for line in p.stdout]
    rc = await p.wait()
    expected = subprocess.Popen([PY, "-c", "import sys; sys.stdout.write('a\\r\\nb\\rc')"], stdout=subprocess.PIPE, text=True)
    sync_lines = list(expected.stdout)
    expected.wait()
    expected.stdout.close()
    print("ok " if (lines, rc) == (sync_lines, 0) else "BAD", "lines", lines, sync_lines)
    failures += (lines, rc) != (sync_lines, 0)
    # poll / kill / wait(timeout)
    p = await helper.popen([PY, "-c", "import time; time.sleep(5)"])
    assert p.poll() is None
    try:
        await p.wait(timeout=0.2)
        failures += 1
    except subprocess.TimeoutExpired as exc:
        print("ok ", "wait timeout", exc.cmd, exc.timeout)
    p.kill()
    rc = await p.wait()
    p.kill()  # no-op once exited
    print("ok " if rc == -9 and p.poll() == -9 else "BAD", "kill", rc)
    failures += rc != -9
    # async with closes a pipe nobody reads: "yes" gets SIGPIPE, as with "with Popen(...)".
    start = time.monotonic()
    async with await helper.popen(["yes"], stdout=subprocess.PIPE) as p:
        first = await p.stdout.readline()
    with subprocess.Popen(["yes"], stdout=subprocess.PIPE) as q:
        q.stdout.readline()
    print("ok " if (first, p.returncode) == (b"y\n", q.returncode) else "BAD", "with yes", first, p.returncode, q.returncode, round(time.monotonic() - start, 2))
    failures += (first, p.returncode) != (b"y\n", q.returncode)
    # a grandchild holding stdout does not delay a timeout (run kills the shell and returns).
    start = time.monotonic()
    try:
        await helper.run("sleep 3 | sort", shell=True, capture_output=True, timeout=0.3)
    except subprocess.TimeoutExpired:
        pass
    elapsed = time.monotonic() - start
    print("ok " if elapsed < 1.5 else "BAD", "pipeline timeout returns promptly", round(elapsed, 2))
    failures += elapsed >= 1.5
    # read(n) returns as soon as n characters (bytes) are there, before the child ends
    script = "import sys, time; sys.stdout.write('ab\\r\\ncd'); sys.stdout.flush(); time.sleep(0.5)"
    for text in (True, False):
        p = await helper.popen([PY, "-c", script], stdout=subprocess.PIPE, text=text)
        start = time.monotonic()
        head = await p.stdout.read(3)
        early = time.monotonic() - start < 0.4
        rest = await p.stdout.read()
        await p.wait()
        q = subprocess.Popen([PY, "-c", script], stdout=subprocess.PIPE, text=text)
        expected = (q.stdout.read(3), q.stdout.read())
        q.wait()
        q.stdout.close()
        print("ok " if ((head, rest), early) == (expected, True) else "BAD", "read(n)", text, head, rest, expected, early)
        failures += ((head, rest), early) != (expected, True)
    # stdin write + close
    p = await helper.popen(["sort"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    p.stdin.write("b\na\n")
    p.stdin.close()
    out = await p.stdout.read()
    await p.wait()
    print("ok " if out == "a\nb\n" else "BAD", "stdin write", repr(out))
    failures += out != "a\nb\n"
    return failures


async def cancellation_case():
    """A cancelled run kills and reaps its child."""
    pidfile = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pid.txt")
    task = asyncio.ensure_future(helper.run([PY, "-c", f"import os, time; open({pidfile!r}, 'w').write(str(os.getpid())); time.sleep(30)"]))
    await asyncio.sleep(0.5)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    with open(pidfile) as handle:
        pid = int(handle.read())
    try:
        os.kill(pid, 0)
        print("BAD child still there")
        return 1
    except ProcessLookupError:
        print("ok  cancelled run reaps its child")
        return 0


if __name__ == "__main__":
    total = compare() + os_cases() + asyncio.run(popen_cases()) + asyncio.run(cancellation_case())
    print("FAILURES", total)
    sys.exit(1 if total else 0)
`;
